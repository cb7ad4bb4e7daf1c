// Layer 3, exec approvals decided from the interactive console against the real gateway (tools.exec
// ask "always"). A scripted turn's exec raises an approval; the console's inbox shows the exact
// command, `a` `y` lets it run once and the agent's turn completes with the command's output
// (the fake LLM answers "TOOL_DONE: <output>"); `d` `y` denies another and the turn reports it.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {AppState} from '../../source/state/reducer.ts';
import {fakeLlmScript} from '../support/fake-llm.ts';
import {
  chatFinal,
  connectWriter,
  lineWith,
  selectedLineWith,
  sendChat,
  startConsole,
  testToken,
  type ConsoleUnderTest,
} from '../support/console-harness.tsx';
import {readRealGatewayEnv} from '../support/real-gateway.ts';
import {gw} from '../support/state.ts';

const gateway = readRealGatewayEnv();

const approvalFor = (state: AppState, sessionKey: string): string | undefined =>
  Object.values(gw(state).inbox.items).find(
    (item) =>
      item.kind === 'exec-approval' &&
      item.request.sessionKey === sessionKey &&
      item.state.phase === 'pending',
  )?.id;

/** The inbox filtered to this test's token, its approval selected; returns the approval id. */
const showApproval = async (
  tui: ConsoleUnderTest,
  tok: string,
  sessionKey: string,
  command: string,
): Promise<string> => {
  const state = await tui.waitForState(
    (s) => approvalFor(s, sessionKey) !== undefined,
    `an exec approval for ${sessionKey}`,
    120_000,
  );
  const id = approvalFor(state, sessionKey) as string;
  tui.press('2');
  await tui.filter(tok);
  const screen = await tui.waitFor(
    (f) => selectedLineWith(f, command) !== '' && f.includes(id),
    `the approval ${id} selected`,
    15_000,
  );
  assert.match(selectedLineWith(screen, command), /exec approval/);
  assert.match(lineWith(screen, 'session '), new RegExp(`session\\s+${sessionKey}`));
  return id;
};

test('console: approve an exec with a then y; the turn completes with its output', async () => {
  const tok = testToken();
  const sessionKey = `agent:main:x-${tok}`;
  const marker = `OCT_CONSOLE_EXEC_${tok}`;
  const command = `echo ${marker}`;
  const tui = await startConsole({url: gateway.url, token: gateway.token});
  const writer = await connectWriter(gateway, 'oct-console-exec');
  try {
    const since = writer.mark();
    const runId = await sendChat(writer, sessionKey, fakeLlmScript.exec(command));
    const id = await showApproval(tui, tok, sessionKey, command);

    tui.press('a');
    const dialog = await tui.waitForText('Allow this command to run once?', 10_000);
    assert.match(dialog, new RegExp(`request id\\s+${id}\\b`), 'the exact approval id is shown');
    assert.match(dialog, /action\s+allow-once/);
    assert.ok(dialog.includes(command), `the dialog shows the command:\n${dialog}`);
    assert.match(dialog, new RegExp(`for\\s+agent main · session ${sessionKey}`));

    tui.press('y');
    await tui.waitForState((s) => gw(s).inbox.items[id]?.state.phase === 'resolved', 'resolved');
    const final = await chatFinal(writer, runId, since);
    assert.match(JSON.stringify(final.payload), new RegExp(`TOOL_DONE: ${marker}`));
  } finally {
    writer.close();
    await tui.close();
  }
});

test('console: deny an exec with d then y; the turn reports it denied', async () => {
  const tok = testToken();
  const sessionKey = `agent:main:x-${tok}`;
  const command = `echo OCT_CONSOLE_NEVER_${tok}`;
  const tui = await startConsole({url: gateway.url, token: gateway.token});
  const writer = await connectWriter(gateway, 'oct-console-exec-deny');
  try {
    const since = writer.mark();
    const runId = await sendChat(writer, sessionKey, fakeLlmScript.exec(command));
    const id = await showApproval(tui, tok, sessionKey, command);

    tui.press('d');
    const dialog = await tui.waitForText('Deny this command?', 10_000);
    assert.match(dialog, new RegExp(`request id\\s+${id}\\b`));
    assert.match(dialog, /action\s+deny/);

    tui.press('y');
    await tui.waitForState((s) => gw(s).inbox.items[id]?.state.phase === 'resolved', 'resolved');
    const final = await chatFinal(writer, runId, since);
    const text = JSON.stringify(final.payload);
    assert.match(text, /denied/i);
    assert.doesNotMatch(text, new RegExp(`TOOL_DONE: OCT_CONSOLE_NEVER_${tok}`));
  } finally {
    writer.close();
    await tui.close();
  }
});

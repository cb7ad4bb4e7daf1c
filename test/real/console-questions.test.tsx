// Layer 3, agent questions (ask_user) answered from the interactive console against the real
// gateway. A scripted turn calls ask_user (OCT:ask); the question reaches the console as an inbox
// item with its agent, session and run; `enter` opens it, `2` picks the second option, the
// confirmation shows the exact answer and question id, `y` sends it, and the agent's run continues
// with that answer: the fake LLM turns ask_user's result into "TOOL_DONE: <result>", and the run's
// final text must carry the chosen label and status "answered".
//
// The second gateway (2026.4.1) has no question.* methods: a console attached to it names agent
// questions once as not offered, never reads them, and does not count them as an unread list.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {AppState} from '../../source/state/reducer.ts';
import {fakeLlmScript, FakeLlmControl} from '../support/fake-llm.ts';
import {
  chatFinal,
  lineWith,
  selectedLineWith,
  sendChat,
  startConsole,
  testToken,
} from '../support/console-harness.tsx';
import {
  needsModernGateway,
  readRealGatewayEnv,
  readSecondRealGatewayEnv,
} from '../support/real-gateway.ts';
import {connectRaw} from '../support/raw-gateway-client.ts';
import {gw} from '../support/state.ts';

const gateway = readRealGatewayEnv();
const second = readSecondRealGatewayEnv();

const questionFor = (state: AppState, sessionKey: string) =>
  Object.values(gw(state).inbox.items).find(
    (item) =>
      item.kind === 'question' &&
      item.request.sessionKey === sessionKey &&
      item.state.phase === 'pending',
  );

test(
  'console: an ask_user question answered with 2 then y; the run continues with that answer',
  {skip: needsModernGateway('question.* (ask_user)')},
  async () => {
    const tok = testToken();
    const sessionKey = `agent:main:q-${tok}`;
    const question = `Where should build ${tok} go?`;
    const tui = await startConsole({url: gateway.url, token: gateway.token});
    // The run asks with its starter's grant: without operator.questions the gateway takes
    // question.request as session-scoped and wants a verified user profile (a token-paired test
    // device has none), and ask_user fails with "Session-scoped access requires …".
    const writer = await connectRaw(gateway.url, {
      token: gateway.token,
      displayName: 'oct-console-questions',
      scopes: ['operator.read', 'operator.write', 'operator.questions'],
    });
    try {
      const since = writer.mark();
      const runId = await sendChat(
        writer,
        sessionKey,
        fakeLlmScript.ask({
          questions: [
            {
              id: 'deploy_target',
              header: 'Deploy',
              question,
              options: [
                {label: 'Staging (Recommended)', description: 'the safe default'},
                {label: `Production ${tok}`},
              ],
            },
          ],
          timeoutSeconds: 300,
        }),
      );
      // The run ending first means ask_user was never called (or failed): say what the model saw.
      const ended = chatFinal(writer, runId, since, 150_000);
      ended.catch(() => {});
      const state = await Promise.race([
        tui.waitForState(
          (s) => questionFor(s, sessionKey) !== undefined,
          `an agent question for ${sessionKey}`,
          120_000,
        ),
        ended.then(async (final) => {
          const seen = (await new FakeLlmControl(gateway.fakeLlmUrl).requests())
            .filter((r) => r.prompt.includes(tok))
            .map((r) => ({decision: r.decision, tools: r.tools}));
          throw new Error(
            `the run ended before any question: ${JSON.stringify(final.payload)}\nmodel requests: ${JSON.stringify(seen)}`,
          );
        }),
      ]);
      const item = questionFor(state, sessionKey);
      assert.ok(item?.kind === 'question');
      const id = item.id;
      assert.equal(item.request.agentId, 'main');
      assert.equal(item.request.runId, runId, 'the question names the run that asked it');
      assert.ok(item.expiresAt !== undefined && item.expiresAt > Date.now(), 'it has a deadline');

      tui.press('2');
      await tui.filter(tok);
      const listed = await tui.waitFor(
        (f) => selectedLineWith(f, question) !== '' && f.includes(id),
        `the question ${id} selected`,
        15_000,
      );
      assert.match(selectedLineWith(listed, question), /agent question/);

      tui.press('\r');
      const panel = await tui.waitForText('Agent question', 10_000);
      assert.ok(panel.includes(`session ${sessionKey}`), `the panel names the session:\n${panel}`);
      assert.ok(panel.includes(`run ${runId}`), `the panel names the run:\n${panel}`);
      assert.match(panel, /expires in \d+:\d\d/);
      assert.match(lineWith(panel, 'Staging (Recommended)'), /1\s+Staging \(Recommended\)/);
      assert.match(lineWith(panel, `Production ${tok}`), new RegExp(`2\\s+Production ${tok}`));

      tui.press('2');
      const dialog = await tui.waitForText('Send this answer to the agent?', 10_000);
      assert.match(dialog, new RegExp(`question id\\s+${id}\\b`), 'the exact question id');
      assert.ok(
        dialog.includes(`deploy_target: "Production ${tok}"`),
        `the dialog shows the exact answer:\n${dialog}`,
      );

      tui.press('y');
      await tui.waitForState(
        (s) => gw(s).inbox.items[id]?.state.phase === 'resolved',
        'the question resolved',
      );
      await tui.waitForText('answered here', 15_000);
      const final = await chatFinal(writer, runId, since);
      const text = JSON.stringify(final.payload);
      assert.match(text, /TOOL_DONE: /, `the run ended after the tool:\n${text}`);
      assert.ok(text.includes(`Production ${tok}`), `the run continued with the answer:\n${text}`);
      assert.match(text, /\\"status\\": \\"answered\\"/);
    } finally {
      writer.close();
      await tui.close();
    }
  },
);

test(
  'console on 2026.4.1: agent questions are named once as not offered, never read',
  {skip: second === undefined ? 'the second gateway was not started (OCT_REAL_SECOND=0)' : false},
  async () => {
    const target = second as NonNullable<typeof second>;
    const tui = await startConsole({url: target.url, token: target.token});
    try {
      const state = await tui.waitForState(
        (s) =>
          gw(s).gateway.phase === 'connected' &&
          gw(s).inbox.listedAt['device-pairing'] !== undefined,
        'connected and the approval lists read',
        60_000,
      );
      const record = gw(state);
      const version = record.gateway.serverVersion ?? '';
      assert.ok(record.gateway.methods.length > 0, 'hello-ok listed its methods');
      assert.ok(
        !record.gateway.methods.includes('question.list'),
        `${version} has no question.list`,
      );
      assert.equal(record.inbox.listedAt.question, undefined, 'question.list was never read');

      tui.press('2');
      const screen = await tui.waitForText('agent questions: not offered by this gateway', 15_000);
      const note = lineWith(screen, 'agent questions: not offered');
      assert.ok(note.includes(`version ${version}`), `the note names the version:\n${note}`);
      assert.equal(
        screen.split('\n').filter((line) => line.includes('agent questions: not offered')).length,
        1,
        'named once',
      );
      assert.doesNotMatch(screen, /agent questions read failed|question\.list failed/);
    } finally {
      await tui.close();
    }
  },
);

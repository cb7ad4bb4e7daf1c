// Layer 3, stopping running subagents from the console's tree against the real gateway. A real
// subagent's model response is HELD by the fake LLM (OCT:hold), so it stays running until someone
// stops it. `x` `y` on that row aborts its run (chat.abort by run id); `X` `y` on its parent (a
// child whose own turn is over) stops the parent and everything below it (sessions.abort, which
// the gateway cascades to the subagents it controls). Proof it stopped: the fake LLM sees the
// held model request closed by the gateway (hold state "aborted"), the row is no longer running,
// and the events pane says the run was aborted.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {FakeLlmControl, fakeLlmScript} from '../support/fake-llm.ts';
import {
  chatFinal,
  connectWriter,
  KEY,
  lineWith,
  selectedLineWith,
  sendChat,
  startConsole,
  testToken,
  type ConsoleUnderTest,
} from '../support/console-harness.tsx';
import {readRealGatewayEnv} from '../support/real-gateway.ts';

const gateway = readRealGatewayEnv();
const llm = new FakeLlmControl(gateway.fakeLlmUrl);

/**
 * Parent `s-<tok>` spawns child `c-<tok>`; with `grandchild`, the child spawns `g-<tok>` in turn.
 * The last of them is held; returns its title once the tree shows it running.
 */
const spawnHeld = async (
  tui: ConsoleUnderTest,
  tok: string,
  holdId: string,
  options: {readonly grandchild: boolean},
): Promise<{readonly child: string; readonly held: string}> => {
  const parentKey = `agent:main:s-${tok}`;
  const child = `c-${tok}`;
  const grand = `g-${tok}`;
  const hold = fakeLlmScript.hold({id: holdId, maxMs: 120_000});
  const task = options.grandchild ? fakeLlmScript.spawn({task: hold, label: grand}) : hold;
  const held = options.grandchild ? grand : child;
  const writer = await connectWriter(gateway, 'oct-console-stop');
  try {
    const since = writer.mark();
    const runId = await sendChat(writer, parentKey, fakeLlmScript.spawn({task, label: child}));
    // The parent's own turn ends once the spawn is accepted; the subagents keep running.
    await chatFinal(writer, runId, since);
  } finally {
    writer.close();
  }
  await llm.waitHold(holdId, 'held', 120_000);
  await tui.filter(tok);
  await tui.waitFor(
    (f) => /\brunning\b/.test(lineWith(f, ` ${held} `)),
    `${held} shown running`,
    60_000,
  );
  return {child, held};
};

/** Move the tree cursor onto the row titled `title`. */
const select = async (tui: ConsoleUnderTest, title: string): Promise<void> => {
  for (let i = 0; i < 10 && selectedLineWith(tui.frame(), ` ${title} `) === ''; i++) {
    const before = tui.frame();
    tui.press(KEY.down);
    await tui.waitFor((f) => f !== before, 'the cursor to move', 5000).catch(() => {});
  }
  assert.notEqual(selectedLineWith(tui.frame(), ` ${title} `), '', `could not select ${title}`);
};

const assertStopped = async (tui: ConsoleUnderTest, title: string, holdId: string) => {
  await llm.waitHold(holdId, 'aborted', 60_000);
  await tui.waitFor(
    (f) => lineWith(f, ` ${title} `) !== '' && !/\brunning\b/.test(lineWith(f, ` ${title} `)),
    `${title} no longer running`,
    60_000,
  );
  // The gateway marks an aborted run (killed / abortedLastRun): the row says so, not "failed".
  await tui.waitFor(
    (f) => /\bstopped\b/.test(lineWith(f, ` ${title} `)),
    `${title} shown stopped`,
    30_000,
  );
  tui.press('3');
  await tui.filter(title);
  // A run aborted in place ends "aborted"; one killed by the cascade ends in a lifecycle error
  // "agent run aborted" (the gateway's own words), drawn as a failed run.
  await tui.waitForText(new RegExp(`${title}: run (aborted|failed: agent run aborted)`), 30_000);
};

// The real 2026.9.6 gateway's rows for a running subagent carry `hasActiveRun: true` but no
// `activeRunIds` (sessions.changed sends `activeRunIds: null`, "unknown"): `x` must still stop
// the run, by aborting the session's active run without naming a run id.
test('console: x then y stops the selected child run', async () => {
  const tok = testToken();
  const holdId = `oct-stop-run-${tok}`;
  const tui = await startConsole({url: gateway.url, token: gateway.token});
  try {
    const {child} = await spawnHeld(tui, tok, holdId, {grandchild: false});
    await select(tui, child);

    tui.press('x');
    const dialog = await tui.waitFor(
      (f) => f.includes('Stop this run?') || f.includes('this session has no active run'),
      'the stop-run confirmation',
      10_000,
    );
    assert.ok(dialog.includes('Stop this run?'), `x did not ask:\n${dialog}`);
    assert.match(dialog, /action\s+stop run/);
    assert.match(dialog, /run of\s+agent:main:subagent:|run id\s+\S+/);
    assert.match(dialog, new RegExp(`session\\s+${child} \\(agent:main:subagent:`));
    assert.equal((await llm.holds()).find((h) => h.id === holdId)?.state, 'held', 'not before y');

    tui.press('y');
    await assertStopped(tui, child, holdId);
  } finally {
    await llm.release(holdId).catch(() => false);
    await tui.close();
  }
});

test('console: X then y on a child stops it and the running grandchild below it', async () => {
  const tok = testToken();
  const holdId = `oct-stop-tree-${tok}`;
  const tui = await startConsole({url: gateway.url, token: gateway.token});
  try {
    const {child, held} = await spawnHeld(tui, tok, holdId, {grandchild: true});
    await select(tui, child);

    tui.press('X');
    const dialog = await tui.waitForText('Stop this session and every subagent below it?', 10_000);
    assert.match(dialog, /action\s+stop subtree/);
    assert.match(dialog, /session\s+agent:main:subagent:/);
    assert.match(dialog, new RegExp(`title\\s+${child}\\b`));
    assert.match(dialog, /below it\s+1 known subagent session\b/);
    assert.equal((await llm.holds()).find((h) => h.id === holdId)?.state, 'held', 'not before y');

    tui.press('y');
    await assertStopped(tui, held, holdId);
  } finally {
    await llm.release(holdId).catch(() => false);
    await tui.close();
  }
});

// Layer 3, the console's fix for a refused spawn against the real gateway: a scripted agent turn
// (fake LLM) calls sessions_spawn with an agentId that main may not spawn; the Events pane shows
// the failed spawn with its cause (agent not allowed) and the allowAgents fix; F on that line
// reads config.get and shows the exact diff, y applies it with config.patch; config.get then has
// the target in main's allowAgents, and the same turn sent again spawns the child (a `spawn`
// line, and the child drawn under its parent in the sessions tree).
//
// The shared gateway's roster is main alone, and the fix may only name a configured agent, so the
// test first adds a helper agent (agents.entries.<helper> plus agents.ownership "explicit", which
// a roster of two needs) with config.patch through the project's own client, and in `finally`
// removes it with agents.delete (config.patch may not drop a roster entry) and puts main's
// subagents and agents.ownership back (every later test shares this gateway).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {GatewayConnection} from '../../source/client/types.ts';
import {
  applyConfigChange,
  prepareConfigChange,
  readConfig,
  valueAt,
} from '../../source/control/config-change.ts';
import {fakeLlmScript} from '../support/fake-llm.ts';
import {
  chatFinal,
  columnOf,
  connectWriter,
  lineIndex,
  lineWith,
  linesOf,
  sendChat,
  startConsole,
  testToken,
  type ConsoleUnderTest,
} from '../support/console-harness.tsx';
import {readRealGatewayEnv} from '../support/real-gateway.ts';
import {gw} from '../support/state.ts';
import {openAdminLink} from '../support/admin-link.ts';
import {tableValues} from '../../source/state/slot-table.ts';

const gateway = readRealGatewayEnv();

const selectedLine = (frame: string): string =>
  linesOf(frame).find((line) => line.startsWith('›')) ?? '';

/** Pause the tail (j selects the newest line), then walk up until the selected line matches. */
const selectLine = async (tui: ConsoleUnderTest, wanted: RegExp, what: string): Promise<void> => {
  tui.press('j');
  let current = selectedLine(
    await tui.waitFor((f) => selectedLine(f) !== '', 'a selected events line', 10_000),
  );
  for (let step = 0; step < 30 && !wanted.test(current); step++) {
    const before = current;
    tui.press('k');
    current = selectedLine(
      await tui.waitFor(
        (f) => selectedLine(f) !== before,
        `the selection to move up (towards ${what})`,
        10_000,
      ),
    );
  }
  assert.match(current, wanted, `${what} selected:\n${tui.frame()}`);
};

type Original = {readonly mainSubagents: unknown; readonly ownership: unknown};

/** Polls chat.history of `sessionKey` until it holds `text`. */
const waitForHistory = async (
  client: Awaited<ReturnType<typeof connectWriter>>,
  sessionKey: string,
  text: string,
  timeoutMs = 120_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const history = await client.call('chat.history', {sessionKey, limit: 50});
    if (JSON.stringify(history).includes(text)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${text} in ${sessionKey}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

/**
 * Puts the roster back: the gateway refuses a config.patch that drops an agent ("would drop agent
 * roster entries without an explicit deletion"), so the helper goes through agents.delete; then
 * main's subagents and agents.ownership return to what they were.
 */
const restoreConfig = async (
  connection: GatewayConnection,
  helper: string,
  original: Original,
): Promise<void> => {
  const before = await readConfig(connection);
  if (valueAt(before.config, ['agents', 'entries', helper]) !== undefined) {
    await connection.request('agents.delete', {agentId: helper, deleteFiles: true});
  }
  const current = await readConfig(connection);
  const restore = prepareConfigChange(
    current,
    [
      {path: ['agents', 'ownership'], value: original.ownership ?? null},
      {path: ['agents', 'entries', 'main', 'subagents'], value: original.mainSubagents ?? null},
    ],
    {summary: 'restore'},
  );
  if (restore.status === 'ready') {
    const restored = await applyConfigChange(connection, restore.prepared, {
      note: 'oct spawn-fix test: restore',
    });
    assert.equal(restored.status, 'applied', JSON.stringify(restored));
  }
  const final = await readConfig(connection);
  assert.equal(valueAt(final.config, ['agents', 'entries', helper]), undefined);
  assert.equal(valueAt(final.config, ['agents', 'ownership']), original.ownership);
  assert.deepEqual(
    valueAt(final.config, ['agents', 'entries', 'main', 'subagents']),
    original.mainSubagents,
  );
};

test('console: a disallowed spawn shows cause and fix; F + y applies allowAgents; the retry spawns', async () => {
  const tok = testToken();
  const helper = `helper-${tok}`;
  const parent = `fix-${tok}`;
  const child = `c-${tok}`;
  const parentKey = `agent:main:${parent}`;
  const turn = fakeLlmScript.spawn({
    task: fakeLlmScript.reply(`FIX_OK ${tok}`),
    label: child,
    agentId: helper,
  });

  const admin = openAdminLink(gateway, 'oct-spawn-fix-admin');
  let original: Original | undefined;
  let tui: ConsoleUnderTest | undefined;
  let writer: Awaited<ReturnType<typeof connectWriter>> | undefined;
  try {
    await admin.connection.ready();
    const before = await readConfig(admin.connection);
    // The gateway normalises its config to a roster of one (agents.entries.main = {}).
    original = {
      mainSubagents: valueAt(before.config, ['agents', 'entries', 'main', 'subagents']),
      ownership: valueAt(before.config, ['agents', 'ownership']),
    };
    assert.equal(valueAt(before.config, ['agents', 'entries', helper]), undefined);
    assert.equal(
      valueAt(before.config, ['agents', 'entries', 'main', 'subagents', 'allowAgents']),
      undefined,
      'main already has an allowAgents list; the diff below assumes none',
    );
    assert.equal(
      valueAt(before.config, ['agents', 'defaults', 'subagents', 'allowAgents']),
      undefined,
      'the shared gateway has defaults allowAgents; the diff below assumes none',
    );

    // Set-up: a second configured agent (it inherits agents.defaults, the fake model).
    // A roster of more than one agent needs agents.ownership "explicit" (the gateway refuses it
    // otherwise); the session keys below name their agent, so nothing else changes.
    const setup = prepareConfigChange(
      before,
      [
        {path: ['agents', 'ownership'], value: 'explicit'},
        {path: ['agents', 'entries', helper], value: {}},
      ],
      {summary: 'test set-up: a helper agent'},
    );
    assert.equal(setup.status, 'ready', JSON.stringify(setup));
    if (setup.status !== 'ready') return;
    const setupResult = await applyConfigChange(admin.connection, setup.prepared, {
      note: 'oct spawn-fix test: set-up',
    });
    assert.equal(setupResult.status, 'applied', JSON.stringify(setupResult));

    tui = await startConsole({url: gateway.url, token: gateway.token});
    writer = await connectWriter(gateway, 'oct-console-spawn-fix');

    // (1) The refused spawn: cause and fix on the Events pane.
    tui.press('3');
    await tui.filter(tok);
    let since = writer.mark();
    const refusedRun = await sendChat(writer, parentKey, turn);
    const failedSays = `${parent}: spawn failed: agentId is not allowed for sessions_spawn`;
    const failed = await tui.waitFor(
      (f) => lineIndex(f, failedSays) >= 0 && /allowAgents/.test(f),
      'the failed spawn line with its diagnosis',
      120_000,
    );
    const at = lineIndex(failed, failedSays);
    const below = linesOf(failed)
      .slice(at + 1, at + 3)
      .join('\n');
    assert.match(lineWith(failed, failedSays), / spawn /, `kind column says spawn:\n${failed}`);
    assert.match(
      below,
      new RegExp(`agent not allowed: "main" may not spawn "${helper}"`),
      `the cause names requester and target:\n${failed}`,
    );
    assert.match(
      below,
      new RegExp(`add "${helper}" to agents\\.entries\\.main\\.subagents\\.allowAgents`),
      `the fix names the allowAgents list:\n${failed}`,
    );
    const refusedEnd = await chatFinal(writer, refusedRun, since);
    assert.equal((refusedEnd.payload as {state?: unknown}).state, 'final');

    // (2) F on that line: the exact diff from config.get; y applies it.
    await selectLine(tui, /spawn failed: agentId is not allowed/, 'the failed spawn line');
    await tui.waitForText('F fix', 10_000);
    tui.press('F');
    const diff = `agents.entries.main.subagents.allowAgents: (unset) → ["main","${helper}"]`;
    const dialog = await tui.waitForText('Let this agent spawn that agent?', 30_000);
    await tui.waitForText(diff, 10_000).catch((error: unknown) => {
      throw new Error(`the exact diff is not shown:\n${dialog}\n${String(error)}`);
    });
    await tui.waitFor(
      (f) => new RegExp(`agent +main → ${helper}`).test(f),
      'the exact pair main → helper',
      10_000,
    );
    tui.press('y');
    await tui.waitForText(`let agent main spawn ${helper}: applied`, 30_000);

    const afterFix = await readConfig(admin.connection);
    assert.deepEqual(
      valueAt(afterFix.config, ['agents', 'entries', 'main', 'subagents', 'allowAgents']),
      ['main', helper],
    );

    // (3) The same turn again: accepted this time, the child of the same session.
    tui.press('f'); // follow the tail again
    since = writer.mark();
    const retryRun = await sendChat(writer, parentKey, turn);
    const spawnedSays = `${parent}: spawned "${child}"`;
    const spawned = await tui.waitFor(
      (f) => lineIndex(f, spawnedSays) >= 0,
      'the accepted spawn line',
      120_000,
    );
    assert.match(lineWith(spawned, spawnedSays), / spawn /, `kind column says spawn:\n${spawned}`);
    const retryEnd = await chatFinal(writer, retryRun, since);
    assert.equal((retryEnd.payload as {state?: unknown}).state, 'final');

    tui.press('1');
    await tui.filter(tok);
    const tree = await tui.waitFor(
      (f) => lineIndex(f, `▾ ${parent}`) >= 0 && lineIndex(f, ` ${child}`) >= 0,
      `${child} under ${parent} in the sessions tree`,
      60_000,
    );
    assert.equal(
      lineIndex(tree, child),
      lineIndex(tree, parent) + 1,
      `the child is right below its parent:\n${tree}`,
    );
    assert.ok(
      columnOf(tree, child) > columnOf(tree, parent),
      `the child is indented under its parent:\n${tree}`,
    );
    const childSession = [...tableValues(gw(tui.store.getState()).sessions.byKey)].find(
      (entry) => entry.session.title === child,
    );
    assert.ok(childSession, 'the child session is in the store');
    assert.equal(childSession.session.parentKey, parentKey, 'the child of the retried session');
    assert.ok(
      childSession.session.key.startsWith(`agent:${helper}:`),
      `the child runs as the helper agent: ${childSession.session.key}`,
    );

    // The child's result reaches the parent in a later run of its own (announce); wait for it
    // before removing the helper agent, so no run of this test outlives it.
    await waitForHistory(writer, parentKey, `PARENT_GOT_CHILD_RESULT: FIX_OK ${tok}`);
  } finally {
    writer?.close();
    await tui?.close();
    try {
      if (original !== undefined) await restoreConfig(admin.connection, helper, original);
    } finally {
      await admin.remove();
    }
  }
});

// The fleet console against fixture gateways, wired as the console wires it (gateways.json5 →
// one link per entry → each gateway's own commands → the App): decisions reach only the gateway
// their item came from, even when two gateways hold the same request id; the confirmation names
// that gateway; a gateway refusing our token says why on its Fleet row while the other stays
// live; a gateway that dies and comes back on its port is reconnected, the other never blanked.
// Stop (x), stop subtree (X), steer (s) and a config change (u, allow a DM sender) go only to the
// gateway of their row, with the same session key / request id on both gateways.
import assert from 'node:assert/strict';
import {after, test} from 'node:test';
import {startFixtureGateway, type FixtureGateway} from '../../source/fixture/fixture-gateway.ts';
import {
  selectFleetDeliveries,
  selectFleetInbox,
  selectFleetRows,
  selectFleetTreeRows,
} from '../../source/state/fleet-selectors.ts';
import type {AppState} from '../../source/state/reducer.ts';

import {
  fleetRow,
  startFleetConsole,
  type FleetConsoleUnderTest,
} from '../support/fleet-console.tsx';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const fixture = async (seed?: number, port?: number, token?: string): Promise<FixtureGateway> => {
  const gateway = await startFixtureGateway({
    tickIntervalMs: 0,
    ...(seed === undefined ? {} : {seed}),
    ...(port === undefined ? {} : {port}),
    ...(token === undefined ? {} : {token}),
  });
  cleanups.push(() => gateway.close());
  return gateway;
};

const console_ = async (
  gateways: Parameters<typeof startFleetConsole>[0]['gateways'],
): Promise<FleetConsoleUnderTest> => {
  const fleet = await startFleetConsole({gateways});
  cleanups.push(() => fleet.close());
  return fleet;
};

const phase = (state: AppState, id: string): string | undefined =>
  state.gateways[id]?.gateway.phase;
const connected =
  (...ids: string[]) =>
  (state: AppState) =>
    ids.every((id) => phase(state, id) === 'connected');

const decisions = (gateway: FixtureGateway) => gateway.requestsFor('exec.approval.resolve');

/** Move the Inbox cursor onto the item `id` of `gateway` (by its place in the merged inbox). */
const selectInboxItem = async (
  fleet: FleetConsoleUnderTest,
  gateway: string,
  id: string,
): Promise<void> => {
  fleet.press('2');
  await fleet.waitForState((s) => s.ui.pane === 'inbox', 'the Inbox pane');
  const index = selectFleetInbox(fleet.store.getState()).findIndex(
    (entry) => entry.gateway === gateway && entry.value.id === id,
  );
  assert.ok(index >= 0, `item ${id} of ${gateway} is not in the merged inbox`);
  for (let i = 0; i < index; i++) fleet.press('j');
  await fleet.waitForState(
    (s) => s.ui.cursors.inbox?.index === index || (index === 0 && s.ui.cursors.inbox === undefined),
    `the cursor on row ${index}`,
  );
};

/** A fleet console over gateways "a" and "b", once both are connected. */
const connectedFleetOf = async (
  a: FixtureGateway,
  b: FixtureGateway,
): Promise<FleetConsoleUnderTest> => {
  const fleet = await console_([
    {name: 'a', url: a.url, token: a.token},
    {name: 'b', url: b.url, token: b.token},
  ]);
  await fleet.waitForState(connected('a', 'b'), 'both gateways connected');
  return fleet;
};

test('two gateways holding the same request id: a y on b’s item reaches b only, and the dialog names b', async () => {
  const a = await fixture(7);
  const b = await fixture(7);
  a.startRun('agent:main:main');
  b.startRun('agent:main:main');
  const shared = a.requestExecApproval({command: 'echo on-a'});
  assert.equal(b.requestExecApproval({command: 'echo on-b'}), shared, 'seeded alike: same id');

  const fleet = await connectedFleetOf(a, b);
  await fleet.waitForState(
    (s) => selectFleetInbox(s).filter((e) => e.value.id === shared).length === 2,
    'the shared id twice in the merged inbox',
  );
  await selectInboxItem(fleet, 'b', shared);
  // Two rows, told apart by the gateway column; the detail names the selected one's gateway.
  const inbox = await fleet.waitForText('on gateway b');
  assert.match(inbox, /⚑ a\s+exec approval\s+echo on-a/);
  assert.match(inbox, /›⚑ b\s+exec approval\s+echo on-b/);
  assert.match(inbox, new RegExp(`exec approval request ${shared}`));

  fleet.press('a');
  const dialog = await fleet.waitForText('Allow this command to run once?');
  assert.match(dialog, /Allow this command to run once\? — on gateway b/);
  assert.match(dialog, /yes, allow-once on b/);
  assert.match(dialog, /echo on-b/, 'the dialog shows b’s command, not a’s');
  fleet.press('y');

  const sent = await b.nextRequest('exec.approval.resolve', 10_000).catch(() => decisions(b)[0]);
  assert.deepEqual(sent?.params, {id: shared, decision: 'allow-once'});
  await fleet.waitForState(
    (s) => s.gateways.b?.inbox.items[shared]?.state.phase === 'resolved',
    'b’s item decided in the console',
  );
  assert.equal(decisions(a).length, 0, 'nothing went to a');
  assert.equal(a.state.approvals.get(shared)?.status, 'pending', 'a still holds its request');
  assert.equal(
    fleet.store.getState().gateways.a?.inbox.items[shared]?.state.phase,
    'pending',
    'a’s item is still open in the console',
  );
  await fleet.waitForText(/allow-once: sent for .* \(on b\)/);
});

test('a gateway refusing the token: its Fleet row says why and how to fix it; the other stays live and decidable', async () => {
  const good = await fixture();
  const refusing = await fixture();
  good.startRun('agent:main:main');
  const id = good.requestExecApproval({command: 'echo still-works'});

  const fleet = await console_([
    {name: 'good', url: good.url, token: good.token},
    {name: 'bad', url: refusing.url, token: 'not-the-token-of-bad'},
  ]);
  await fleet.waitForState(connected('good'), 'good connected');
  await fleet.waitForState(
    (s) => s.gateways.bad?.gateway.problem?.kind === 'auth',
    'bad refused with an auth problem',
  );
  // The tree keeps a top level for it, in the Fleet pane's words.
  await fleet.waitFor((f) => /⬢ bad\s+auth error/.test(f), 'bad’s tree head says auth error');
  fleet.press('0');
  const rows = await fleet.waitFor(
    (f) => /auth error/.test(fleetRow(f, 'bad')),
    'bad’s Fleet row says auth error',
  );
  assert.match(fleetRow(rows, 'bad'), /auth error/, rows);
  assert.match(rows, /why\s.*AUTH_TOKEN_MISMATCH|why\s.*token/i);
  assert.match(rows, /fix\s.*"bad"|fix\s.*bad/);
  assert.match(fleetRow(rows, 'good'), /\bconnected\b/, rows);
  assert.equal(
    selectFleetRows(fleet.store.getState()).find((row) => row.id === 'good')?.phase,
    'connected',
  );

  // The good gateway's items stay decidable.
  await selectInboxItem(fleet, 'good', id);
  fleet.press('d');
  await fleet.waitForText(/Deny this command\? — on gateway good/);
  fleet.press('y');
  const sent = await good
    .nextRequest('exec.approval.resolve', 10_000)
    .catch(() => decisions(good)[0]);
  assert.deepEqual(sent?.params, {id, decision: 'deny'});
  assert.equal(refusing.requests.filter((r) => r.method.endsWith('.resolve')).length, 0);
});

test('a gateway killed and started again on its port is reconnected; the other is never blanked', async () => {
  const steady = await fixture();
  let flaky = await fixture();
  steady.startRun('agent:main:main');
  const steadyItem = steady.requestExecApproval({command: 'echo steady-item'});
  const port = flaky.port;
  const token = flaky.token;

  const fleet = await console_([
    {name: 'steady', url: steady.url, token: steady.token},
    {name: 'flaky', url: flaky.url, token},
  ]);
  await fleet.waitForState(connected('steady', 'flaky'), 'both connected');
  fleet.press('2');
  await fleet.waitForState((s) => s.ui.pane === 'inbox', 'the Inbox pane');
  await fleet.waitForText('echo steady-item');
  const from = fleet.frames().length;

  await flaky.close();
  await fleet.waitForState((s) => phase(s, 'flaky') !== 'connected', 'flaky seen down');
  fleet.press('0');
  const down = await fleet.waitFor(
    (f) => /reconnecting|unreachable/.test(fleetRow(f, 'flaky')),
    'flaky’s row says it is down',
  );
  assert.match(fleetRow(down, 'steady'), /\bconnected\b/, down);
  assert.equal(phase(fleet.store.getState(), 'steady'), 'connected');

  flaky = await startFixtureGateway({tickIntervalMs: 0, port, ...(token ? {token} : {})});
  cleanups.push(() => flaky.close());
  await fleet.waitForState(connected('flaky'), 'flaky reconnected', 45_000);
  const back = await fleet.waitFor(
    (f) => /\bconnected\b/.test(fleetRow(f, 'flaky')),
    'flaky’s row connected again',
  );
  assert.match(fleetRow(back, 'steady'), /\bconnected\b/, back);

  // Never blanked: steady stayed connected with its item open, and every frame drawn since the
  // kill shows steady (its item on the Inbox, its row on the Fleet pane).
  const state = fleet.store.getState();
  assert.equal(state.gateways.steady?.inbox.items[steadyItem]?.state.phase, 'pending');
  const since = fleet.frames().slice(from);
  assert.ok(since.length > 0);
  for (const frame of since) {
    assert.ok(
      frame.includes('echo steady-item') || /\bconnected\b/.test(fleetRow(frame, 'steady')),
      `a frame without steady:\n${frame}`,
    );
  }
});

test('questions and blocked deliveries of each gateway share the one inbox; an answer and a dismiss reach their own gateway', async () => {
  const a = await fixture();
  const b = await fixture();
  // The same question id on both (ids are the gateway's own): two different questions.
  const question = 'ask_same_on_both';
  a.askQuestion({id: question});
  b.askQuestion({id: question});
  a.addTask({id: 'task-delivery-a', status: 'succeeded', title: 'report for a'});
  assert.ok(a.blockDelivery('task-delivery-a'));

  const fleet = await connectedFleetOf(a, b);
  await fleet.waitForState(
    (s) =>
      s.gateways.a?.inbox.items[question] !== undefined &&
      s.gateways.b?.inbox.items[question] !== undefined &&
      selectFleetDeliveries(s).length === 1,
    'both questions and a’s blocked delivery in the merged inbox',
  );

  // The answer to b's question: enter opens it, 1 picks the first option, y sends it to b only.
  await selectInboxItem(fleet, 'b', question);
  fleet.press('\r');
  await fleet.waitForText('Where should this be deployed?');
  fleet.press('1');
  const dialog = await fleet.waitForText(/Send this answer to the agent\? — on gateway b/);
  assert.match(dialog, /yes, answer on b/);
  fleet.press('y');
  const sent = await b.nextRequest('question.resolve', 10_000).catch(() => undefined);
  assert.equal((sent?.params as {id?: unknown} | undefined)?.id, question);
  assert.equal(a.requestsFor('question.resolve').length, 0, 'nothing went to a');

  // The blocked delivery is a's: d y dismisses it there, and nothing reaches b.
  const deliveries = selectFleetDeliveries(fleet.store.getState());
  assert.equal(deliveries[0]?.gateway, 'a');
  const index = selectFleetInbox(fleet.store.getState()).length;
  fleet.press('g');
  for (let i = 0; i < index; i++) fleet.press('j');
  await fleet.waitForState((s) => s.ui.cursors.inbox?.index === index, 'the delivery selected');
  const row = await fleet.waitForText('report for a');
  assert.match(row, /›⚑ a\s+blocked/);
  fleet.press('d');
  await fleet.waitForText(/— on gateway a/);
  fleet.press('y');
  const dismissed = await a.nextRequest('tasks.dismiss', 10_000).catch(() => undefined);
  assert.deepEqual((dismissed?.params as {taskIds?: unknown} | undefined)?.taskIds, [
    'task-delivery-a',
  ]);
  assert.equal(b.requestsFor('tasks.dismiss').length, 0, 'nothing went to b');
});

/** Select the tree row of `key` on `gateway` (the same key may be on every gateway). */
const selectTreeRow = async (
  fleet: FleetConsoleUnderTest,
  gateway: string,
  key: string,
): Promise<void> => {
  await fleet.waitForState(
    (s) => selectFleetTreeRows(s).some((row) => row.gateway === gateway && row.key === key),
    `${key} of ${gateway} in the tree`,
  );
  const index = selectFleetTreeRows(fleet.store.getState()).findIndex(
    (row) => row.gateway === gateway && row.key === key,
  );
  fleet.press('g');
  for (let i = 0; i < index; i++) fleet.press('j');
  await fleet.waitForState(
    (s) => s.ui.cursors.sessions?.index === index,
    `the cursor on ${gateway}'s ${key}`,
  );
};

/**
 * Two gateways each running the same session key (agent:main:main), the cursor on b's row:
 * a key that reached a instead of b would show in a's requests.
 */
const cursorOnBsMainOfTwo = async () => {
  const a = await fixture(7);
  const b = await fixture(7);
  a.startRun('agent:main:main');
  b.startRun('agent:main:main');
  const fleet = await connectedFleetOf(a, b);
  await selectTreeRow(fleet, 'b', 'agent:main:main');
  return {a, b, fleet};
};

test('x y on a tree row stops the run on that row’s gateway only', async () => {
  const {a, b, fleet} = await cursorOnBsMainOfTwo();
  fleet.press('x');
  const dialog = await fleet.waitForText(/— on gateway b/);
  assert.match(dialog, /on b\b/);
  fleet.press('y');
  const sent = await b.nextRequest('chat.abort', 10_000).catch(() => undefined);
  assert.equal((sent?.params as {sessionKey?: unknown} | undefined)?.sessionKey, 'agent:main:main');
  assert.equal(a.requestsFor('chat.abort').length, 0, 'nothing went to a');
});

test('s on a tree row steers that row’s gateway only (same session key on both)', async () => {
  const {a, b, fleet} = await cursorOnBsMainOfTwo();
  const before = a.requestsFor('chat.send').length;
  fleet.press('s');
  // The input line names the gateway the message goes to.
  await fleet.waitForText(/steer → .* on b: /);
  fleet.press('focus on b');
  await fleet.waitForText('focus on b');
  fleet.press('\r');
  const sent = await b.nextRequest('chat.send', 10_000).catch(() => undefined);
  const params = sent?.params as {sessionKey?: unknown; message?: unknown} | undefined;
  assert.equal(params?.sessionKey, 'agent:main:main');
  assert.equal(params?.message, 'focus on b');
  assert.equal(a.requestsFor('chat.send').length, before, 'nothing went to a');
});

test('X y on a tree row stops that row’s subtree on its gateway only; the dialog names it', async () => {
  const {a, b, fleet} = await cursorOnBsMainOfTwo();
  fleet.press('X');
  const dialog = await fleet.waitForText('every subagent below it?');
  assert.match(dialog, /— on gateway b/);
  fleet.press('y');
  const sent = await b.nextRequest('sessions.abort', 10_000).catch(() => undefined);
  assert.equal((sent?.params as {key?: unknown} | undefined)?.key, 'agent:main:main');
  assert.equal(a.requestsFor('sessions.abort').length, 0, 'nothing went to a');
});

test('a config change from b’s inbox item (u: allow a DM sender) is patched on b only', async () => {
  const a = await fixture(7);
  const b = await fixture(7);
  // The same seed: the same request id and sender on both gateways, two different items.
  const onA = a.addDmAccessRequest({channel: 'telegram', accountId: 'ops', senderId: '222'});
  const onB = b.addDmAccessRequest({channel: 'telegram', accountId: 'ops', senderId: '222'});
  assert.equal(onA.requestId, onB.requestId);
  const fleet = await connectedFleetOf(a, b);
  await fleet.waitForState(
    (s) =>
      s.gateways.a?.inbox.items[onA.requestId] !== undefined &&
      s.gateways.b?.inbox.items[onB.requestId] !== undefined,
    'both DM access requests in the inbox',
  );
  await selectInboxItem(fleet, 'b', onB.requestId);
  fleet.press('u');
  const dialog = await fleet.waitForText(/y yes, allow sender on b/);
  assert.match(dialog, /Let this sender DM the bot\? — on gateway b/);
  assert.match(dialog, /allowFrom: \[\] → \["222"\]/);
  fleet.press('y');
  const patched = await b.nextRequest('config.patch', 10_000).catch(() => undefined);
  assert.ok(patched, 'b got no config.patch');
  assert.match(JSON.stringify(patched.params), /222/);
  assert.equal(a.requestsFor('config.patch').length, 0, 'nothing went to a');
});

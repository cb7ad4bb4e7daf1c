import assert from 'node:assert/strict';
import {test} from 'node:test';
import {DEVICE_PAIRING_TTL_MS, INBOX_HISTORY_MS} from '../../../source/state/inbox-items.ts';
import type {AppState} from '../../../source/state/reducer.ts';
import {selectInboxCount, selectWaitingSessionKeys} from '../../../source/state/selectors.ts';
import {makeApproval, makeDevice, run} from './factories.ts';
import {gw, GW, type TestAction} from '../../support/state.ts';

const phaseOf = (state: AppState, id: string): string | undefined =>
  gw(state).inbox.items[id]?.state.phase;

const execListed = (
  ids: readonly string[],
  requestedAt: number,
  at = requestedAt + 5,
): TestAction => ({
  type: 'approvals/listed',
  kind: 'exec',
  approvals: ids.map((id) => makeApproval({id})),
  requestedAt,
  at,
});

const execRequested = (id: string, at: number): TestAction => ({
  type: 'approval/requested',
  request: makeApproval({id}),
  at,
});

const execResolved = (id: string, at: number, decision = 'allow-once'): TestAction => ({
  type: 'approval/resolved',
  resolved: {kind: 'exec', id, decision},
  at,
});

test('a list replaces the pending set of its kind only', () => {
  const state = run([
    execListed(['e1', 'e2'], 100),
    {type: 'device-pairing/requested', request: makeDevice({requestId: 'd1'}), at: 101},
    execListed(['e2', 'e3'], 200),
  ]);
  assert.deepEqual(Object.keys(gw(state).inbox.items).sort(), ['d1', 'e2', 'e3']);
  assert.equal(selectInboxCount(state, GW), 3);
});

test('reconcile: resolved by event is not resurrected by a stale list', () => {
  // The list was requested at 100, the approval resolved at 110, the list answer lands at 120.
  const state = run([
    execRequested('e1', 90),
    execResolved('e1', 110),
    execListed(['e1'], 100, 120),
  ]);
  assert.equal(phaseOf(state, 'e1'), 'resolved');
  assert.equal(selectInboxCount(state, GW), 0);
  // Even after the history is pruned, the memory keeps it out.
  const later = run(
    [{type: 'clock/ticked', now: 110 + INBOX_HISTORY_MS + 1}, execListed(['e1'], 100, 300)],
    state,
  );
  assert.equal(gw(later).inbox.items.e1, undefined);
});

test('reconcile: a list asked for after the resolve is trusted', () => {
  const state = run([execRequested('e1', 90), execResolved('e1', 110), execListed(['e1'], 150)]);
  assert.equal(phaseOf(state, 'e1'), 'pending');
});

test('reconcile: an item that arrived by event after the request is kept', () => {
  const state = run([execListed([], 50), execRequested('e2', 110), execListed([], 100, 120)]);
  assert.equal(phaseOf(state, 'e2'), 'pending');
});

test('reconcile: an item absent from a newer list is gone, and stays gone', () => {
  const state = run([execListed(['e1'], 50), execListed([], 100)]);
  assert.equal(gw(state).inbox.items.e1, undefined);
  // An out-of-order older answer arrives last: it must not bring e1 back.
  assert.equal(gw(run([execListed(['e1'], 60, 130)], state)).inbox.items.e1, undefined);
});

test('reconcile: a decision in flight is left to decision/*', () => {
  const state = run([
    execListed(['e1'], 50),
    {type: 'decision/started', id: 'e1', decision: 'allow-once', at: 60},
    execListed([], 100),
  ]);
  assert.equal(phaseOf(state, 'e1'), 'deciding');
});

test('decisions: started → succeeded, and the event agrees', () => {
  const state = run([
    execListed(['e1'], 50),
    {type: 'decision/started', id: 'e1', decision: 'deny', at: 60},
    {type: 'decision/succeeded', id: 'e1', decision: 'deny', at: 70},
    execResolved('e1', 71, 'deny'),
  ]);
  assert.deepEqual(gw(state).inbox.items.e1?.state, {
    phase: 'resolved',
    decision: 'deny',
    by: 'console',
    at: 70,
  });
});

test('decisions: the resolved event may arrive before the response', () => {
  const state = run([
    execListed(['e1'], 50),
    {type: 'decision/started', id: 'e1', decision: 'allow-once', at: 60},
    execResolved('e1', 65, 'allow-once'),
    {type: 'decision/succeeded', id: 'e1', decision: 'allow-once', at: 70},
  ]);
  assert.deepEqual(gw(state).inbox.items.e1?.state, {
    phase: 'resolved',
    decision: 'allow-once',
    by: 'console',
    at: 65,
  });
});

test('decisions: resolved elsewhere while we were deciding something else', () => {
  const state = run([
    execListed(['e1'], 50),
    {type: 'decision/started', id: 'e1', decision: 'allow-once', at: 60},
    execResolved('e1', 65, 'deny'),
  ]);
  const current = gw(state).inbox.items.e1?.state;
  assert.equal(current?.phase === 'resolved' && current.by, 'elsewhere');
});

test('decisions: failed not-applied can be offered again; unknown is settled by a re-read', () => {
  const failed = run([
    execListed(['e1', 'e2'], 50),
    {type: 'decision/started', id: 'e1', decision: 'allow-once', at: 60},
    {
      type: 'decision/failed',
      id: 'e1',
      decision: 'allow-once',
      outcome: 'not-applied',
      message: 'APPROVAL_ALLOW_ALWAYS_UNAVAILABLE',
      at: 61,
    },
    {type: 'decision/started', id: 'e2', decision: 'deny', at: 62},
    {
      type: 'decision/failed',
      id: 'e2',
      decision: 'deny',
      outcome: 'unknown',
      message: 'timeout',
      at: 63,
    },
  ]);
  assert.deepEqual(gw(failed).inbox.items.e1?.state, {
    phase: 'failed',
    decision: 'allow-once',
    outcome: 'not-applied',
    message: 'APPROVAL_ALLOW_ALWAYS_UNAVAILABLE',
    at: 61,
  });
  assert.equal(selectInboxCount(failed, GW), 2, 'failed items still need the operator');
  const retried = run([{type: 'decision/started', id: 'e1', decision: 'deny', at: 70}], failed);
  assert.equal(phaseOf(retried, 'e1'), 'deciding');
  // Re-read after the unknown outcome: e2 is gone (it was applied), e1 still pending.
  const reread = run([execListed(['e1'], 80)], failed);
  assert.equal(phaseOf(reread, 'e1'), 'pending');
  assert.equal(gw(reread).inbox.items.e2, undefined);
});

test('device retries: the new request supersedes the pending one', () => {
  const state = run([
    {
      type: 'device-pairing/requested',
      request: makeDevice({requestId: 'old', deviceId: 'dev'}),
      at: 100,
    },
    {
      type: 'device-pairing/requested',
      request: makeDevice({
        requestId: 'new',
        deviceId: 'dev',
        scopes: ['operator.read', 'operator.write'],
      }),
      at: 110,
    },
    // The gateway rejects the old one as part of the retry.
    {
      type: 'device-pairing/resolved',
      resolved: {requestId: 'old', deviceId: 'dev', decision: 'rejected'},
      at: 111,
    },
  ]);
  assert.deepEqual(gw(state).inbox.items.old?.state, {phase: 'superseded', by: 'new', at: 110});
  assert.equal(gw(state).inbox.items.new?.supersedes, 'old');
  assert.equal(selectInboxCount(state, GW), 1);
});

test('device retries seen only through a list are superseded too', () => {
  const state = run([
    {
      type: 'device-pairing/listed',
      list: {pending: [makeDevice({requestId: 'old', deviceId: 'dev'})], paired: []},
      requestedAt: 50,
      at: 55,
    },
    {
      type: 'device-pairing/listed',
      list: {pending: [makeDevice({requestId: 'new', deviceId: 'dev'})], paired: []},
      requestedAt: 100,
      at: 105,
    },
  ]);
  assert.equal(phaseOf(state, 'old'), 'superseded');
  assert.equal(gw(state).inbox.items.new?.supersedes, 'old');
});

test('expiry: device requests 5 min after ts; approvals at expiresAtMs', () => {
  const start = run([
    {
      type: 'device-pairing/requested',
      request: makeDevice({requestId: 'd1', ts: 1_000}),
      at: 2_000,
    },
    {type: 'approval/requested', request: makeApproval({id: 'e1', expiresAtMs: 50_000}), at: 2_000},
    {type: 'approval/requested', request: makeApproval({id: 'e2'}), at: 2_000},
  ]);
  const mid = run([{type: 'clock/ticked', now: 50_000}], start);
  assert.equal(phaseOf(mid, 'e1'), 'expired');
  assert.equal(phaseOf(mid, 'd1'), 'pending');
  const late = run([{type: 'clock/ticked', now: 1_000 + DEVICE_PAIRING_TTL_MS}], mid);
  assert.equal(phaseOf(late, 'd1'), 'expired');
  assert.equal(phaseOf(late, 'e2'), 'pending', 'no expiry known, none invented');
  assert.equal(selectInboxCount(late, GW), 1);
  // History is pruned later, and an idle tick keeps identity.
  const pruned = run(
    [{type: 'clock/ticked', now: 1_000 + DEVICE_PAIRING_TTL_MS + INBOX_HISTORY_MS + 1}],
    late,
  );
  assert.deepEqual(Object.keys(gw(pruned).inbox.items), ['e2']);
  const idle = run(
    [{type: 'clock/ticked', now: 1_000 + DEVICE_PAIRING_TTL_MS + INBOX_HISTORY_MS + 2}],
    pruned,
  );
  assert.equal(gw(idle).inbox, gw(pruned).inbox);
});

test('a late duplicate request for a finished id is ignored', () => {
  const state = run([execRequested('e1', 10), execResolved('e1', 20), execRequested('e1', 30)]);
  assert.equal(phaseOf(state, 'e1'), 'resolved');
});

test('pairing and DM access decisions use the gateway words', () => {
  const state = run([
    {type: 'device-pairing/requested', request: makeDevice({requestId: 'd1'}), at: 10},
    {type: 'decision/succeeded', id: 'd1', decision: 'allow-once', at: 20},
    {
      type: 'dm-access/listed',
      list: {
        requests: [{requestId: 'm1', channel: 'telegram', accountId: 'bot', senderId: '42'}],
        accounts: [{channel: 'telegram', accountId: 'bot'}],
      },
      requestedAt: 10,
      at: 15,
    },
    {type: 'decision/succeeded', id: 'm1', decision: 'deny', at: 20},
  ]);
  const device = gw(state).inbox.items.d1?.state;
  assert.equal(device?.phase === 'resolved' && device.decision, 'approved');
  const dm = gw(state).inbox.items.m1?.state;
  assert.equal(dm?.phase === 'resolved' && dm.decision, 'dismissed');
  assert.equal(gw(state).inbox.dmAccess.support, 'supported');
  const unsupported = run(
    [{type: 'dm-access/unsupported', reason: 'unknown method: channels.pairing.list', at: 30}],
    state,
  );
  assert.equal(gw(unsupported).inbox.dmAccess.support, 'unsupported');
});

test('plugin lists only touch plugin items; waiting sessions come from open approvals', () => {
  const state = run([
    execRequested('e1', 10),
    {
      type: 'approval/requested',
      request: makeApproval({id: 'plugin:p1', kind: 'plugin', sessionKey: 'agent:main:main'}),
      at: 11,
    },
    {type: 'approvals/listed', kind: 'plugin', approvals: [], requestedAt: 5, at: 12},
  ]);
  assert.equal(gw(state).inbox.items['plugin:p1']?.kind, 'plugin-approval');
  assert.ok(gw(state).inbox.items.e1);
  assert.deepEqual([...selectWaitingSessionKeys(state, GW)], ['agent:main:main']);
  const listedEmpty = run(
    [{type: 'approvals/listed', kind: 'plugin', approvals: [], requestedAt: 20, at: 21}],
    state,
  );
  assert.equal(gw(listedEmpty).inbox.items['plugin:p1'], undefined);
  assert.deepEqual([...selectWaitingSessionKeys(listedEmpty, GW)], []);
});

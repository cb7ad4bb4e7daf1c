// Fault 2: events the console never saw — a jump in the event seq, or a slow-consumer close.
// Either way the console says so in its tail (a `gap` line), reads every list again, and the
// state catches up with what happened while it was blind. End to end through client and bridge.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {FixtureConnection} from '../../../source/fixture/fixture-connection.ts';
import type {FixtureGateway} from '../../../source/fixture/fixture-gateway.ts';
import {
  dropped,
  listsLoaded,
  methodsSince,
  reconnect,
  startRig,
  synced,
  waitForRequests,
} from './rig.ts';
import {gw} from '../../support/state.ts';
import {sessionEntryOf} from '../../../source/state/sessions-slice.ts';

const LIST_READS = [
  'sessions.subscribe',
  'device.pair.list',
  'node.pair.list',
  'exec.approval.list',
  'plugin.approval.list',
];

const onlyConnection = (gateway: FixtureGateway): FixtureConnection => {
  const [conn, ...others] = gateway.engine.openConnections();
  assert.ok(conn && others.length === 0, 'expected exactly one console connection');
  return conn;
};

/** Things happen on the gateway that this connection is not told about. */
const happenUnseen = (gateway: FixtureGateway, conn: FixtureConnection) => {
  const caps = conn.caps;
  conn.caps = new Set();
  conn.subscribed = false;
  const approvalId = gateway.requestExecApproval({command: 'make unseen'});
  const sessionKey = 'agent:main:unseen-worker';
  gateway.addSession({key: sessionKey, label: 'unseen worker'});
  conn.caps = caps;
  conn.subscribed = true;
  return {approvalId, sessionKey};
};

test('a seq gap: a gap line, every list read again, and the state catches up', async () => {
  const rig = await startRig();
  try {
    await synced(rig);
    const conn = onlyConnection(rig.gateway);
    const {approvalId, sessionKey} = happenUnseen(rig.gateway, conn);
    assert.equal(gw(rig.store.getState()).inbox.items[approvalId], undefined);

    const requestsSince = rig.gateway.requests.length;
    const actionsSince = rig.actions.length;
    // The two events above were never delivered; the next one arrives with seq jumped by 2.
    rig.gateway.skipSeq(2);
    rig.gateway.emitHealth();

    await waitForRequests(rig.gateway, requestsSince, LIST_READS);
    await listsLoaded(rig, actionsSince);

    const state = rig.store.getState();
    const gaps = gw(state).events.items.filter((event) => event.kind === 'gap');
    assert.equal(gaps.length, 1, 'one gap line');
    assert.match(gaps[0]?.summary ?? '', /missed events .* state re-read/);
    assert.equal(gaps[0]?.detail.received, (gaps[0]?.detail.expected as number) + 2);
    assert.ok(gw(state).gateway.lastGap, 'the gateway pane shows the last gap');
    assert.equal(gw(state).inbox.items[approvalId]?.state.phase, 'pending', 'the lost approval');
    assert.ok(sessionEntryOf(gw(state).sessions, sessionKey), 'the lost session');
    assert.equal(rig.connection.status.phase, 'connected', 'a gap is no reason to reconnect');
  } finally {
    await rig.close();
  }
});

test('a slow-consumer close: reconnect, a gap line, every list read again, the state catches up', async () => {
  const rig = await startRig();
  try {
    await synced(rig);
    onlyConnection(rig.gateway);
    const requestsSince = rig.gateway.requests.length;
    const actionsSince = rig.actions.length;

    rig.gateway.closeAll(1008, 'slow consumer');
    // While the console is away, the gateway moves on.
    const approvalId = rig.gateway.requestExecApproval({command: 'make while-away'});
    const sessionKey = 'agent:main:while-away';
    rig.gateway.addSession({key: sessionKey, label: 'while away'});

    await dropped(rig);
    await reconnect(rig);
    await waitForRequests(rig.gateway, requestsSince, ['connect', ...LIST_READS]);
    await listsLoaded(rig, actionsSince);

    const state = rig.store.getState();
    const lines = gw(state).events.items.map((event) => `${event.kind} ${event.summary}`);
    assert.ok(
      lines.some((line) => /^gateway disconnected \(1008 slow consumer\)/.test(line)),
      lines.join('\n'),
    );
    const gaps = gw(state).events.items.filter((event) => event.kind === 'gap');
    assert.equal(gaps.length, 1, `one gap line:\n${lines.join('\n')}`);
    assert.match(gaps[0]?.summary ?? '', /missed events .* state re-read/);
    assert.equal(
      gw(state).inbox.items[approvalId]?.state.phase,
      'pending',
      'the approval raised meanwhile',
    );
    assert.ok(sessionEntryOf(gw(state).sessions, sessionKey), 'the session created meanwhile');
    assert.deepEqual(
      methodsSince(rig.gateway, requestsSince).filter((method) => method === 'connect'),
      ['connect'],
      'one reconnect, not a loop',
    );
  } finally {
    await rig.close();
  }
});

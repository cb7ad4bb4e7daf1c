// Fault 1: the gateway is killed or restarted in the middle of an approval. Whatever happens, a
// decision is either confirmed, or reported as not applied / unknown and offered again once the
// lists are re-read — never silently lost, never sent (or applied) twice. End to end: fixture
// gateway ⇄ protocol client ⇄ bridge ⇄ store, decisions through the console's decider.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {FixtureGateway, RecordedRequest} from '../../../source/fixture/fixture-gateway.ts';
import {isOpen} from '../../../source/state/inbox-items.ts';
import {
  connected,
  dropped,
  listsLoaded,
  reconnect,
  startRig,
  synced,
  waitForState,
  type Rig,
} from './rig.ts';
import {gw} from '../../support/state.ts';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Runs `run` synchronously when the fixture receives `method`, before it handles the request. */
const onRequest = (gateway: FixtureGateway, method: string, run: () => void): (() => void) => {
  const listener = (request: RecordedRequest): void => {
    if (request.method === method) run();
  };
  gateway.engine.requestListeners.add(listener);
  return () => gateway.engine.requestListeners.delete(listener);
};

const resolvesFor = (gateway: FixtureGateway, id: string): RecordedRequest[] =>
  gateway
    .requestsFor('exec.approval.resolve')
    .filter((request) => isRecord(request.params) && request.params.id === id);

/** A pending exec approval the console has in its inbox. */
const pendingApproval = async (rig: Rig, command: string): Promise<string> => {
  const id = rig.gateway.requestExecApproval({command});
  await waitForState(
    rig.store,
    (state) => gw(state).inbox.items[id]?.state.phase === 'pending',
    'the approval in the inbox',
  );
  return id;
};

test('killed after taking the decision, answer lost: "unknown", then the re-read shows it applied; sent once', async () => {
  const rig = await startRig();
  try {
    await synced(rig);
    const id = await pendingApproval(rig, 'make deploy');

    rig.gateway.dropNextResponse('exec.approval.resolve');
    // The gateway dies while it takes the decision: it applies it, but neither the answer nor the
    // resolved event ever leaves it.
    const off = onRequest(rig.gateway, 'exec.approval.resolve', () => rig.gateway.killHard());
    const result = await rig.decide(id, 'allow-once');
    off();

    assert.equal(result.status, 'unknown');
    assert.match(result.status === 'unknown' ? result.message : '', /may or may not have applied/);
    const failed = gw(rig.store.getState()).inbox.items[id];
    assert.equal(failed?.state.phase, 'failed', 'the item says the outcome is open');
    assert.equal(failed?.state.phase === 'failed' && failed.state.outcome, 'unknown');
    assert.equal(rig.audit.at(-1)?.outcome, 'unknown');
    assert.equal(rig.audit.at(-1)?.id, id);

    const since = rig.actions.length;
    await reconnect(rig);
    await listsLoaded(rig, since);

    // The gateway has it as applied, so the fresh list no longer offers it.
    assert.equal(rig.gateway.state.approvals.get(id)?.status, 'allowed');
    const item = gw(rig.store.getState()).inbox.items[id];
    assert.ok(item === undefined || !isOpen(item), `still offered: ${JSON.stringify(item?.state)}`);
    assert.equal(resolvesFor(rig.gateway, id).length, 1, 'the decision was sent more than once');
  } finally {
    await rig.close();
  }
});

test('restart before the decision is sent: "not sent", still pending after the re-read, decided again once', async () => {
  const rig = await startRig();
  try {
    await synced(rig);
    const id = await pendingApproval(rig, 'rm -rf build');

    rig.gateway.restart({downMs: 0, keepApprovals: true, reason: 'config reload'});
    await dropped(rig);
    const result = await rig.decide(id, 'allow-once');
    assert.equal(result.status, 'refused');
    assert.match(result.status === 'refused' ? result.message : '', /not sent/);
    const failed = gw(rig.store.getState()).inbox.items[id];
    assert.equal(failed?.state.phase === 'failed' && failed.state.outcome, 'not-applied');
    assert.equal(resolvesFor(rig.gateway, id).length, 0);

    const since = rig.actions.length;
    await reconnect(rig);
    await listsLoaded(rig, since);
    assert.equal(
      gw(rig.store.getState()).inbox.items[id]?.state.phase,
      'pending',
      'not offered again',
    );

    assert.deepEqual(await rig.decide(id, 'allow-once'), {status: 'applied'});
    assert.equal(rig.gateway.state.approvals.get(id)?.status, 'allowed');
    assert.equal(resolvesFor(rig.gateway, id).length, 1);
    assert.deepEqual(
      rig.audit.map((entry) => entry.outcome),
      ['not-applied', 'applied'],
    );
  } finally {
    await rig.close();
  }
});

test('restart while the decision is on the wire: "unknown", still pending after the re-read, decided again once', async () => {
  const rig = await startRig();
  try {
    await synced(rig);
    const id = await pendingApproval(rig, 'git push --force');

    // Same tick: the gateway has started closing, the console has not heard yet, so the frame
    // goes out on a socket the gateway no longer reads.
    rig.gateway.restart({downMs: 0, keepApprovals: true});
    const result = await rig.decide(id, 'allow-once');
    assert.equal(result.status, 'unknown');
    assert.equal(resolvesFor(rig.gateway, id).length, 0, 'the gateway took a frame after closing');
    assert.equal(rig.gateway.state.approvals.get(id)?.status, 'pending');

    const since = rig.actions.length;
    await reconnect(rig);
    await listsLoaded(rig, since);
    assert.equal(
      gw(rig.store.getState()).inbox.items[id]?.state.phase,
      'pending',
      'not offered again',
    );

    assert.deepEqual(await rig.decide(id, 'allow-once'), {status: 'applied'});
    await waitForState(
      rig.store,
      (state) => gw(state).inbox.items[id]?.state.phase === 'resolved',
      'the approval resolved by the console',
    );
    const item = gw(rig.store.getState()).inbox.items[id];
    assert.equal(item?.state.phase === 'resolved' && item.state.by, 'console');
    assert.equal(resolvesFor(rig.gateway, id).length, 1);
    assert.deepEqual(
      rig.audit.map((entry) => entry.outcome),
      ['unknown', 'applied'],
    );
  } finally {
    await rig.close();
  }
});

test('resolved elsewhere while deciding: "already resolved" said plainly, shown as decided elsewhere', async () => {
  const rig = await startRig();
  try {
    await synced(rig);
    const id = await pendingApproval(rig, 'terraform apply');

    // Another operator's deny lands between our request leaving and the gateway handling it.
    const off = onRequest(rig.gateway, 'exec.approval.resolve', () =>
      rig.gateway.resolveElsewhere(id, 'deny', 'ops-laptop'),
    );
    const result = await rig.decide(id, 'allow-once');
    off();

    assert.deepEqual(result, {
      status: 'already-resolved',
      message: 'already resolved elsewhere (first answer wins)',
    });
    const item = await waitForState(
      rig.store,
      (state) => gw(state).inbox.items[id]?.state.phase === 'resolved',
      'the approval resolved',
    ).then((state) => gw(state).inbox.items[id]);
    assert.equal(item?.state.phase === 'resolved' && item.state.by, 'elsewhere');
    assert.equal(item?.state.phase === 'resolved' && item.state.decision, 'deny');
    assert.equal(
      rig.gateway.state.approvals.get(id)?.decision,
      'deny',
      'our decision overrode theirs',
    );
    assert.equal(resolvesFor(rig.gateway, id).length, 1, 'the decision was re-sent');
    assert.equal(rig.audit.at(-1)?.outcome, 'already-resolved');
    assert.equal(rig.connection.status.phase, 'connected');
    await connected(rig);
  } finally {
    await rig.close();
  }
});

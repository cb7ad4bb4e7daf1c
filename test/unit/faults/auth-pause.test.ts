// Fault 4: credentials or protocol the gateway will not accept — a wrong shared token, a token
// rotated under a live console, a revoked device token, a protocol mismatch. Each ends in a clear
// problem in the state and a PAUSED connection: no busy reconnect loop hammering the gateway (and
// tripping its auth rate limiter). The client's clock is a ManualClock, so "ten minutes later" is
// exact: with no timer left to fire, nothing can try again until the operator asks.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createWsSocket, type SocketFactory} from '../../../source/client/socket.ts';
import {startFixtureGateway} from '../../../source/fixture/fixture-gateway.ts';
import {memoryTokenStore, newIdentity} from '../client/harness.ts';
import {dropped, settle, startRig, synced, waitForStatus, type Rig} from './rig.ts';
import {gw} from '../../support/state.ts';

const TEN_MINUTES = 10 * 60_000;

const paused = (rig: Rig) =>
  waitForStatus(rig.connection, (status) => status.phase === 'paused', 'paused');

/** Ten quiet minutes: no retry timer pending, and no new connect reaches the gateway. */
const assertNoLoop = async (rig: Rig, connects: number): Promise<void> => {
  assert.equal(
    rig.clock.pendingCount,
    0,
    `timers still pending: ${rig.clock.pendingDelays().join(', ')}`,
  );
  rig.clock.advance(TEN_MINUTES);
  await settle();
  assert.equal(rig.connects(), connects, 'the console tried again on its own');
  assert.equal(rig.connection.status.phase, 'paused');
  assert.equal(gw(rig.store.getState()).gateway.phase, 'paused');
};

test('a wrong shared token: AUTH_TOKEN_MISMATCH in the state, paused after one attempt', async () => {
  const gateway = await startFixtureGateway({tickIntervalMs: 0});
  const rig = await startRig({gateway, connection: {auth: {token: 'not-the-gateway-token'}}});
  try {
    await paused(rig);
    const problem = gw(rig.store.getState()).gateway.problem;
    assert.equal(problem?.kind, 'auth');
    assert.equal(problem?.kind === 'auth' && problem.code, 'AUTH_TOKEN_MISMATCH');
    assert.match(problem?.kind === 'auth' ? (problem.nextStep ?? '') : '', /--token/);
    assert.equal(rig.connects(), 1);
    assert.ok(rig.logs.some((line) => /AUTH_TOKEN_MISMATCH/.test(line.message)));
    await assertNoLoop(rig, 1);

    // "Retry" on the problem screen is one attempt, not the start of a loop.
    rig.connection.retryNow();
    await waitForStatus(rig.connection, (s) => s.phase === 'connecting', 'the retry');
    await paused(rig);
    await assertNoLoop(rig, 2);
  } finally {
    await rig.close();
    await gateway.close();
  }
});

test('the shared token rotated under a live console (4001): auth-changed, paused, no retry', async () => {
  const rig = await startRig();
  try {
    await synced(rig);
    rig.gateway.rotateAuth();
    await paused(rig);
    const state = rig.store.getState();
    assert.equal(gw(state).gateway.problem?.kind, 'auth-changed');
    assert.equal(gw(state).gateway.lastClose?.code, 4001);
    await assertNoLoop(rig, 1);
  } finally {
    await rig.close();
  }
});

test('a revoked device token: cleared after one refusal, then paused with a clear problem', async () => {
  const gateway = await startFixtureGateway({tickIntervalMs: 0});
  const identity = newIdentity();
  const tokens = memoryTokenStore();
  // First with the shared token, to be paired and issued a device token.
  const first = await startRig({gateway, connection: {identity, tokenStore: tokens}});
  await synced(first);
  await first.close();
  const [stored] = [...tokens.entries.values()];
  assert.ok(stored, 'no device token was issued');

  // Then as an operator who has only that device token.
  const rig = await startRig({gateway, connection: {identity, tokenStore: tokens, auth: {}}});
  try {
    await synced(rig);
    const before = rig.connects();
    gateway.state.deviceTokens.delete(stored.token);
    gateway.killHard();
    await dropped(rig);

    // Drive the retries by hand until the client stops on its own (bounded).
    for (let round = 0; round < 5 && rig.connection.status.phase !== 'paused'; round++) {
      const status = await waitForStatus(
        rig.connection,
        (s) => s.phase === 'reconnecting' || s.phase === 'paused',
        'reconnecting or paused',
      );
      if (status.phase === 'reconnecting') rig.clock.advance(status.retryInMs ?? 0);
    }
    await paused(rig);
    assert.equal(rig.connects() - before, 2, 'one try with the revoked token, one without');
    assert.equal(tokens.entries.size, 0, 'the revoked token is still stored');
    const problem = gw(rig.store.getState()).gateway.problem;
    assert.equal(problem?.kind === 'auth' && problem.code, 'AUTH_TOKEN_MISSING');
    assert.match(problem?.kind === 'auth' ? (problem.nextStep ?? '') : '', /token/);
    const lines = gw(rig.store.getState()).events.items.map((event) => event.summary);
    assert.ok(
      lines.some((line) => /AUTH_DEVICE_TOKEN_MISMATCH|device token/.test(line)),
      lines.join('\n'),
    );
    await assertNoLoop(rig, before + 2);
  } finally {
    await rig.close();
    await gateway.close();
  }
});

test('a protocol the gateway does not speak (PROTOCOL_MISMATCH, 1002): paused after one attempt', async () => {
  // The console offers protocols 5..5 here, as a newer console would to this gateway.
  const future: SocketFactory = (url, handlers, options) => {
    const socket = createWsSocket(url, handlers, options);
    return {
      close: (code, reason) => socket.close(code, reason),
      send: (data) => {
        const frame = JSON.parse(data) as {method?: string; params?: Record<string, unknown>};
        if (frame.method === 'connect' && frame.params) {
          frame.params.minProtocol = 5;
          frame.params.maxProtocol = 5;
        }
        socket.send(JSON.stringify(frame));
      },
    };
  };
  const rig = await startRig({connection: {socketFactory: future}});
  try {
    await paused(rig);
    const state = gw(rig.store.getState());
    assert.equal(state.gateway.problem?.kind, 'protocol-mismatch');
    assert.equal(
      state.gateway.problem?.kind === 'protocol-mismatch' && state.gateway.problem.expectedProtocol,
      4,
    );
    assert.equal(state.gateway.lastClose?.code, 1002);
    assert.equal(rig.connects(), 1);
    await assertNoLoop(rig, 1);
  } finally {
    await rig.close();
  }
});

test('a live connection closed 1002 (protocol error): paused, no retry', async () => {
  const rig = await startRig();
  try {
    await synced(rig);
    rig.gateway.closeAll(1002, 'protocol error');
    await dropped(rig);
    await paused(rig);
    assert.equal(gw(rig.store.getState()).gateway.problem?.kind, 'protocol-mismatch');
    await assertNoLoop(rig, 1);
  } finally {
    await rig.close();
  }
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {TestGatewayServer} from '../../support/ws-test-server.ts';
import {
  connectTo,
  nextEmission,
  waitForPhase,
  waitForStatus,
  scriptedPair,
  connectedPair,
} from './harness.ts';

test('shutdown then 1012: waits restartExpectedMs before reconnecting', async (t) => {
  const {server, h, conn: first} = await connectedPair(t, {random: () => 0});
  first.helloOk();
  await h.connection.ready();

  const shutdown = nextEmission(h.connection, 'event', (frame) => frame.event === 'shutdown');
  first.event('shutdown', {reason: 'gateway restarting', restartExpectedMs: 3000}, 1);
  await shutdown;
  first.close(1012, 'service restart');
  const waiting = await waitForPhase(h.connection, 'reconnecting');
  assert.equal(waiting.retryInMs, 3000);
  assert.deepEqual(waiting.lastClose, {code: 1012, reason: 'service restart'});
  assert.equal(waiting.problem?.kind === 'other' && waiting.problem.code, 'SERVICE_RESTART');

  h.clock.advance(2999);
  assert.equal(h.connection.status.phase, 'reconnecting');
  h.clock.advance(1);
  const second = await server.nextConnection();
  second.helloOk();
  await waitForPhase(h.connection, 'connected');
});

test('UNAVAILABLE + 1013: honours retryAfterMs, clamped to 100–2000 ms', async (t) => {
  const {server, h} = await scriptedPair(t);
  h.connection.start();

  const first = await server.nextConnection();
  first.rejectConnect(
    {
      code: 'UNAVAILABLE',
      message: 'gateway starting',
      retryable: true,
      retryAfterMs: 9000,
      details: {reason: 'startup-sidecars'},
    },
    {code: 1013, reason: 'gateway starting'},
  );
  const slow = await waitForPhase(h.connection, 'reconnecting');
  assert.equal(slow.retryInMs, 2000);
  h.clock.advance(2000);

  const second = await server.nextConnection();
  second.rejectConnect(
    {code: 'UNAVAILABLE', message: 'gateway starting', retryable: true, retryAfterMs: 5},
    {code: 1013, reason: 'gateway starting'},
  );
  const fast = await waitForStatus(
    h.connection,
    (s) => s.phase === 'reconnecting' && s.retryInMs === 100,
    'retry in 100 ms',
  );
  assert.equal(fast.problem?.kind === 'other' && fast.problem.code, 'UNAVAILABLE');

  h.clock.advance(100);
  const third = await server.nextConnection();
  // A bare 1013 close (no error frame) uses the default hint.
  third.close(1013, 'gateway starting');
  const bare = await waitForStatus(
    h.connection,
    (s) => s.phase === 'reconnecting' && s.lastClose?.code === 1013 && s.attempt === 3,
    'third retry',
  );
  assert.equal(bare.retryInMs, 500);
});

test('unreachable: exponential backoff 1 s, 2 s, 4 s with the URL in the problem', async (t) => {
  const server = await TestGatewayServer.start();
  const url = server.url;
  await server.close();
  const h = connectTo(url);
  t.after(() => h.connection.stop());
  h.connection.start();

  const delays: number[] = [];
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const waiting = await waitForStatus(
      h.connection,
      (s) => s.phase === 'reconnecting' && s.attempt === attempt,
      `retry after attempt ${attempt}`,
    );
    assert.equal(waiting.problem?.kind, 'unreachable');
    assert.equal(waiting.problem?.kind === 'unreachable' && waiting.problem.url, url);
    assert.match(
      waiting.problem?.kind === 'unreachable' ? waiting.problem.detail : '',
      /ECONNREFUSED/,
    );
    delays.push(waiting.retryInMs ?? -1);
    h.clock.advance(waiting.retryInMs ?? 0);
  }
  assert.deepEqual(delays, [1000, 2000, 4000]);
});

test('4001 after hello pauses as auth-changed until retryNow()', async (t) => {
  const {server, h, conn: first} = await connectedPair(t);
  first.helloOk();
  await h.connection.ready();
  first.close(4001, 'gateway auth changed');
  const paused = await waitForPhase(h.connection, 'paused');
  assert.deepEqual(paused.problem, {kind: 'auth-changed', message: 'gateway auth changed'});
  assert.equal(h.clock.pendingCount, 0);

  h.connection.retryNow();
  const second = await server.nextConnection();
  second.helloOk();
  const connected = await waitForPhase(h.connection, 'connected');
  assert.equal(connected.problem, undefined);
});

test('backoff starts over after a successful hello', async (t) => {
  const {server, h, conn: first} = await connectedPair(t);
  first.terminate();
  const one = await waitForStatus(
    h.connection,
    (s) => s.phase === 'reconnecting' && s.attempt === 1,
  );
  h.clock.advance(one.retryInMs ?? 0);
  const second = await server.nextConnection();
  second.terminate();
  const two = await waitForStatus(
    h.connection,
    (s) => s.phase === 'reconnecting' && s.attempt === 2,
  );
  assert.equal(two.retryInMs, 2000);
  h.clock.advance(2000);
  const third = await server.nextConnection();
  third.helloOk();
  await waitForPhase(h.connection, 'connected');
  third.terminate();
  const again = await waitForPhase(h.connection, 'reconnecting');
  assert.equal(again.retryInMs, 1000);
  assert.equal(again.problem?.kind === 'other' && again.problem.code, 'CONNECTION_LOST');
});

test('stop() closes with 1000, clears every timer and resolves once closed', async (t) => {
  const server = await TestGatewayServer.start();
  t.after(() => server.close());
  const h = connectTo(server.url);
  h.connection.start();
  const conn = await server.nextConnection();
  conn.helloOk({tickIntervalMs: 1000});
  await h.connection.ready();
  assert.equal(h.clock.pendingCount, 1); // the tick watchdog

  await h.connection.stop();
  assert.equal(h.connection.status.phase, 'stopped');
  assert.equal(h.clock.pendingCount, 0);
  assert.deepEqual(await conn.closed, {code: 1000, reason: 'client stopping'});
  // Stopping again is harmless.
  await h.connection.stop();
});

test('stop() while waiting to reconnect cancels the retry', async (t) => {
  const server = await TestGatewayServer.start();
  t.after(() => server.close());
  const h = connectTo(server.url);
  h.connection.start();
  const conn = await server.nextConnection();
  conn.terminate();
  await waitForPhase(h.connection, 'reconnecting');
  assert.equal(h.clock.pendingCount, 1);
  await h.connection.stop();
  assert.equal(h.clock.pendingCount, 0);
  assert.equal(h.connection.status.phase, 'stopped');
  await assert.rejects(h.connection.ready(), /stopped/);
});

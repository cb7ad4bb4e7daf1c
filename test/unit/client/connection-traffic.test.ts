import assert from 'node:assert/strict';
import {test, type TestContext} from 'node:test';
import type {EventFrame, InvalidFrame} from '../../../source/protocol/frames.ts';
import {RequestError, type SequenceGap} from '../../../source/client/types.ts';
import {TestGatewayServer, type TestConnection} from '../../support/ws-test-server.ts';
import {connectTo, nextEmission, waitForPhase, type Harness, connectedPair} from './harness.ts';

const connected = async (
  t: TestContext,
  options: Parameters<typeof connectTo>[1] = {},
  hello: Parameters<TestConnection['helloOk']>[0] = {},
): Promise<{h: Harness; conn: TestConnection; server: TestGatewayServer}> => {
  const {server, h, conn} = await connectedPair(t, options);
  conn.helloOk(hello);
  await h.connection.ready();
  return {h, conn, server};
};

test('requests before hello are refused as not connected', async () => {
  const h = connectTo('ws://127.0.0.1:9');
  await assert.rejects(h.connection.request('health'), (error: unknown) => {
    assert.ok(error instanceof RequestError);
    assert.equal(error.code, 'NOT_CONNECTED');
    assert.equal(error.outcome, 'disconnected');
    return true;
  });
});

test('responses are matched by id, in whatever order they come; ok:false rejects with the gateway error', async (t) => {
  const {h, conn} = await connected(t);
  const a = h.connection.request<string>('sessions.list', {limit: 5});
  const b = h.connection.request<string>('health');
  const c = h.connection.request('device.pair.list', {});
  const reqA = await conn.nextRequest('sessions.list');
  const reqB = await conn.nextRequest('health');
  const reqC = await conn.nextRequest('device.pair.list');
  assert.deepEqual(reqA.params, {limit: 5});
  assert.equal('params' in reqB, false);
  assert.equal(new Set([conn.connect?.id, reqA.id, reqB.id, reqC.id]).size, 4);

  conn.respond(reqB.id, 'B');
  conn.respondError(reqC.id, {
    code: 'FORBIDDEN',
    message: 'missing scope: operator.pairing',
    details: {code: 'MISSING_SCOPE', missingScope: 'operator.pairing'},
  });
  conn.respond(reqA.id, 'A');
  assert.equal(await a, 'A');
  assert.equal(await b, 'B');
  await assert.rejects(c, (error: unknown) => {
    assert.ok(error instanceof RequestError);
    assert.equal(error.code, 'FORBIDDEN');
    assert.equal(error.outcome, 'rejected');
    assert.equal(error.details?.missingScope, 'operator.pairing');
    return true;
  });
});

test('a request without an answer times out; the late answer is ignored', async (t) => {
  const {h, conn} = await connected(t);
  const slow = h.connection.request('logs.tail', {}, {timeoutMs: 500});
  const req = await conn.nextRequest('logs.tail');
  h.clock.advance(499);
  h.clock.advance(1);
  await assert.rejects(slow, (error: unknown) => {
    assert.ok(error instanceof RequestError);
    assert.equal(error.outcome, 'timeout');
    return true;
  });
  conn.respond(req.id, 'late');
  const next = h.connection.request('health');
  conn.respond((await conn.nextRequest('health')).id, 'fine');
  assert.equal(await next, 'fine');
  assert.equal(h.connection.status.phase, 'connected');
});

test('pending requests reject as disconnected when the socket closes', async (t) => {
  const {h, conn} = await connected(t);
  const pending = h.connection.request('sessions.abort', {key: 'k'});
  await conn.nextRequest('sessions.abort');
  conn.terminate();
  await assert.rejects(pending, (error: unknown) => {
    assert.ok(error instanceof RequestError);
    assert.equal(error.outcome, 'disconnected');
    return true;
  });
  await waitForPhase(h.connection, 'reconnecting');
});

test('garbage frames become invalidFrame notifications and the connection keeps working', async (t) => {
  const {h, conn} = await connected(t);
  const invalid: InvalidFrame[] = [];
  h.connection.on('invalidFrame', (frame) => invalid.push(frame));
  const fourth = nextEmission(h.connection, 'invalidFrame', () => invalid.length === 4);
  conn.sendRaw('not json {');
  conn.sendRaw('[1,2,3]');
  conn.sendRaw('{"type":"mystery"}');
  conn.sendRaw('{"type":"res","ok":true}');
  await fourth;
  assert.deepEqual(
    invalid.map((frame) => frame.reason),
    ['not JSON', 'not an object', 'unknown frame type', 'response without id'],
  );
  const health = h.connection.request('health');
  conn.respond((await conn.nextRequest('health')).id, {ok: true});
  assert.deepEqual(await health, {ok: true});
});

test('sequence gaps are reported per socket and the counter resets on reconnect', async (t) => {
  const {h, conn, server} = await connected(t);
  const gaps: SequenceGap[] = [];
  const events: EventFrame[] = [];
  h.connection.on('gap', (gap) => gaps.push(gap));
  h.connection.on('event', (frame) => events.push(frame));

  const third = nextEmission(h.connection, 'event', () => events.length === 3);
  conn.event('presence', {presence: []}, 1);
  conn.event('health', {ok: true}, 2);
  conn.event('sessions.changed', {sessionKey: 'k'}, 5);
  await third;
  assert.deepEqual(gaps, [{expected: 3, received: 5, at: h.clock.now()}]);

  conn.terminate();
  const waiting = await waitForPhase(h.connection, 'reconnecting');
  h.clock.advance(waiting.retryInMs ?? 0);
  const second = await server.nextConnection();
  second.helloOk();
  await waitForPhase(h.connection, 'connected');
  const fifth = nextEmission(h.connection, 'event', () => events.length === 5);
  second.event('tick', {ts: 1}, 1);
  second.event('tick', {ts: 2}, 3);
  await fifth;
  assert.deepEqual(
    gaps.map(({expected, received}) => [expected, received]),
    [
      [3, 5],
      [2, 3],
    ],
  );
});

test('tick watchdog: any frame is liveness; 2× tickIntervalMs of silence closes 4000 and reconnects', async (t) => {
  const {h, conn} = await connected(t, {}, {tickIntervalMs: 1000});
  h.clock.advance(1500);
  const tick = nextEmission(h.connection, 'event', (frame) => frame.event === 'tick');
  conn.event('tick', {ts: 1}, 1);
  await tick;
  h.clock.advance(1500); // 3000: 1500 since the tick
  assert.equal(h.connection.status.phase, 'connected');
  h.clock.advance(500); // 3500: 2000 since the tick
  const waiting = await waitForPhase(h.connection, 'reconnecting');
  assert.deepEqual(waiting.lastClose, {code: 4000, reason: 'tick timeout'});
  assert.equal(waiting.problem?.kind === 'other' && waiting.problem.code, 'TICK_TIMEOUT');
  assert.equal((await conn.closed).code, 4000);
});

test('a frame above maxPayload ends the socket with a clear problem, then reconnects', async (t) => {
  const {h, conn, server} = await connected(t, {maxPayload: 4096});
  conn.event('sessions.changed', {blob: 'x'.repeat(10_000)}, 1);
  const waiting = await waitForPhase(h.connection, 'reconnecting');
  assert.deepEqual(waiting.problem, {
    kind: 'other',
    code: 'PAYLOAD_TOO_LARGE',
    message: 'the gateway sent a frame larger than the console accepts',
  });
  h.clock.advance(waiting.retryInMs ?? 0);
  const second = await server.nextConnection();
  second.helloOk();
  await waitForPhase(h.connection, 'connected');
});

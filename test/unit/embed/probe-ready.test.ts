import assert from 'node:assert/strict';
import {after, test} from 'node:test';
import {WebSocketServer} from 'ws';
import {createProbeReady, probeChallenge} from '../../../source/embed/probe-ready.ts';
import {freePort} from './helpers.ts';

type Reply = (frame: {
  id: string;
  params: Record<string, unknown>;
}) => {ok: true} | {ok: false; error: Record<string, unknown>; close?: [number, string]};

const servers: WebSocketServer[] = [];
after(() => {
  for (const server of servers) server.close();
});

/** A scripted gateway: challenge first, then `reply` decides each connect. */
const gateway = (port: number, reply: Reply, challenge = true) => {
  const connects: Record<string, unknown>[] = [];
  const server = new WebSocketServer({host: '127.0.0.1', port});
  servers.push(server);
  server.on('connection', (socket) => {
    if (challenge) {
      socket.send(
        JSON.stringify({type: 'event', event: 'connect.challenge', payload: {nonce: 'n', ts: 1}}),
      );
    }
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as {id: string; params: Record<string, unknown>};
      connects.push(frame.params);
      const answer = reply(frame);
      if (answer.ok) {
        socket.send(
          JSON.stringify({type: 'res', id: frame.id, ok: true, payload: {type: 'hello-ok'}}),
        );
        return;
      }
      socket.send(JSON.stringify({type: 'res', id: frame.id, ok: false, error: answer.error}));
      if (answer.close) socket.close(...answer.close);
    });
  });
  return {server, connects};
};

const unavailable = {
  ok: false as const,
  error: {
    code: 'UNAVAILABLE',
    message: 'gateway starting',
    details: {reason: 'startup-sidecars'},
    retryAfterMs: 50,
  },
  close: [1013, 'gateway starting'] as [number, string],
};

test('retries UNAVAILABLE startup-sidecars, then resolves on hello-ok', async () => {
  const port = await freePort();
  let calls = 0;
  const {connects} = gateway(port, () => (++calls < 3 ? unavailable : {ok: true}));
  const result = await createProbeReady({token: 't0k'})(`ws://127.0.0.1:${port}`, {
    signal: new AbortController().signal,
  });
  assert.equal(calls, 3);
  assert.equal(typeof result.challengeMs, 'number');
  assert.ok((result.helloMs ?? -1) >= result.challengeMs);
  assert.equal(result.refused, undefined);
  const first = connects[0] as {
    client: {id: string; mode: string};
    auth: unknown;
    device?: unknown;
  };
  assert.equal(first.client.id, 'gateway-client');
  assert.equal(first.client.mode, 'backend');
  assert.deepEqual(first.auth, {token: 't0k'});
  assert.equal(first.device, undefined);
});

test('waits for a listener that is not there yet', async () => {
  const port = await freePort();
  const url = `ws://127.0.0.1:${port}`;
  setTimeout(() => gateway(port, () => ({ok: true})), 400);
  const result = await createProbeReady()(url, {signal: new AbortController().signal});
  assert.ok(result.challengeMs >= 300);
  assert.ok(result.helloMs !== undefined);
});

test('a refused connect ends the probe: the gateway is serving, the credentials are not ours', async () => {
  const port = await freePort();
  gateway(port, () => ({
    ok: false,
    error: {
      code: 'INVALID_REQUEST',
      message: 'unauthorized',
      details: {code: 'AUTH_TOKEN_MISMATCH'},
    },
    close: [1008, 'unauthorized'],
  }));
  const result = await createProbeReady({token: 'wrong'})(`ws://127.0.0.1:${port}`, {
    signal: new AbortController().signal,
  });
  assert.equal(result.helloMs, undefined);
  assert.deepEqual(result.refused, {code: 'AUTH_TOKEN_MISMATCH', message: 'unauthorized'});
});

test('sends no auth at all when there is no secret', async () => {
  const port = await freePort();
  const {connects} = gateway(port, () => ({ok: true}));
  await createProbeReady()(`ws://127.0.0.1:${port}`, {signal: new AbortController().signal});
  assert.equal('auth' in (connects[0] ?? {}), false);
});

test('abort stops the probe with an AbortError', async () => {
  const port = await freePort();
  const controller = new AbortController();
  const probe = createProbeReady()(`ws://127.0.0.1:${port}`, {signal: controller.signal});
  setTimeout(() => controller.abort(), 200);
  await assert.rejects(probe, {name: 'AbortError'});
});

test('probeChallenge: true for a gateway, false for silence or nothing', async () => {
  const port = await freePort();
  gateway(port, () => ({ok: true}));
  assert.equal(
    await probeChallenge(`ws://127.0.0.1:${port}`, {signal: AbortSignal.timeout(2000)}),
    true,
  );

  const quiet = await freePort();
  gateway(quiet, () => ({ok: true}), false);
  assert.equal(
    await probeChallenge(`ws://127.0.0.1:${quiet}`, {signal: AbortSignal.timeout(300)}),
    false,
  );

  const nobody = await freePort();
  assert.equal(
    await probeChallenge(`ws://127.0.0.1:${nobody}`, {signal: AbortSignal.timeout(2000)}),
    false,
  );
});

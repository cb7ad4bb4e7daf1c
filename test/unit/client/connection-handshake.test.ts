import assert from 'node:assert/strict';
import os from 'node:os';
import {test} from 'node:test';
import {ConnectError} from '../../../source/client/connect-problem.ts';
import {DEFAULT_CAPS} from '../../../source/client/connection.ts';
import {
  deviceIdentityFromKeyPair,
  generateDeviceKeyPair,
} from '../../../source/client/device-identity.ts';
import type {HelloInfo} from '../../../source/protocol/types.ts';
import {TestGatewayServer, verifyConnectSignature} from '../../support/ws-test-server.ts';
import {connectTo, waitForPhase, scriptedPair, connectedPair} from './harness.ts';

const SCOPES = ['operator.read', 'operator.write', 'operator.approvals', 'operator.pairing'];

test('signs v3 over the challenge, sends the documented connect params, persists and hides the device token', async (t) => {
  const {server, h} = await scriptedPair(t, {auth: {token: 'shared-secret'}});
  const hellos: HelloInfo[] = [];
  h.connection.on('hello', (hello) => hellos.push(hello));
  h.connection.start();

  const conn = await server.nextConnection();
  conn.assertSigned();
  const params = conn.params;
  assert.equal(params.minProtocol, 3);
  assert.equal(params.maxProtocol, 4);
  assert.equal(params.role, 'operator');
  assert.deepEqual(params.scopes, SCOPES);
  assert.deepEqual(params.caps, [...DEFAULT_CAPS]);
  assert.deepEqual(params.auth, {token: 'shared-secret'});
  assert.equal(params.client.id, 'openclaw-tui');
  assert.equal(params.client.mode, 'ui');
  assert.equal(params.client.version, '0.1.0-test');
  assert.equal(params.client.platform, process.platform);
  assert.equal(params.client.displayName, `openclaw-tui console (${os.hostname()})`);
  assert.match(String(params.client.instanceId), /^[0-9a-f-]{36}$/);
  assert.equal(params.device.id, h.identity.deviceId);
  assert.equal(params.device.publicKey, h.identity.publicKey);
  assert.equal(params.device.signedAt, conn.challenge.ts);
  assert.equal(params.device.nonce, conn.challenge.nonce);

  conn.helloOk({deviceToken: 'dt-secret-1', scopes: SCOPES});
  const hello = await h.connection.ready();
  assert.equal(hello.protocol, 4);
  assert.equal(hello.mainSessionKey, 'agent:main:main');
  assert.equal('deviceToken' in hello, false);
  assert.equal(JSON.stringify(hellos).includes('dt-secret-1'), false);
  assert.equal(JSON.stringify(h.statuses).includes('dt-secret-1'), false);
  assert.equal(h.connection.status.phase, 'connected');
  assert.deepEqual(h.connection.scopes, SCOPES);
  assert.deepEqual(
    h.tokens.load({gateway: server.url, deviceId: h.identity.deviceId, role: 'operator'}),
    {token: 'dt-secret-1', scopes: SCOPES},
  );
});

test('the test gateway really checks the signature: a wrong signer is caught', async (t) => {
  const server = await TestGatewayServer.start();
  t.after(() => server.close());
  const real = deviceIdentityFromKeyPair(generateDeviceKeyPair());
  // Signs a payload other than the one the gateway rebuilds.
  const forger = {...real, sign: (payload: string) => real.sign(`${payload}x`)};
  const h = connectTo(server.url, {identity: forger});
  t.after(() => h.connection.stop());
  h.connection.start();
  const conn = await server.nextConnection();
  assert.deepEqual(conn.signature, {ok: false, why: 'signature invalid'});
  assert.throws(() => conn.helloOk(), /signature invalid/);
  assert.deepEqual(
    verifyConnectSignature({...conn.params, scopes: ['operator.admin']}, conn.challenge).ok,
    false,
  );
});

test('without a shared secret or stored token no auth is sent (never empty strings)', async (t) => {
  const {conn} = await connectedPair(t, {auth: {token: '', password: ''}});
  conn.assertSigned();
  assert.equal(conn.params.auth, undefined);
});

test('a password goes in auth.password and is not part of the signature', async (t) => {
  const {conn} = await connectedPair(t, {auth: {password: 'pw'}});
  conn.assertSigned();
  assert.deepEqual(conn.params.auth, {password: 'pw'});
});

test('reconnect after a drop presents the stored device token in token and deviceToken', async (t) => {
  const {server, h} = await scriptedPair(t);
  h.connection.start();

  const first = await server.nextConnection();
  assert.equal(first.params.auth, undefined);
  first.helloOk({deviceToken: 'dt-9', scopes: SCOPES});
  await h.connection.ready();

  first.terminate();
  const waiting = await waitForPhase(h.connection, 'reconnecting');
  assert.equal(waiting.retryInMs, 1000);
  h.clock.advance(1000);

  const second = await server.nextConnection();
  second.assertSigned();
  assert.deepEqual(second.params.auth, {token: 'dt-9', deviceToken: 'dt-9'});
  assert.equal(second.params.device.id, first.params.device.id);
  assert.notEqual(second.challenge.nonce, first.challenge.nonce);
  second.helloOk({deviceToken: 'dt-9', scopes: ['operator.read']});
  await waitForPhase(h.connection, 'connected');
  // Same token again: the stored record (and its scopes) is left alone.
  assert.equal(h.tokens.saves, 1);
  assert.deepEqual(
    h.tokens.load({gateway: server.url, deviceId: h.identity.deviceId, role: 'operator'})?.scopes,
    SCOPES,
  );
});

test('pairing required: keeps retrying every 5–10 s with the same identity and scopes, then connects', async (t) => {
  const {server, h} = await scriptedPair(t);
  h.connection.start();

  const first = await server.nextConnection();
  first.rejectConnect(
    {
      code: 'NOT_PAIRED',
      message: 'pairing required: device is not approved yet',
      details: {
        code: 'PAIRING_REQUIRED',
        reason: 'not-paired',
        requestId: 'req-1',
        deviceId: h.identity.deviceId,
        requestedRole: 'operator',
        requestedScopes: SCOPES,
        recommendedNextStep: 'wait_then_retry',
        pauseReconnect: false,
      },
    },
    {code: 1008, reason: 'pairing required: device is not approved yet (requestId: req-1)'},
  );
  const waiting = await waitForPhase(h.connection, 'reconnecting');
  assert.equal(waiting.retryInMs, 7500);
  assert.equal(waiting.problem?.kind, 'pairing-required');
  assert.equal(waiting.problem?.kind === 'pairing-required' && waiting.problem.requestId, 'req-1');
  assert.deepEqual(waiting.lastClose, {
    code: 1008,
    reason: 'pairing required: device is not approved yet (requestId: req-1)',
  });

  h.clock.advance(7500);
  const second = await server.nextConnection();
  second.assertSigned();
  assert.equal(second.params.device.publicKey, first.params.device.publicKey);
  assert.deepEqual(second.params.scopes, first.params.scopes);
  // While the retry runs, the pending pairing stays on screen.
  assert.equal(h.connection.status.phase, 'connecting');
  assert.equal(h.connection.status.problem?.kind, 'pairing-required');

  second.helloOk({deviceToken: 'dt-approved'});
  const connected = await waitForPhase(h.connection, 'connected');
  assert.equal(connected.problem, undefined);
});

test('pairing required in the protocol-3 shape (no requestId) is still pairing, not an error', async (t) => {
  const {h, conn} = await connectedPair(t);
  conn.rejectConnect(
    {
      code: 'NOT_PAIRED',
      message: 'pairing required',
      details: {code: 'PAIRING_REQUIRED', reason: 'not-paired'},
    },
    {code: 1008, reason: 'pairing required'},
  );
  const waiting = await waitForPhase(h.connection, 'reconnecting');
  assert.deepEqual(waiting.problem, {
    kind: 'pairing-required',
    message: 'pairing required',
    reason: 'not-paired',
    requestedScopes: [],
    approvedScopes: [],
  });
});

test('a wrong token pauses (no timer, no new socket) until retryNow()', async (t) => {
  const {server, h, conn: first} = await connectedPair(t, {auth: {token: 'wrong'}});
  first.rejectConnect(
    {
      code: 'INVALID_REQUEST',
      message: 'unauthorized: gateway token mismatch',
      details: {code: 'AUTH_TOKEN_MISMATCH', recommendedNextStep: 'update_auth_credentials'},
    },
    {code: 1008, reason: 'unauthorized'},
  );
  const paused = await waitForPhase(h.connection, 'paused');
  assert.equal(paused.problem?.kind, 'auth');
  assert.equal(h.clock.pendingCount, 0);
  assert.equal(server.connections.length, 1);

  h.connection.retryNow();
  const second = await server.nextConnection();
  assert.equal(second.index, 1);
});

test('AUTH_DEVICE_TOKEN_MISMATCH clears the stored token and retries without it', async (t) => {
  const {server, h} = await scriptedPair(t);
  const key = {gateway: server.url, deviceId: h.identity.deviceId, role: 'operator'};
  h.tokens.save(key, {token: 'stale', scopes: ['operator.read']});
  h.connection.start();

  const first = await server.nextConnection();
  assert.deepEqual(first.params.auth, {token: 'stale', deviceToken: 'stale'});
  first.rejectConnect(
    {
      code: 'INVALID_REQUEST',
      message: 'unauthorized: device token mismatch',
      details: {code: 'AUTH_DEVICE_TOKEN_MISMATCH'},
    },
    {code: 1008, reason: 'unauthorized'},
  );
  const waiting = await waitForPhase(h.connection, 'reconnecting');
  assert.equal(h.tokens.load(key), undefined);
  h.clock.advance(waiting.retryInMs ?? 0);
  const second = await server.nextConnection();
  second.assertSigned();
  assert.equal(second.params.auth, undefined);
});

test('protocol mismatch (error + 1002) pauses with the expected protocol', async (t) => {
  const {h, conn} = await connectedPair(t);
  conn.rejectConnect(
    {
      code: 'INVALID_REQUEST',
      message: 'protocol mismatch',
      details: {code: 'PROTOCOL_MISMATCH', expectedProtocol: 5},
    },
    {code: 1002, reason: 'protocol mismatch'},
  );
  const paused = await waitForPhase(h.connection, 'paused');
  assert.deepEqual(paused.problem, {
    kind: 'protocol-mismatch',
    message: 'protocol mismatch',
    expectedProtocol: 5,
  });
  assert.equal(h.clock.pendingCount, 0);
});

test('a bare 1002 close before any answer also pauses', async (t) => {
  const {h, conn} = await connectedPair(t);
  conn.close(1002, 'protocol mismatch');
  const paused = await waitForPhase(h.connection, 'paused');
  assert.equal(paused.problem?.kind, 'protocol-mismatch');
});

test('an ok connect without a readable hello-ok is a protocol problem, not a crash', async (t) => {
  const {h, conn} = await connectedPair(t);
  conn.respond(conn.connect?.id ?? '', {type: 'welcome'});
  const paused = await waitForPhase(h.connection, 'paused');
  assert.equal(paused.problem?.kind, 'protocol-mismatch');
  assert.equal((await conn.closed).code, 1002);
});

test('no connect.challenge within 15 s: the socket is given up and retried', async (t) => {
  const server = await TestGatewayServer.start({challenge: false});
  t.after(() => server.close());
  const h = connectTo(server.url);
  t.after(() => h.connection.stop());
  h.connection.start();
  const conn = await server.nextConnection();
  h.clock.advance(14_999);
  assert.equal(h.connection.status.phase, 'connecting');
  h.clock.advance(1);
  const waiting = await waitForPhase(h.connection, 'reconnecting');
  assert.equal(waiting.problem?.kind, 'unreachable');
  assert.match(
    waiting.problem?.kind === 'unreachable' ? waiting.problem.detail : '',
    /no connect\.challenge/,
  );
  // 1000, or 1006 when the client had not yet seen the upgrade answer and simply dropped it.
  assert.ok([1000, 1006].includes((await conn.closed).code));
});

test('one-shot: an auth failure rejects ready() with the problem and stops', async (t) => {
  const {server, h} = await scriptedPair(t, {reconnect: false, auth: {token: 'wrong'}});
  const ready = h.connection.ready();
  h.connection.start();
  const conn = await server.nextConnection();
  conn.rejectConnect(
    {
      code: 'INVALID_REQUEST',
      message: 'unauthorized: gateway token missing',
      details: {code: 'AUTH_TOKEN_MISSING'},
    },
    {code: 1008, reason: 'unauthorized'},
  );
  await assert.rejects(ready, (error: unknown) => {
    assert.ok(error instanceof ConnectError);
    assert.equal(error.problem.kind, 'auth');
    assert.match(error.message, /OPENCLAW_GATEWAY_TOKEN/);
    assert.doesNotMatch(error.message, /wrong/);
    return true;
  });
  assert.equal(h.connection.status.phase, 'stopped');
  assert.equal(h.clock.pendingCount, 0);
  await assert.rejects(h.connection.ready(), ConnectError);
});

test('one-shot: a gateway that is still starting is ridden out, then ready() resolves', async (t) => {
  const {server, h, conn: first} = await connectedPair(t, {reconnect: false});
  first.rejectConnect(
    {
      code: 'UNAVAILABLE',
      message: 'gateway starting',
      retryable: true,
      retryAfterMs: 500,
      details: {reason: 'startup-sidecars'},
    },
    {code: 1013, reason: 'gateway starting'},
  );
  const waiting = await waitForPhase(h.connection, 'reconnecting');
  assert.equal(waiting.retryInMs, 500);
  h.clock.advance(500);
  const second = await server.nextConnection();
  second.helloOk();
  assert.equal((await h.connection.ready()).protocol, 4);
});

test('one-shot: an unreachable gateway rejects ready() with the URL and ECONNREFUSED', async (t) => {
  const server = await TestGatewayServer.start();
  const url = server.url;
  await server.close();
  const h = connectTo(url, {reconnect: false});
  t.after(() => h.connection.stop());
  h.connection.start();
  await assert.rejects(h.connection.ready(), (error: unknown) => {
    assert.ok(error instanceof ConnectError);
    assert.equal(error.problem.kind, 'unreachable');
    assert.match(error.message, new RegExp(`${url.replace(/[.]/g, '\\.')}.*ECONNREFUSED`));
    return true;
  });
});

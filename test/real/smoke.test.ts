// Layer-3 smoke test: the real gateway started by test/real/run.ts accepts a device-signed
// operator connection (protocol 4), answers sessions.list, refuses a bad signature, and runs an
// agent turn against the scripted fake LLM. Uses the minimal raw client on purpose.
import assert from 'node:assert/strict';
import {randomUUID} from 'node:crypto';
import {test} from 'node:test';
import {fakeLlmScript} from '../support/fake-llm.ts';
import {connectReady, openRaw, RawRequestError} from '../support/raw-client.ts';
import {readRealGatewayEnv} from '../support/real-gateway.ts';

const gateway = readRealGatewayEnv();

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

test('a device-signed operator gets hello-ok protocol 4 and can list sessions', async (t) => {
  const client = await connectReady(gateway.url, {
    token: gateway.token,
    clientId: 'cli',
    clientMode: 'cli',
    displayName: 'oct-smoke',
    scopes: ['operator.read'],
  });
  t.after(() => client.close());

  const hello = client.hello;
  assert.ok(hello, 'no hello-ok payload');
  assert.equal(hello.type, 'hello-ok');
  assert.equal(hello.protocol, 4);
  assert.ok(isRecord(hello.auth), 'hello-ok without auth');
  assert.equal(hello.auth.role, 'operator');
  assert.deepEqual(hello.auth.scopes, ['operator.read']);

  const list = await client.call('sessions.list', {});
  assert.ok(isRecord(list), 'sessions.list payload is not an object');
  assert.ok(Array.isArray(list.sessions), 'sessions.list has no sessions array');
  for (const row of list.sessions) {
    assert.ok(isRecord(row) && typeof row.key === 'string', 'a session row without a key');
  }
});

test('a connect signed over a different payload is refused', async (t) => {
  const client = await openRaw(gateway.url);
  t.after(() => client.close());
  const res = await client.connect({
    token: gateway.token,
    scopes: ['operator.read'],
    signedPayload: (payload) => payload.replace(/\|linux\|/, '|darwin|'),
  });
  assert.equal(res.ok, false);
  assert.equal(res.error?.details?.code, 'DEVICE_AUTH_SIGNATURE_INVALID');
});

test('an agent turn is answered by the scripted fake LLM', async (t) => {
  assert.ok(gateway.fakeLlmUrl, 'the runner started no fake LLM');
  const client = await connectReady(gateway.url, {
    token: gateway.token,
    displayName: 'oct-smoke-writer',
    scopes: ['operator.read', 'operator.write'],
  });
  t.after(() => client.close());
  const mainKey = 'agent:main:main';
  const marker = `SMOKE_${randomUUID().slice(0, 8)}`;
  const since = client.mark();
  const ack = await client.call('chat.send', {
    sessionKey: mainKey,
    message: `smoke: ${fakeLlmScript.reply(marker)}`,
    idempotencyKey: randomUUID(),
  });
  assert.ok(isRecord(ack) && typeof ack.runId === 'string', 'chat.send gave no runId');
  const final = await client.waitEvent(
    (e) =>
      e.event === 'chat' &&
      isRecord(e.payload) &&
      e.payload.runId === ack.runId &&
      (e.payload.state === 'final' || e.payload.state === 'error'),
    90_000,
    since,
  );
  assert.ok(isRecord(final.payload));
  assert.equal(final.payload.state, 'final', JSON.stringify(final.payload).slice(0, 500));
  assert.match(JSON.stringify(final.payload.message), new RegExp(marker));
});

test('the raw client reports a refused connect as RawRequestError', async () => {
  await assert.rejects(
    connectReady(
      gateway.url,
      {token: 'not-the-token', scopes: ['operator.read']},
      {deadlineMs: 20_000},
    ),
    (error: unknown) => error instanceof RawRequestError && error.error?.code === 'INVALID_REQUEST',
  );
});

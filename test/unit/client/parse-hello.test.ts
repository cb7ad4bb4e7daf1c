import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseHello} from '../../../source/protocol/parse-hello.ts';

// Trimmed from a real 2026.9.6 hello-ok (captures/basic.jsonl); the device token is made up.
const realHello = {
  type: 'hello-ok',
  protocol: 4,
  server: {version: '2026.9.6', buildId: 'b', bootId: 'x', connId: '28052b55'},
  features: {methods: ['health', 'logs.tail', 42], events: ['tick', 'agent']},
  snapshot: {
    suspension: {phase: 'accepting'},
    presence: [],
    health: {ok: true},
    stateVersion: {presence: 1, health: 3},
    uptimeMs: 23503,
    sessionDefaults: {
      defaultAgentId: 'main',
      mainKey: 'main',
      mainSessionKey: 'agent:main:main',
      scope: 'per-sender',
    },
    configPath: '/tmp/ocgw/openclaw.json',
    stateDir: '/tmp/ocgw/state',
    authMode: 'token',
  },
  controlUiWidgetKinds: [],
  auth: {
    method: 'token',
    role: 'operator',
    scopes: ['operator.read', 'operator.admin'],
    recoveryScope: 'r',
    deviceToken: 'dt-made-up',
    issuedAtMs: 1795609444418,
  },
  policy: {maxPayload: 26214400, maxBufferedBytes: 52428800, tickIntervalMs: 30000},
};

test('parses a real 9.6 hello-ok', () => {
  assert.deepEqual(parseHello(realHello), {
    protocol: 4,
    serverVersion: '2026.9.6',
    connId: '28052b55',
    methods: ['health', 'logs.tail'],
    events: ['tick', 'agent'],
    role: 'operator',
    scopes: ['operator.read', 'operator.admin'],
    authMethod: 'token',
    deviceToken: 'dt-made-up',
    tickIntervalMs: 30000,
    maxPayload: 26214400,
    uptimeMs: 23503,
    mainSessionKey: 'agent:main:main',
    defaultAgentId: 'main',
    configPath: '/tmp/ocgw/openclaw.json',
    stateDir: '/tmp/ocgw/state',
    authMode: 'token',
  });
});

test('a protocol-3 hello without auth stands the requested scopes in for the granted ones', () => {
  const hello = parseHello(
    {type: 'hello-ok', protocol: 3, policy: {tickIntervalMs: 15000}},
    {requestedScopes: ['operator.read']},
  );
  assert.deepEqual(hello, {
    protocol: 3,
    methods: [],
    events: [],
    scopes: ['operator.read'],
    tickIntervalMs: 15000,
  });
});

test('anything that is not a hello-ok gives undefined, never a throw', () => {
  for (const payload of [
    undefined,
    null,
    'hello-ok',
    [],
    {type: 'hello'},
    {type: 'hello-ok'},
    {type: 'hello-ok', protocol: '4'},
  ]) {
    assert.equal(parseHello(payload), undefined);
  }
  assert.equal(
    parseHello({type: 'hello-ok', protocol: 4, policy: {tickIntervalMs: -1}})?.tickIntervalMs,
    30000,
  );
});

// The Fleet row's state is decided from one gateway's connection slice: a verdict (auth, pairing)
// outranks the client's retry phase; a drop with no verdict is "reconnecting n".

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createGatewayState, gatewayReducer} from '../../../source/state/gateway-slice.ts';
import {fleetRowOf, fleetRowState} from '../../../source/state/fleet-rows.ts';
import type {GatewayState} from '../../../source/state/model.ts';

const base = createGatewayState({
  url: 'ws://10.0.0.7:18789',
  urlSource: 'gateways.json5',
  credentialSource: 'tokenEnv STAGING_TOKEN',
});

const hello = {
  protocol: 3,
  serverVersion: '2026.4.1',
  methods: [],
  events: [],
  scopes: ['operator.read'],
  tickIntervalMs: 30_000,
};

const after = (...actions: Parameters<typeof gatewayReducer>[1][]): GatewayState =>
  actions.reduce(gatewayReducer, base);

test('fleet row state: table', () => {
  const cases: Array<[string, GatewayState, string]> = [
    ['idle', base, 'connecting'],
    ['connected', after({type: 'gateway/connected', hello, at: 1}), 'connected'],
    [
      'dropped, retrying',
      after(
        {type: 'gateway/connected', hello, at: 1},
        {type: 'gateway/disconnected', code: 1006, reason: '', next: 'reconnecting', at: 2},
        {
          type: 'gateway/problem',
          problem: {kind: 'unreachable', url: base.url, detail: 'ECONNREFUSED'},
          at: 2,
        },
      ),
      'reconnecting',
    ],
    [
      'token refused',
      after(
        {type: 'gateway/disconnected', code: 1008, reason: '', next: 'reconnecting', at: 2},
        {
          type: 'gateway/problem',
          problem: {kind: 'auth', code: 'AUTH_TOKEN_MISMATCH', message: 'unauthorized'},
          at: 2,
        },
      ),
      'auth-error',
    ],
    [
      'wants pairing',
      after({
        type: 'gateway/problem',
        problem: {
          kind: 'pairing-required',
          message: 'pairing required',
          requestId: 'r1',
          requestedScopes: [],
          approvedScopes: [],
        },
        at: 2,
      }),
      'pairing-required',
    ],
    [
      'protocol',
      after({type: 'gateway/problem', problem: {kind: 'protocol-mismatch', message: 'no'}, at: 2}),
      'refused',
    ],
    [
      'stopped',
      after({type: 'gateway/disconnected', code: 1000, reason: '', next: 'stopped', at: 2}),
      'stopped',
    ],
  ];
  for (const [what, gateway, kind] of cases) {
    assert.equal(fleetRowState(gateway).kind, kind, what);
  }
});

test('fleet row: reconnecting carries the attempt; a row after a reconnect forgets the problem', () => {
  const dropped = after(
    {type: 'gateway/connected', hello, at: 1},
    {type: 'gateway/connecting', attempt: 3, at: 5},
    {
      type: 'gateway/disconnected',
      code: 1006,
      reason: '',
      next: 'reconnecting',
      retryInMs: 2000,
      at: 6,
    },
  );
  assert.deepEqual(fleetRowState(dropped), {kind: 'reconnecting', attempt: 3, retryAt: 2006});
  const back = gatewayReducer(dropped, {type: 'gateway/connected', hello, at: 9});
  const row = fleetRowOf({
    id: 'staging',
    name: 'staging',
    gateway: back,
    sessions: {running: 2, total: 5},
    waiting: 1,
    focused: true,
  });
  assert.equal(row.problem, undefined);
  assert.equal(row.state.kind, 'connected');
  assert.equal(row.protocol, 3);
  assert.equal(row.version, '2026.4.1');
  assert.equal(row.readOnly, true, 'operator.read only is read-only');
  assert.equal(row.lastEventAt, 9, 'the hello counts as hearing from it');
});

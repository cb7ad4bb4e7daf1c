// The Fleet pane from props: one row per gateway, and under each one that does not work, why and
// how to fix it (named for that gateway); the working rows stay as they are.

import {test, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render, cleanup} from 'ink-testing-library';
import {fleetRowOf, type FleetRowInput} from '../../source/state/fleet-rows.ts';
import {type TunnelState} from '../../source/state/action-types/tunnel.ts';
import type {GatewayState} from '../../source/state/model.ts';
import {FleetPane} from '../../source/views/fleet-pane.tsx';
import {NOW, Themed, makeGateway} from './helpers.tsx';
import {lineWith} from './render-app.tsx';

afterEach(() => cleanup());

const row = (
  name: string,
  gateway: Partial<GatewayState>,
  extra: Partial<Omit<FleetRowInput, 'gateway'>> = {},
) =>
  fleetRowOf({
    id: name,
    name,
    gateway: makeGateway(gateway),
    sessions: {running: 0, total: 0},
    waiting: 0,
    focused: false,
    ...extra,
  });

const frameOf = (element: React.ReactElement): string => {
  const {lastFrame} = render(<Themed>{element}</Themed>);
  return lastFrame() ?? '';
};

test('fleet: a working gateway shows host, version, protocol, counts and last event age', () => {
  const frame = frameOf(
    <FleetPane
      rows={[
        row(
          'home',
          {host: 'home.lan:18789', serverVersion: '2026.9.6', protocol: 4},
          {sessions: {running: 3, total: 9}, waiting: 2, lastEventAt: NOW - 42_000, focused: true},
        ),
        row('staging', {host: '10.0.0.7:18789', serverVersion: '2026.4.1', protocol: 3}),
      ]}
      selected={0}
      width={130}
      height={10}
      now={NOW}
    />,
  );
  const home = lineWith(frame, 'home.lan');
  assert.match(home, /^›● home/);
  assert.match(home, /2026\.9\.6\s+4\s+connected\s+3\s+2\s+42s/);
  const staging = lineWith(frame, 'staging');
  assert.match(staging, /2026\.4\.1\s+3\s+connected/);
  assert.match(frame, /gateway\s+host\s+version\s+proto\s+state\s+run\s+wait\s+last/);
  assert.doesNotMatch(frame, /why|fix/, 'nothing to explain while every gateway works');
});

test('fleet: a gateway refusing the token says why and how to fix it; the others stay as they are', () => {
  const frame = frameOf(
    <FleetPane
      rows={[
        row('home', {}, {sessions: {running: 1, total: 2}}),
        row('vps', {
          phase: 'reconnecting',
          attempt: 4,
          host: 'vps.example:18789',
          serverVersion: undefined,
          protocol: undefined,
          problem: {
            kind: 'auth',
            code: 'AUTH_TOKEN_MISMATCH',
            message: 'unauthorized: gateway token mismatch',
          },
        }),
      ]}
      selected={0}
      width={130}
      height={10}
      now={NOW}
    />,
  );
  assert.match(lineWith(frame, 'home'), /connected\s+1/);
  assert.match(lineWith(frame, 'vps.example'), /auth error/);
  assert.match(frame, /why AUTH_TOKEN_MISMATCH: unauthorized: gateway token mismatch/);
  assert.match(frame, /fix check the token source \(tokenEnv \/ tokenFile\) of the "vps" entry/);
});

test('fleet: reconnecting n, pairing required with the exact approve command, unreachable', () => {
  const frame = frameOf(
    <FleetPane
      rows={[
        row('down', {
          phase: 'reconnecting',
          attempt: 3,
          retryAt: NOW + 4_000,
          host: 'down.lan:18789',
          problem: {kind: 'unreachable', url: 'ws://down.lan:18789', detail: 'ECONNREFUSED'},
        }),
        row('new', {
          phase: 'reconnecting',
          attempt: 2,
          host: 'new.lan:18789',
          problem: {
            kind: 'pairing-required',
            message: 'pairing required',
            requestId: 'req-7f3a',
            requestedScopes: ['operator.read'],
            approvedScopes: [],
          },
        }),
      ]}
      selected={1}
      width={140}
      height={12}
      now={NOW}
    />,
  );
  assert.match(lineWith(frame, 'down.lan:18789 '), /reconnecting 3 \(0:04\)/);
  assert.match(frame, /why cannot reach ws:\/\/down\.lan:18789: ECONNREFUSED/);
  assert.match(lineWith(frame, 'new.lan:18789 '), /pairing required/);
  assert.match(frame, /fix on new\.lan:18789: openclaw devices approve req-7f3a/);
});

/** Home connected, and `name` reconnecting behind an ssh tunnel whose forward refuses. */
const frameBehindTunnel = (name: string, tunnel: TunnelState, localPort: number): string =>
  frameOf(
    <FleetPane
      rows={[
        row('home', {}),
        row(
          name,
          {
            phase: 'reconnecting',
            attempt: 2,
            host: `${tunnel.target} (ssh)`,
            problem: {
              kind: 'unreachable',
              url: `ws://127.0.0.1:${localPort}`,
              detail: 'ECONNREFUSED',
            },
          },
          {tunnel},
        ),
      ]}
      selected={0}
      width={140}
      height={12}
      now={NOW}
    />,
  );

test('fleet: the tunnel column and ssh’s own error line when the tunnel fails', () => {
  const frame = frameBehindTunnel(
    'vps',
    {
      phase: 'restarting',
      target: 'ops@vps.example',
      attempt: 2,
      error: 'Host key verification failed.',
    },
    41234,
  );
  assert.match(frame, /tunnel/);
  assert.match(lineWith(frame, 'vps'), /ssh retry 2/);
  assert.match(frame, /why ssh to ops@vps\.example: Host key verification failed\./);
  assert.match(frame, /fix check that `ssh -o BatchMode=yes ops@vps\.example true` works/);
});

test("fleet: while ssh is still starting, the row says so, not the forward's refused connection", () => {
  const frame = frameBehindTunnel(
    'far',
    {phase: 'starting', target: 'ops@far.example', localPort: 41235},
    41235,
  );
  assert.match(lineWith(frame, 'far'), /ssh starting/);
  assert.match(frame, /why ssh to ops@far\.example is starting: the forward is not up yet/);
  assert.doesNotMatch(frame, /cannot reach ws:\/\/127\.0\.0\.1:41235/);
});

test('fleet: gateway text is sanitised and a read-only gateway is marked', () => {
  const frame = frameOf(
    <FleetPane
      rows={[
        row('evil', {
          phase: 'reconnecting',
          attempt: 1,
          host: 'x\u001b]52;c;Zm9v\u0007.lan',
          problem: {kind: 'other', code: 'X', message: 'boom\u001b[2J'},
        }),
        row('ro', {scopes: ['operator.read']}),
      ]}
      selected={0}
      width={120}
      height={10}
      now={NOW}
    />,
  );
  assert.ok(!frame.includes('\u001b'), 'no escape reaches the terminal');
  assert.match(lineWith(frame, ' ro '), /connected/);
  assert.match(frame, /ro ro/);
});

test('fleet: narrow terminals drop the least useful columns, never the state or the count waiting', () => {
  const frame = frameOf(
    <FleetPane
      rows={[row('home', {}, {waiting: 4})]}
      selected={0}
      width={50}
      height={10}
      now={NOW}
    />,
  );
  assert.doesNotMatch(frame, /version|proto|host/);
  assert.match(lineWith(frame, 'home'), /connected\s+4/);
});

test('fleet: no gateways configured says where they come from', () => {
  const frame = frameOf(<FleetPane rows={[]} selected={0} width={100} height={10} now={NOW} />);
  assert.match(frame, /gateways\.json5 or --gateway NAME=URL/);
});

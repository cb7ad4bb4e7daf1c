// Layer 3: an attached console's Gateway pane shows the real gateway's own log, read with
// logs.tail while the pane is open (tslog records read as "LEVEL words"), and keeps reading
// forward: a new device connecting makes the gateway log its (auto-approved) pairing, and that
// line must appear after the first read.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startConsole} from '../support/console-harness.tsx';
import {connectReady, makeIdentity} from '../support/raw-client.ts';
import {readRealGatewayEnv} from '../support/real-gateway.ts';

const gateway = readRealGatewayEnv();

test('console: the Gateway pane shows the attached gateway’s log, read forward as it grows', async () => {
  const tui = await startConsole({url: gateway.url, token: gateway.token});
  try {
    tui.press('4');
    const pane = await tui.waitFor(
      (f) => /log · [1-9]\d* lines? · following/.test(f) && / INFO /.test(f),
      'log lines in the Gateway pane',
      30_000,
    );
    assert.doesNotMatch(pane, /"_meta"|\{"0":/, 'records are read, not shown raw');
    // A device the gateway has never seen: its (auto-approved) pairing is logged with its id.
    const identity = makeIdentity();
    const device = await connectReady(gateway.url, {
      token: gateway.token,
      identity,
      displayName: 'oct-log-test-device',
      scopes: ['operator.read'],
    });
    try {
      await tui.waitFor(
        (f) => f.includes(`device=${identity.deviceId.slice(0, 16)}`),
        'the new device’s pairing read forward into the pane',
        30_000,
      );
    } finally {
      device.close();
    }
  } finally {
    await tui.close();
  }
});

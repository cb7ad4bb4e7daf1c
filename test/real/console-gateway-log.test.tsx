// Layer 3: an attached console's Gateway pane shows the real gateway's own log, read with
// logs.tail while the pane is open (tslog records read as "LEVEL words"), and keeps reading
// forward: the console's own hello makes the gateway log lines that must appear after it.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startConsole} from '../support/console-harness.tsx';
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
    const countOf = (f: string): number => Number(/log · (\d+) line/.exec(f)?.[1] ?? 0);
    const before = countOf(pane);
    // Each request the console makes is logged by the gateway ("⇄ res ✓ …"): reading the log is
    // itself one, so the count grows on the next polls without anything else happening.
    await tui.waitFor((f) => countOf(f) > before, 'the log read forward', 30_000);
  } finally {
    await tui.close();
  }
});

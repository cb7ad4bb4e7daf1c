// Measurement 5: the fleet. One fixture process serves N fixture gateways of 1,000 sessions each
// (own swarm and seed per gateway); the real console (own process, bundled and started as in rows
// 3-4) reads them from a gateways.json5 in its data directory (credentials by reference:
// tokenEnv), as an operator would configure a fleet. Measured:
// - RSS with 1, 5 and 10 gateways attached (the tree loaded and settled, no flood), one console
//   start each: what each added gateway costs;
// - with all N: a flood of `rate` events/s in total, split evenly over the gateways. During its
//   first half a marker every 50 ms renames the first gateway's main session, the row below the
//   selected gateway row (event-to-frame lag, as row 4); during
//   its second half `j`/`k` are typed in turn (keypress-to-frame under the flood, as row 3); CPU,
//   peak RSS, frames and bytes over the whole flood.

import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {markerLags} from './flood.ts';
import type {ConsoleBundle} from './support/console-bundle.ts';
import type {Mark} from './support/messages.ts';
import {
  consoleEnv,
  startConsole,
  startFixture,
  tempHome,
  type ConsoleHandle,
  type FixtureHandle,
} from './support/processes.ts';
import {median, percentile} from './support/stats.ts';

const MARK_EVERY_MS = 50;
const SETTLE_MS = 5000;
const DRAIN_MS = 2000;
/**
 * On screen once the console is attached: the first gateway's main session, and with two or
 * more gateways the second one's name (the tree's top level names the gateways), so a console
 * that attached to one gateway only fails the row instead of measuring a fleet of one.
 */
const readyText = (gateways: number): string => (gateways > 1 ? 'gw2' : 'bench-main');

export type FleetRss = {
  readonly gateways: number;
  readonly sessions: number;
  /** RSS once the trees were loaded and had settled (MiB). */
  readonly rssMiB: number;
  /** Peak RSS up to then (MiB). */
  readonly peakMiB: number;
};

export type FleetResult = {
  readonly gateways: number;
  readonly sessions: number;
  readonly rate: number;
  readonly seconds: number;
  readonly eventsSent: number;
  readonly achievedRate: number;
  readonly fixtureCpuShare: number;
  readonly cpuShare: number;
  readonly peakRssMiB: number;
  readonly framesPerSecond: number;
  readonly bytesPerSecond: number;
  readonly lagP50: number;
  readonly lagP99: number;
  readonly lagMax: number;
  readonly marksSent: number;
  readonly marksNeverShown: number;
  readonly keyP50: number;
  readonly keyP99: number;
  readonly keyMax: number;
  readonly presses: number;
  readonly keyTimeouts: number;
  /** RSS by fleet size (the last is the flooded console before its flood). */
  readonly rss: readonly FleetRss[];
};

/** gateways.json5 naming the first `count` fixture gateways, tokens in environment variables. */
const fleetEnv = (
  fixture: FixtureHandle,
  home: ReturnType<typeof tempHome>,
  count: number,
): NodeJS.ProcessEnv => {
  const entries = fixture.gateways.slice(0, count).map((gateway, i) => ({
    name: `gw${i + 1}`,
    url: gateway.url,
    tokenEnv: `OCT_BENCH_FLEET_TOKEN_${i + 1}`,
  }));
  mkdirSync(home.tuiHome, {recursive: true, mode: 0o700});
  writeFileSync(
    path.join(home.tuiHome, 'gateways.json5'),
    `${JSON.stringify({gateways: entries}, null, 2)}\n`,
    {mode: 0o600},
  );
  const tokens = Object.fromEntries(
    fixture.gateways
      .slice(0, count)
      .map((gateway, i) => [`OCT_BENCH_FLEET_TOKEN_${i + 1}`, gateway.token]),
  );
  // consoleEnv names one gateway (OPENCLAW_GATEWAY_*); a fleet console must not see those.
  const env = consoleEnv({url: '', token: ''}, home, {FORCE_COLOR: '1', ...tokens});
  delete env.OPENCLAW_GATEWAY_URL;
  delete env.OPENCLAW_GATEWAY_TOKEN;
  return env;
};

const withFleetConsole = async <T>(
  fixture: FixtureHandle,
  count: number,
  bundle: ConsoleBundle | undefined,
  run: (terminal: ConsoleHandle) => Promise<T>,
): Promise<T> => {
  const home = tempHome();
  try {
    const terminal = startConsole({
      env: fleetEnv(fixture, home, count),
      columns: 120,
      rows: 40,
      readyText: readyText(count),
      ...(bundle ? {bundle} : {}),
    });
    try {
      await terminal.ready(180_000);
      return await run(terminal);
    } finally {
      await terminal.quit();
    }
  } finally {
    home.remove();
  }
};

const settledRss = async (
  terminal: ConsoleHandle,
  gateways: number,
  sessions: number,
): Promise<FleetRss> => {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  terminal.send({type: 'sample'});
  const {sample} = await terminal.next('sample', 30_000);
  return {gateways, sessions, rssMiB: sample.rss / 2 ** 20, peakMiB: sample.maxRssKiB / 1024};
};

export const measureFleet = async (options: {
  readonly gateways: number;
  readonly sessionsPerGateway: number;
  readonly rate: number;
  readonly seconds: number;
  /** Fleet sizes whose RSS is measured on their own (the full fleet is measured anyway). */
  readonly rssAt: readonly number[];
  readonly bundle?: ConsoleBundle;
}): Promise<FleetResult> => {
  const fixture = await startFixture({
    sessions: options.sessionsPerGateway,
    maxDepth: 5,
    gateways: options.gateways,
  });
  try {
    const perGateway = Math.round(fixture.sessions / fixture.gateways.length);
    const rss: FleetRss[] = [];
    for (const count of options.rssAt.filter((n) => n < options.gateways)) {
      rss.push(
        await withFleetConsole(fixture, count, options.bundle, (terminal) =>
          settledRss(terminal, count, perGateway * count),
        ),
      );
    }
    return await withFleetConsole(fixture, options.gateways, options.bundle, async (terminal) => {
      rss.push(await settledRss(terminal, options.gateways, fixture.sessions));
      terminal.send({type: 'pin'});
      const {title: markTitle} = await terminal.next('pinned', 10_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const durationMs = options.seconds * 1000;
      const markForMs = Math.floor(durationMs / 2);
      terminal.send({type: 'window-start'});
      const done = new Promise<{
        events: number;
        marks: readonly Mark[];
        cpuMs: number;
        wallMs: number;
      }>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('fixture: the fleet flood did not finish in time')),
          durationMs * 3 + 60_000,
        );
        const onMessage = (raw: unknown): void => {
          if ((raw as {type: string}).type !== 'flood-done') return;
          clearTimeout(timer);
          fixture.child.off('message', onMessage);
          resolve(raw as {events: number; marks: readonly Mark[]; cpuMs: number; wallMs: number});
        };
        fixture.child.on('message', onMessage);
      });
      fixture.send({
        type: 'flood',
        rate: options.rate,
        durationMs,
        markEveryMs: MARK_EVERY_MS,
        markTitle,
        markForMs,
      });
      // Keys in the second half, once the markers have stopped (a rename of the selected row
      // would look like the key's frame): j and k in turn keep the cursor near the top.
      await new Promise((resolve) => setTimeout(resolve, markForMs + 1000));
      const presses = Math.max(
        10,
        Math.min(100, Math.floor((durationMs - markForMs - 3000) / 150)),
      );
      terminal.send({type: 'keys', count: presses, seed: 5, pattern: 'jk'});
      const keysDone = terminal.next('keys', presses * 3300 + 10_000);
      const flood = await done;
      terminal.send({type: 'window-end'});
      const {window} = await terminal.next('window', 30_000);
      const keys = await keysDone;
      await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
      terminal.send({type: 'marks'});
      const shown = await terminal.next('marks', 30_000);
      const {lags, censored} = markerLags(flood.marks, shown.marks, shown.at);
      const seconds = window.wallMs / 1000;
      return {
        gateways: fixture.gateways.length,
        sessions: fixture.sessions,
        rate: options.rate,
        seconds,
        eventsSent: flood.events,
        achievedRate: flood.events / (flood.wallMs / 1000),
        fixtureCpuShare: flood.cpuMs / flood.wallMs,
        cpuShare: (window.cpuUserMs + window.cpuSystemMs) / window.wallMs,
        peakRssMiB: window.peakRssKiB / 1024,
        framesPerSecond: window.frames / seconds,
        bytesPerSecond: window.bytes / seconds,
        lagP50: median(lags),
        lagP99: percentile(lags, 99),
        lagMax: percentile(lags, 100),
        marksSent: flood.marks.length,
        marksNeverShown: censored,
        keyP50: median(keys.latenciesMs),
        keyP99: percentile(keys.latenciesMs, 99),
        keyMax: percentile(keys.latenciesMs, 100),
        presses: keys.latenciesMs.length,
        keyTimeouts: keys.timeouts,
        rss,
      };
    });
  } finally {
    await fixture.stop();
  }
};

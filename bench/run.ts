// `npm run bench`: every measurement in one run, a markdown table (metric, target, result, met?)
// on stdout and in bench/results.md, with the machine described. Benchmarks only: nothing here
// is a test, and a missed target is reported as it is.
//
// Environment:
//   OCT_BENCH_SKIP_REAL=1         skip the real-gateway rows (pending/status vs the openclaw CLI)
//   OCT_BENCH_FLOOD_SECONDS=S     shorter flood for trying things out (the recorded run uses 60)
//   OCT_BENCH_FLOOD_SESSIONS=N    sessions in the flooded swarm (default 1000)
//   OCT_BENCH_FALLBACK_RUNS=N     first-frame runs of the bin's tsx fallback, for information (3)
//   OCT_BENCH_PROFILE_DIR=DIR     write a CPU profile of every console process into DIR
//   OCT_BENCH_NODE_FLAGS="..."    extra Node flags for the console process (experiments only; it
//                                 always runs with the bin's own flags, from its first line)
//   OCT_BENCH_SKIP_FLEET=1        skip row 5 (the fleet: 10 fixture gateways)
//   OCT_BENCH_FLEET_SECONDS=S     shorter fleet flood for trying things out (the recorded run uses 60)
//   OCT_BENCH_OUT=FILE            write the table somewhere else than bench/results.md

import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {descendantsOf} from '../test/support/process-tree.ts';
import {measureFirstFrame, type FirstFrameResult} from './first-frame.ts';
import {measureFleet, type FleetResult} from './fleet.ts';
import {measureFlood, type FloodResult} from './flood.ts';
import {measureKeypress, type KeypressResult} from './keypress.ts';
import {liveChildren} from './support/children.ts';
import {buildConsoleBundle} from './support/console-bundle.ts';
import {measureLoadRss, type LoadRss} from './support/load-rss.ts';
import {inkFrameSlot} from './support/render-options.ts';
import {buildBundle, describePaths, hasBuildScript, type EntryPath} from './support/entry.ts';
import {describeMachine, loadAverage} from './support/machine.ts';
import {installPackage, type InstalledPackage} from './support/installed.ts';
import {shippedNodeFlags} from './support/node-flags.ts';
import {median} from './support/stats.ts';
import {markdownTable, ms, verdict, type Row} from './support/table.ts';
import {measureTwins, realGatewayAvailable, type TwinsResult} from './twins.ts';
import {measureVersion, type VersionResult} from './version.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;

const START_RUNS = 7;
const TWIN_RUNS = 7;
const KEY_PRESSES = 200;
const FLOOD_RATE = 2000;
// Ink's frame cap as the console sets it (30 fps → 34 ms slots if it cannot be read: Ink's default).
const frameSlot = inkFrameSlot() ?? {maxFps: 30, slotMs: 34};
const floodSeconds = Math.max(1, Math.min(600, Number(env.OCT_BENCH_FLOOD_SECONDS ?? '60') || 60));
const floodSessions = Math.max(
  1,
  Math.min(20_000, Number(env.OCT_BENCH_FLOOD_SESSIONS ?? '1000') || 1000),
);
const skipReal = env.OCT_BENCH_SKIP_REAL === '1';
const fallbackRuns = Math.max(0, Math.min(20, Number(env.OCT_BENCH_FALLBACK_RUNS ?? '3') || 0));
const FLEET_GATEWAYS = 10;
const FLEET_SESSIONS = 1000;
const FLEET_RSS_AT = [1, 5, 10] as const;
const fleetSeconds = Math.max(4, Math.min(600, Number(env.OCT_BENCH_FLEET_SECONDS ?? '60') || 60));
const skipFleet = env.OCT_BENCH_SKIP_FLEET === '1';

const log = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};

const describe = (error: unknown): string =>
  error instanceof Error ? error.message.split('\n')[0]! : String(error);

/** Run one measurement; a failure becomes a "failed" row instead of ending the run. */
const attempt = async <T>(what: string, run: () => Promise<T>): Promise<T | Error> => {
  const started = Date.now();
  log(`${what}… (load ${loadAverage()})`);
  try {
    const result = await run();
    log(`${what}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    log(`${what}: FAILED: ${describe(error)}`);
    return error instanceof Error ? error : new Error(String(error));
  }
};

const failedRow = (metric: string, target: string, error: Error): Row => ({
  metric,
  target,
  result: `failed: ${describe(error)}`,
  met: 'failed',
});

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB/s`;
const pct = (share: number): string => `${Math.round(share * 100)}%`;
const lag = (value: number, censored: number): string => `${censored > 0 ? '≥ ' : ''}${ms(value)}`;

// ── the rows ─────────────────────────────────────────────────────────────────────────────────

const pathNote = (probed: EntryPath | 'unknown', paths: readonly EntryPath[]): string =>
  `probe saw ${probed === 'bundle' ? 'dist/cli.js' : probed === 'tsx' ? 'source/cli.tsx via tsx' : 'neither entry'}; timed runs: ${describePaths(paths)}`;

const firstFrameRows = (r: FirstFrameResult | Error): Row[] => {
  const target = '< 200 ms';
  if (r instanceof Error) return [failedRow('1. start to first frame', target, r)];
  const allBundle = r.shipped.every((run) => run.path === 'bundle');
  const how =
    r.installed === undefined
      ? `\`node bin/openclaw-tui.cjs\` in the checkout (${allBundle ? 'prebuilt dist/cli.js' : 'NOT all from dist/cli.js'})`
      : r.installed === 'installed'
        ? '`openclaw-tui` installed (npm pack + npm install -g into a temp prefix; the linked bin, its first line’s Node flags)'
        : `\`openclaw-tui\` installed, but it said: ${r.installed}`;
  const rows: Row[] = [
    {
      metric: `1. start to first frame, ${how} as shipped (median of ${r.shipped.length})`,
      target,
      result: ms(r.firstFrame),
      met: verdict(r.firstFrame < 200),
    },
    {
      metric: '1. start to session tree on screen, as shipped (median)',
      target: '< 350 ms',
      result: ms(r.tree),
      met: verdict(r.tree < 350),
    },
  ];
  if (r.fallback.length > 0) {
    rows.push({
      metric: `1. start to first frame, tsx fallback (no bundle: OPENCLAW_TUI_FROM_SOURCE=1, warm tsx cache; median of ${r.fallback.length})`,
      target: '—',
      result: `${ms(r.fallbackFirstFrame)} (tree ${ms(r.fallbackTree)})`,
      met: 'info',
    });
  }
  rows.push({
    metric: '1. floor: bare `node -e` printing one line in the same pty (median)',
    target: '—',
    result: ms(r.floor),
    met: 'info',
  });
  return rows;
};

const versionRow = (r: VersionResult | Error): Row => {
  const metric = `2. \`--version\` vs bare \`node -e 0\`, spawn to exit (${r instanceof Error || r.installed ? 'installed `openclaw-tui`, as row 1' : 'checkout bin'}; medians of ${r instanceof Error ? '?' : r.versionMs.length})`;
  if (r instanceof Error) return failedRow(metric, 'within 1.5x', r);
  const ratio = r.version / r.floor;
  return {
    metric,
    target: 'within 1.5x',
    result: `${ms(r.version)} vs ${ms(r.floor)}: ${ratio.toFixed(2)}x`,
    met: verdict(ratio <= 1.5),
  };
};

/** The steps of a `pending --json` between two marks (source/start-marks.ts), in order. */
const PENDING_STEPS: readonly (readonly [string, string, string])[] = [
  ['start', 'bin', "Node's own start, to the bin's first line"],
  ['bin', 'entry', 'the bin: the bundle check (dist/build-stamp.json), loading dist/cli-twin.cjs'],
  [
    'entry',
    'code',
    "dist/cli-core.cjs from V8's code cache: the cache module with node:crypto, reading and checking the cache, deserialising, its top level (meow, json5, the config readers)",
  ],
  ['code', 'options', 'parsing argv, building the options (OpenClaw config, .env files)'],
  [
    'options',
    'modules',
    "the twins' modules: ws with node:http/net, the client, the state, the commands",
  ],
  ['modules', 'identity', 'the device identity: key files read, the key imported (node:crypto)'],
  [
    'identity',
    'hello',
    'connect: socket, HTTP upgrade, challenge, Ed25519-signed connect, hello-ok (the gateway’s own time included)',
  ],
  [
    'hello',
    'lists',
    'the inbox lists `pending` prints (the five, in parallel; nothing else waited for)',
  ],
  ['lists', 'closed', 'close: the WebSocket close handshake'],
  ['closed', 'exit', 'printing the JSON, the event loop running out'],
];

/**
 * Where a `pending --json` spends its time, measured in this run (issue 11): the installed bin's
 * own marks, medians over the marked runs.
 */
const breakdownSection = (
  twins: TwinsResult | Error | 'skipped',
  version: VersionResult | Error,
): string => {
  if (twins instanceof Error || twins === 'skipped') return '';
  const at = (name: string): number | undefined =>
    name === 'start' ? 0 : twins.marks[name]?.length ? median(twins.marks[name]) : undefined;
  const rows = PENDING_STEPS.map(([from, to, what]) => {
    const a = at(from);
    const b = at(to);
    return `| ${what} | ${b === undefined ? '?' : b.toFixed(0)} ms | ${a === undefined || b === undefined ? '?' : (b - a).toFixed(0)} ms |`;
  });
  const exit = at('exit');
  const wall = median(twins.markedMs);
  const floor =
    version instanceof Error
      ? ''
      : ` For scale, a bare \`node -e 0\` took ${ms(version.floor)} spawn to exit in this run.`;
  return [
    '## Where `pending --json` spends its time (measured in this run)',
    '',
    `${twins.markedMs.length} more runs of row 2's \`pending --json\` against the same real gateway, after the timed ones, with OPENCLAW_TUI_MARKS=1: the bin then writes on stderr when it reached each milestone, in ms since its process started (source/start-marks.ts; the timed runs write none). Medians per mark; a step is the difference of two medians. These runs took ${ms(wall)} spawn to exit (median).${floor}`,
    '',
    '| step | reached at | step took |',
    '| --- | --- | --- |',
    ...rows,
    `| process exit after the event loop ran out, and spawning it (spawn-to-exit wall minus the exit mark) | ${ms(wall)} | ${exit === undefined ? '?' : (wall - exit).toFixed(0)} ms |`,
    '',
    '',
  ].join('\n');
};

const twinRows = (r: TwinsResult | Error | 'skipped'): Row[] => {
  const pendingTarget = '≥ 8x faster than `openclaw devices list --json` (aim 12x)';
  const statusTarget = 'ratio reported';
  if (r === 'skipped') {
    return [
      {
        metric: '2. `pending --json` vs openclaw CLI (real gateway)',
        target: pendingTarget,
        result: 'skipped',
        met: 'skipped',
      },
      {
        metric: '2. `status --json` vs openclaw CLI (real gateway)',
        target: statusTarget,
        result: 'skipped',
        met: 'skipped',
      },
    ];
  }
  if (r instanceof Error)
    return [failedRow('2. twins vs openclaw CLI (real gateway)', pendingTarget, r)];
  const how =
    r.installed === undefined
      ? r.paths.every((p) => p === 'bundle')
        ? 'checkout bin → dist/cli.js'
        : 'checkout bin, NOT all from dist/cli.js'
      : r.installed === 'installed'
        ? 'installed `openclaw-tui`, as row 1'
        : `installed, but it said: ${r.installed}`;
  return [
    {
      metric: `2. \`pending --json\` vs openclaw CLI, real gateway (${how}; medians of ${r.runs})`,
      target: pendingTarget,
      result: `${ms(r.pending)} vs ${ms(r.cli)}: ${r.pendingRatio.toFixed(1)}x`,
      met: verdict(r.pendingRatio >= 8),
    },
    {
      metric: `2. \`status --json\` vs openclaw CLI, real gateway (${how}; medians of ${r.runs})`,
      target: statusTarget,
      result: `${ms(r.status)} vs ${ms(r.cli)}: ${r.statusRatio.toFixed(1)}x`,
      met: 'info',
    },
  ];
};

const keypressRows = (r: KeypressResult | Error, sessions: number, label = ''): Row[] => {
  const name = `3. keypress to frame, ${sessions.toLocaleString('en')} sessions${label}`;
  if (r instanceof Error) return [failedRow(name, 'p99 < 50 ms', r)];
  const timeouts = r.timeouts > 0 ? `, ${r.timeouts} presses never drawn` : '';
  const slow =
    r.slow > 0
      ? `; ${r.slow} presses ≥ 50 ms, ${r.slowInThrottle} of them typed < ${r.slotMs} ms after another frame (inside Ink's frame slot)`
      : '';
  return [
    {
      metric: `${name} (depth ${r.maxDepth}, ${r.presses} presses)`,
      target: 'p99 < 50 ms',
      result: `p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, max ${ms(r.max)}${timeouts}${slow}`,
      met: verdict(r.p99 < 50 && r.timeouts === 0),
    },
  ];
};

const floodRows = (r: FloodResult | Error, label = ''): Row[] => {
  const name = (what: string) => `4. flood${label}: ${what}`;
  if (r instanceof Error) return [failedRow(name('2,000 events/s'), 'see below', r)];
  return [
    {
      metric: name(
        `setup: ${r.sessions.toLocaleString('en')} sessions, ${r.eventsSent.toLocaleString('en')} events in ${r.seconds.toFixed(1)} s (${Math.round(r.achievedRate)}/s sent)`,
      ),
      target: `${FLOOD_RATE}/s for ${floodSeconds} s`,
      result: `fixture CPU ${pct(r.fixtureCpuShare)} of a core`,
      met: 'info',
    },
    {
      metric: name('frames drawn per second (busiest second)'),
      target: '≤ 30',
      result: `${r.framesPerSecond.toFixed(1)} (${r.busiestSecondFrames})`,
      met: verdict(r.framesPerSecond <= 30),
    },
    {
      metric: name('console CPU, share of one core'),
      target: '< 50%',
      result: pct(r.cpuShare),
      met: verdict(r.cpuShare < 0.5),
    },
    {
      metric: name('console peak RSS'),
      target: '< 120 MiB',
      result: `${Math.round(r.peakRssMiB)} MiB (${Math.round(r.peakRssBeforeMiB)} MiB before the flood, tree loaded)`,
      met: verdict(r.peakRssMiB < 120),
    },
    {
      metric: name('bytes written to the terminal per second (busiest second)'),
      target: '< 64 KB/s',
      result: `${kib(r.bytesPerSecond)} (${kib(r.busiestSecondBytes)})`,
      met: verdict(r.bytesPerSecond < 64_000),
    },
    {
      metric: name(
        `event-to-frame lag (${r.marksSent} stamped markers${r.marksNeverShown > 0 ? `, ${r.marksNeverShown} never drawn` : ''})`,
      ),
      target: 'p99 < 250 ms',
      result: `p50 ${lag(r.lagP50, r.marksNeverShown)}, p99 ${lag(r.lagP99, r.marksNeverShown)}, max ${lag(r.lagMax, r.marksNeverShown)}`,
      met: verdict(r.lagP99 < 250 && r.marksNeverShown === 0),
    },
  ];
};

const loadRssRow = (r: LoadRss | Error): Row => {
  const metric =
    "4. context: peak RSS of a Node that only loads the console code — via tsx (the bin's fallback) vs dist/ (as shipped)";
  if (r instanceof Error) return failedRow(metric, '—', r);
  const mib = (value: number | undefined): string =>
    value === undefined ? 'n/a' : `${Math.round(value)} MiB`;
  const extra =
    r.tsxMiB !== undefined && r.bundleMiB !== undefined
      ? `: the tsx fallback carries ≈ ${Math.round(r.tsxMiB - r.bundleMiB)} MiB the shipped program does not`
      : '';
  return {
    metric,
    target: '—',
    result: `${mib(r.tsxMiB)} vs ${mib(r.bundleMiB)}${extra}`,
    met: 'info',
  };
};

/**
 * The 30-minute soak is a probe (bench/probes/soak.ts), not part of this run: its last result,
 * from bench/soak.md (which this run never writes), is referenced here so the table has it.
 */
const soakRow = (): Row => {
  const metric =
    '4. soak: the flood for 30 minutes (probe `bench/probes/soak.ts`; not re-run here, see bench/soak.md)';
  const target = 'RSS minute 30 within 10 % of minute 5; lag p99 unchanged';
  const file = path.join(here, 'soak.md');
  if (!existsSync(file)) return {metric, target, result: 'no soak recorded', met: 'skipped'};
  const text = readFileSync(file, 'utf8');
  const run = /^Run (\S+)/m.exec(text)?.[1] ?? 'unknown date';
  const rss = /^\| RSS, mean over minute [^|]*\| [^|]*\| ([^|]*) \| (\w+) \|/m.exec(text);
  const lagRow = /^\| event-to-frame lag p99[^|]*\| [^|]*\| ([^|]*) \| (\w+) \|/m.exec(text);
  if (!rss || !lagRow) return {metric, target, result: 'bench/soak.md unreadable', met: 'failed'};
  return {
    metric,
    target,
    result: `run ${run.slice(0, 16).replace('T', ' ')} UTC: RSS ${rss[1]!.trim()}; lag p99 ${lagRow[1]!.trim()}`,
    met: rss[2] === 'yes' && lagRow[2] === 'yes' ? 'yes' : 'NO',
  };
};

const fleetRows = (r: FleetResult | Error | string): Row[] => {
  const name = (what: string) => `5. fleet, ${FLEET_GATEWAYS} gateways: ${what}`;
  if (typeof r === 'string') {
    return [
      {
        metric: name('keys, lag, CPU, RSS under 2,000 events/s'),
        target: 'see issue 10',
        result: `skipped: ${r}`,
        met: 'skipped',
      },
    ];
  }
  if (r instanceof Error) return [failedRow(name('2,000 events/s'), 'see below', r)];
  const keysTimeouts = r.keyTimeouts > 0 ? `, ${r.keyTimeouts} presses never drawn` : '';
  return [
    {
      metric: name(
        `setup: ${r.gateways} fixture gateways × ${Math.round(r.sessions / r.gateways).toLocaleString('en')} sessions, ${r.eventsSent.toLocaleString('en')} events in ${r.seconds.toFixed(1)} s (${Math.round(r.achievedRate)}/s sent, split evenly)`,
      ),
      target: `${FLOOD_RATE}/s in total for ${fleetSeconds} s`,
      result: `fixture CPU ${pct(r.fixtureCpuShare)} of a core; ${r.framesPerSecond.toFixed(1)} frames/s, ${kib(r.bytesPerSecond)} to the terminal`,
      met: 'info',
    },
    {
      metric: name(
        `keypress to frame under the flood (${r.presses} presses, j/k in turn, second half)`,
      ),
      target: 'p99 < 50 ms',
      result: `p50 ${ms(r.keyP50)}, p99 ${ms(r.keyP99)}, max ${ms(r.keyMax)}${keysTimeouts}`,
      met: verdict(r.keyP99 < 50 && r.keyTimeouts === 0),
    },
    {
      metric: name(
        `event-to-frame lag (${r.marksSent} stamped markers, first half${r.marksNeverShown > 0 ? `, ${r.marksNeverShown} never drawn` : ''})`,
      ),
      target: 'p99 < 250 ms',
      result: `p50 ${lag(r.lagP50, r.marksNeverShown)}, p99 ${lag(r.lagP99, r.marksNeverShown)}, max ${lag(r.lagMax, r.marksNeverShown)}`,
      met: verdict(r.lagP99 < 250 && r.marksNeverShown === 0),
    },
    {
      metric: name('console CPU, share of one core'),
      target: '< 60%',
      result: pct(r.cpuShare),
      met: verdict(r.cpuShare < 0.6),
    },
    {
      metric: name('console peak RSS'),
      target: '< 250 MiB',
      result: `${Math.round(r.peakRssMiB)} MiB`,
      met: verdict(r.peakRssMiB < 250),
    },
    {
      metric: '5. fleet: console RSS by fleet size (trees loaded and settled, no flood)',
      target: 'reported',
      result: r.rss
        .map(
          (x) =>
            `${x.gateways} gateway${x.gateways === 1 ? '' : 's'} (${x.sessions.toLocaleString('en')} sessions): ${Math.round(x.rssMiB)} MiB (peak ${Math.round(x.peakMiB)})`,
        )
        .join('; '),
      met: 'info',
    },
  ];
};

// ── the run ──────────────────────────────────────────────────────────────────────────────────

const main = async (): Promise<number> => {
  // Helpers that were already there (tsx's esbuild service) are the loader's, not leftovers.
  const before = new Set(descendantsOf(process.pid).map((p) => `${p.pid}/${p.startTicks}`));
  const machine = describeMachine();
  const startedAt = new Date();
  const loadBefore = loadAverage();
  const out = env.OCT_BENCH_OUT ?? path.join(here, 'results.md');
  log(
    `${machine.cores} cores, ${machine.ramGiB.toFixed(1)} GiB, ${machine.cpuModel}, Node ${machine.node}`,
  );
  const rows: Row[] = [];
  const notes: string[] = [];

  // What `npm install` / `npm ci` leave behind (prepare): a fresh bundle for the bin to run.
  if (hasBuildScript()) {
    const built = await attempt(
      'npm run build (the bundle bin/openclaw-tui.cjs runs)',
      buildBundle,
    );
    notes.push(
      built instanceof Error
        ? `\`npm run build\` FAILED (${describe(built)}): the bin ran its tsx fallback.`
        : `\`npm run build\` before the measurements took ${(built / 1000).toFixed(1)} s.`,
    );
  } else {
    notes.push('No `build` script in package.json: the bin can only run its tsx fallback.');
  }

  // Rows 1 and 2 time the package as operators install it (untimed: pack + install once).
  const packed = await attempt('pack and install the package into a temp prefix', installPackage);
  const installed: InstalledPackage | undefined = packed instanceof Error ? undefined : packed;
  if (packed instanceof Error) {
    notes.push(
      `Installing the package FAILED (${describe(packed)}): rows 1 and 2 timed the checkout's bin instead.`,
    );
  }

  // The real gateway first: its start is the heaviest thing here, and it is gone before the
  // other measurements begin.
  let twins: TwinsResult | Error | 'skipped' = 'skipped';
  if (skipReal) {
    log('real gateway: skipped (OCT_BENCH_SKIP_REAL=1)');
  } else if (!realGatewayAvailable()) {
    twins = new Error('the real gateway is not installed (scripts/install-real-gateway.sh)');
  } else {
    twins = await attempt('2. twins vs openclaw CLI on a real gateway', () =>
      measureTwins({runs: TWIN_RUNS, ...(installed ? {installed} : {})}),
    );
  }

  const firstFrame = await attempt('1. start to first frame', () =>
    measureFirstFrame({runs: START_RUNS, fallbackRuns, ...(installed ? {installed} : {})}),
  );
  const version = await attempt('2. --version vs node -e 0', () =>
    measureVersion({
      runs: START_RUNS,
      checkoutBin: path.join(here, '..', 'bin', 'openclaw-tui.cjs'),
      ...(installed ? {installed} : {}),
    }),
  );
  installed?.remove();
  rows.push(...firstFrameRows(firstFrame));
  rows.push(...twinRows(twins));
  rows.push(versionRow(version));

  // Rows 3 and 4 run the console process bundled like dist/ (plain Node, no tsx loader).
  const built = await attempt(
    '3-4. bundle the console process as dist/ is built',
    buildConsoleBundle,
  );
  const bundle = built instanceof Error ? undefined : built;
  const how = bundle ? {bundle} : {};
  notes.push(
    bundle
      ? 'Rows 3 and 4: the console process ran as a bundle built with the options of dist/ (scripts/bundle-options.mjs), by plain Node.'
      : `Rows 3 and 4: bundling the console process failed (${describe(built as Error)}), so they ran the sources through tsx (≈ 90 MiB more RSS).`,
  );
  const keys5k = await attempt('3. keypress, 5,000 sessions', () =>
    measureKeypress({sessions: 5000, presses: KEY_PRESSES, slotMs: frameSlot.slotMs, ...how}),
  );
  const keys10k = await attempt('3. keypress, 10,000 sessions', () =>
    measureKeypress({sessions: 10_000, presses: KEY_PRESSES, slotMs: frameSlot.slotMs, ...how}),
  );
  rows.push(...keypressRows(keys10k, 10_000), ...keypressRows(keys5k, 5000));

  const flood = await attempt(`4. flood ${FLOOD_RATE}/s for ${floodSeconds} s`, () =>
    measureFlood({sessions: floodSessions, rate: FLOOD_RATE, seconds: floodSeconds, ...how}),
  );
  rows.push(...floodRows(flood));
  rows.push(soakRow());

  let fleet: FleetResult | Error | string;
  if (skipFleet) fleet = 'OCT_BENCH_SKIP_FLEET=1';
  else {
    fleet = await attempt(
      `5. fleet: ${FLEET_GATEWAYS} gateways, ${FLOOD_RATE}/s for ${fleetSeconds} s`,
      () =>
        measureFleet({
          gateways: FLEET_GATEWAYS,
          sessionsPerGateway: FLEET_SESSIONS,
          rate: FLOOD_RATE,
          seconds: fleetSeconds,
          rssAt: FLEET_RSS_AT,
          ...how,
        }),
    );
  }
  if (typeof fleet === 'string') log(`5. fleet: skipped (${fleet})`);
  rows.push(...fleetRows(fleet));
  bundle?.remove();

  const loadRss = await attempt(
    '4. RSS of loading the console code, tsx vs bundle',
    measureLoadRss,
  );
  rows.push(loadRssRow(loadRss));

  if (!(firstFrame instanceof Error)) {
    notes.push(
      `Which program the bin ran, first frame: ${pathNote(
        firstFrame.probed,
        firstFrame.shipped.map((r) => r.path),
      )}${firstFrame.fallback.length > 0 ? `; with OPENCLAW_TUI_FROM_SOURCE=1 the probe saw ${firstFrame.probedFallback === 'tsx' ? 'source/cli.tsx via tsx' : firstFrame.probedFallback}` : ''}. Bundle rebuilt (untimed) because a parallel edit made it stale: ${firstFrame.rebuilds} time(s).`,
    );
    notes.push(
      `First-frame samples (ms), as shipped: ${firstFrame.shipped.map((r) => Math.round(r.firstFrameMs)).join(', ')}${firstFrame.fallback.length > 0 ? `; tsx fallback: ${firstFrame.fallback.map((r) => Math.round(r.firstFrameMs)).join(', ')}` : ''}; floor: ${firstFrame.nodeFloor.map((v) => Math.round(v)).join(', ')}.`,
    );
  }
  if (!(version instanceof Error)) {
    notes.push(
      `\`--version\` samples (ms): ${version.versionMs.map((v) => Math.round(v)).join(', ')}; \`node -e 0\`: ${version.floorMs.map((v) => Math.round(v)).join(', ')}.`,
    );
  }
  if (!(twins instanceof Error) && twins !== 'skipped') {
    notes.push(
      `Which program the bin ran, twins: ${pathNote(twins.probed, twins.paths)}; bundle rebuilt (untimed) ${twins.rebuilds} time(s).`,
    );
    notes.push(
      `Real gateway started in ${(twins.gatewayStartMs / 1000).toFixed(1)} s. Samples (ms): pending ${twins.pendingMs.map((v) => Math.round(v)).join(', ')}; status ${twins.statusMs.map((v) => Math.round(v)).join(', ')}; openclaw devices list ${twins.cliMs.map((v) => Math.round(v)).join(', ')}.`,
    );
  }
  for (const [label, r] of [
    ['5,000', keys5k],
    ['10,000', keys10k],
  ] as const) {
    if (!(r instanceof Error)) {
      notes.push(
        `Keypress ${label}: the console loaded and drew the whole tree in ${(r.loadMs / 1000).toFixed(1)} s.`,
      );
    }
  }

  const leftChildren = liveChildren();
  const leftDescendants = descendantsOf(process.pid).filter(
    (p) => !before.has(`${p.pid}/${p.startTicks}`),
  ).length;
  const loadAfter = loadAverage();

  const flags = shippedNodeFlags();
  notes.push(
    `Node flags: the bin starts the console with \`${flags.length > 0 ? flags.join(' ') : 'none'}\` (its first line); the console process of rows 3-5 runs with the same flags.`,
  );
  if (fleetSeconds !== 60 && typeof fleet !== 'string') {
    notes.push(
      `**Not a recorded run:** the fleet flood lasted ${fleetSeconds} s (OCT_BENCH_FLEET_SECONDS); the recorded run uses 60 s.`,
    );
  }
  if (floodSeconds !== 60) {
    notes.push(
      `**Not a recorded run:** the flood lasted ${floodSeconds} s (OCT_BENCH_FLOOD_SECONDS); the recorded run uses 60 s.`,
    );
  }
  const header = [
    '# openclaw-tui benchmarks',
    '',
    `Run ${startedAt.toISOString()} with \`npm run bench\` (bench/run.ts). Benchmarks, not tests: a missed target is reported as measured.`,
    '',
    `**Machine:** ${machine.cores} cores (${machine.cpuModel}), ${machine.ramGiB.toFixed(1)} GiB RAM, ${machine.kernel} ${machine.arch}, Node ${machine.node} (console and twins), openclaw CLI/gateway on its private Node 24.`,
    `Load average (1/5/15 min) before: ${loadBefore}; after: ${loadAfter}. The VM is shared with other work, so single numbers can move by tens of percent between runs.`,
    '',
  ].join('\n');
  // Hand-written next to the bench (update it with each recorded run): what changed in the product
  // since the recorded run before, with that run's figures.
  const changesFile = path.join(here, 'changes.md');
  const changes = existsSync(changesFile)
    ? [
        '## What changed since the previous run',
        '',
        readFileSync(changesFile, 'utf8').trim(),
        '',
        '',
      ].join('\n')
    : '';
  const method = [
    '## How each row is measured',
    '',
    `Rows 1 and 2 (first frame, tree, \`--version\`, the twins) time the package as installed: after \`npm run build\` the checkout is packed (\`npm pack\`, the package's \`files\`) and installed offline into a temporary prefix (\`npm install -g --prefix\`), once, untimed, and the bin npm linked (\`<prefix>/bin/openclaw-tui\`) is spawned itself, so its first line (\`#!/usr/bin/env -S node <flags>\`) passes the Node flags; PATH is led by the bench's own Node, the same Node as every row. An installed package never compares its bundle with sources (the checkout's bin stats ~230 source files at every start), which is why the checkout is not what is timed. The installed bin is asked once (OPENCLAW_TUI_WHICH_ENTRY=1) which program it ran. If installing fails, the rows say so and time the checkout's bin as described next. \`--version\`: spawn to exit, interleaved with a bare \`node -e 0\`, medians of ${START_RUNS}.`,
    `1. \`node bin/openclaw-tui.cjs\` exactly as shipped, after \`npm run build\` (what \`npm install\`/\`npm ci\` run via \`prepare\`): the bin runs the self-contained bundle dist/cli.js (React production build fixed at build time) while it is newer than every file in source/ and package.json, else the sources through tsx. Spawned in a pty (\`script -qfec\`, \`stty rows 40 cols 120\`) with a fresh OPENCLAW_TUI_HOME, attached via OPENCLAW_GATEWAY_URL/TOKEN to a fixture gateway (own process) with 12 sessions; from spawn to the first pty output containing \`openclaw-tui\` (the header), and to the first containing the main session's label (tree drawn). One untimed run first (identity, pairing). Which program the bin ran: before every timed run the bench applies the bin's own freshness rule (and rebuilds, untimed, if a parallel edit to source/ made the bundle stale), and one untimed probe run (\`--import bench/support/entry-probe.mjs\`, a resolve hook) shows what the bin really imported. tsx fallback row: the same bin with OPENCLAW_TUI_FROM_SOURCE=1 (its switch to the sources), after an untimed run filled tsx's cache. Runs interleaved shipped/fallback/floor.`,
    "2. A real gateway (pinned openclaw, private Node 24, loopback, token auth) started by test/support/real-gateway.ts. `node bin/openclaw-tui.cjs pending --json` / `status --json` (as in 1: bundle kept fresh, path recorded per run, one probe) vs `openclaw devices list --json --url … --token …` (Node 24, its own throwaway HOME/OPENCLAW_STATE_DIR, the shared V8 compile cache), spawn to exit, outputs checked to be JSON; one untimed warm-up each (for the twins it also writes their V8 code cache in the run's OPENCLAW_TUI_HOME, as the first run of an installed `openclaw-tui` does), then interleaved runs.",
    `3. The real console (runConsole: client → bridge (sessions.changed of one event-loop turn → one \`sessions/changed-together\`) → store wrapped by source/state/coalesce.ts → App → Ink with the CLI's render options) in its own process, bundled with the esbuild options of dist/ (scripts/bundle-options.mjs: React's production build fixed at build time, the same dependency edits) and run by plain Node; if bundling fails, the sources run through tsx with NODE_ENV=production set before React loads, and the console process reports the React build it loaded (a development build fails the row). It draws into a fake 120x40 TTY; the store is fed through the real bridge from a fixture gateway in another process (sessions.subscribe + sessions.list pages), not by dispatching a snapshot. After the whole tree is on screen, \`j\` is typed ${KEY_PRESSES} times, 60–140 ms apart (seeded), each timed from the keystroke to the terminal write whose selected row (\`› …\`) shows a different session. FORCE_COLOR=1 so frames carry colour like a real terminal. For every press of 50 ms or more the console also notes whether the key came less than ${frameSlot.slotMs} ms after another frame: with maxFps ${frameSlot.maxFps} (read from source/console/run-console.tsx) Ink draws at most one frame per ${frameSlot.slotMs} ms, so such a press first waits for the rest of that slot.`,
    `4. The fixture (own process) runs startEventFlood at ${FLOOD_RATE} events/s over a swarm of ${floodSessions.toLocaleString('en')} sessions (depth ≤ 5); the console (own process, as in 3, production React, attached through the real client + bridge) draws into a counting fake 120x40 TTY. Frames = terminal writes other than the synchronized-output brackets; CPU = process.cpuUsage of the console process over the flood; peak RSS = its maxRSS over its whole life (and as of the flood's start, tree loaded). The console process runs bundled as in 3; the context row measures what the bin's tsx fallback would add. Lag: before the flood the console's cursor is put on the first row (\`g\`: it then holds that row by key, so the window follows it however the flood reorders the tree); every 50 ms the fixture renames that row to \`mark-<n>\` (a sessions.changed on the same socket as the flood) and stamps the send time; the console stamps the first write showing \`mark-<n>\` or a later marker. Markers never drawn by the end (flood + 2 s) count with the time until then, and the figures are then lower bounds (≥).`,
    `Soak row: the last run of the probe \`bench/probes/soak.ts\` (not run by \`npm run bench\`: it takes 30 minutes), read from bench/soak.md: the console process as in 4 under the same flood for 30 minutes (floods of 10 minutes back to back), memory sampled every 10 s, lag from the same markers; RSS compared as the mean over minute 30 against the mean over minute 5, lag p99 over minutes 26-30 against minutes 1-5.`,
    `5. One fixture process serves ${FLEET_GATEWAYS} fixture gateways of ${FLEET_SESSIONS.toLocaleString('en')} sessions each (own swarm and seed per gateway); the console (as in 3-4: bundled, production React, the bin's Node flags) reads the fleet from a gateways.json5 in its data directory (name, url, tokenEnv per gateway: credentials by reference, as an operator configures it). RSS by fleet size: a console started on the first 1 and 5 gateways, and the flooded console before its flood, each sampled 5 s after the tree was on screen. Flood: ${FLOOD_RATE} events/s in total split evenly (${FLOOD_RATE / FLEET_GATEWAYS}/s per gateway) for ${fleetSeconds} s; during its first half a marker every 50 ms renames the first gateway's main session, the row below the selected gateway row (lag, as in 4); during its second half \`j\` and \`k\` are typed in turn, 60-140 ms apart, each timed to the frame showing the new selected row (as in 3, but under the flood); CPU, peak RSS, frames and bytes over the whole flood.`,
    '',
  ].join('\n');
  const table = markdownTable(rows);
  const footer = [
    '',
    '## Notes',
    '',
    ...notes.map((note) => `- ${note}`),
    `- Processes left behind by the bench: ${leftChildren + leftDescendants}.`,
    '',
  ].join('\n');

  const breakdown = breakdownSection(twins, version);
  const document = `${header}\n${table}\n\n${breakdown}${changes}${method}${footer}`;
  process.stdout.write(`\n${table}\n`);
  writeFileSync(out, document);
  log(`wrote ${path.relative(process.cwd(), out)}`);
  return leftChildren + leftDescendants === 0 ? 0 : 1;
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`[bench] unexpected error: ${describe(error)}\n`);
    process.exitCode = 1;
  },
);

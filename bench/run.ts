// `npm run bench`: every measurement in one run, a markdown table (metric, target, result, met?)
// on stdout and in bench/results.md, with the machine described. Benchmarks only: nothing here
// is a test, and a missed target is reported as it is.
//
// Environment:
//   OCT_BENCH_SKIP_REAL=1         skip the real-gateway rows (pending/status vs the openclaw CLI)
//   OCT_BENCH_FLOOD_SECONDS=S     shorter flood for trying things out (the recorded run uses 60)
//   OCT_BENCH_FLOOD_SESSIONS=N    sessions in the flooded swarm (default 1000)
//   OCT_BENCH_EXPERIMENTS=0       skip the what-if rows (bundled CLI, production React, coalescer)
//   OCT_BENCH_PROFILE_DIR=DIR     write a CPU profile of every console process into DIR
//   OCT_BENCH_OUT=FILE            write the table somewhere else than bench/results.md

import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {descendantsOf} from '../test/support/process-tree.ts';
import {measureFirstFrame, type FirstFrameResult} from './first-frame.ts';
import {measureFlood, type FloodResult} from './flood.ts';
import {measureKeypress, type KeypressResult} from './keypress.ts';
import {bundleCli, type Bundle, type BundleShape} from './support/bundle.ts';
import {liveChildren} from './support/children.ts';
import {describeMachine, loadAverage} from './support/machine.ts';
import {markdownTable, ms, verdict, type Row} from './support/table.ts';
import {measureTwins, realGatewayAvailable, type TwinsResult} from './twins.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;

const WARM_RUNS = 7;
const COLD_RUNS = 3;
const TWIN_RUNS = 7;
const KEY_PRESSES = 200;
const FLOOD_RATE = 2000;
const SMALL_SWARM = 100;
const floodSeconds = Math.max(1, Math.min(600, Number(env.OCT_BENCH_FLOOD_SECONDS ?? '60') || 60));
const floodSessions = Math.max(
  1,
  Math.min(20_000, Number(env.OCT_BENCH_FLOOD_SESSIONS ?? '1000') || 1000),
);
const skipReal = env.OCT_BENCH_SKIP_REAL === '1';
const experiments = env.OCT_BENCH_EXPERIMENTS !== '0';

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

const firstFrameRows = (r: FirstFrameResult | Error): Row[] => {
  const target = '< 300 ms';
  if (r instanceof Error) return [failedRow('1. start to first frame', target, r)];
  return [
    {
      metric: `1. start to first frame, warm tsx cache (median of ${r.warm.length})`,
      target,
      result: ms(r.warmFirstFrame),
      met: verdict(r.warmFirstFrame < 300),
    },
    {
      metric: `1. start to first frame, cold: tsx cache off (median of ${r.cold.length})`,
      target,
      result: ms(r.coldFirstFrame),
      met: verdict(r.coldFirstFrame < 300),
    },
    {
      metric: '1. start to session tree on screen, warm (median)',
      target: '—',
      result: `${ms(r.warmTree)} (cold ${ms(r.coldTree)})`,
      met: 'info',
    },
    {
      metric: '1. floor: bare `node -e` printing one line in the same pty (median)',
      target: '—',
      result: ms(r.floor),
      met: 'info',
    },
  ];
};

const twinRows = (r: TwinsResult | Error | 'skipped'): Row[] => {
  const pendingTarget = '≥ 5x faster than `openclaw devices list --json`';
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
  return [
    {
      metric: `2. \`pending --json\` vs openclaw CLI, real gateway (medians of ${r.runs})`,
      target: pendingTarget,
      result: `${ms(r.pending)} vs ${ms(r.cli)}: ${r.pendingRatio.toFixed(1)}x`,
      met: verdict(r.pendingRatio >= 5),
    },
    {
      metric: `2. \`status --json\` vs openclaw CLI, real gateway (medians of ${r.runs})`,
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
  return [
    {
      metric: `${name} (depth ${r.maxDepth}, ${r.presses} presses)`,
      target: 'p99 < 50 ms',
      result: `p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, max ${ms(r.max)}${timeouts}`,
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
      target: '< 200 MB',
      result: `${Math.round(r.peakRssMiB)} MiB`,
      met: verdict(r.peakRssMiB * 1.048576 < 200),
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

// ── the run ──────────────────────────────────────────────────────────────────────────────────

const main = async (): Promise<number> => {
  // Helpers that were already there (tsx's esbuild service) are the loader's, not leftovers.
  const before = new Set(descendantsOf(process.pid).map((p) => `${p.pid}/${p.startTicks}`));
  const machine = describeMachine();
  const startedAt = new Date();
  const loadBefore = loadAverage();
  log(
    `${machine.cores} cores, ${machine.ramGiB.toFixed(1)} GiB, ${machine.cpuModel}, Node ${machine.node}`,
  );
  const rows: Row[] = [];
  const notes: string[] = [];
  const experimentRows: Row[] = [];
  // Built once, used by the twins and the first-frame experiments, removed at the end.
  const bundles: Partial<Record<BundleShape, Bundle | Error>> = {};
  if (experiments) {
    for (const shape of ['externals', 'self-contained'] as const) {
      bundles[shape] = await attempt(`experiment: bundling the CLI (${shape})`, async () => {
        const bundle = await bundleCli(shape);
        if (!bundle) throw new Error('esbuild is not installed');
        return bundle;
      });
    }
  }
  const selfContained = bundles['self-contained'];
  try {
    // The real gateway first: its start is the heaviest thing here, and it is gone before the
    // other measurements begin.
    let twins: TwinsResult | Error | 'skipped' = 'skipped';
    if (skipReal) {
      log('real gateway: skipped (OCT_BENCH_SKIP_REAL=1)');
    } else if (!realGatewayAvailable()) {
      twins = new Error('the real gateway is not installed (scripts/install-real-gateway.sh)');
    } else {
      twins = await attempt('2. twins vs openclaw CLI on a real gateway', () =>
        measureTwins({
          runs: TWIN_RUNS,
          ...(selfContained && !(selfContained instanceof Error)
            ? {bundledEntry: selfContained.entry}
            : {}),
        }),
      );
    }

    const firstFrame = await attempt('1. start to first frame', () =>
      measureFirstFrame({warmRuns: WARM_RUNS, coldRuns: COLD_RUNS}),
    );
    rows.push(...firstFrameRows(firstFrame));
    rows.push(...twinRows(twins));

    const keys5k = await attempt('3. keypress, 5,000 sessions', () =>
      measureKeypress({sessions: 5000, presses: KEY_PRESSES}),
    );
    const keys10k = await attempt('3. keypress, 10,000 sessions', () =>
      measureKeypress({sessions: 10_000, presses: KEY_PRESSES}),
    );
    rows.push(...keypressRows(keys10k, 10_000), ...keypressRows(keys5k, 5000));

    const flood = await attempt(`4. flood ${FLOOD_RATE}/s for ${floodSeconds} s`, () =>
      measureFlood({sessions: floodSessions, rate: FLOOD_RATE, seconds: floodSeconds}),
    );
    rows.push(...floodRows(flood));

    if (!(twins instanceof Error) && twins !== 'skipped') {
      notes.push(
        `Real gateway started in ${(twins.gatewayStartMs / 1000).toFixed(1)} s. Samples (ms): pending ${twins.pendingMs.map((v) => Math.round(v)).join(', ')}; status ${twins.statusMs.map((v) => Math.round(v)).join(', ')}; openclaw devices list ${twins.cliMs.map((v) => Math.round(v)).join(', ')}${twins.bundled ? `; pending from the self-contained bundle ${twins.bundled.samples.map((v) => Math.round(v)).join(', ')}` : ''}.`,
      );
    }
    if (!(firstFrame instanceof Error)) {
      notes.push(
        `First-frame samples (ms), warm: ${firstFrame.warm.map((r) => Math.round(r.firstFrameMs)).join(', ')}; cold: ${firstFrame.cold.map((r) => Math.round(r.firstFrameMs)).join(', ')}.`,
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

    if (experiments) {
      for (const [shape, label] of [
        [
          'externals',
          'E1. start to first frame, CLI bundled by esbuild (deps from node_modules), no tsx',
        ],
        [
          'self-contained',
          'E1. start to first frame, self-contained bundle (deps inlined, NODE_ENV=production), no tsx',
        ],
      ] as const) {
        const bundle = bundles[shape];
        const result =
          bundle === undefined || bundle instanceof Error
            ? (bundle ?? new Error('not built'))
            : await attempt(`experiment: first frame, ${shape} bundle`, () =>
                measureFirstFrame({
                  warmRuns: WARM_RUNS,
                  coldRuns: 0,
                  entry: bundle.entry,
                  floor: false,
                }),
              );
        experimentRows.push(
          result instanceof Error
            ? failedRow(label, '< 300 ms', result)
            : {
                metric: `${label} (median of ${result.warm.length})`,
                target: '< 300 ms',
                result: `${ms(result.warmFirstFrame)} (tree ${ms(result.warmTree)})`,
                met: verdict(result.warmFirstFrame < 300),
              },
        );
      }
      if (!(twins instanceof Error) && twins !== 'skipped' && twins.bundled) {
        experimentRows.push({
          metric: `E1. \`pending --json\` from the self-contained bundle vs openclaw CLI, real gateway (medians of ${twins.runs})`,
          target: '≥ 5x faster than `openclaw devices list --json`',
          result: `${ms(twins.bundled.median)} vs ${ms(twins.cli)}: ${twins.bundled.ratio.toFixed(1)}x`,
          met: verdict(twins.bundled.ratio >= 5),
        });
      }
      const prodKeys = await attempt(
        'experiment: keypress, 10,000 sessions, NODE_ENV=production',
        () =>
          measureKeypress({sessions: 10_000, presses: KEY_PRESSES, env: {NODE_ENV: 'production'}}),
      );
      experimentRows.push(
        ...keypressRows(prodKeys, 10_000, ', NODE_ENV=production').map((row) => ({
          ...row,
          metric: row.metric.replace(/^3\./, 'E2.'),
        })),
      );
      const coalesced = await attempt('experiment: flood, coalesced store', () =>
        measureFlood({
          sessions: floodSessions,
          rate: FLOOD_RATE,
          seconds: floodSeconds,
          variant: 'coalesced',
        }),
      );
      experimentRows.push(
        ...floodRows(coalesced, ' with source/state/coalesce.ts wired').map((row) => ({
          ...row,
          metric: row.metric.replace(/^4\./, 'E3.'),
        })),
      );
      const coalescedProd = await attempt(
        'experiment: flood, coalesced store + NODE_ENV=production',
        () =>
          measureFlood({
            sessions: floodSessions,
            rate: FLOOD_RATE,
            seconds: floodSeconds,
            variant: 'coalesced',
            env: {NODE_ENV: 'production'},
          }),
      );
      experimentRows.push(
        ...floodRows(coalescedProd, ' with coalesce.ts + NODE_ENV=production').map((row) => ({
          ...row,
          metric: row.metric.replace(/^4\./, 'E4.'),
        })),
      );
      // The same with a small tree: how much of what is left is per-event work that grows with
      // the number of sessions held.
      const small = await attempt(
        `experiment: flood over ${SMALL_SWARM} sessions, coalesced store + NODE_ENV=production`,
        () =>
          measureFlood({
            sessions: SMALL_SWARM,
            rate: FLOOD_RATE,
            seconds: floodSeconds,
            variant: 'coalesced',
            env: {NODE_ENV: 'production'},
          }),
      );
      experimentRows.push(
        ...floodRows(small, ` over ${SMALL_SWARM} sessions, coalesce.ts + NODE_ENV=production`).map(
          (row) => ({...row, metric: row.metric.replace(/^4\./, 'E5.')}),
        ),
      );
    }
  } finally {
    for (const bundle of Object.values(bundles)) {
      if (bundle && !(bundle instanceof Error)) bundle.remove();
    }
  }

  const leftChildren = liveChildren();
  const leftDescendants = descendantsOf(process.pid).filter(
    (p) => !before.has(`${p.pid}/${p.startTicks}`),
  ).length;
  const loadAfter = loadAverage();

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
  const method = [
    '## How each row is measured',
    '',
    "1. `node bin/openclaw-tui.js` (tsx loader, as installed) spawned in a pty (`script -qfec`, `stty rows 40 cols 120`) with a fresh OPENCLAW_TUI_HOME, attached via OPENCLAW_GATEWAY_URL/TOKEN to a fixture gateway (own process) with 12 sessions; from spawn to the first pty output containing `openclaw-tui` (the header), and to the first containing the main session's label (tree drawn). One untimed run first (identity, pairing, tsx cache). Cold = `TSX_DISABLE_CACHE=1` (every module transpiled again); runs interleaved warm/cold/floor.",
    '2. A real gateway (pinned openclaw, private Node 24, loopback, token auth) started by test/support/real-gateway.ts. `node bin/openclaw-tui.js pending --json` / `status --json` vs `openclaw devices list --json --url … --token …` (Node 24, its own throwaway HOME/OPENCLAW_STATE_DIR, the shared V8 compile cache), spawn to exit, outputs checked to be JSON; one untimed warm-up each, then interleaved runs.',
    `3. The real console (runConsole: client → bridge → store → App → Ink with maxFps 20 + incrementalRendering) in its own process, drawing into a fake 120x40 TTY; the store is fed through the real bridge from a fixture gateway in another process (sessions.subscribe + sessions.list pages), not by dispatching a snapshot. After the whole tree is on screen, \`j\` is typed ${KEY_PRESSES} times, 60–140 ms apart (seeded), each timed from the keystroke to the terminal write whose selected row (\`› …\`) shows a different session. FORCE_COLOR=1 so frames carry colour like a real terminal.`,
    `4. The fixture (own process) runs startEventFlood at ${FLOOD_RATE} events/s over a swarm of ${floodSessions.toLocaleString('en')} sessions (depth ≤ 5); the console (own process, as in 3, attached through the real client + bridge) draws into a counting fake 120x40 TTY. Frames = terminal writes other than the synchronized-output brackets; CPU = process.cpuUsage of the console process over the flood; peak RSS = its maxRSS over its whole life. Lag: every 50 ms the fixture renames the first tree row to \`mark-<n>\` (a sessions.changed on the same socket as the flood) and stamps the send time; the console stamps the first write showing \`mark-<n>\` or a later marker. Markers never drawn by the end (flood + 2 s) count with the time until then, and the figures are then lower bounds (≥).`,
    "E. What-if rows, same method, to size the fixes proposed with this bench; they change nothing in the product. E1: source/cli.tsx bundled by esbuild and run by plain Node (no tsx): 'deps from node_modules' keeps ink/react/ws external; 'self-contained' inlines them and fixes NODE_ENV=production at build time (what a prebuilt dist/cli.js for `bin` would be). E2: NODE_ENV=production (React's production build; the bin loads the development build today). E3/E4/E5: run-console.tsx gets a store wrapped by source/state/coalesce.ts (swapped in by a module resolve hook, bench/support/coalesce-hooks.mjs; the console reports that the swap happened), E4/E5 also with NODE_ENV=production, E5 over a 100-session swarm.",
    '',
  ].join('\n');
  const table = markdownTable([...rows, ...experimentRows]);
  const footer = [
    '',
    '## Notes',
    '',
    ...notes.map((note) => `- ${note}`),
    `- Processes left behind by the bench: ${leftChildren + leftDescendants}.`,
    '',
  ].join('\n');

  const document = `${header}\n${table}\n\n${method}${footer}`;
  process.stdout.write(`\n${table}\n`);
  const out = env.OCT_BENCH_OUT ?? path.join(here, 'results.md');
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

// Child process: the real console (runConsole: client, bridge, store, App, Ink with the CLI's
// render options) drawing into a fake 120x40 terminal. It counts what reaches the "terminal" and
// answers the runner's requests over IPC (see messages.ts).
//   argv: <columns> <rows> <ready-text>
//   env:  OPENCLAW_GATEWAY_URL, OPENCLAW_GATEWAY_TOKEN, OPENCLAW_TUI_HOME, HOME, NODE_ENV
//
// As bin/openclaw-tui.cjs does, NODE_ENV defaults to production before React is loaded: the
// console's modules are imported only after that (dynamic imports), and the ready report says
// which React build was really loaded, so the runner can refuse a development-build measurement.

import {writeFileSync} from 'node:fs';
import {Session} from 'node:inspector';
import {createRequire} from 'node:module';
import v8 from 'node:v8';
import {performance} from 'node:perf_hooks';
import {stripVTControlCharacters} from 'node:util';
import {FakeStdin, FakeStdout, SYNC_MARKERS} from './fake-terminal.ts';
import {runConsoleInto} from './run-console-into.ts';
import type {ConsoleReport, ConsoleRequest, ConsoleWindow, Mark} from './messages.ts';
import {seededRandom} from './stats.ts';

process.env.NODE_ENV ??= 'production';

/**
 * Which of React's builds this process runs (react/index.js and react-reconciler pick one by
 * NODE_ENV). Node's ESM loader lists both branches in the require cache while reading the
 * CommonJS exports, so only the modules that really ran (loaded) count.
 */
const reactBuild = (): 'production' | 'development' | 'bundled' | 'unknown' => {
  // Built by bench/support/console-bundle.ts with the shipped bundle's options: React is inlined
  // with process.env.NODE_ENV fixed to "production" at build time, as in dist/.
  if (import.meta.url.endsWith('.js')) return 'bundled';
  const ran = Object.entries(createRequire(import.meta.url).cache)
    .filter(([, module]) => module?.loaded === true)
    .map(([file]) => file);
  const build =
    /[\\/](react|react-reconciler)[\\/]cjs[\\/](?:react|react-reconciler)\.(development|production)\.js$/;
  const seen = new Set(ran.map((file) => build.exec(file)?.[2]).filter((b) => b !== undefined));
  if (seen.has('development')) return 'development';
  return seen.has('production') ? 'production' : 'unknown';
};

const KEY_TIMEOUT_MS = 3000;

/**
 * OCT_BENCH_ALLOC_PROFILE=FILE (probes only): V8's sampling heap profiler over the measurement
 * window, counting objects the collector has already freed too, so the profile shows where the
 * allocation churn comes from (bench/probes/alloc-profile.ts reads it).
 */
const allocationProfiler = (file: string | undefined) => {
  if (file === undefined || file === '') return undefined;
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve, reject) => {
      session.post(method, params ?? {}, (error, result) =>
        error ? reject(error) : resolve(result),
      );
    });
  return {
    start: () =>
      post('HeapProfiler.startSampling', {
        samplingInterval: 16_384,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      }),
    stop: async () => {
      const {profile} = (await post('HeapProfiler.stopSampling')) as {profile: unknown};
      writeFileSync(file, JSON.stringify(profile));
    },
  };
};
const allocations = allocationProfiler(process.env.OCT_BENCH_ALLOC_PROFILE);
const MARK = /mark-(\d+)/g;

const send = (report: ConsoleReport): void => {
  process.send?.(report);
};

/** The title on the selected tree line ("› ▾ title   agent status …"), if this text has one. */
const selectedTitle = (plain: string): string | undefined => {
  let found: string | undefined;
  for (const line of plain.split('\n')) {
    if (!line.startsWith('› ')) continue;
    const rest = line
      .slice(2)
      .trimStart()
      .replace(/^[▾▸·┄]\s/, '');
    found = rest.split(/\s{2,}/)[0]?.trim();
  }
  return found;
};

const main = async (): Promise<void> => {
  const columns = Number(process.argv[2] ?? '120');
  const rows = Number(process.argv[3] ?? '40');
  const readyText = process.argv[4] ?? '';

  let ready = false;
  let selected: string | undefined;
  let pendingKey:
    {readonly previous: string | undefined; readonly done: (at: number) => void} | undefined;
  const seenMarks = new Map<number, number>();
  // When the last frame was written (performance.now()): Ink draws at most one frame per slot
  // (1000 / maxFps ms), so a key pressed sooner after a frame waits for the rest of that slot.
  let lastFrameAt = Number.NEGATIVE_INFINITY;

  // Counters for the measurement window.
  let counting = false;
  let windowStart = 0;
  let cpuStart = process.cpuUsage();
  let frames = 0;
  let peakBeforeKiB = 0;
  let bytes = 0;
  const perSecond = new Map<number, {frames: number; bytes: number}>();

  const onWrite = (text: string): void => {
    const at = Date.now();
    const precise = performance.now();
    if (counting) {
      const size = Buffer.byteLength(text);
      bytes += size;
      const second = Math.floor((at - windowStart) / 1000);
      const bucket = perSecond.get(second) ?? {frames: 0, bytes: 0};
      bucket.bytes += size;
      if (!SYNC_MARKERS.has(text)) {
        frames += 1;
        bucket.frames += 1;
      }
      perSecond.set(second, bucket);
    }
    if (SYNC_MARKERS.has(text)) return;
    lastFrameAt = precise;
    const plain = stripVTControlCharacters(text);
    if (!ready && readyText !== '' && plain.includes(readyText)) {
      ready = true;
      send({
        type: 'ready',
        atMs: precise,
        nodeEnv: process.env.NODE_ENV ?? '',
        reactBuild: reactBuild(),
      });
    }
    for (const match of plain.matchAll(MARK)) {
      const n = Number(match[1]);
      if (!seenMarks.has(n)) seenMarks.set(n, at);
    }
    const title = selectedTitle(plain);
    if (title !== undefined) {
      selected = title;
      if (pendingKey && title !== pendingKey.previous) {
        const key = pendingKey;
        pendingKey = undefined;
        key.done(precise);
      }
    }
  };

  const stdout = new FakeStdout(columns, rows, onWrite);
  const stderr = new FakeStdout(columns, rows, (text) => process.stderr.write(text));
  const stdin = new FakeStdin();

  const pressKeys = async (count: number, seed: number, pattern = 'j'): Promise<void> => {
    const random = seededRandom(seed);
    const latencies: number[] = [];
    const sinceFrame: number[] = [];
    let timeouts = 0;
    for (let i = 0; i < count; i++) {
      // An operator's pace: 60–140 ms between presses, longer than one frame slot.
      await new Promise((resolve) => setTimeout(resolve, 60 + random() * 80));
      const started = performance.now();
      const afterFrame = started - lastFrameAt;
      const shown = new Promise<number | undefined>((resolve) => {
        const timer = setTimeout(() => {
          pendingKey = undefined;
          resolve(undefined);
        }, KEY_TIMEOUT_MS);
        pendingKey = {
          previous: selected,
          done: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        };
      });
      stdin.type(pattern[i % pattern.length] ?? 'j');
      const at = await shown;
      if (at === undefined) timeouts += 1;
      else {
        latencies.push(at - started);
        sinceFrame.push(afterFrame);
      }
    }
    send({type: 'keys', latenciesMs: latencies, sinceFrameMs: sinceFrame, timeouts});
  };

  process.on('message', (raw: unknown) => {
    const request = raw as ConsoleRequest;
    switch (request.type) {
      case 'window-start':
        counting = true;
        windowStart = Date.now();
        peakBeforeKiB = process.resourceUsage().maxRSS;
        cpuStart = process.cpuUsage();
        void allocations?.start();
        frames = 0;
        bytes = 0;
        perSecond.clear();
        return;
      case 'window-end': {
        counting = false;
        void allocations?.stop();
        // With OCT_BENCH_NODE_FLAGS=--expose-gc the memory report shows what is still alive
        // (a leak check) rather than wherever the collector happened to be.
        (globalThis as {gc?: () => void}).gc?.();
        const cpu = process.cpuUsage(cpuStart);
        const buckets = [...perSecond.values()];
        const window: ConsoleWindow = {
          wallMs: Date.now() - windowStart,
          frames,
          bytes,
          cpuUserMs: cpu.user / 1000,
          cpuSystemMs: cpu.system / 1000,
          peakRssKiB: process.resourceUsage().maxRSS,
          peakRssBeforeKiB: peakBeforeKiB,
          busiestSecondFrames: Math.max(0, ...buckets.map((b) => b.frames)),
          busiestSecondBytes: Math.max(0, ...buckets.map((b) => b.bytes)),
          memoryAtEndMiB: Object.fromEntries([
            ...Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 2 ** 20)]),
            ...v8
              .getHeapSpaceStatistics()
              .map((space) => [space.space_name, Math.round(space.space_size / 2 ** 20)]),
          ]),
        };
        send({type: 'window', window});
        return;
      }
      case 'marks': {
        const marks: Mark[] = [...seenMarks].map(([n, at]) => ({n, at}));
        send({type: 'marks', marks, at: Date.now()});
        return;
      }
      case 'keys':
        void pressKeys(request.count, request.seed, request.pattern);
        return;
      case 'pin': {
        // The cursor moves (and then holds a key) only once a frame shows the move.
        const before = selected;
        stdin.type('g');
        const started = Date.now();
        const poll = setInterval(() => {
          if (Date.now() - started < 300 && selected === before) return;
          clearInterval(poll);
          send({type: 'pinned', title: selected ?? ''});
        }, 20);
        return;
      }
      case 'sample': {
        const memory = process.memoryUsage();
        const cpu = process.cpuUsage();
        send({
          type: 'sample',
          sample: {
            at: Date.now(),
            rss: memory.rss,
            heapUsed: memory.heapUsed,
            heapTotal: memory.heapTotal,
            external: memory.external,
            arrayBuffers: memory.arrayBuffers,
            maxRssKiB: process.resourceUsage().maxRSS,
            cpuMicros: cpu.user + cpu.system,
          },
        });
        return;
      }
      case 'quit':
        stdin.type('q');
        return;
    }
  });
  // Never outlive the runner.
  process.on('disconnect', () => process.exit(1));

  const code = await runConsoleInto({stdout, stderr, stdin});
  send({type: 'exited', code});
  // Let the IPC message go out before the channel closes.
  setTimeout(() => process.exit(code), 50);
};

main().catch((error: unknown) => {
  send({type: 'failed', message: error instanceof Error ? error.message : String(error)});
  setTimeout(() => process.exit(1), 50);
});

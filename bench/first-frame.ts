// Measurement 1: start to first frame. The real CLI (`node bin/openclaw-tui.cjs`, exactly as an
// operator runs it: the prebuilt bundle dist/cli.js when fresh, else tsx) is spawned in a
// pseudo-terminal (util-linux `script`, sized 120x40 with stty) against a fixture gateway with a
// few sessions. Timed from spawn to the first output holding the header ("openclaw-tui"), and to
// the first output holding the session tree (the main session's label). The bundle is rebuilt,
// untimed, whenever a parallel edit made it stale, and each run records which path the bin took.
// For information, the tsx fallback (OPENCLAW_TUI_FROM_SOURCE=1, the bin's own switch) with a
// warm tsx cache, and a bare `node -e` in the same pty (the floor).

import type {ChildProcess} from 'node:child_process';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {stripVTControlCharacters} from 'node:util';
import {familyOf, spawnTracked, stopTracked, waitForExit} from './support/children.ts';
import {bundleKeeper, probeEntry, type BundleKeeper, type EntryPath} from './support/entry.ts';
import {consoleEnv, startFixture, tempHome, type TempHome} from './support/processes.ts';
import {shippedNodeFlags} from './support/node-flags.ts';
import {probeInstalled, type InstalledPackage} from './support/installed.ts';
import {median} from './support/stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HEADER = 'openclaw-tui';
const TREE = 'bench-main';
const RUN_TIMEOUT_MS = 30_000;

export type StartRun = {
  readonly firstFrameMs: number;
  readonly treeMs: number;
  /** The path the bin took for this run (its freshness rule, checked just before the spawn). */
  readonly path: EntryPath;
};

export type FirstFrameResult = {
  /** `node bin/openclaw-tui.cjs` as shipped. */
  readonly shipped: readonly StartRun[];
  /** The same bin forced onto its tsx fallback (OPENCLAW_TUI_FROM_SOURCE=1), warm tsx cache. */
  readonly fallback: readonly StartRun[];
  /** Plain `node -e` printing one line in the same pty: the floor no Node program goes below. */
  readonly nodeFloor: readonly number[];
  readonly firstFrame: number;
  readonly tree: number;
  readonly fallbackFirstFrame: number;
  readonly fallbackTree: number;
  readonly floor: number;
  /** What the probe run saw the bin import, as shipped (before the timed runs). */
  readonly probed: EntryPath | 'unknown';
  readonly probedFallback: EntryPath | 'unknown';
  /** Timed as installed (support/installed.ts): what the installed bin said it ran. */
  readonly installed?: string;
  /** Untimed rebuilds of a bundle that went stale during the runs. */
  readonly rebuilds: number;
};

const ptyCommand = (command: string): readonly string[] => [
  '-qfec',
  // A real size: with 0x0 Ink repaints the whole screen on every frame.
  `stty rows 40 cols 120 2>/dev/null; exec ${command}`,
  '/dev/null',
];

/** Spawn `command` in a pty; resolve with the times the texts first appeared (ms from spawn). */
const timeInPty = async (
  command: string,
  env: NodeJS.ProcessEnv,
  texts: readonly string[],
  quit: string | undefined,
): Promise<readonly number[]> => {
  const started = performance.now();
  const child: ChildProcess = spawnTracked('script', ptyCommand(command), {
    cwd: root,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const found = texts.map(() => Number.NaN);
  let seen = '';
  let family = familyOf(child.pid ?? 0);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`pty run: not all of ${texts.join(', ')} within 30 s`)),
        RUN_TIMEOUT_MS,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        const at = performance.now() - started;
        // Keep only a tail: a text split across two chunks must still be found.
        seen = (seen + stripVTControlCharacters(chunk.toString('utf8'))).slice(-8192);
        texts.forEach((text, i) => {
          if (Number.isNaN(found[i]) && seen.includes(text)) found[i] = at;
        });
        if (found.every((value) => !Number.isNaN(value))) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', () => {
        clearTimeout(timer);
        if (found.every((value) => !Number.isNaN(value))) resolve();
        else reject(new Error(`pty run exited before showing ${texts.join(', ')}`));
      });
    });
    family = [...family, ...familyOf(child.pid ?? 0)];
    if (quit !== undefined) child.stdin?.write(quit);
    if (!(await waitForExit(child, 5000))) await stopTracked(child, 2000, family);
  } finally {
    await stopTracked(child, 2000, family);
  }
  return found;
};

const startRun = async (
  home: TempHome,
  gateway: {url: string; token: string},
  fromSource: boolean,
  keeper: BundleKeeper,
  installed: InstalledPackage | undefined,
): Promise<StartRun> => {
  const env = consoleEnv(gateway, home, {
    TERM: 'xterm-256color',
    ...(fromSource ? {OPENCLAW_TUI_FROM_SOURCE: '1'} : {}),
  });
  if (installed && !fromSource) {
    // The linked bin itself: its first line picks the Node and passes the flags.
    const [firstFrameMs, treeMs] = await timeInPty(
      installed.bin,
      installed.env(env),
      [HEADER, TREE],
      'q',
    );
    return {firstFrameMs: firstFrameMs as number, treeMs: treeMs as number, path: 'bundle'};
  }
  const taken = await keeper.beforeRun(env);
  const [firstFrameMs, treeMs] = await timeInPty(
    // The bin's own Node flags, as its first line passes them when npm's link runs it.
    [process.execPath, ...shippedNodeFlags(), 'bin/openclaw-tui.cjs'].join(' '),
    env,
    [HEADER, TREE],
    'q',
  );
  return {firstFrameMs: firstFrameMs as number, treeMs: treeMs as number, path: taken};
};

export const measureFirstFrame = async (options: {
  readonly runs: number;
  readonly fallbackRuns: number;
  /** Also time a bare `node -e` in the same pty after each round. */
  readonly floor?: boolean;
  /** Time the installed package's bin (support/installed.ts) instead of the checkout's. */
  readonly installed?: InstalledPackage;
}): Promise<FirstFrameResult> => {
  const {installed} = options;
  const fixture = await startFixture({sessions: 12, maxDepth: 3, mainLabel: TREE});
  const home = tempHome();
  const keeper = bundleKeeper();
  try {
    // Untimed: creates this home's device identity (paired on loopback) and fills tsx's cache
    // for the fallback; then one probe each of which program the bin really loads.
    await startRun(home, fixture, false, keeper, installed);
    if (options.fallbackRuns > 0) await startRun(home, fixture, true, keeper, installed);
    const probeEnv = consoleEnv(fixture, home);
    await keeper.beforeRun(probeEnv);
    const probed = installed ? 'bundle' : await probeEntry(probeEnv);
    const installedSaid = installed ? await probeInstalled(installed, probeEnv) : undefined;
    const probedFallback =
      options.fallbackRuns > 0
        ? await probeEntry({...probeEnv, OPENCLAW_TUI_FROM_SOURCE: '1'})
        : 'unknown';
    const shipped: StartRun[] = [];
    const fallback: StartRun[] = [];
    const nodeFloor: number[] = [];
    // Interleaved, so a burst of load on the machine does not land on one kind only.
    for (let i = 0; i < Math.max(options.runs, options.fallbackRuns); i++) {
      if (i < options.runs) shipped.push(await startRun(home, fixture, false, keeper, installed));
      if (i < options.fallbackRuns)
        fallback.push(await startRun(home, fixture, true, keeper, installed));
      if (options.floor === false) continue;
      const [floor] = await timeInPty(
        `${process.execPath} -e "process.stdout.write('${HEADER}')"`,
        consoleEnv(fixture, home),
        [HEADER],
        undefined,
      );
      nodeFloor.push(floor as number);
    }
    return {
      shipped,
      fallback,
      nodeFloor,
      firstFrame: median(shipped.map((r) => r.firstFrameMs)),
      tree: median(shipped.map((r) => r.treeMs)),
      fallbackFirstFrame: median(fallback.map((r) => r.firstFrameMs)),
      fallbackTree: median(fallback.map((r) => r.treeMs)),
      floor: median(nodeFloor),
      probed,
      probedFallback,
      ...(installedSaid === undefined ? {} : {installed: installedSaid}),
      rebuilds: keeper.rebuilds,
    };
  } finally {
    await fixture.stop();
    home.remove();
  }
};

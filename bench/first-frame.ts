// Measurement 1: start to first frame. The real CLI (bin/openclaw-tui.js, as an operator runs it)
// is spawned in a pseudo-terminal (util-linux `script`, sized 120x40 with stty) against a fixture
// gateway with a few sessions. Timed from spawn to the first output holding the header
// ("openclaw-tui"), and to the first output holding the session tree (the main session's label).
// Cold = tsx's transpile cache disabled (TSX_DISABLE_CACHE=1: every module transpiled again);
// warm = the normal case with the cache filled by an earlier run.

import type {ChildProcess} from 'node:child_process';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {stripVTControlCharacters} from 'node:util';
import {familyOf, spawnTracked, stopTracked, waitForExit} from './support/children.ts';
import {consoleEnv, startFixture, tempHome, type TempHome} from './support/processes.ts';
import {median} from './support/stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HEADER = 'openclaw-tui';
const TREE = 'bench-main';
const RUN_TIMEOUT_MS = 30_000;

export type StartRun = {readonly firstFrameMs: number; readonly treeMs: number};

export type FirstFrameResult = {
  readonly warm: readonly StartRun[];
  readonly cold: readonly StartRun[];
  /** Plain `node -e` printing one line in the same pty: the floor no Node program goes below. */
  readonly nodeFloor: readonly number[];
  readonly warmFirstFrame: number;
  readonly warmTree: number;
  readonly coldFirstFrame: number;
  readonly coldTree: number;
  readonly floor: number;
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
  cold: boolean,
  entry: string,
) => {
  const env = consoleEnv(gateway, home, {
    TERM: 'xterm-256color',
    ...(cold ? {TSX_DISABLE_CACHE: '1'} : {}),
  });
  const [firstFrameMs, treeMs] = await timeInPty(
    `${process.execPath} ${entry}`,
    env,
    [HEADER, TREE],
    'q',
  );
  return {firstFrameMs: firstFrameMs as number, treeMs: treeMs as number};
};

export const measureFirstFrame = async (options: {
  readonly warmRuns: number;
  readonly coldRuns: number;
  /** What `node` runs (default the published bin, through tsx). */
  readonly entry?: string;
  /** Also time a bare `node -e` in the same pty after each round. */
  readonly floor?: boolean;
}): Promise<FirstFrameResult> => {
  const entry = options.entry ?? 'bin/openclaw-tui.js';
  const fixture = await startFixture({sessions: 12, maxDepth: 3, mainLabel: TREE});
  const home = tempHome();
  try {
    // Untimed: fills tsx's cache and creates this home's device identity (paired on loopback).
    await startRun(home, fixture, false, entry);
    const warm: StartRun[] = [];
    const cold: StartRun[] = [];
    const nodeFloor: number[] = [];
    // Interleaved, so a burst of load on the machine does not land on one kind only.
    for (let i = 0; i < Math.max(options.warmRuns, options.coldRuns); i++) {
      if (i < options.warmRuns) warm.push(await startRun(home, fixture, false, entry));
      if (i < options.coldRuns) cold.push(await startRun(home, fixture, true, entry));
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
      warm,
      cold,
      nodeFloor,
      warmFirstFrame: median(warm.map((r) => r.firstFrameMs)),
      warmTree: median(warm.map((r) => r.treeMs)),
      coldFirstFrame: median(cold.map((r) => r.firstFrameMs)),
      coldTree: median(cold.map((r) => r.treeMs)),
      floor: median(nodeFloor),
    };
  } finally {
    await fixture.stop();
    home.remove();
  }
};

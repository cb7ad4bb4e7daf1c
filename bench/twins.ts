// Measurement 2: the --json twins against a LOCAL REAL gateway (the pinned openclaw under its
// private Node 24, started by test/support/real-gateway.ts), each compared with the openclaw
// CLI's own `devices list --json` on the same gateway and machine. The twins run as shipped,
// `node bin/openclaw-tui.cjs …` (the prebuilt bundle when fresh, rebuilt untimed if a parallel edit
// made it stale; each run records the path the bin took). Wall time from spawn to exit, runs
// interleaved (twin, twin, CLI) so load bursts spread over all three; medians of N.

import {mkdirSync, symlinkSync} from 'node:fs';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {childEnv, spawnTracked, stopTracked, waitForExit} from './support/children.ts';
import {bundleKeeper, probeEntry, type EntryPath} from './support/entry.ts';
import {consoleEnv, tempHome} from './support/processes.ts';
import {shippedNodeFlags} from './support/node-flags.ts';
import {probeInstalled, type InstalledPackage} from './support/installed.ts';
import {median} from './support/stats.ts';
import {isRealGatewayInstalled, realGatewayPaths} from '../test/support/real-gateway-paths.ts';
import {startRealGateway} from '../test/support/real-gateway.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUN_TIMEOUT_MS = 120_000;

export type TwinsResult = {
  readonly runs: number;
  readonly pendingMs: readonly number[];
  readonly statusMs: readonly number[];
  readonly cliMs: readonly number[];
  readonly pending: number;
  readonly status: number;
  readonly cli: number;
  /** How many times faster than the CLI (CLI median / twin median). */
  readonly pendingRatio: number;
  readonly statusRatio: number;
  readonly gatewayStartMs: number;
  /** The path the bin took, per timed twin run (pending and status). */
  readonly paths: readonly EntryPath[];
  /** What the probe run saw the bin import (before the timed runs). */
  readonly probed: EntryPath | 'unknown';
  /** Timed as installed (support/installed.ts): what the installed bin said it ran. */
  readonly installed?: string;
  readonly rebuilds: number;
  /**
   * Where a `pending --json` spends its time: further runs with OPENCLAW_TUI_MARKS=1
   * (source/start-marks.ts), each mark's ms since the process started, per run; and those runs'
   * spawn-to-exit wall time.
   */
  readonly marks: Readonly<Record<string, readonly number[]>>;
  readonly markedMs: readonly number[];
};

/** Run to completion; the wall time, or a thrown error with the exit code (never the output). */
const timeRun = async (
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  what: string,
  checkJson: boolean,
  onMark?: (name: string, ms: number) => void,
): Promise<number> => {
  const started = performance.now();
  const child = spawnTracked(command, args, {cwd: root, env, stdio: ['ignore', 'pipe', 'pipe']});
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    if (out.length < 1_000_000) out += chunk.toString('utf8');
  });
  let err = '';
  if (onMark) {
    child.stderr?.on('data', (chunk: Buffer) => {
      if (err.length < 100_000) err += chunk.toString('utf8');
    });
  } else {
    child.stderr?.resume();
  }
  const finished = await waitForExit(child, RUN_TIMEOUT_MS);
  const elapsed = performance.now() - started;
  if (!finished) {
    await stopTracked(child);
    throw new Error(`${what}: still running after ${RUN_TIMEOUT_MS / 1000} s`);
  }
  if (child.exitCode !== 0)
    throw new Error(`${what}: exit code ${child.exitCode ?? child.signalCode}`);
  if (checkJson) {
    try {
      JSON.parse(out);
    } catch {
      throw new Error(`${what}: the output is not one JSON document`);
    }
  }
  for (const match of err.matchAll(/^openclaw-tui: mark (\S+) (\d+(?:\.\d+)?)$/gm)) {
    onMark?.(match[1] ?? '', Number(match[2]));
  }
  return elapsed;
};

export const realGatewayAvailable = (): boolean => isRealGatewayInstalled(realGatewayPaths());

export const measureTwins = async (options: {
  readonly runs: number;
  /** Time the installed package's bin (support/installed.ts) instead of the checkout's. */
  readonly installed?: InstalledPackage;
}): Promise<TwinsResult> => {
  const {installed} = options;
  const gatewayPaths = realGatewayPaths();
  const t0 = performance.now();
  const gateway = await startRealGateway({ttlSeconds: 900});
  const gatewayStartMs = performance.now() - t0;
  const home = tempHome();
  try {
    const twinEnv = consoleEnv(gateway, home);
    const keeper = bundleKeeper();
    const paths: EntryPath[] = [];
    const twin = async (
      command: 'pending' | 'status',
      onMark?: (name: string, ms: number) => void,
    ): Promise<number> => {
      const env = onMark ? {...twinEnv, OPENCLAW_TUI_MARKS: '1'} : twinEnv;
      if (installed) {
        // The linked bin itself: its first line picks the Node and passes the flags.
        paths.push('bundle');
        return timeRun(
          installed.bin,
          [command, '--json'],
          installed.env(env),
          command,
          true,
          onMark,
        );
      }
      paths.push(await keeper.beforeRun(twinEnv));
      return timeRun(
        process.execPath,
        // The bin's own Node flags, as its first line passes them when npm's link runs it.
        [...shippedNodeFlags(), 'bin/openclaw-tui.cjs', command, '--json'],
        env,
        command,
        true,
        onMark,
      );
    };

    // The CLI gets its own throwaway state (its own device identity), like test/support does,
    // and the V8 compile cache the gateway uses, so it is not slowed by a cold cache.
    const cliDir = path.join(home.dir, 'openclaw-cli');
    for (const sub of ['home', 'state', 'tmp'])
      mkdirSync(path.join(cliDir, sub), {recursive: true});
    mkdirSync(gatewayPaths.compileCache, {recursive: true});
    symlinkSync(gatewayPaths.compileCache, path.join(cliDir, 'tmp', 'node-compile-cache'));
    const cliEnv = childEnv({
      PATH: `${gatewayPaths.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: path.join(cliDir, 'home'),
      OPENCLAW_HOME: path.join(cliDir, 'home'),
      OPENCLAW_STATE_DIR: path.join(cliDir, 'state'),
      OPENCLAW_CONFIG_PATH: path.join(cliDir, 'state', 'openclaw.json'),
      OPENCLAW_NO_AUTO_UPDATE: '1',
      OPENCLAW_OFFLINE: '1',
      TMPDIR: path.join(cliDir, 'tmp'),
    });
    // The token is on this command line because that is how the CLI takes it; the gateway is a
    // throwaway on loopback, and the command line is never printed.
    const cli = () =>
      timeRun(
        gatewayPaths.node24,
        [
          gatewayPaths.openclawEntry,
          'devices',
          'list',
          '--json',
          '--url',
          gateway.url,
          '--token',
          gateway.token,
        ],
        cliEnv,
        'openclaw devices list',
        true,
      );

    // Untimed warm-up: device identities are created and paired (silently, on loopback), and
    // each twin's V8 code cache is written (the CLI likewise runs with a warm compile cache).
    await twin('pending');
    await twin('status');
    await cli();
    const probed = installed
      ? 'bundle'
      : (await keeper.beforeRun(twinEnv), await probeEntry(twinEnv));
    const installedSaid = installed ? await probeInstalled(installed, twinEnv) : undefined;
    paths.length = 0;

    const pendingMs: number[] = [];
    const statusMs: number[] = [];
    const cliMs: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      pendingMs.push(await twin('pending'));
      statusMs.push(await twin('status'));
      cliMs.push(await cli());
    }
    // The breakdown: more pending runs, each saying when it reached each milestone (after the
    // timed runs, so their numbers are the bin exactly as shipped, with no mark written).
    const timedPaths = [...paths];
    const marks: Record<string, number[]> = {};
    const markedMs: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      markedMs.push(
        await twin('pending', (name, ms) => {
          (marks[name] ??= []).push(ms);
        }),
      );
    }
    paths.length = 0;
    paths.push(...timedPaths);
    const pending = median(pendingMs);
    const status = median(statusMs);
    const cliMedian = median(cliMs);
    return {
      runs: options.runs,
      pendingMs,
      statusMs,
      cliMs,
      pending,
      status,
      cli: cliMedian,
      pendingRatio: cliMedian / pending,
      statusRatio: cliMedian / status,
      gatewayStartMs,
      paths,
      probed,
      ...(installedSaid === undefined ? {} : {installed: installedSaid}),
      rebuilds: keeper.rebuilds,
      marks,
      markedMs,
    };
  } finally {
    home.remove();
    await gateway.stop();
  }
};

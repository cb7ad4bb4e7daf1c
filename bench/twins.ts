// Measurement 2: the --json twins against a LOCAL REAL gateway (the pinned openclaw under its
// private Node 24, started by test/support/real-gateway.ts), each compared with the openclaw
// CLI's own `devices list --json` on the same gateway and machine. Wall time from spawn to exit,
// runs interleaved (twin, twin, CLI) so load bursts spread over all three; medians of N.

import {mkdirSync, symlinkSync} from 'node:fs';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {childEnv, spawnTracked, stopTracked, waitForExit} from './support/children.ts';
import {consoleEnv, tempHome} from './support/processes.ts';
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
  /** Experiment: `pending --json` from a prebuilt bundle (plain Node, no tsx), if one was given. */
  readonly bundled?: {
    readonly samples: readonly number[];
    readonly median: number;
    readonly ratio: number;
  };
};

/** Run to completion; the wall time, or a thrown error with the exit code (never the output). */
const timeRun = async (
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  what: string,
  checkJson: boolean,
): Promise<number> => {
  const started = performance.now();
  const child = spawnTracked(command, args, {cwd: root, env, stdio: ['ignore', 'pipe', 'pipe']});
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    if (out.length < 1_000_000) out += chunk.toString('utf8');
  });
  child.stderr?.resume();
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
  return elapsed;
};

export const realGatewayAvailable = (): boolean => isRealGatewayInstalled(realGatewayPaths());

export const measureTwins = async (options: {
  readonly runs: number;
  /** Also time `node <bundledEntry> pending --json` (experiment). */
  readonly bundledEntry?: string;
}): Promise<TwinsResult> => {
  const paths = realGatewayPaths();
  const t0 = performance.now();
  const gateway = await startRealGateway({ttlSeconds: 900});
  const gatewayStartMs = performance.now() - t0;
  const home = tempHome();
  try {
    const twinEnv = consoleEnv(gateway, home);
    const twin = (command: 'pending' | 'status', entry = 'bin/openclaw-tui.js') =>
      timeRun(process.execPath, [entry, command, '--json'], twinEnv, command, true);
    const bundledEntry = options.bundledEntry;

    // The CLI gets its own throwaway state (its own device identity), like test/support does,
    // and the V8 compile cache the gateway uses, so it is not slowed by a cold cache.
    const cliDir = path.join(home.dir, 'openclaw-cli');
    for (const sub of ['home', 'state', 'tmp'])
      mkdirSync(path.join(cliDir, sub), {recursive: true});
    mkdirSync(paths.compileCache, {recursive: true});
    symlinkSync(paths.compileCache, path.join(cliDir, 'tmp', 'node-compile-cache'));
    const cliEnv = childEnv({
      PATH: `${paths.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
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
        paths.node24,
        [
          paths.openclawEntry,
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

    // Untimed warm-up: device identities are created and paired (silently, on loopback).
    await twin('pending');
    if (bundledEntry) await twin('pending', bundledEntry);
    await cli();

    const pendingMs: number[] = [];
    const statusMs: number[] = [];
    const cliMs: number[] = [];
    const bundledMs: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      pendingMs.push(await twin('pending'));
      statusMs.push(await twin('status'));
      if (bundledEntry) bundledMs.push(await twin('pending', bundledEntry));
      cliMs.push(await cli());
    }
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
      ...(bundledEntry
        ? {
            bundled: {
              samples: bundledMs,
              median: median(bundledMs),
              ratio: cliMedian / median(bundledMs),
            },
          }
        : {}),
    };
  } finally {
    home.remove();
    await gateway.stop();
  }
};

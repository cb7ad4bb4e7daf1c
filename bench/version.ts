// Issue 11's line for `--version`: within 1.5x of `node -e 0`. The installed bin
// (support/installed.ts; the checkout's `node bin/openclaw-tui.cjs` when none) against a bare
// `node -e 0` of the same Node, spawn to exit, interleaved, medians of N.

import {performance} from 'node:perf_hooks';
import {spawnTracked, stopTracked, waitForExit} from './support/children.ts';
import type {InstalledPackage} from './support/installed.ts';
import {shippedNodeFlags} from './support/node-flags.ts';
import {median} from './support/stats.ts';

export type VersionResult = {
  readonly versionMs: readonly number[];
  readonly floorMs: readonly number[];
  readonly version: number;
  readonly floor: number;
  readonly installed: boolean;
};

const timeExit = async (
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<number> => {
  const started = performance.now();
  const child = spawnTracked(command, args, {env, stdio: ['ignore', 'ignore', 'ignore']});
  if (!(await waitForExit(child, 60_000))) {
    await stopTracked(child);
    throw new Error(`${command} ${args.join(' ')}: still running after 60 s`);
  }
  if (child.exitCode !== 0) throw new Error(`${command}: exit code ${child.exitCode}`);
  return performance.now() - started;
};

export const measureVersion = async (options: {
  readonly runs: number;
  readonly installed?: InstalledPackage;
  readonly checkoutBin: string;
}): Promise<VersionResult> => {
  const {installed} = options;
  const env = installed ? installed.env(process.env) : process.env;
  const version = () =>
    installed
      ? timeExit(installed.bin, ['--version'], env)
      : timeExit(process.execPath, [...shippedNodeFlags(), options.checkoutBin, '--version'], env);
  const floor = () => timeExit(process.execPath, ['-e', '0'], env);
  await version();
  await floor();
  const versionMs: number[] = [];
  const floorMs: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    versionMs.push(await version());
    floorMs.push(await floor());
  }
  return {
    versionMs,
    floorMs,
    version: median(versionMs),
    floor: median(floorMs),
    installed: installed !== undefined,
  };
};

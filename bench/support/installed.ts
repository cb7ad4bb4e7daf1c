// "As shipped" for rows 1 and 2 is the installed package, not this checkout: an operator runs
// the `openclaw-tui` npm linked into a bin directory, whose bin/openclaw-tui.cjs finds no source/
// beside it and so never compares the bundle with ~230 source files (the checkout's bin does,
// ~20-40 ms of every start). Done once per bench run, untimed, as test/install does: the fresh
// dist/ is packed (`npm pack`, the package's `files`) and installed offline into a temporary
// global prefix (`npm install -g --prefix`). The timed command is the linked bin itself, so its
// first line (`#!/usr/bin/env -S node <flags>`) picks the Node and passes the flags; PATH is led
// by this Node's directory, so it is the same Node as every other row.

import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {spawnTracked, stopTracked, waitForExit} from './children.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const STEP_TIMEOUT_MS = 180_000;

export type InstalledPackage = {
  /** The bin npm linked: <prefix>/bin/openclaw-tui. */
  readonly bin: string;
  /** The installed package's directory (its dist/cli.js is what runs). */
  readonly packageDir: string;
  /** `env` with PATH led by this Node's directory (the bin's `env node` finds the same Node). */
  env(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  remove(): void;
};

const npm = async (args: readonly string[], cwd: string): Promise<string> => {
  const child = spawnTracked('npm', args, {
    cwd,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-2000)));
  if (!(await waitForExit(child, STEP_TIMEOUT_MS))) {
    await stopTracked(child);
    throw new Error(`npm ${args[0]}: still running after ${STEP_TIMEOUT_MS / 1000} s`);
  }
  if (child.exitCode !== 0) {
    const tail = err.trim().split('\n').slice(-2).join(' / ');
    throw new Error(`npm ${args[0]}: exit code ${child.exitCode ?? child.signalCode}: ${tail}`);
  }
  return out;
};

/**
 * Pack this checkout's dist/ and bin/ (or those of `from`, another checkout: probes comparing
 * builds) and install the tarball into a temporary prefix.
 */
export const installPackage = async (from: string = root): Promise<InstalledPackage> => {
  const work = mkdtempSync(path.join(tmpdir(), 'oct-bench-install-'));
  try {
    const packed = JSON.parse(
      await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], from),
    ) as {filename: string}[];
    const tarball = path.join(work, packed[0]?.filename ?? '');
    const prefix = path.join(work, 'prefix');
    await npm(
      ['install', '-g', tarball, '--prefix', prefix, '--offline', '--no-audit', '--no-fund'],
      work,
    );
    const bin = path.join(prefix, 'bin', 'openclaw-tui');
    const packageDir = path.join(prefix, 'lib', 'node_modules', 'openclaw-tui');
    if (!existsSync(bin) || existsSync(path.join(packageDir, 'source'))) {
      throw new Error('the installed package has no linked bin, or carries source/');
    }
    const nodeDir = path.dirname(process.execPath);
    return {
      bin,
      packageDir,
      env: (env) => ({...env, PATH: `${nodeDir}${path.delimiter}${env.PATH ?? ''}`}),
      remove: () => rmSync(work, {recursive: true, force: true}),
    };
  } catch (error) {
    rmSync(work, {recursive: true, force: true});
    throw error;
  }
};

/**
 * Which program the installed bin ran, from its own account (OPENCLAW_TUI_WHICH_ENTRY=1 prints
 * `entry <kind> <path> (<reason>)` on stderr): 'installed' when it ran the package's own
 * dist/cli.js as an installed package, else what it said.
 */
export const probeInstalled = async (
  installed: InstalledPackage,
  env: NodeJS.ProcessEnv,
): Promise<string> => {
  const child = spawnTracked(installed.bin, ['--version'], {
    env: installed.env({...env, OPENCLAW_TUI_WHICH_ENTRY: '1'}),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-2000)));
  if (!(await waitForExit(child, 60_000))) await stopTracked(child);
  const expected = `entry bundle ${path.join(installed.packageDir, 'dist', 'cli.js')} (installed package)`;
  return err.includes(expected) ? 'installed' : err.trim().split('\n')[0] || 'nothing said';
};

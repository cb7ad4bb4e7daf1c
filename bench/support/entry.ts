// Which program `node bin/openclaw-tui.cjs` runs in this checkout: the prebuilt bundle
// (dist/cli.js, made by `npm run build`) while dist/build-stamp.json's hash of the sources
// matches them, else the sources through tsx. The bench measures the bin exactly as shipped, so it builds the bundle first,
// rebuilds it (untimed) whenever a parallel edit to source/ made it stale, and states which path
// every timed run took: by the same freshness rule as the bin (checked just before each spawn),
// confirmed once per measurement by a probe run that watches what the bin really imports.

import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
// @ts-expect-error: plain .js/.mjs modules without type declarations
import {outputsProblem, readStamp} from '../../bin/bundle-check.cjs';
// @ts-expect-error: plain .js/.mjs modules without type declarations
import {staleReason} from '../../scripts/build-stamp.mjs';
import {spawnTracked, stopTracked, waitForExit} from './children.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const here = path.dirname(fileURLToPath(import.meta.url));
const BUILD_TIMEOUT_MS = 180_000;
const PROBE_TIMEOUT_MS = 60_000;

export type EntryPath = 'bundle' | 'tsx';

type Stamp = {readonly outputs: Record<string, number>};
type StampRead = {readonly stamp?: Stamp; readonly problem?: string};
const stampApi = {
  readStamp: readStamp as (outdir: string) => StampRead,
  outputsProblem: outputsProblem as (outdir: string, stamp: Stamp) => string | undefined,
  staleReason: staleReason as (root: string, stamp: Stamp) => string | undefined,
};

/**
 * The bin's rule for a development checkout (bin/openclaw-tui.cjs), through the same stamp code
 * it uses (bench code must not import bin/openclaw-tui.cjs itself, which runs the program): the
 * bundle is whole and dist/build-stamp.json's hash of the sources matches them.
 */
export const bundleIsFresh = (): boolean => {
  const outdir = path.join(root, 'dist');
  const {stamp} = stampApi.readStamp(outdir);
  return (
    stamp !== undefined &&
    stampApi.outputsProblem(outdir, stamp) === undefined &&
    stampApi.staleReason(root, stamp) === undefined
  );
};

/** The path the bin takes now for this environment. */
export const shippedPath = (env: NodeJS.ProcessEnv): EntryPath =>
  env.OPENCLAW_TUI_FROM_SOURCE !== '1' && bundleIsFresh() ? 'bundle' : 'tsx';

export const hasBuildScript = (): boolean => {
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    return typeof manifest.scripts?.build === 'string';
  } catch {
    return false;
  }
};

/** `npm run build`; throws with the tail of its output when it fails or hangs. */
export const buildBundle = async (): Promise<number> => {
  const started = Date.now();
  const child = spawnTracked('npm', ['run', '--silent', 'build'], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (!(await waitForExit(child, BUILD_TIMEOUT_MS))) {
    await stopTracked(child);
    throw new Error(`npm run build: still running after ${BUILD_TIMEOUT_MS / 1000} s`);
  }
  if (child.exitCode !== 0) {
    const tail = output.trim().split('\n').slice(-3).join(' / ');
    throw new Error(`npm run build: exit code ${child.exitCode ?? child.signalCode}: ${tail}`);
  }
  return Date.now() - started;
};

export type BundleKeeper = {
  /** Untimed, before a timed bin run: rebuild if the bundle went stale; the path it will take. */
  beforeRun(env: NodeJS.ProcessEnv): Promise<EntryPath>;
  readonly rebuilds: number;
};

/** Keeps dist/ fresh between runs, when the project has a build script at all. */
export const bundleKeeper = (): BundleKeeper => {
  const canBuild = hasBuildScript();
  let rebuilds = 0;
  return {
    beforeRun: async (env) => {
      if (canBuild && env.OPENCLAW_TUI_FROM_SOURCE !== '1' && !bundleIsFresh()) {
        await buildBundle();
        rebuilds += 1;
      }
      return shippedPath(env);
    },
    get rebuilds() {
      return rebuilds;
    },
  };
};

/**
 * Run `node bin/openclaw-tui.cjs --version --verbose` (the path through dist/cli.js) with a resolve hook that reports what the bin
 * imported: 'bundle', 'tsx', or 'unknown' when neither was seen.
 */
export const probeEntry = async (env: NodeJS.ProcessEnv): Promise<EntryPath | 'unknown'> => {
  const child = spawnTracked(
    process.execPath,
    [
      '--import',
      path.join(here, 'entry-probe.mjs'),
      'bin/openclaw-tui.cjs',
      '--version',
      '--verbose',
    ],
    {cwd: root, env, stdio: ['ignore', 'ignore', 'pipe']},
  );
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString('utf8')).slice(-4000);
  });
  if (!(await waitForExit(child, PROBE_TIMEOUT_MS))) await stopTracked(child);
  if (err.includes('oct-bench-entry: bundle')) return 'bundle';
  if (err.includes('oct-bench-entry: tsx')) return 'tsx';
  return 'unknown';
};

/** "7 of 7 runs from the bundle" style summary of per-run paths. */
export const describePaths = (paths: readonly EntryPath[]): string => {
  const bundle = paths.filter((p) => p === 'bundle').length;
  if (bundle === paths.length) return `all ${paths.length} from dist/cli.js`;
  if (bundle === 0) return `all ${paths.length} through tsx`;
  return `${bundle} of ${paths.length} from dist/cli.js, ${paths.length - bundle} through tsx`;
};

// What loading the console's code alone costs in memory, two ways: the sources through tsx (how
// the console process of rows 3 and 4 runs them) and the prebuilt bundle's console chunk (how
// `bin/openclaw-tui.js` ships it). Rows 3 and 4 run under tsx, so their peak RSS includes the
// difference; this puts a number on it.

import {readdirSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {childEnv, spawnTracked, stopTracked, waitForExit} from './children.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TIMEOUT_MS = 60_000;

/** Peak RSS (MiB) of a Node that imports `specifier` and exits; undefined if it failed. */
const peakAfterImport = async (
  specifier: string,
  execArgv: readonly string[],
): Promise<number | undefined> => {
  const child = spawnTracked(
    process.execPath,
    [
      ...execArgv,
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(specifier)}); process.stdout.write(String(process.resourceUsage().maxRSS));`,
    ],
    {cwd: root, env: childEnv({NODE_ENV: 'production'}), stdio: ['ignore', 'pipe', 'ignore']},
  );
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  if (!(await waitForExit(child, TIMEOUT_MS))) {
    await stopTracked(child);
    return undefined;
  }
  const kib = Number(out.trim());
  return child.exitCode === 0 && Number.isFinite(kib) && kib > 0 ? kib / 1024 : undefined;
};

export type LoadRss = {readonly tsxMiB?: number; readonly bundleMiB?: number};

export const measureLoadRss = async (): Promise<LoadRss> => {
  const tsxMiB = await peakAfterImport('./source/console/run-console.tsx', ['--import', 'tsx']);
  let chunk: string | undefined;
  try {
    chunk = readdirSync(path.join(root, 'dist')).find(
      (name) => name.startsWith('run-console') && name.endsWith('.js'),
    );
  } catch {
    chunk = undefined;
  }
  const bundleMiB =
    chunk === undefined
      ? undefined
      : await peakAfterImport(pathToFileURL(path.join(root, 'dist', chunk)).href, []);
  return {
    ...(tsxMiB === undefined ? {} : {tsxMiB}),
    ...(bundleMiB === undefined ? {} : {bundleMiB}),
  };
};

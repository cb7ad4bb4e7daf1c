// What loading the console's code alone costs in memory, two ways: the sources through tsx (how
// the console process of rows 3 and 4 runs them) and the prebuilt bundle's console,
// dist/console.cjs (how `bin/openclaw-tui.cjs` ships it). Rows 3 and 4 run under tsx, so their peak RSS includes the
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
  /** Code run after the import, given the module's name in the script. */
  then: (moduleName: string) => string = () => '',
): Promise<number | undefined> => {
  const child = spawnTracked(
    process.execPath,
    [
      ...execArgv,
      '--input-type=module',
      '-e',
      `const loaded = await import(${JSON.stringify(specifier)}); ${then('loaded')} process.stdout.write(String(process.resourceUsage().maxRSS));`,
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
  // The bundle's console is dist/console.cjs, run by dist/cli.js's loader (code-cache chunk);
  // here without a cache, as a first start runs it.
  let loader: string | undefined;
  try {
    loader = readdirSync(path.join(root, 'dist')).find(
      (name) => name.startsWith('code-cache') && name.endsWith('.js'),
    );
  } catch {
    loader = undefined;
  }
  const consoleFile = path.join(root, 'dist', 'console.cjs');
  const bundleMiB =
    loader === undefined
      ? undefined
      : await peakAfterImport(
          pathToFileURL(path.join(root, 'dist', loader)).href,
          [],
          (m) =>
            `${m}.runCached({file: ${JSON.stringify(consoleFile)}, cacheDir: undefined, purpose: 'rss'});`,
        );
  return {
    ...(tsxMiB === undefined ? {} : {tsxMiB}),
    ...(bundleMiB === undefined ? {} : {bundleMiB}),
  };
};

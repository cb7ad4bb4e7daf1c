// The console process of rows 3 and 4 built the way the product ships: console-process.ts and the
// console code it imports bundled by esbuild with the options of the shipped dist/ bundle
// (scripts/bundle-options.mjs), then run by plain Node. Under tsx the same process carries the
// loader and TypeScript compiler (~90 MiB RSS) that `openclaw-tui` as installed does not.
//
// The build runs in a child Node: esbuild's API keeps a service process alive in whichever
// process called it, and the bench counts what its own process leaves behind.

import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const options = pathToFileURL(path.join(here, '..', '..', 'scripts', 'bundle-options.mjs')).href;

export type ConsoleBundle = {readonly entry: string; remove(): void};

export const buildConsoleBundle = async (): Promise<ConsoleBundle> => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'oct-bench-console-'));
  const script = [
    "import * as esbuild from 'esbuild';",
    `import {bundleOptions} from ${JSON.stringify(options)};`,
    `await esbuild.build(bundleOptions({entryPoints: [${JSON.stringify(path.join(here, 'console-process.ts'))}], outdir: ${JSON.stringify(outdir)}}));`,
  ].join('\n');
  try {
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: path.join(here, '..', '..'),
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 120_000,
    });
  } catch (error) {
    rmSync(outdir, {recursive: true, force: true});
    const stderr = (error as {stderr?: Buffer}).stderr?.toString('utf8').trim();
    throw new Error(`bundling the console process failed${stderr ? `: ${stderr}` : ''}`);
  }
  return {
    entry: path.join(outdir, 'console-process.js'),
    remove: () => rmSync(outdir, {recursive: true, force: true}),
  };
};

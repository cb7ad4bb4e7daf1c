// The console process of rows 3 and 4 built the way the product ships: console-process.ts and the
// console code it imports bundled by esbuild with the options of the shipped dist/ bundle
// (scripts/bundle-options.mjs), then run by plain Node. Under tsx the same process carries the
// loader and TypeScript compiler (~90 MiB RSS) that `openclaw-tui` as installed does not.

import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as esbuild from 'esbuild';
// @ts-expect-error: a plain .mjs build script without type declarations
import {bundleOptions} from '../../scripts/bundle-options.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export type ConsoleBundle = {readonly entry: string; remove(): void};

export const buildConsoleBundle = async (): Promise<ConsoleBundle> => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'oct-bench-console-'));
  try {
    await esbuild.build(
      (bundleOptions as (o: {entryPoints: string[]; outdir: string}) => esbuild.BuildOptions)({
        entryPoints: [path.join(here, 'console-process.ts')],
        outdir,
      }),
    );
  } catch (error) {
    rmSync(outdir, {recursive: true, force: true});
    throw error;
  }
  return {
    entry: path.join(outdir, 'console-process.js'),
    remove: () => rmSync(outdir, {recursive: true, force: true}),
  };
};

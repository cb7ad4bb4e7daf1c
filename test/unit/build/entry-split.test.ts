// The bundle's entries (issue 11): every start loads dist/cli.js, the one-shot twins then load
// their own chunks, and only the interactive console loads React and Ink. Checked on the real
// build (scripts/bundle-options.mjs with a metafile): what each entry imports statically, chunk
// by chunk, must hold no React, Ink or views, and the runtime needs nothing outside the bundle.

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {builtinModules} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import * as esbuild from 'esbuild';
// @ts-expect-error: a plain .mjs build script without type declarations
import {bundleOptions, projectRoot} from '../../../scripts/bundle-options.mjs';

type Options = (o: {entryPoints: string[]; outdir: string}) => esbuild.BuildOptions;
const root = projectRoot as string;
const work = mkdtempSync(path.join(tmpdir(), 'oct-entry-split-'));
after(() => rmSync(work, {recursive: true, force: true}));

const build = async (): Promise<esbuild.Metafile> => {
  const result = await esbuild.build({
    ...(bundleOptions as Options)({
      entryPoints: [path.join(root, 'source', 'cli.tsx')],
      outdir: work,
    }),
    logLevel: 'silent',
    metafile: true,
  });
  return result.metafile;
};

const metafile = build();

/** Output files reached from `start` through static imports only (what loading it loads). */
const staticClosure = (meta: esbuild.Metafile, start: string): string[] => {
  const seen = new Set<string>([start]);
  const queue = [start];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const imported of meta.outputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external && !seen.has(imported.path)) {
        seen.add(imported.path);
        queue.push(imported.path);
      }
    }
  }
  return [...seen];
};

const inputsOf = (meta: esbuild.Metafile, outputs: readonly string[]): string[] =>
  outputs.flatMap((file) => Object.keys(meta.outputs[file]?.inputs ?? {}));

const FORBIDDEN =
  /node_modules\/(react|ink|react-reconciler|yoga-layout|scheduler)\/|source\/views\//;

const outputFor = (meta: esbuild.Metafile, entry: string): string => {
  const found = Object.entries(meta.outputs).find(([, out]) => out.entryPoint === entry);
  assert.ok(found, `an output for ${entry}`);
  return found[0];
};

test('dist/cli.js alone: the argv parser and its table, nothing of the console', async () => {
  const meta = await metafile;
  const cli = outputFor(meta, 'source/cli.tsx');
  const inputs = inputsOf(meta, staticClosure(meta, cli));
  assert.deepEqual(
    inputs.filter((input) => FORBIDDEN.test(input)),
    [],
  );
  assert.ok(
    inputs.every((input) => input.startsWith('source/') || input === 'package.json'),
    `no dependency loads with every start: ${inputs.filter((i) => !i.startsWith('source/')).join(', ')}`,
  );
});

test('the twins’ chunks (options, run-command) load neither React nor Ink nor views', async () => {
  const meta = await metafile;
  for (const entry of ['source/commands/run-command.ts', 'source/config/options.ts']) {
    const chunk = Object.entries(meta.outputs).find(([, out]) =>
      Object.keys(out.inputs).includes(entry),
    );
    assert.ok(chunk, entry);
    const inputs = inputsOf(meta, staticClosure(meta, chunk[0]));
    assert.deepEqual(
      inputs.filter((input) => FORBIDDEN.test(input)),
      [],
      entry,
    );
  }
  // The console is there, and only behind a dynamic import.
  const console = Object.entries(meta.outputs).find(([, out]) =>
    Object.keys(out.inputs).some((input) => input.includes('node_modules/ink/')),
  );
  assert.ok(console, 'Ink is in the bundle, for the console');
});

test('the bundle needs nothing at run time but Node and itself', async () => {
  const meta = await metafile;
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  // Optional: ws tries these native speed-ups and carries on without them; Ink loads the devtools
  // hook only with DEV=true.
  const optional = new Set(['bufferutil', 'utf-8-validate', 'react-devtools-core']);
  const externals = Object.values(meta.outputs).flatMap((out) =>
    out.imports.filter((i) => i.external).map((i) => i.path),
  );
  const missing = [...new Set(externals)].filter((p) => !builtins.has(p) && !optional.has(p));
  assert.deepEqual(missing, []);
});

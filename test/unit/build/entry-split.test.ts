// The bundle's entries (issue 11): every start loads dist/cli.js, any command line past its quick
// answers then runs dist/cli-core.cjs (parser, options, the one-shot twins; through V8's code
// cache), and only the interactive console loads React and Ink. Checked on the real build
// (scripts/bundle-options.mjs with a metafile): what each entry imports statically, chunk by
// chunk, and everything in cli-core.cjs must hold no React, Ink or views, and the runtime needs
// nothing outside the bundle.

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {builtinModules} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import * as esbuild from 'esbuild';
// @ts-expect-error: a plain .mjs build script without type declarations
import {bundleOptions, coreBundleOptions, projectRoot} from '../../../scripts/bundle-options.mjs';

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

type CoreOptions = (o: {outdir: string}) => esbuild.BuildOptions;
const coreMetafile = esbuild
  .build({
    ...(coreBundleOptions as CoreOptions)({outdir: path.join(work, 'core')}),
    logLevel: 'silent',
    metafile: true,
  })
  .then((result) => result.metafile);

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

test('cli-core.cjs (parser, options, twins) holds neither React nor Ink nor views', async () => {
  const meta = await coreMetafile;
  const outputs = Object.entries(meta.outputs);
  assert.deepEqual(
    outputs.map(([file]) => path.basename(file)),
    ['cli-core.cjs'],
    'one CommonJS file',
  );
  const inputs = Object.keys(outputs[0]?.[1].inputs ?? {});
  for (const entry of [
    'source/cli-flags.ts',
    'source/config/options.ts',
    'source/commands/run-command.ts',
  ]) {
    assert.ok(inputs.includes(entry), entry);
  }
  assert.deepEqual(
    inputs.filter((input) => FORBIDDEN.test(input)),
    [],
  );
  // The ES bundle does not carry the twins a second time: they are only in cli-core.cjs.
  const esInputs = Object.values((await metafile).outputs).flatMap((out) =>
    Object.keys(out.inputs),
  );
  assert.ok(!esInputs.includes('source/commands/run-command.ts'), 'twins in the ES bundle');
  assert.ok(!esInputs.includes('source/cli-flags.ts'), 'the parser in the ES bundle');
  // The console is there, and only behind a dynamic import.
  const meta2 = await metafile;
  const console = Object.entries(meta2.outputs).find(([, out]) =>
    Object.keys(out.inputs).some((input) => input.includes('node_modules/ink/')),
  );
  assert.ok(console, 'Ink is in the bundle, for the console');
  const cli = outputFor(meta2, 'source/cli.tsx');
  assert.ok(!staticClosure(meta2, cli).includes(console[0]), 'the console loads with every start');
});

test('the bundle needs nothing at run time but Node and itself', async () => {
  const meta = await metafile;
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  // Optional: ws tries these native speed-ups and carries on without them; Ink loads the devtools
  // hook only with DEV=true.
  const optional = new Set(['bufferutil', 'utf-8-validate', 'react-devtools-core']);
  const core = await coreMetafile;
  const externals = [...Object.values(meta.outputs), ...Object.values(core.outputs)].flatMap(
    (out) => out.imports.filter((i) => i.external).map((i) => i.path),
  );
  const missing = [...new Set(externals)].filter((p) => !builtins.has(p) && !optional.has(p));
  assert.deepEqual(missing, []);
});

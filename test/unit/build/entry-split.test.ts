// The bundle's entries (issue 11): every start loads dist/cli.js; a twin's command line then runs
// dist/cli-core.cjs (parser, options, the one-shot twins) and the interactive console
// dist/console.cjs (React, Ink, views), both through V8's code cache. Checked on the real build
// (scripts/bundle-options.mjs with a metafile): the ES bundle (cli.js, the console's parser and
// options) and cli-core.cjs hold no React, Ink or views, and the runtime needs nothing outside the
// bundle.

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {builtinModules} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import * as esbuild from 'esbuild';
// @ts-expect-error: a plain .mjs build script without type declarations
import * as buildScript from '../../../scripts/bundle-options.mjs';

const {
  bundleOptions,
  consoleBundleOptions,
  coreBundleOptions,
  projectRoot,
  twinEntryBundleOptions,
} = buildScript as {
  bundleOptions: unknown;
  consoleBundleOptions: unknown;
  coreBundleOptions: unknown;
  projectRoot: unknown;
  twinEntryBundleOptions: unknown;
};

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

type CjsOptions = (o: {outdir: string}) => esbuild.BuildOptions;
const cjsMetafile = (options: unknown, dir: string): Promise<esbuild.Metafile> =>
  esbuild
    .build({
      ...(options as CjsOptions)({outdir: path.join(work, dir)}),
      logLevel: 'silent',
      metafile: true,
    })
    .then((result) => result.metafile);
const coreMetafile = cjsMetafile(coreBundleOptions, 'core');
const consoleMetafile = cjsMetafile(consoleBundleOptions, 'console');
const twinMetafile = cjsMetafile(twinEntryBundleOptions, 'twin');

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
  // Nor the console: that is dist/console.cjs, with React and Ink, one CommonJS file. (The
  // keymap's table is there, for --help.)
  assert.deepEqual(
    esInputs.filter((input) => FORBIDDEN.test(input) && input !== 'source/views/keymap.ts'),
    [],
  );
  const ui = Object.entries((await consoleMetafile).outputs);
  assert.deepEqual(
    ui.map(([file]) => path.basename(file)),
    ['console.cjs'],
  );
  const uiInputs = Object.keys(ui[0]?.[1].inputs ?? {});
  assert.ok(
    uiInputs.some((input) => input.includes('node_modules/ink/')),
    'Ink, for the console',
  );
  assert.ok(!uiInputs.includes('source/commands/run-command.ts'), 'twins in the console');
});

test('cli-twin.cjs (the bin’s entry for a twin) is small: no parser, twins, React, Ink or views', async () => {
  const outputs = Object.entries((await twinMetafile).outputs);
  assert.deepEqual(
    outputs.map(([file]) => path.basename(file)),
    ['cli-twin.cjs'],
    'one CommonJS file',
  );
  const inputs = Object.keys(outputs[0]?.[1].inputs ?? {});
  assert.ok(inputs.includes('source/code-cache.ts'), 'it runs cli-core.cjs through the cache');
  // What a twin runs comes from cli-core.cjs (through V8's code cache), not from this file,
  // which Node compiles at every start: no parser (meow), options or twins here.
  for (const heavy of [
    'source/cli-flags.ts',
    'source/cli-core.ts',
    'source/config/options.ts',
    'source/commands/run-command.ts',
  ]) {
    assert.ok(!inputs.includes(heavy), heavy);
  }
  assert.deepEqual(
    inputs.filter((input) => FORBIDDEN.test(input) && input !== 'source/views/keymap.ts'),
    [],
  );
  assert.ok(
    inputs.every((input) => input.startsWith('source/') || input === 'package.json'),
    `no dependency: ${inputs.filter((i) => !i.startsWith('source/')).join(', ')}`,
  );
});

test('the bundle needs nothing at run time but Node and itself', async () => {
  const meta = await metafile;
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  // Optional: ws tries these native speed-ups and carries on without them; Ink loads the devtools
  // hook only with DEV=true.
  const optional = new Set(['bufferutil', 'utf-8-validate', 'react-devtools-core']);
  const cjs = [...Object.values((await coreMetafile).outputs)];
  cjs.push(...Object.values((await consoleMetafile).outputs));
  cjs.push(...Object.values((await twinMetafile).outputs));
  const externals = [...Object.values(meta.outputs), ...cjs].flatMap((out) =>
    out.imports.filter((i) => i.external).map((i) => i.path),
  );
  const missing = [...new Set(externals)].filter((p) => !builtins.has(p) && !optional.has(p));
  assert.deepEqual(missing, []);
});

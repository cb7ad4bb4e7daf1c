// The shipped bundle's checked edits to dependencies (scripts/bundle-options.mjs): they land in
// the output, and a dependency whose text moved fails the build instead of shipping unedited.

import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import * as esbuild from 'esbuild';
// @ts-expect-error: a plain .mjs build script without type declarations
import {bundleOptions, projectRoot} from '../../../scripts/bundle-options.mjs';

type Options = (o: {entryPoints: string[]; outdir: string}) => esbuild.BuildOptions;
const optionsFor = bundleOptions as Options;
const root = projectRoot as string;

const work = mkdtempSync(path.join(tmpdir(), 'oct-bundle-'));
after(() => rmSync(work, {recursive: true, force: true}));

const bundled = (outdir: string): string =>
  readdirSync(outdir)
    .map((name) => readFileSync(path.join(outdir, name), 'utf8'))
    .join('\n');

test('the edits land: yoga without fetch, Ink’s text caches bounded', async () => {
  const entry = path.join(work, 'entry.mjs');
  const inkBuild = path.join(root, 'node_modules', 'ink', 'build');
  writeFileSync(
    entry,
    [
      `import measure from ${JSON.stringify(path.join(inkBuild, 'measure-text.js'))};`,
      `import wrap from ${JSON.stringify(path.join(inkBuild, 'wrap-text.js'))};`,
      `import Yoga from ${JSON.stringify(path.join(root, 'node_modules', 'yoga-layout', 'dist', 'src', 'index.js'))};`,
      'console.log(measure, wrap, Yoga);',
    ].join('\n'),
  );
  const outdir = path.join(work, 'out');
  await esbuild.build({...optionsFor({entryPoints: [entry], outdir}), logLevel: 'silent'});
  const text = bundled(outdir);
  assert.match(text, /cache\.size>=4096&&cache\.clear\(\)/, 'measure-text cache bound');
  assert.match(text, /\+\+cacheSize>4096/, 'wrap-text cache bound');
  assert.doesNotMatch(text, /"function"!=typeof fetch/, 'yoga still tests for fetch');
});

test('a dependency whose text moved fails the build', async () => {
  const fake = path.join(work, 'node_modules', 'ink', 'build');
  mkdirSync(fake, {recursive: true});
  writeFileSync(
    path.join(fake, 'measure-text.js'),
    'const cache = new Map(); export default (t) => cache.get(t);\n',
  );
  const entry = path.join(work, 'moved.mjs');
  writeFileSync(
    entry,
    `import m from ${JSON.stringify(path.join(fake, 'measure-text.js'))};\nconsole.log(m);\n`,
  );
  await assert.rejects(
    esbuild.build({
      ...optionsFor({entryPoints: [entry], outdir: path.join(work, 'out-moved')}),
      logLevel: 'silent',
    }),
    /dependency-edits: "cache\.set\(text, dimensions\);" not found/,
  );
});

// Ink 6.8's incremental renderer, as shipped in the bundle (with the cursor fix of
// scripts/bundle-options.mjs) and as published: frames of different heights, each ending with a
// newline as Ink writes them, replayed through a small terminal. The bundled one leaves exactly
// the last frame on screen; the published one smears it (which is why the edit exists).

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import * as esbuild from 'esbuild';
// @ts-expect-error: a plain .mjs build script without type declarations
import {bundleOptions, projectRoot} from '../../../scripts/bundle-options.mjs';
import {replay} from '../../support/mini-terminal.ts';

type Options = (o: {entryPoints: string[]; outdir: string}) => esbuild.BuildOptions;
const root = projectRoot as string;
const work = mkdtempSync(path.join(tmpdir(), 'oct-ink-incr-'));
after(() => rmSync(work, {recursive: true, force: true}));

// Ink passes log-update its output plus a newline when the frame is shorter than the terminal.
const FRAMES = [
  'header\nrow a\nrow b\nfooter\n',
  'header\nrow a\nrow B\nfooter\n',
  'header\nonly row\nfooter\n',
  'header\nrow 1\nrow 2\nrow 3\nrow 4\nfooter\n',
  'HEADER\nrow 1\nrow 2\nrow 3\nrow 4\nfooter\n',
];

const entrySource = (logUpdatePath: string): string =>
  [
    `import logUpdate from ${JSON.stringify(logUpdatePath)};`,
    'let out = "";',
    'const stream = {write: (text) => { out += text; return true; }, isTTY: true, columns: 80, rows: 20};',
    'const render = logUpdate.create(stream, {incremental: true});',
    'for (const frame of JSON.parse(process.argv[2])) render(frame);',
    'process.stdout.write(JSON.stringify(out));',
  ].join('\n');

const run = (file: string): string =>
  JSON.parse(
    execFileSync(process.execPath, [file, JSON.stringify(FRAMES)], {encoding: 'utf8'}),
  ) as string;

const lastFrame = (FRAMES.at(-1) as string).trimEnd().split('\n');

test('the bundled renderer leaves exactly the last frame on screen', async () => {
  const entry = path.join(work, 'bundled.mjs');
  writeFileSync(
    entry,
    entrySource(path.join(root, 'node_modules', 'ink', 'build', 'log-update.js')),
  );
  const outdir = path.join(work, 'out');
  await esbuild.build({
    ...(bundleOptions as Options)({entryPoints: [entry], outdir}),
    logLevel: 'silent',
  });
  assert.deepEqual(replay(run(path.join(outdir, 'bundled.js')), 20, 80), lastFrame);
});

test('the published Ink 6.8 renderer smears the same frames (why the bundle edits it)', () => {
  const entry = path.join(work, 'published.mjs');
  writeFileSync(
    entry,
    entrySource(path.join(root, 'node_modules', 'ink', 'build', 'log-update.js')),
  );
  assert.notDeepEqual(replay(run(entry), 20, 80), lastFrame);
});

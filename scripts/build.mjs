// Bundles the console into dist/ (self-contained ESM, React in its production build) so
// `openclaw-tui` starts without compiling TypeScript at run time, and writes dist/build-stamp.json
// (scripts/build-stamp.mjs): what it was built from, what it consists of. `npm install` in a
// checkout runs this via `prepare`; bin/openclaw-tui.cjs reads the stamp to choose what to run.
// `--outdir <dir>` builds elsewhere (tests), leaving dist/ alone.
import {rmSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';
import {writeStamp} from './build-stamp.mjs';
import {
  bundleOptions,
  consoleBundleOptions,
  coreBundleOptions,
  projectRoot,
  twinEntryBundleOptions,
} from './bundle-options.mjs';

const flag = process.argv.indexOf('--outdir');
const outdir =
  flag >= 0 ? path.resolve(process.argv[flag + 1] ?? 'dist') : path.join(projectRoot, 'dist');

const {version} = JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8'));
rmSync(outdir, {recursive: true, force: true});
await esbuild.build(
  bundleOptions({entryPoints: [path.join(projectRoot, 'source', 'cli.tsx')], outdir}),
);
// The parser, options and twins, and the console, each as one CommonJS file for V8's code cache
// (cli.tsx runs them).
await esbuild.build(coreBundleOptions({outdir}));
await esbuild.build(consoleBundleOptions({outdir}));
// The twins' entry as plain CommonJS, which the bin requires without Node's ES loader.
await esbuild.build(twinEntryBundleOptions({outdir}));
const stamp = writeStamp(projectRoot, outdir, version);
console.log(
  `built ${path.relative(projectRoot, path.join(outdir, 'cli.js')) || outdir} (${Object.keys(stamp.outputs).length} files, sources ${stamp.inputsHash.slice(0, 12)})`,
);

// Probe helper (not part of `npm run bench`): builds the shipped bundle of a source tree (this
// checkout, or another worktree) into a directory of its own, with this checkout's bundle options,
// for bench/probes/start-compare.ts to run side by side with another build.
//   node bench/probes/build-dist.mjs <source tree> <out dir>
import path from 'node:path';
import * as esbuild from 'esbuild';
import {bundleOptions} from '../../scripts/bundle-options.mjs';

const [tree, out] = process.argv.slice(2);
if (!tree || !out) throw new Error('usage: build-dist.mjs <source tree> <out dir>');
await esbuild.build(
  bundleOptions({entryPoints: [path.join(path.resolve(tree), 'source', 'cli.tsx')], outdir: out}),
);
console.log(`built ${path.join(out, 'cli.js')}`);

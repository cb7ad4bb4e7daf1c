// Bundles the console into dist/ (one self-contained ESM program, React in its production build)
// so `openclaw-tui` starts without compiling TypeScript at run time. `npm install` runs this via
// `prepare`; bin/openclaw-tui.js uses the bundle only while it is newer than every source file.
import {rmSync} from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import {bundleOptions, projectRoot} from './bundle-options.mjs';

const outdir = path.join(projectRoot, 'dist');

rmSync(outdir, {recursive: true, force: true});
await esbuild.build(
  bundleOptions({entryPoints: [path.join(projectRoot, 'source', 'cli.tsx')], outdir}),
);
console.log(`built ${path.relative(projectRoot, path.join(outdir, 'cli.js'))}`);

// Bundles the console into dist/ (one self-contained ESM program, React in its production build)
// so `openclaw-tui` starts without compiling TypeScript at run time. `npm install` runs this via
// `prepare`; bin/openclaw-tui.js uses the bundle only while it is newer than every source file.
import {rmSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist');

rmSync(outdir, {recursive: true, force: true});
await esbuild.build({
  entryPoints: [path.join(root, 'source', 'cli.tsx')],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  outdir,
  logLevel: 'warning',
  // Ink loads its devtools hook only when DEV=true; it is not a dependency.
  external: ['react-devtools-core'],
  define: {'process.env.NODE_ENV': '"production"'},
  // Inlined CommonJS dependencies (react, ws) call require().
  banner: {
    js: "import {createRequire as __octCreateRequire} from 'node:module'; const require = __octCreateRequire(import.meta.url);",
  },
});
console.log(`built ${path.relative(root, path.join(outdir, 'cli.js'))}`);

// The esbuild options the shipped bundle is built with (scripts/build.mjs), shared with the
// benchmark so its console process runs code built exactly the same way.
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @returns {import('esbuild').BuildOptions} */
export const bundleOptions = ({entryPoints, outdir}) => ({
  entryPoints,
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

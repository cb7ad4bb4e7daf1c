// The esbuild options the shipped bundle is built with (scripts/build.mjs), shared with the
// benchmark so its console process runs code built exactly the same way.
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * yoga-layout (Ink's layout engine) ships its wasm as a base64 data: URL, and its Emscripten
 * loader fetches that URL whenever a global fetch exists. In Node that first touch of fetch loads
 * undici (~30 ms of the ~100 ms it takes to load the console) only to decode a string the loader
 * can decode itself. The bundle takes the loader's own no-fetch path.
 */
const YOGA_LOADER = /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/;
const FETCH_TEST = '"function"!=typeof fetch';

/** @type {import('esbuild').Plugin} */
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(build) {
    build.onLoad({filter: YOGA_LOADER}, async (args) => {
      const source = await readFile(args.path, 'utf8');
      // A yoga-layout update that changed the loader must not silently lose (or break) this.
      if (!source.includes(FETCH_TEST)) {
        return {errors: [{text: `yoga-without-fetch: "${FETCH_TEST}" not found in ${args.path}`}]};
      }
      return {contents: source.replaceAll(FETCH_TEST, 'true'), loader: 'js'};
    });
  },
};

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
  // Less to parse at every start (~20 ms here); names are kept, so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [yogaWithoutFetch],
  // Ink loads its devtools hook only when DEV=true; it is not a dependency.
  external: ['react-devtools-core'],
  define: {'process.env.NODE_ENV': '"production"'},
  // Inlined CommonJS dependencies (react, ws) call require().
  banner: {
    js: "import {createRequire as __octCreateRequire} from 'node:module'; const require = __octCreateRequire(import.meta.url);",
  },
});

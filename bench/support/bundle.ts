// For the "bundled" experiments only: the CLI bundled by esbuild and run by plain Node, no tsx
// loader. Two shapes:
//   externals       our sources in code-split chunks; ink, react, ws… still loaded from
//                   node_modules (what dropping tsx alone gives);
//   self-contained  dependencies inlined too, and NODE_ENV fixed to production at build time
//                   (what a prebuilt dist/cli.js for `bin` would give).
// esbuild is not a dependency of ours; it is used if it happens to be installed (tsx brings it),
// else the experiment is reported as not available.

import {rmSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

type EsbuildLike = {
  build(options: Record<string, unknown>): Promise<unknown>;
  /** Ends esbuild's service process (else it lives as long as the runner). */
  stop(): void | Promise<void>;
};

export type BundleShape = 'externals' | 'self-contained';

export type Bundle = {readonly entry: string; remove(): void};

const shapeOptions = (shape: BundleShape): Record<string, unknown> =>
  shape === 'externals'
    ? {packages: 'external'}
    : {
        // Ink's optional devtools hook is never loaded unless DEV=true.
        external: ['react-devtools-core'],
        define: {'process.env.NODE_ENV': '"production"'},
        // Inlined CommonJS dependencies (react, ws) call require().
        banner: {
          js: "import {createRequire as __octCreateRequire} from 'node:module'; const require = __octCreateRequire(import.meta.url);",
        },
      };

export const bundleCli = async (shape: BundleShape): Promise<Bundle | undefined> => {
  let esbuild: EsbuildLike;
  try {
    esbuild = (await import('esbuild' as string)) as EsbuildLike;
  } catch {
    return undefined;
  }
  // Inside the project's node_modules, so bare imports left in the bundle resolve.
  const outdir = path.join(root, 'node_modules', '.cache', `oct-bench-bundle-${shape}`);
  rmSync(outdir, {recursive: true, force: true});
  try {
    await esbuild.build({
      entryPoints: [path.join(root, 'source', 'cli.tsx')],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      jsx: 'automatic',
      outdir,
      logLevel: 'silent',
      ...shapeOptions(shape),
    });
  } catch (error) {
    rmSync(outdir, {recursive: true, force: true});
    throw error;
  } finally {
    await esbuild.stop();
  }
  return {
    entry: path.join(outdir, 'cli.js'),
    remove: () => rmSync(outdir, {recursive: true, force: true}),
  };
};

#!/usr/bin/env node
// Runs the prebuilt bundle (dist/cli.js, made by `npm run build`, which `npm install` runs) when
// it is newer than every source file; otherwise the TypeScript sources through tsx's loader, so
// an edited checkout never runs stale code.
import fs from 'node:fs';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = new URL('../dist/cli.js', import.meta.url);

const newestSource = (dir) => {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, {withFileTypes: true})) {
    const file = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestSource(file) : fs.statSync(file).mtimeMs);
  }
  return newest;
};

const bundleIsFresh = () => {
  try {
    const built = fs.statSync(bundle).mtimeMs;
    return (
      built >= newestSource(`${root}source`) && built >= fs.statSync(`${root}package.json`).mtimeMs
    );
  } catch {
    return false;
  }
};

// React's development build is several times slower to render; the console is a product, not a
// development session (set NODE_ENV=development to get React's checks back from the sources).
process.env.NODE_ENV ??= 'production';

if (process.env.OPENCLAW_TUI_FROM_SOURCE !== '1' && bundleIsFresh()) {
  await import(bundle.href);
} else {
  const {register} = await import('tsx/esm/api');
  register();
  await import('../source/cli.tsx');
}

#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=40
// Runs the prebuilt bundle, dist/cli.js. Which program runs never depends on file times:
// - an installed package (no source/ beside bin/) always runs its bundle; a missing or damaged
//   bundle is one line on stderr and exit code 1 (it has no sources to fall back to);
// - a development checkout runs the bundle while dist/build-stamp.json says it was built from the
//   sources as they are now (a hash of their contents), else the sources through tsx, so an
//   edited checkout never runs stale code. A missing or damaged bundle there says so in one line
//   and runs the sources. OPENCLAW_TUI_FROM_SOURCE=1 forces the sources.
// `openclaw-tui --version --verbose` (or OPENCLAW_TUI_WHICH_ENTRY=1, on stderr) says which ran.
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const root = new URL('..', import.meta.url);
const dist = fileURLToPath(new URL('dist', root));
const bundle = new URL('dist/cli.js', root);
const checkout = existsSync(new URL('source/cli.tsx', root));

// React's development build is several times slower to render; the console is a product, not a
// development session (set NODE_ENV=development to get React's checks back from the sources).
process.env.NODE_ENV ??= 'production';

const say = (line) => process.stderr.write(`openclaw-tui: ${line}\n`);
const firstLine = (error) => String(error?.message ?? error).split('\n')[0];

const ran = (kind, url, reason) => {
  const path = fileURLToPath(url);
  globalThis[Symbol.for('openclaw-tui.entry')] = {kind, path, reason};
  if (process.env.OPENCLAW_TUI_WHICH_ENTRY === '1') say(`entry ${kind} ${path} (${reason})`);
};

const runSources = async (reason) => {
  let register;
  try {
    ({register} = await import('tsx/esm/api'));
  } catch {
    say('cannot run the sources: tsx is not installed here (run `npm install`)');
    process.exit(1);
  }
  register();
  const entry = new URL('source/cli.tsx', root);
  ran('sources', entry, reason);
  await import(entry.href);
};

/** Why the bundle cannot run as it is, or undefined; in a checkout also whether it is stale. */
const bundleState = async () => {
  if (checkout && process.env.OPENCLAW_TUI_FROM_SOURCE === '1') {
    return {stale: 'OPENCLAW_TUI_FROM_SOURCE=1'};
  }
  const stamp = await import('./bundle-check.js');
  const read = stamp.readStamp(dist);
  if (read.problem) return {problem: read.problem};
  const problem = stamp.outputsProblem(dist, read.stamp);
  if (problem) return {problem};
  if (!checkout) return {};
  const {staleReason} = await import(new URL('scripts/build-stamp.mjs', root).href);
  const stale = staleReason(fileURLToPath(root), read.stamp);
  return stale ? {stale: `bundle stale: ${stale}`} : {};
};

const state = await bundleState().catch((error) => ({problem: firstLine(error)}));
if (state.stale) {
  await runSources(state.stale);
} else if (state.problem) {
  if (!checkout) {
    say(`the bundle (dist/) is missing or damaged: ${state.problem}; reinstall openclaw-tui`);
    process.exit(1);
  }
  say(
    `the bundle (dist/) is missing or damaged: ${state.problem}; running the sources through tsx (\`npm run build\` rebuilds it)`,
  );
  await runSources(`bundle unusable: ${state.problem}`);
} else {
  ran(
    'bundle',
    bundle,
    checkout ? 'development checkout, bundle matches the sources' : 'installed package',
  );
  try {
    await import(bundle.href);
  } catch (error) {
    if (!checkout) {
      say(`the bundle (dist/cli.js) does not load: ${firstLine(error)}; reinstall openclaw-tui`);
      process.exit(1);
    }
    say(
      `the bundle (dist/cli.js) does not load: ${firstLine(error)}; running the sources through tsx`,
    );
    await runSources('bundle did not load');
  }
}

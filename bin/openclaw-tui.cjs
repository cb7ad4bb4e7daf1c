#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=40
// Runs the prebuilt bundle (dist/). Which program runs never depends on file times:
// - an installed package (no source/ beside bin/) always runs its bundle; a missing or damaged
//   bundle is one line on stderr and exit code 1 (it has no sources to fall back to);
// - a development checkout runs the bundle while dist/build-stamp.json says it was built from the
//   sources as they are now (a hash of their contents), else the sources through tsx, so an
//   edited checkout never runs stale code. A missing or damaged bundle there says so in one line
//   and runs the sources. OPENCLAW_TUI_FROM_SOURCE=1 forces the sources.
// `openclaw-tui --version --verbose` (or OPENCLAW_TUI_WHICH_ENTRY=1, on stderr) says which ran.
//
// CommonJS on purpose (issue 11): an ES module entry makes Node set up its ES module loader,
// ~25-35 ms of every start here. Once the bundle is known to be the program, plain `--version`
// is answered here, and a command line with a command word (status, pending, …) or plain
// `--help` goes to dist/cli-twin.cjs, plain CommonJS too; only the console, `--version --verbose`
// and the sources load dist/cli.js.
'use strict';
// OPENCLAW_TUI_MARKS=1 (source/start-marks.ts): when the bin's own code began.
if (process.env.OPENCLAW_TUI_MARKS === '1') {
  process.stderr.write(`openclaw-tui: mark bin ${performance.now().toFixed(1)}\n`);
}
const {existsSync} = require('node:fs');
const path = require('node:path');
const {pathToFileURL} = require('node:url');
const stampCheck = require('./bundle-check.cjs');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const bundle = path.join(dist, 'cli.js');
const twinEntry = path.join(dist, 'cli-twin.cjs');
const checkout = existsSync(path.join(root, 'source', 'cli.tsx'));

/**
 * The command words (source/cli-table.ts's COMMAND_TABLE; a unit test keeps the two equal): a
 * command line holding one is a twin's, which dist/cli-twin.cjs runs (it hands the command line
 * back when the word was an option's value after all).
 */
const COMMAND_WORDS = new Set([
  'status',
  'sessions',
  'pending',
  'approve',
  'deny',
  'answer',
  'tail',
  'tasks',
  'gateways',
  'completion',
]);

// React's development build is several times slower to render; the console is a product, not a
// development session (set NODE_ENV=development to get React's checks back from the sources).
process.env.NODE_ENV ??= 'production';

const say = (line) => process.stderr.write(`openclaw-tui: ${line}\n`);
const firstLine = (error) => String(error?.message ?? error).split('\n')[0];

const ran = (kind, file, reason) => {
  globalThis[Symbol.for('openclaw-tui.entry')] = {kind, path: file, reason};
  if (process.env.OPENCLAW_TUI_WHICH_ENTRY === '1') say(`entry ${kind} ${file} (${reason})`);
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
  const entry = path.join(root, 'source', 'cli.tsx');
  ran('sources', entry, reason);
  await import(pathToFileURL(entry).href);
};

/** Why the bundle cannot run as it is, or undefined; in a checkout also whether it is stale. */
const bundleState = async () => {
  if (checkout && process.env.OPENCLAW_TUI_FROM_SOURCE === '1') {
    return {stale: 'OPENCLAW_TUI_FROM_SOURCE=1'};
  }
  const read = stampCheck.readStamp(dist);
  if (read.problem) return {problem: read.problem};
  const problem = stampCheck.outputsProblem(dist, read.stamp);
  if (problem) return {problem};
  if (!checkout) return {};
  const {staleReason} = await import(
    pathToFileURL(path.join(root, 'scripts', 'build-stamp.mjs')).href
  );
  const stale = staleReason(root, read.stamp);
  return stale ? {stale: `bundle stale: ${stale}`} : {};
};

/** The bundle's reason line for the entry record. */
const bundleReason = () =>
  checkout ? 'development checkout, bundle matches the sources' : 'installed package';

/** A file of the bundle failed to load: one line, then (in a checkout) the sources. */
const loadFailed = async (file, error) => {
  if (!checkout) {
    say(`the bundle (dist/${file}) does not load: ${firstLine(error)}; reinstall openclaw-tui`);
    process.exit(1);
  }
  say(
    `the bundle (dist/${file}) does not load: ${firstLine(error)}; running the sources through tsx`,
  );
  await runSources('bundle did not load');
};

/** What the package says its version is, as the bundle's packageVersion() reads it. */
const packageVersion = () => {
  const {version} = require('../package.json');
  return typeof version === 'string' ? version : '0.0.0';
};

const runBundle = async (argv) => {
  // Plain `--version` (exactly that: cli-quick.ts answers the same) needs none of the bundle.
  // With OPENCLAW_TUI_WHICH_ENTRY=1 it takes the bundle's path, which says which program ran.
  if (
    argv.length === 1 &&
    argv[0] === '--version' &&
    process.env.OPENCLAW_TUI_WHICH_ENTRY !== '1'
  ) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  const help = argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h');
  if (help || argv.some((word) => COMMAND_WORDS.has(word))) {
    ran('bundle', twinEntry, bundleReason());
    let twin;
    try {
      twin = require(twinEntry);
    } catch (error) {
      await loadFailed('cli-twin.cjs', error);
      return;
    }
    if ((await twin.runTwinEntry(argv)) === 'done') return;
  }
  ran('bundle', bundle, bundleReason());
  try {
    await import(pathToFileURL(bundle).href);
  } catch (error) {
    await loadFailed('cli.js', error);
  }
};

const main = async () => {
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
    await runBundle(process.argv.slice(2));
  }
};

main().catch((error) => {
  say(`unexpected error: ${firstLine(error)}`);
  process.exitCode = 1;
});

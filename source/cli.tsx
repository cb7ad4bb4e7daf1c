#!/usr/bin/env node
// Entry point: flags and config merge into one options object, then either the interactive
// console or one of the scriptable twins runs. Nothing here talks to the gateway itself.
//
// This module is the whole of what a start loads (dist/cli.js in the bundle): the quick answers
// and the option table (cli-quick.ts). `--version`, `--help` and `completion` answer from them
// alone; a command line with a command word goes through cli-twin.ts to cli-core.ts (parser,
// options and the twins: no React, Ink or views), in the bundle dist/cli-core.cjs run through
// V8's code cache; only the interactive console loads React and Ink. Keep the static imports
// below that small. In the bundle the bin takes a twin's command line to dist/cli-twin.cjs (the
// same cli-twin.ts as plain CommonJS) without loading this file at all, and plain `--version`
// it answers itself.

import {
  answer,
  loadBundled,
  processIo,
  purposeOf,
  reportUnexpected,
  runTwin,
  type Loaded,
} from './cli-twin.ts';
import {quickAnswer, USAGE_EXIT_CODE} from './cli-quick.ts';
import type {Options} from './config/options.ts';

/** Set by the bundle (scripts/bundle-options.mjs): the file name of its console's CommonJS part. */
declare const OCT_CONSOLE_BUNDLE: string | undefined;

type ConsoleModule = Pick<typeof import('./console/run-console.tsx'), 'runConsole'>;

/** The console (React, Ink, views): from the bundle through the code cache (cli-twin.ts). */
const loadConsole = async (): Promise<Loaded<ConsoleModule>> =>
  typeof OCT_CONSOLE_BUNDLE === 'undefined'
    ? {exports: await import('./console/run-console.tsx'), done: async () => {}}
    : loadBundled<ConsoleModule>(OCT_CONSOLE_BUNDLE, 'console_ui');

/**
 * The console's cache is written once its start is over (first frames drawn, the tree loaded):
 * it then holds what a start compiles. Or when it quits before that. V8 serialises the code on
 * the main thread (a few ms); the ~1.5 MB file is written asynchronously, so the console keeps
 * drawing and reading keys meanwhile.
 */
const CONSOLE_CACHE_AFTER_MS = 3000;

const main = async (): Promise<number> => {
  const argv = process.argv.slice(2);
  // --version, --help and completion are answered without loading the parser (meow).
  const quick = quickAnswer(argv, undefined);
  if (quick !== undefined) return quick.kind === 'run' ? USAGE_EXIT_CODE : answer(quick);
  const io = processIo();
  const purpose = purposeOf(argv);
  if (purpose === 'console') {
    // No command word: the console, whose parser and options come from ES chunks it shares
    // (cli-core.cjs would be a second copy of that code in the console's memory).
    const {optionsFor} = await import('./cli-options.ts');
    const outcome = optionsFor(argv, io);
    if (outcome.kind === 'answer') return answer(outcome.parsed);
    if (outcome.kind === 'exit') return outcome.code;
    if (outcome.options.command.name === 'console') return runInteractive(outcome.options);
  }
  // A twin (or a command word purposeOf did not see): cli-core through the code cache.
  const outcome = await runTwin(argv, io, purpose);
  return outcome.kind === 'console' ? runInteractive(outcome.options) : outcome.code;
};

const runInteractive = async (options: Options): Promise<number> => {
  if (!process.stdin.isTTY) {
    process.stderr.write(
      'openclaw-tui: the console needs a terminal; for scripts use `status`, `sessions`, `pending` or `tail` (see --help)\n',
    );
    return USAGE_EXIT_CODE;
  }
  // Before the console's modules are evaluated: colour support is decided as they load.
  const {prepareInteractiveEnv} = await import('./console/interactive-env.ts');
  const env = prepareInteractiveEnv();
  const {exports: ui, done} = await loadConsole();
  const running = ui.runConsole(options, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env,
    argv: process.argv,
  });
  const timer = setTimeout(() => void done(true), CONSOLE_CACHE_AFTER_MS);
  timer.unref();
  const code = await running;
  clearTimeout(timer);
  await done(code === 0);
  return code;
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    reportUnexpected(error);
    process.exitCode = 1;
  },
);

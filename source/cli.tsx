#!/usr/bin/env node
// Entry point: flags and config merge into one options object, then either the interactive
// console or one of the scriptable twins runs. Nothing here talks to the gateway itself.
//
// This module is the whole of what every start loads (dist/cli.js in the bundle): the quick
// answers and the option table (cli-quick.ts). `--version`, `--help` and `completion` answer from
// them alone; any other command line goes through cli-core.ts (parser, options and the twins:
// no React, Ink or views), in the bundle dist/cli-core.cjs run through V8's code cache; only the
// interactive console loads React and Ink. Keep the static imports below that small.

import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {CliParseResult} from './cli-flags.ts';
import type {CoreOutcome} from './cli-core.ts';
import {helpText, quickAnswer, usageErrorLine, USAGE_EXIT_CODE} from './cli-quick.ts';
import {COMMAND_TABLE} from './cli-table.ts';
import type {CommandIo} from './commands/command-io.ts';
import type {Options} from './config/options.ts';
import {resolveTuiPaths} from './config/paths.ts';
import {entryLine} from './entry-info.ts';

/** Set by the bundle (scripts/bundle-options.mjs): the file names of its CommonJS parts. */
declare const OCT_CORE_BUNDLE: string | undefined;
declare const OCT_CONSOLE_BUNDLE: string | undefined;

/** The keymap's rows for the help's "Keys" section, loaded only when help is asked for. */
const keyHelp = async () => {
  const {helpSections} = await import('./views/keymap.ts');
  return helpSections(false).flatMap((section) =>
    section.bindings.map((binding) => ({
      keys: binding.keys.map((key) => key.display).join('/'),
      description: binding.description,
    })),
  );
};

type Core = {
  readonly runCore: (argv: readonly string[], io: CommandIo) => Promise<CoreOutcome>;
};

type Loaded<T> = {readonly exports: T; readonly done: (ok: boolean) => Promise<void>};

/**
 * One of the bundle's CommonJS files (dist/cli-core.cjs, dist/console.cjs) through V8's code
 * cache: one cache per purpose, in <data dir>/cache. `done` writes the cache after a run that
 * went well, when the run did not come from it.
 */
const loadBundled = async <T,>(file: string, purpose: string): Promise<Loaded<T>> => {
  const {runCached} = await import('./code-cache.ts');
  const {dataDir} = resolveTuiPaths({
    env: process.env,
    platform: process.platform,
    osHome: os.homedir(),
    cwd: process.cwd(),
  });
  const loaded = runCached<T>({
    file: path.join(path.dirname(fileURLToPath(import.meta.url)), file),
    cacheDir: path.join(dataDir, 'cache'),
    purpose,
  });
  const say = (line: string) => {
    if (process.env.OPENCLAW_TUI_WHICH_ENTRY === '1') {
      process.stderr.write(`openclaw-tui: code cache (${purpose}) ${line}\n`);
    }
  };
  say(`${loaded.use}${loaded.why === undefined ? '' : ` (${loaded.why})`}`);
  let saving: Promise<void> | undefined;
  return {
    exports: loaded.exports,
    done: (ok) => {
      if (!ok) return saving ?? Promise.resolve();
      return (saving ??= loaded.save().then(say));
    },
  };
};

/** cli-core: from the bundle through the code cache; from the sources, the module itself. */
const loadCore = async (purpose: string): Promise<Loaded<Core>> =>
  typeof OCT_CORE_BUNDLE === 'undefined'
    ? {exports: await import('./cli-core.ts'), done: async () => {}}
    : loadBundled<Core>(OCT_CORE_BUNDLE, purpose);

type ConsoleModule = Pick<typeof import('./console/run-console.tsx'), 'runConsole'>;

/** The console (React, Ink, views), likewise. */
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

const COMMAND_NAMES: ReadonlySet<string> = new Set(
  COMMAND_TABLE.flatMap((row) => (row.name === undefined ? [] : [row.name])),
);

/**
 * Which code cache a command line uses: its command's name, else 'console'. Only ever one of
 * the command names, never another word of argv (that could be a token).
 */
const purposeOf = (argv: readonly string[]): string =>
  argv.find((word) => COMMAND_NAMES.has(word)) ?? 'console';

const answer = async (parsed: Exclude<CliParseResult, {kind: 'run'}>): Promise<number> => {
  switch (parsed.kind) {
    case 'help':
      process.stdout.write(`${helpText(await keyHelp())}\n`);
      return 0;
    case 'version':
      process.stdout.write(`${parsed.version}\n`);
      if (parsed.verbose) process.stdout.write(`${entryLine()}\nnode ${process.version}\n`);
      return 0;
    case 'completion': {
      const {completionScript} = await import('./cli-completion.ts');
      process.stdout.write(completionScript(parsed.shell));
      return 0;
    }
    case 'usage-error':
      process.stderr.write(`${usageErrorLine(parsed.reason)}\n`);
      return USAGE_EXIT_CODE;
  }
};

const main = async (): Promise<number> => {
  const argv = process.argv.slice(2);
  // --version, --help and completion are answered without loading the parser (meow).
  const quick = quickAnswer(argv, undefined);
  if (quick !== undefined) return quick.kind === 'run' ? USAGE_EXIT_CODE : answer(quick);
  const io = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
  };
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
  const {exports: core, done} = await loadCore(purpose);
  const outcome = await core.runCore(argv, io);
  switch (outcome.kind) {
    case 'answer':
      return answer(outcome.parsed);
    case 'exit':
      await done(outcome.command !== undefined && outcome.code === 0);
      return outcome.code;
    case 'console':
      return runInteractive(outcome.options);
  }
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
    // A bug, not an operator mistake: one line on stderr, details only with OPENCLAW_TUI_DEBUG.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`openclaw-tui: unexpected error: ${message}\n`);
    if (process.env.OPENCLAW_TUI_DEBUG && error instanceof Error) {
      process.stderr.write(`${error.stack ?? ''}\n`);
    }
    process.exitCode = 1;
  },
);

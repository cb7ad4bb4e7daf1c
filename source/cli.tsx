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

/** Set by the bundle (scripts/bundle-options.mjs): the file name of dist/cli-core.cjs. */
declare const OCT_CORE_BUNDLE: string | undefined;

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

/**
 * cli-core: from the bundle, dist/cli-core.cjs through V8's code cache (one cache per command,
 * in <data dir>/cache); from the sources, the module itself. `done` writes the cache after a run
 * that went well, when the run did not come from it.
 */
const loadCore = async (
  purpose: string,
): Promise<{readonly core: Core; readonly done: (ok: boolean) => void}> => {
  if (typeof OCT_CORE_BUNDLE === 'undefined') {
    return {core: await import('./cli-core.ts'), done: () => undefined};
  }
  const {runCached} = await import('./code-cache.ts');
  const {dataDir} = resolveTuiPaths({
    env: process.env,
    platform: process.platform,
    osHome: os.homedir(),
    cwd: process.cwd(),
  });
  const loaded = runCached<Core>({
    file: path.join(path.dirname(fileURLToPath(import.meta.url)), OCT_CORE_BUNDLE),
    cacheDir: path.join(dataDir, 'cache'),
    purpose,
  });
  const say = (line: string) => {
    if (process.env.OPENCLAW_TUI_WHICH_ENTRY === '1') {
      process.stderr.write(`openclaw-tui: code cache (${purpose}) ${line}\n`);
    }
  };
  say(`${loaded.use}${loaded.why === undefined ? '' : ` (${loaded.why})`}`);
  return {
    core: loaded.exports,
    done: (ok) => {
      if (ok) say(loaded.save());
    },
  };
};

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
  // --version, --help and completion are answered without loading the parser (meow); every
  // other command line goes through cli-core (parser, options, twins), which gives the same
  // answers for these.
  const quick = quickAnswer(argv, undefined);
  if (quick !== undefined) return quick.kind === 'run' ? USAGE_EXIT_CODE : answer(quick);
  const {core, done} = await loadCore(purposeOf(argv));
  const outcome = await core.runCore(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
  });
  switch (outcome.kind) {
    case 'answer':
      return answer(outcome.parsed);
    case 'exit':
      done(outcome.command !== undefined && outcome.code === 0);
      return outcome.code;
    case 'console':
      // The console needs only the parser and the options from cli-core: cache them now (the
      // console may well end by a signal, never returning here).
      done(true);
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
  const {prepareInteractiveEnv} = await import('./console/interactive-env.ts');
  const env = prepareInteractiveEnv();
  const {runConsole} = await import('./console/run-console.tsx');
  return runConsole(options, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env,
    argv: process.argv,
  });
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

// A twin's command line (a command word: status, pending, approve, …) past cli-quick.ts's
// answers: cli-core (parser, options, the twins) run through V8's code cache, and the answers
// (help, version, completion, usage errors) both entries give. cli.tsx uses it; the bundle also
// builds it on its own as dist/cli-twin.cjs, a plain CommonJS file the bin requires for such a
// command line, so that a twin's start never initialises Node's ES module loader (~25-35 ms of
// every start here, issue 11). No React, Ink or views: the interactive console stays behind
// cli.tsx (a command word that turns out to be an option's value hands the command line back).

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
import {startMark} from './start-marks.ts';

/** Set by the bundle (scripts/bundle-options.mjs): the file name of its twins' CommonJS part. */
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

export type Loaded<T> = {readonly exports: T; readonly done: (ok: boolean) => Promise<void>};

/**
 * One of the bundle's CommonJS files (dist/cli-core.cjs, dist/console.cjs) through V8's code
 * cache: one cache per purpose, in <data dir>/cache. `done` writes the cache after a run that
 * went well, when the run did not come from it.
 */
export const loadBundled = async <T>(file: string, purpose: string): Promise<Loaded<T>> => {
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

type Core = {
  readonly runCore: (argv: readonly string[], io: CommandIo) => Promise<CoreOutcome>;
};

/** cli-core: from the bundle through the code cache; from the sources, the module itself. */
const loadCore = async (purpose: string): Promise<Loaded<Core>> =>
  typeof OCT_CORE_BUNDLE === 'undefined'
    ? {exports: await import('./cli-core.ts'), done: async () => {}}
    : loadBundled<Core>(OCT_CORE_BUNDLE, purpose);

const COMMAND_NAMES: ReadonlySet<string> = new Set(
  COMMAND_TABLE.flatMap((row) => (row.name === undefined ? [] : [row.name])),
);

/**
 * Which code cache a command line uses: its command's name, else 'console'. Only ever one of
 * the command names, never another word of argv (that could be a token).
 */
export const purposeOf = (argv: readonly string[]): string =>
  argv.find((word) => COMMAND_NAMES.has(word)) ?? 'console';

export const answer = async (parsed: Exclude<CliParseResult, {kind: 'run'}>): Promise<number> => {
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

export type TwinOutcome =
  | {readonly kind: 'exit'; readonly code: number}
  /** No command after all (the word was an option's value): the interactive console. */
  | {readonly kind: 'console'; readonly options: Options};

/** A command line with a command word (purposeOf): cli-core through the code cache. */
export const runTwin = async (
  argv: readonly string[],
  io: CommandIo,
  purpose: string,
): Promise<TwinOutcome> => {
  const {exports: core, done} = await loadCore(purpose);
  startMark('code');
  const outcome = await core.runCore(argv, io);
  switch (outcome.kind) {
    case 'answer':
      return {kind: 'exit', code: await answer(outcome.parsed)};
    case 'exit':
      await done(outcome.command !== undefined && outcome.code === 0);
      return {kind: 'exit', code: outcome.code};
    case 'console':
      return {kind: 'console', options: outcome.options};
  }
};

export const processIo = (): CommandIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
});

/** A bug, not an operator mistake: one line on stderr, details only with OPENCLAW_TUI_DEBUG. */
export const reportUnexpected = (error: unknown): void => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`openclaw-tui: unexpected error: ${message}\n`);
  if (process.env.OPENCLAW_TUI_DEBUG && error instanceof Error) {
    process.stderr.write(`${error.stack ?? ''}\n`);
  }
};

/**
 * The bin's entry for a command line with a command word (dist/cli-twin.cjs): what cli.tsx does
 * for it, without the console. Resolves 'console' when the command line is the interactive
 * console after all (nothing was written, no exit code set): the bin then runs cli.tsx.
 */
export const runTwinEntry = async (argv: readonly string[]): Promise<'done' | 'console'> => {
  startMark('entry');
  if (process.env.OPENCLAW_TUI_MARKS === '1') process.on('exit', () => startMark('exit'));
  try {
    const quick = quickAnswer(argv, undefined);
    if (quick !== undefined) {
      process.exitCode = quick.kind === 'run' ? USAGE_EXIT_CODE : await answer(quick);
      return 'done';
    }
    const purpose = purposeOf(argv);
    if (purpose === 'console') return 'console';
    const outcome = await runTwin(argv, processIo(), purpose);
    if (outcome.kind === 'console') return 'console';
    process.exitCode = outcome.code;
  } catch (error) {
    reportUnexpected(error);
    process.exitCode = 1;
  }
  return 'done';
};

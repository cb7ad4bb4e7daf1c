// Everything a command line needs past cli-quick.ts's answers, except the interactive console
// itself: the parser (cli-flags.ts, meow), the options (OpenClaw config, fleet) and the one-shot
// twins (client, state, commands). The bundle builds it on its own as dist/cli-core.cjs, a
// CommonJS file cli.tsx runs through V8's code cache (source/code-cache.ts), so a twin's start
// compiles almost nothing; from the sources cli.tsx imports this module directly. No React, Ink
// or views here (the console is a separate, lazily imported ES chunk).

import os from 'node:os';
import {parseCli, type CliParseResult} from './cli-flags.ts';
import type {CommandIo} from './commands/command-io.ts';
import {
  buildOptions,
  startupErrorExitCode,
  startupErrorMessage,
  type Options,
} from './config/options.ts';

export type CoreOutcome =
  /** Help, version, completion or a usage error: cli.tsx answers them as it always did. */
  | {readonly kind: 'answer'; readonly parsed: Exclude<CliParseResult, {kind: 'run'}>}
  /** The interactive console, with its options: cli.tsx loads and runs it. */
  | {readonly kind: 'console'; readonly options: Options}
  /** A twin ran (or the options were unusable, said on stderr): exit with `code`. */
  | {readonly kind: 'exit'; readonly code: number; readonly command?: string};

export const runCore = async (argv: readonly string[], io: CommandIo): Promise<CoreOutcome> => {
  const parsed = parseCli([...argv]);
  if (parsed.kind !== 'run') return {kind: 'answer', parsed};
  let options: Options;
  try {
    options = buildOptions({
      cli: parsed.cli,
      env: process.env,
      osHome: os.homedir(),
      cwd: process.cwd(),
      platform: process.platform,
    });
  } catch (error) {
    const message = startupErrorMessage(error);
    if (message === undefined) throw error;
    io.stderr.write(`${message}\n`);
    return {kind: 'exit', code: startupErrorExitCode(error)};
  }
  if (options.command.name === 'console') return {kind: 'console', options};
  // Evaluated only here: the console never runs the twins' modules.
  const {runCommand} = await import('./commands/run-command.ts');
  return {kind: 'exit', code: await runCommand(options, io), command: options.command.name};
};

// Everything a twin's command line needs past cli-quick.ts's answers: the parser and the options
// (cli-options.ts) and the one-shot twins (client, state, commands). The bundle builds it on its
// own as dist/cli-core.cjs, a CommonJS file cli.tsx runs through V8's code cache
// (source/code-cache.ts), so a twin's start compiles almost nothing; from the sources cli.tsx
// imports this module directly. No React, Ink or views here.

import type {CliParseResult} from './cli-flags.ts';
import {optionsFor} from './cli-options.ts';
import type {CommandIo} from './commands/command-io.ts';
import type {Options} from './config/options.ts';
import {startMark} from './start-marks.ts';

export type CoreOutcome =
  /** Help, version, completion or a usage error: cli.tsx answers them as it always did. */
  | {readonly kind: 'answer'; readonly parsed: Exclude<CliParseResult, {kind: 'run'}>}
  /** The interactive console after all (no command word): cli.tsx runs it with these options. */
  | {readonly kind: 'console'; readonly options: Options}
  /** A twin ran (or the options were unusable, said on stderr): exit with `code`. */
  | {readonly kind: 'exit'; readonly code: number; readonly command?: string};

export const runCore = async (argv: readonly string[], io: CommandIo): Promise<CoreOutcome> => {
  const outcome = optionsFor(argv, io);
  startMark('options');
  if (outcome.kind !== 'options') return outcome;
  const {options} = outcome;
  if (options.command.name === 'console') return {kind: 'console', options};
  // Evaluated only here: nothing else in this file needs the twins' modules.
  const {runCommand} = await import('./commands/run-command.ts');
  startMark('modules');
  return {kind: 'exit', code: await runCommand(options, io), command: options.command.name};
};

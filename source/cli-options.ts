// A command line past cli-quick.ts's answers → the options (or what to answer instead): the parser
// (cli-flags.ts, meow) and the options (OpenClaw config, fleet). Shared by cli-core.ts (the twins,
// dist/cli-core.cjs) and cli.tsx's console route (an ES chunk the console shares), so both give
// the same answers.

import os from 'node:os';
import {parseCli, type CliParseResult} from './cli-flags.ts';
import type {OutputStream} from './commands/command-io.ts';
import {
  buildOptions,
  startupErrorExitCode,
  startupErrorMessage,
  type Options,
} from './config/options.ts';

export type OptionsOutcome =
  /** Help, version, completion or a usage error: cli.tsx answers them. */
  | {readonly kind: 'answer'; readonly parsed: Exclude<CliParseResult, {kind: 'run'}>}
  /** The options were unusable (said on stderr): exit with `code`. */
  | {readonly kind: 'exit'; readonly code: number}
  | {readonly kind: 'options'; readonly options: Options};

export const optionsFor = (
  argv: readonly string[],
  io: {readonly stderr: OutputStream},
): OptionsOutcome => {
  const parsed = parseCli([...argv]);
  if (parsed.kind !== 'run') return {kind: 'answer', parsed};
  try {
    return {
      kind: 'options',
      options: buildOptions({
        cli: parsed.cli,
        env: process.env,
        osHome: os.homedir(),
        cwd: process.cwd(),
        platform: process.platform,
      }),
    };
  } catch (error) {
    const message = startupErrorMessage(error);
    if (message === undefined) throw error;
    io.stderr.write(`${message}\n`);
    return {kind: 'exit', code: startupErrorExitCode(error)};
  }
};

#!/usr/bin/env node
// Entry point: flags and config merge into one options object, then either the interactive
// console or one of the scriptable twins runs. Nothing here talks to the gateway itself.
//
// This module is the whole of what every start loads (dist/cli.js in the bundle): the quick
// answers and the option table (cli-quick.ts). `--version`, `--help` and `completion` answer from
// them alone; any other command line loads the parser (cli-flags.ts, meow); the twins load
// their own chunk (config, client, commands: no React, Ink or views) and only the interactive
// console loads React and Ink. Keep the static imports below that small.

import type {CliParseResult, ParsedCli} from './cli-flags.ts';
import {helpText, quickAnswer, usageErrorLine, USAGE_EXIT_CODE} from './cli-quick.ts';
import {entryLine} from './entry-info.ts';

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

const main = async (): Promise<number> => {
  const argv = process.argv.slice(2);
  // --version, --help and completion are answered without loading the parser (meow): every
  // other command line loads cli-flags.ts, whose parseCli gives the same answers for these.
  const parsed: CliParseResult =
    quickAnswer(argv, undefined) ?? (await import('./cli-flags.ts')).parseCli(argv);
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
    case 'run':
      return run(parsed.cli);
  }
};

const run = async (cli: ParsedCli): Promise<number> => {
  // A twin's chunk loads while the options are worked out (it never needs the console's).
  const twin = cli.command.name === 'console' ? undefined : import('./commands/run-command.ts');
  twin?.catch(() => undefined);
  const os = await import('node:os');
  const {buildOptions, startupErrorExitCode, startupErrorMessage} =
    await import('./config/options.ts');
  let options: ReturnType<typeof buildOptions>;
  try {
    options = buildOptions({
      cli,
      env: process.env,
      osHome: os.homedir(),
      cwd: process.cwd(),
      platform: process.platform,
    });
  } catch (error) {
    const message = startupErrorMessage(error);
    if (message === undefined) throw error;
    process.stderr.write(`${message}\n`);
    return startupErrorExitCode(error);
  }

  if (options.command.name === 'console') {
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
  }
  const {runCommand} = await (twin ?? import('./commands/run-command.ts'));
  return runCommand(options, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
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

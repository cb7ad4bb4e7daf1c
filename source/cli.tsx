#!/usr/bin/env node
// Entry point: flags and config merge into one options object, then either the interactive
// console or one of the scriptable twins runs. Nothing here talks to the gateway itself.

import os from 'node:os';
import {parseCli, usageErrorLine, USAGE_EXIT_CODE} from './cli-flags.ts';
import {buildOptions, startupErrorMessage, type Options} from './config/options.ts';
import {helpSections} from './views/keymap.ts';

const keyHelp = helpSections(false).flatMap((section) =>
  section.bindings.map((binding) => ({
    keys: binding.keys.map((key) => key.display).join('/'),
    description: binding.description,
  })),
);

const main = async (): Promise<number> => {
  const parsed = parseCli(process.argv.slice(2), {keys: keyHelp});
  switch (parsed.kind) {
    case 'help':
      process.stdout.write(`${parsed.text}\n`);
      return 0;
    case 'version':
      process.stdout.write(`${parsed.version}\n`);
      return 0;
    case 'usage-error':
      process.stderr.write(`${usageErrorLine(parsed.reason)}\n`);
      return USAGE_EXIT_CODE;
    case 'run':
      break;
  }

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
    process.stderr.write(`${message}\n`);
    return 1;
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
  const {runCommand} = await import('./commands/run-command.ts');
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

// What every start loads (dist/cli.js): the help text, the usage line and the answers that need
// no parsing (--version, --help, completion). The parser itself (cli-flags.ts, meow) is loaded
// only when a command line needs it, so `--version` never loads meow (~70-100 ms under load here).

import {COMMAND_TABLE, listedFlag, OPTION_TABLE} from './cli-table.ts';
import type {CliParseResult} from './cli-flags.ts';
import {packageVersion} from './console/version.ts';

export const USAGE_EXIT_CODE = 2;

export const SHELLS = ['bash', 'zsh'] as const;
export type Shell = (typeof SHELLS)[number];

/** One row of the "Keys" section; cli.tsx passes the keymap's rows so help never drifts. */
export type KeyHelp = {readonly keys: string; readonly description: string};

const DEFAULT_KEYS: readonly KeyHelp[] = [
  {keys: '?', description: 'every key for the current pane'},
  {keys: 'q', description: 'quit'},
];

const pad = (text: string, width: number): string => text.padEnd(width);

const COLUMN = 25;

const commandLines = (): string =>
  COMMAND_TABLE.map((row) => {
    const head = row.name === undefined ? '(none)' : `${row.name}${row.args ? ` ${row.args}` : ''}`;
    return `  ${pad(head, COLUMN - 2)}${row.summary}`;
  }).join('\n');

const optionLines = (): string => {
  const lines: string[] = [];
  for (const row of OPTION_TABLE) {
    if (row.key === 'help' || row.key === 'version') continue;
    const head = row.key === 'verbose' ? '--version --verbose' : listedFlag(row);
    const [first = '', ...rest] = row.help;
    lines.push(`  ${pad(`${head}${row.arg ? ` ${row.arg}` : ''}`, COLUMN - 2)}${first}`);
    for (const line of rest) lines.push(`${' '.repeat(COLUMN)}${line}`);
  }
  lines.push('  -h, --help, --version');
  return lines.join('\n');
};

export const helpText = (keys: readonly KeyHelp[] = DEFAULT_KEYS): string => {
  const keyWidth = Math.max(8, ...keys.map((key) => key.keys.length + 2));
  const keyLines = keys.map((key) => `  ${pad(key.keys, keyWidth)}${key.description}`).join('\n');
  return `
Usage
  $ openclaw-tui [command] [options]

Commands
${commandLines()}

Options
${optionLines()}

Environment
  OPENCLAW_GATEWAY_URL       gateway URL (reuses only the two variables below)
  OPENCLAW_GATEWAY_PORT      port of the local gateway (host 127.0.0.1)
  OPENCLAW_GATEWAY_TOKEN     gateway token
  OPENCLAW_GATEWAY_PASSWORD  gateway password
  OPENCLAW_CONFIG_PATH       OpenClaw config file (default ~/.openclaw/openclaw.json)
  OPENCLAW_STATE_DIR         OpenClaw state directory (default ~/.openclaw)
  OPENCLAW_HOME              home directory OpenClaw resolves ~ against
  OPENCLAW_PROFILE           named profile: derives the default port, as openclaw does
  OPENCLAW_TUI_HOME          where openclaw-tui keeps its identity, audit log and logs
  NO_COLOR                   disable colour

  Without --url, the gateway and its credentials are found the way the openclaw CLI finds
  them: flags, then the environment (and ~/.openclaw/.env), then the OpenClaw config
  (gateway.mode, gateway.port, gateway.tls, gateway.auth, gateway.remote).

Keys (interactive console)
${keyLines}

Exit codes
  0 ok   1 failed (gateway unreachable, refused, not found)   2 usage error

Examples
  $ openclaw-tui
  $ openclaw-tui pending --json
  $ openclaw-tui approve 7f3c2a9e-… --decision allow-once
  $ openclaw-tui tail --kind spawn,run --json
  $ source <(openclaw-tui completion bash)
`;
};

/** The line cli.tsx prints (to stderr) before exiting with USAGE_EXIT_CODE. */
export const usageErrorLine = (reason: string): string =>
  `openclaw-tui: ${reason} (see openclaw-tui --help)`;

/**
 * The few command lines that need no parsing, answered before meow is consulted: meow's first
 * call (yargs-parser warming up, its flag tables built) costs ~20-30 ms here, most of what a
 * `--version` run does after loading. Only exact shapes are answered, each with the result the
 * meow path gives (no unknown option can hide in them); anything else goes through meow.
 * cli.tsx asks here first and loads cli-flags.ts (and meow) only when this has no answer.
 */
export const quickAnswer = (
  argv: readonly string[],
  keys: readonly KeyHelp[] | undefined,
): CliParseResult | undefined => {
  const words = [...argv].sort().join(' ');
  if (words === '--version') return {kind: 'version', version: packageVersion(), verbose: false};
  if (words === '--verbose --version') {
    return {kind: 'version', version: packageVersion(), verbose: true};
  }
  if (words === '--help' || words === '-h') return {kind: 'help', text: helpText(keys)};
  const [first, shell] = argv;
  if (argv.length === 2 && first === 'completion' && SHELLS.some((name) => name === shell)) {
    return {kind: 'completion', shell: shell as Shell};
  }
  return undefined;
};

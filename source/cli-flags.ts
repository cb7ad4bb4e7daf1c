// The command line, parsed by meow and checked here so that a usage error is one line and exit
// code 2, never a stack trace or meow's multi-line report. parseCli() is pure (it never prints or
// exits); cli.tsx prints the help, the version, the completion script or the reason. This module
// (and meow) is loaded only when cli-quick.ts cannot answer alone: `--version`, `--help` and
// `completion` never load meow.

import {
  COMMAND_TABLE,
  DECISION_VALUES,
  listedFlag,
  OPTION_TABLE,
  TAIL_KIND_VALUES,
  type OptionRow,
} from './cli-table.ts';
import meow from 'meow';

import {helpText, quickAnswer, SHELLS, type KeyHelp, type Shell} from './cli-quick.ts';
import {packageVersion} from './console/version.ts';

export {helpText, SHELLS, usageErrorLine, USAGE_EXIT_CODE} from './cli-quick.ts';
export type {KeyHelp, Shell} from './cli-quick.ts';

/** Every command word, in help order (the console has none). */
export const COMMANDS = COMMAND_TABLE.flatMap((row) => (row.name === undefined ? [] : [row.name]));

/** `--decision` for approve: exec approvals can be allowed once or always. */
export const DECISIONS = DECISION_VALUES;
export type Decision = (typeof DECISIONS)[number];

export const TAIL_KINDS = TAIL_KIND_VALUES;
export type TailKind = (typeof TAIL_KINDS)[number];

export type CliCommand =
  | {readonly name: 'console'}
  | {readonly name: 'status'}
  | {readonly name: 'sessions'}
  | {readonly name: 'pending'}
  /** status: a ledger status or our task state (blocked = blocked-delivery); runtime as sent. */
  | {readonly name: 'tasks'; readonly status?: string; readonly runtime?: string}
  /** decision undefined: the default for the request's kind (allow-once for exec approvals). */
  | {readonly name: 'approve'; readonly id: string; readonly decision?: Decision}
  | {readonly name: 'deny'; readonly id: string}
  /** The fleet (gateways.json5 and --gateway flags): entries and where each came from. */
  | {readonly name: 'gateways'}
  /** An agent question, by exact id: option numbers (from 1; several for multi-select) or text. */
  | {
      readonly name: 'answer';
      readonly id: string;
      readonly answer: {readonly options: readonly number[]} | {readonly text: string};
    }
  | {
      readonly name: 'tail';
      readonly session?: string;
      readonly agent?: string;
      /** Empty: every kind. */
      readonly kinds: readonly TailKind[];
    };

export type CliFlags = {
  readonly url?: string;
  readonly token?: string;
  readonly password?: string;
  /** --tls-fingerprint: the wss:// certificate pin, as typed (the resolver checks it). */
  readonly tlsFingerprint?: string;
  readonly json: boolean;
  readonly readOnly: boolean;
  readonly demo: boolean;
  readonly embed: boolean;
  readonly detachOnExit: boolean;
  readonly openclaw?: string;
  readonly node?: string;
  /** false with --no-bell. */
  readonly bell: boolean;
  readonly timeoutMs?: number;
  /** --gateway NAME=URL: fleet entries defined (or re-pointed) on the command line, in order. */
  readonly gatewayDefs?: readonly {readonly name: string; readonly url: string}[];
  /** --gateway NAME: the twins read (or decide on) only these fleet gateways. */
  readonly gatewaySelect?: readonly string[];
  /** --all: the twins read every gateway of the fleet. */
  readonly all?: boolean;
};

export type ParsedCli = {readonly command: CliCommand; readonly flags: CliFlags};

export type CliParseResult =
  | {readonly kind: 'run'; readonly cli: ParsedCli}
  | {readonly kind: 'help'; readonly text: string}
  | {readonly kind: 'version'; readonly version: string; readonly verbose: boolean}
  | {readonly kind: 'completion'; readonly shell: Shell}
  | {readonly kind: 'usage-error'; readonly reason: string};

const FLAGS: ReadonlyMap<string, OptionRow> = new Map(OPTION_TABLE.map((row) => [row.key, row]));

type FlagName = (typeof OPTION_TABLE)[number]['key'];

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Quote user input for a message; JSON escaping keeps control characters off the terminal. */
const quote = (value: string): string => JSON.stringify(value);

class UsageError extends Error {}

const usage = (reason: string): never => {
  throw new UsageError(reason);
};

/** "5000", "500ms", "5s", "2m" → milliseconds. */
export const parseDuration = (raw: string): number | undefined => {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/i.exec(raw.trim());
  if (!match?.[1]) return undefined;
  const unit = (match[2] ?? 'ms').toLowerCase();
  const ms = Number(match[1]) * (unit === 'm' ? 60_000 : unit === 's' ? 1000 : 1);
  return Number.isFinite(ms) && ms >= 1 ? Math.round(ms) : undefined;
};

const stringFlag = (flags: Record<string, unknown>, name: FlagName): string | undefined => {
  const value = flags[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    return usage(`--${kebab(name)} needs a value`);
  }
  return value;
};

const requestId = (command: string, input: readonly string[]): string => {
  if (input.length === 0) return usage(`${command} needs the request id`);
  if (input.length > 1) return usage(`${command} takes exactly one request id`);
  const id = input[0] ?? '';
  // Exact ids only: no trimming or guessing, but an id is never blank or multi-word.
  if (!id || /[\s\p{Cc}]/u.test(id)) return usage(`${command}: ${quote(id)} is not a request id`);
  return id;
};

/** `--option N` (repeatable) or `--text "…"`: exactly one kind, numbers from 1. */
const answerOf = (
  text: string | undefined,
  options: readonly string[],
): {readonly options: readonly number[]} | {readonly text: string} => {
  if (text !== undefined && options.length > 0)
    return usage('answer takes --option or --text, not both');
  if (text !== undefined) return {text};
  if (options.length === 0) return usage('answer needs --option N or --text "…"');
  const numbers = options.map((raw) => {
    const value = raw.trim();
    if (!/^[1-9]\d{0,2}$/.test(value)) {
      return usage(`--option takes an option number from 1 (got ${quote(value.slice(0, 20))})`);
    }
    return Number(value);
  });
  return {options: [...new Set(numbers)]};
};

const buildCommand = (
  name: string | undefined,
  input: readonly string[],
  flags: Record<string, unknown>,
  multi: Readonly<Record<string, readonly string[]>> = {},
): CliCommand => {
  const decision = stringFlag(flags, 'decision');
  const session = stringFlag(flags, 'session');
  const agent = stringFlag(flags, 'agent');
  const kind = stringFlag(flags, 'kind');
  const status = stringFlag(flags, 'status');
  const runtime = stringFlag(flags, 'runtime');
  if ((status ?? runtime) !== undefined && name !== 'tasks') {
    usage('--status and --runtime only apply to tasks');
  }
  if (decision !== undefined && name !== 'approve') usage('--decision only applies to approve');
  const text = flags.text === undefined ? undefined : stringFlag(flags, 'text');
  if ((text !== undefined || multi.option !== undefined) && name !== 'answer') {
    usage('--option and --text only apply to answer');
  }
  if ((session ?? agent ?? kind) !== undefined && name !== 'tail') {
    usage('--session, --agent and --kind only apply to tail');
  }
  const takesId = name === 'approve' || name === 'deny' || name === 'answer';
  if (name !== undefined && !takesId && input.length > 0) {
    usage(`${name} takes no arguments`);
  }
  switch (name) {
    case undefined:
      return {name: 'console'};
    case 'status':
    case 'sessions':
    case 'pending':
      return {name};
    case 'approve': {
      const id = requestId('approve', input);
      if (decision === undefined) return {name, id};
      if (!(DECISIONS as readonly string[]).includes(decision)) {
        return usage(`--decision must be ${DECISIONS.join(' or ')} (got ${quote(decision)})`);
      }
      return {name, id, decision: decision as Decision};
    }
    case 'deny':
      return {name, id: requestId('deny', input)};
    case 'answer':
      return {name, id: requestId('answer', input), answer: answerOf(text, multi.option ?? [])};
    case 'gateways':
      return {name};
    case 'tasks':
      return {name, ...(status ? {status} : {}), ...(runtime ? {runtime} : {})};
    case 'tail': {
      const kinds = (kind ?? '')
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);
      const unknown = kinds.find((part) => !(TAIL_KINDS as readonly string[]).includes(part));
      if (unknown !== undefined) {
        return usage(`--kind accepts ${TAIL_KINDS.join(', ')} (got ${quote(unknown)})`);
      }
      return {
        name,
        ...(session ? {session} : {}),
        ...(agent ? {agent} : {}),
        kinds: [...new Set(kinds)] as TailKind[],
      };
    }
    default:
      // Echo only word-like input: a secret pasted in the wrong place must not be printed back.
      return usage(
        /^[a-z][a-z-]{0,19}$/i.test(name)
          ? `unknown command ${quote(name)} (commands: ${COMMANDS.join(', ')})`
          : `unknown command (commands: ${COMMANDS.join(', ')})`,
      );
  }
};

/** A gateway's name in the fleet: [A-Za-z0-9_-], ≤ 40, starting with a letter or digit. */
export const GATEWAY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/** One `--gateway` value: NAME=URL defines (or re-points) an entry; NAME alone selects one. */
export type GatewayFlag =
  | {readonly kind: 'define'; readonly name: string; readonly url: string}
  | {readonly kind: 'select'; readonly name: string};

/** Parse one `--gateway` value; throws an Error with a one-line reason. */
export const parseGatewayFlag = (raw: string): GatewayFlag => {
  const at = raw.indexOf('=');
  const name = (at < 0 ? raw : raw.slice(0, at)).trim();
  if (!GATEWAY_NAME.test(name)) {
    throw new Error(
      /^[\w-]{1,40}$/.test(name)
        ? `--gateway: ${quote(name)} is not a gateway name (letters, digits, "_" and "-", starting with a letter or digit)`
        : '--gateway: expected NAME or NAME=URL (a name of letters, digits, "_" and "-")',
    );
  }
  if (at < 0) return {kind: 'select', name};
  const url = raw.slice(at + 1).trim();
  if (!url) throw new Error(`--gateway ${name}=: the URL is missing`);
  return {kind: 'define', name, url};
};

const buildFlags = (
  command: CliCommand,
  flags: Record<string, unknown>,
  multi: Readonly<Record<string, readonly string[]>> = {},
): CliFlags => {
  const bool = (name: FlagName): boolean => flags[name] === true;
  const url = stringFlag(flags, 'url');
  const openclaw = stringFlag(flags, 'openclaw');
  const node = stringFlag(flags, 'node');
  const timeout = stringFlag(flags, 'timeout');
  const timeoutMs = timeout === undefined ? undefined : parseDuration(timeout);
  if (timeout !== undefined && timeoutMs === undefined) {
    usage(`--timeout must be a duration such as 5000, 5s or 2m (got ${quote(timeout)})`);
  }
  if (bool('demo') && bool('embed')) usage('choose one of --demo and --embed');
  if (url !== undefined && (bool('demo') || bool('embed'))) {
    usage(`--url cannot be combined with --${bool('demo') ? 'demo' : 'embed'}`);
  }
  const tlsFingerprint = stringFlag(flags, 'tlsFingerprint');
  if (tlsFingerprint !== undefined && (bool('demo') || bool('embed'))) {
    usage(`--tls-fingerprint cannot be combined with --${bool('demo') ? 'demo' : 'embed'}`);
  }
  if (!bool('embed')) {
    if (bool('detachOnExit')) usage('--detach-on-exit only applies with --embed');
    if (openclaw !== undefined) usage('--openclaw only applies with --embed');
    if (node !== undefined) usage('--node only applies with --embed');
  }
  if (bool('json') && command.name === 'console') {
    usage(`--json needs a command (${COMMANDS.join(', ')})`);
  }
  if (
    bool('readOnly') &&
    (command.name === 'approve' || command.name === 'deny' || command.name === 'answer')
  ) {
    usage(`${command.name} needs write access: drop --read-only`);
  }
  const gatewayDefs: {name: string; url: string}[] = [];
  const gatewaySelect: string[] = [];
  for (const raw of multi.gateway ?? []) {
    if (raw.trim() === '') usage('--gateway needs a value');
    let parsed: GatewayFlag;
    try {
      parsed = parseGatewayFlag(raw);
    } catch (error) {
      return usage(error instanceof Error ? error.message : String(error));
    }
    if (parsed.kind === 'define') gatewayDefs.push({name: parsed.name, url: parsed.url});
    else if (!gatewaySelect.includes(parsed.name)) gatewaySelect.push(parsed.name);
  }
  const single =
    url !== undefined
      ? '--url'
      : tlsFingerprint !== undefined
        ? '--tls-fingerprint'
        : bool('demo')
          ? '--demo'
          : bool('embed')
            ? '--embed'
            : '';
  if (gatewayDefs.length > 0 && single) {
    usage(`--gateway NAME=URL cannot be combined with ${single} (${single} means one gateway)`);
  }
  const fleetReaders = ['status', 'sessions', 'pending', 'tail', 'tasks'];
  if (bool('all') && !fleetReaders.includes(command.name)) {
    usage(`--all only applies to ${fleetReaders.join(', ')}`);
  }
  if (gatewaySelect.length > 0) {
    if (![...fleetReaders, 'approve', 'deny', 'answer'].includes(command.name)) {
      usage(
        '--gateway NAME (without =URL) only applies to commands; the console shows the whole fleet',
      );
    }
    if (bool('all')) usage('choose one of --gateway NAME and --all');
    if (single) usage(`--gateway NAME cannot be combined with ${single}`);
  }
  if (bool('all') && single) usage(`--all cannot be combined with ${single}`);
  if (command.name === 'gateways' && (bool('demo') || bool('embed'))) {
    usage('gateways lists the configured fleet: drop --demo/--embed');
  }
  // Secrets are kept as given (no trimming here): the resolver trims, as openclaw does.
  const token = flags.token === undefined ? undefined : stringFlag(flags, 'token');
  const password = flags.password === undefined ? undefined : stringFlag(flags, 'password');
  return {
    ...(url !== undefined ? {url} : {}),
    ...(token !== undefined ? {token} : {}),
    ...(password !== undefined ? {password} : {}),
    ...(tlsFingerprint !== undefined ? {tlsFingerprint} : {}),
    json: bool('json'),
    readOnly: bool('readOnly'),
    demo: bool('demo'),
    embed: bool('embed'),
    detachOnExit: bool('detachOnExit'),
    ...(openclaw !== undefined ? {openclaw} : {}),
    ...(node !== undefined ? {node} : {}),
    bell: flags.bell !== false,
    ...(timeoutMs !== undefined ? {timeoutMs} : {}),
    // only when given, so a single-gateway command line parses exactly as before
    ...(gatewayDefs.length > 0 ? {gatewayDefs} : {}),
    ...(gatewaySelect.length > 0 ? {gatewaySelect} : {}),
    ...(bool('all') ? {all: true} : {}),
  };
};

const camel = (name: string): string =>
  name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** An unknown option is echoed only when it looks like one: a pasted secret must not be. */
const shownOption = (dashes: string, name: string): string =>
  /^[a-z][a-z0-9-]{0,29}$/i.test(name) ? `unknown option ${dashes}${name}` : 'unknown option';

type MeowFlag = {
  readonly type: 'string' | 'boolean';
  readonly shortFlag?: string;
  readonly isMultiple?: boolean;
};

/** meow's flag table, derived from the one option table (cli-table.ts). */
const MEOW_FLAGS: Readonly<Record<string, MeowFlag>> = Object.fromEntries(
  OPTION_TABLE.map((row) => [
    row.key,
    {
      type: row.type,
      ...(row.short === undefined ? {} : {shortFlag: row.short}),
      ...(row.repeatable ? {isMultiple: true} : {}),
    },
  ]),
);

/** What meow is told about the package: no package.json is read at run time. */
const MEOW_PKG = {name: 'openclaw-tui', version: packageVersion()};

type Tokens = {
  readonly flags: Record<string, unknown>;
  /** The values of repeatable options, in order. */
  readonly multi: Record<string, string[]>;
  readonly input: readonly string[];
  /** The first unknown option, reported before anything else (as `--help` would hide it). */
  readonly unknown?: string;
};

/**
 * argv → flags and positional input, by meow (yargs-parser underneath): `--name value`,
 * `--name=value`, `--no-name`, `-h`, everything after `--` is input. meow is told never to print
 * or exit (autoHelp/autoVersion off, unknown flags allowed and reported here as one line), and
 * reads no package.json (pkg given). It sets process.title as a side effect; parseCli is pure, so
 * the title is put back.
 */
const tokenize = (argv: readonly string[]): Tokens => {
  // A boolean given a value (`--json=yes`) is refused before meow, which would coerce it.
  for (const arg of argv) {
    if (arg === '--') break;
    const match = /^--([^=]+)=(.*)$/s.exec(arg);
    const row = match?.[1] === undefined ? undefined : FLAGS.get(camel(match[1]));
    if (row?.type === 'boolean' && match?.[2] !== 'true' && match?.[2] !== 'false') {
      usage(`${listedFlag(row)} takes no value`);
    }
  }
  const title = process.title;
  let parsed: ReturnType<typeof meow>;
  try {
    parsed = meow({
      importMeta: import.meta,
      argv: [...argv],
      pkg: MEOW_PKG,
      flags: MEOW_FLAGS,
      description: false,
      // Help, version and unknown flags are results of parseCli: meow would print and exit.
      autoHelp: false,
      autoVersion: false,
      allowUnknownFlags: true,
      booleanDefault: undefined,
    });
  } catch (error) {
    // meow throws plain Errors, e.g. "The flag --url can only be set once."
    const message = error instanceof Error ? error.message : String(error);
    const line = (message.split('\n')[0] ?? message).replace(/^The flag/, 'flag');
    return usage(line.replace(/\.$/, ''));
  } finally {
    if (process.title !== title) process.title = title;
  }
  const flags: Record<string, unknown> = {...parsed.flags};
  const multi: Record<string, string[]> = {};
  for (const row of OPTION_TABLE) {
    if (!row.repeatable) continue;
    const values = flags[row.key];
    const list = Array.isArray(values) ? values.map(String) : [];
    if (list.length > 0) multi[row.key] = list;
    delete flags[row.key];
  }
  const unknownKey = Object.keys(flags).find((name) => !FLAGS.has(name));
  // meow keeps everything after `--` as input; yargs-parser may turn numbers into numbers.
  const input = parsed.input.map(String);
  const result = {flags, multi, input};
  if (unknownKey === undefined) return result;
  const unknown =
    unknownKey.length === 1 ? shownOption('-', unknownKey) : shownOption('--', kebab(unknownKey));
  return {...result, unknown};
};

const completionShell = (input: readonly string[]): Shell => {
  if (input.length !== 1) return usage(`completion takes one shell: ${SHELLS.join(' or ')}`);
  const shell = input[0] ?? '';
  if (!(SHELLS as readonly string[]).includes(shell)) {
    return usage(
      /^[a-z][a-z0-9-]{0,19}$/i.test(shell)
        ? `completion: no script for ${quote(shell)} (shells: ${SHELLS.join(', ')})`
        : `completion: shells are ${SHELLS.join(', ')}`,
    );
  }
  return shell as Shell;
};

/**
 * Parse argv (without the node and script entries). Never prints or exits: the caller prints
 * the help/version, or `usageErrorLine(reason)` and exits with USAGE_EXIT_CODE.
 */
export const parseCli = (
  argv: readonly string[],
  options: {readonly keys?: readonly KeyHelp[]} = {},
): CliParseResult => quickAnswer(argv, options.keys) ?? parseWithMeow(argv, options);

/** parseCli without the quick answers: every command line through meow (a test compares). */
export const parseWithMeow = (
  argv: readonly string[],
  options: {readonly keys?: readonly KeyHelp[]} = {},
): CliParseResult => {
  try {
    const {flags, multi, input, unknown} = tokenize(argv);
    if (unknown !== undefined) return {kind: 'usage-error', reason: unknown};
    if (flags.help === true) return {kind: 'help', text: helpText(options.keys)};
    if (flags.version === true)
      return {kind: 'version', version: packageVersion(), verbose: flags.verbose === true};
    if (flags.verbose === true) usage('--verbose only applies with --version');
    const [name, ...rest] = input;
    if (name === 'completion') return {kind: 'completion', shell: completionShell(rest)};
    const command = buildCommand(name, rest, flags, multi);
    return {kind: 'run', cli: {command, flags: buildFlags(command, flags, multi)}};
  } catch (error) {
    if (error instanceof UsageError) return {kind: 'usage-error', reason: error.message};
    throw error;
  }
};

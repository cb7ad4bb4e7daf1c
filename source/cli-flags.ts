// The command line: meow parses, then every rule is checked here so that a usage error is one
// line and exit code 2, never a stack trace or meow's multi-line report. parseCli() is pure (it
// never prints or exits); cli.tsx prints the help, the version or the reason.

import meow from 'meow';

export const USAGE_EXIT_CODE = 2;

export const COMMANDS = ['status', 'sessions', 'pending', 'approve', 'deny', 'tail'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** `--decision` for approve: exec approvals can be allowed once or always. */
export const DECISIONS = ['allow-once', 'allow-always'] as const;
export type Decision = (typeof DECISIONS)[number];

export const TAIL_KINDS = ['spawn', 'run', 'tool', 'approval'] as const;
export type TailKind = (typeof TAIL_KINDS)[number];

export type CliCommand =
  | {readonly name: 'console'}
  | {readonly name: 'status'}
  | {readonly name: 'sessions'}
  | {readonly name: 'pending'}
  /** decision undefined: the default for the request's kind (allow-once for exec approvals). */
  | {readonly name: 'approve'; readonly id: string; readonly decision?: Decision}
  | {readonly name: 'deny'; readonly id: string}
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
};

export type ParsedCli = {readonly command: CliCommand; readonly flags: CliFlags};

export type CliParseResult =
  | {readonly kind: 'run'; readonly cli: ParsedCli}
  | {readonly kind: 'help'; readonly text: string}
  | {readonly kind: 'version'; readonly version: string}
  | {readonly kind: 'usage-error'; readonly reason: string};

/** One row of the "Keys" section; cli.tsx passes the keymap's rows so help never drifts. */
export type KeyHelp = {readonly keys: string; readonly description: string};

const DEFAULT_KEYS: readonly KeyHelp[] = [
  {keys: '?', description: 'every key for the current pane'},
  {keys: 'q', description: 'quit'},
];

const pad = (text: string, width: number): string => text.padEnd(width);

export const helpText = (keys: readonly KeyHelp[] = DEFAULT_KEYS): string => {
  const keyWidth = Math.max(8, ...keys.map((key) => key.keys.length + 2));
  const keyLines = keys.map((key) => `  ${pad(key.keys, keyWidth)}${key.description}`).join('\n');
  return `
Usage
  $ openclaw-tui [command] [options]

Commands
  (none)                 interactive console: session tree, inbox, event tail
  status                 gateway, connection and counts
  sessions               live sessions as a tree
  pending                everything waiting for a human (pairing, approvals, DM access)
  approve <id>           approve one pending request by its exact id
  deny <id>              deny one pending request by its exact id
  tail                   follow spawn/run/tool/approval events (NDJSON with --json)

Options
  --url <ws-url>         gateway URL (default: found like the openclaw CLI does)
  --token <token>        gateway token. Visible to other users in \`ps\`: prefer
                         OPENCLAW_GATEWAY_TOKEN
  --password <password>  gateway password. Visible in \`ps\` too: prefer
                         OPENCLAW_GATEWAY_PASSWORD
  --json                 machine-readable output (commands only)
  --read-only            ask only for operator.read; approving is disabled
  --demo                 attach to a scripted demo gateway (no OpenClaw needed)
  --embed                start and supervise \`openclaw gateway\` as a child process
  --detach-on-exit       with --embed: leave the gateway running on quit
  --openclaw <path>      with --embed: the openclaw executable to run
  --node <path>          with --embed: the Node.js binary to run it with
  --decision <d>         with approve: allow-once (default) or allow-always
  --session <key>        with tail: only this session
  --agent <id>           with tail: only this agent
  --kind <k,k>           with tail: spawn, run, tool, approval (comma-separated)
  --timeout <ms>         connect/request timeout for commands (e.g. 5000, 5s, 2m)
  --no-bell              no terminal bell when something new needs a human
  -h, --help, --version

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
`;
};

/** The line cli.tsx prints (to stderr) before exiting with USAGE_EXIT_CODE. */
export const usageErrorLine = (reason: string): string =>
  `openclaw-tui: ${reason} (see openclaw-tui --help)`;

const FLAGS = {
  url: {type: 'string'},
  token: {type: 'string'},
  password: {type: 'string'},
  json: {type: 'boolean'},
  readOnly: {type: 'boolean'},
  demo: {type: 'boolean'},
  embed: {type: 'boolean'},
  detachOnExit: {type: 'boolean'},
  openclaw: {type: 'string'},
  node: {type: 'string'},
  bell: {type: 'boolean', default: true},
  timeout: {type: 'string'},
  decision: {type: 'string'},
  session: {type: 'string'},
  agent: {type: 'string'},
  kind: {type: 'string'},
  help: {type: 'boolean', shortFlag: 'h'},
  version: {type: 'boolean'},
} as const;

type FlagName = keyof typeof FLAGS;

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

const buildCommand = (
  name: string | undefined,
  input: readonly string[],
  flags: Record<string, unknown>,
): CliCommand => {
  const decision = stringFlag(flags, 'decision');
  const session = stringFlag(flags, 'session');
  const agent = stringFlag(flags, 'agent');
  const kind = stringFlag(flags, 'kind');
  if (decision !== undefined && name !== 'approve') usage('--decision only applies to approve');
  if ((session ?? agent ?? kind) !== undefined && name !== 'tail') {
    usage('--session, --agent and --kind only apply to tail');
  }
  if (name !== undefined && name !== 'approve' && name !== 'deny' && input.length > 0) {
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

const buildFlags = (command: CliCommand, flags: Record<string, unknown>): CliFlags => {
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
  if (!bool('embed')) {
    if (bool('detachOnExit')) usage('--detach-on-exit only applies with --embed');
    if (openclaw !== undefined) usage('--openclaw only applies with --embed');
    if (node !== undefined) usage('--node only applies with --embed');
  }
  if (bool('json') && command.name === 'console') {
    usage(`--json needs a command (${COMMANDS.join(', ')})`);
  }
  if (bool('readOnly') && (command.name === 'approve' || command.name === 'deny')) {
    usage(`${command.name} needs write access: drop --read-only`);
  }
  // Secrets are kept as given (no trimming here): the resolver trims, as openclaw does.
  const token = flags.token === undefined ? undefined : stringFlag(flags, 'token');
  const password = flags.password === undefined ? undefined : stringFlag(flags, 'password');
  return {
    ...(url !== undefined ? {url} : {}),
    ...(token !== undefined ? {token} : {}),
    ...(password !== undefined ? {password} : {}),
    json: bool('json'),
    readOnly: bool('readOnly'),
    demo: bool('demo'),
    embed: bool('embed'),
    detachOnExit: bool('detachOnExit'),
    ...(openclaw !== undefined ? {openclaw} : {}),
    ...(node !== undefined ? {node} : {}),
    bell: flags.bell !== false,
    ...(timeoutMs !== undefined ? {timeoutMs} : {}),
  };
};

const KNOWN_FLAGS = new Set<string>(Object.keys(FLAGS));

/**
 * Parse argv (without the node and script entries). Never prints or exits: the caller prints
 * the help/version, or `usageErrorLine(reason)` and exits with USAGE_EXIT_CODE.
 */
export const parseCli = (
  argv: readonly string[],
  options: {readonly keys?: readonly KeyHelp[]} = {},
): CliParseResult => {
  const text = helpText(options.keys);
  let parsed: ReturnType<typeof meow<typeof FLAGS>>;
  try {
    parsed = meow(text, {
      importMeta: import.meta,
      argv: [...argv],
      flags: FLAGS,
      description: false,
      // Help, version and unknown flags are handled below: meow would print and exit itself.
      autoHelp: false,
      autoVersion: false,
      allowUnknownFlags: true,
      booleanDefault: undefined,
    });
  } catch (error) {
    // meow throws plain Errors for things like a flag given twice.
    const message = error instanceof Error ? error.message : String(error);
    const line = (message.split('\n')[0] ?? message).replace(/^The flag/, 'flag');
    return {kind: 'usage-error', reason: line.replace(/\.$/, '')};
  }
  const flags = parsed.flags as Record<string, unknown>;
  const unknown = Object.keys(flags).find((name) => !KNOWN_FLAGS.has(name));
  if (unknown !== undefined) {
    const shown = unknown.length === 1 ? `-${unknown}` : `--${kebab(unknown)}`;
    return {kind: 'usage-error', reason: `unknown option ${shown}`};
  }
  if (flags.help === true) return {kind: 'help', text: parsed.help};
  if (flags.version === true) return {kind: 'version', version: String(parsed.pkg.version ?? '')};
  const [name, ...input] = parsed.input;
  try {
    const command = buildCommand(name, input, flags);
    return {kind: 'run', cli: {command, flags: buildFlags(command, flags)}};
  } catch (error) {
    if (error instanceof UsageError) return {kind: 'usage-error', reason: error.message};
    throw error;
  }
};

// The one table of what the command line accepts: commands, options and the values some options
// take. `--help` (cli-flags.ts helpText) and the shell completion scripts (cli-completion.ts) are
// both generated from it, so they can never disagree. No imports: the one-shot entry loads it.

export type CommandRow = {
  /** undefined: the interactive console (no command word). */
  readonly name?: string;
  /** Shown after the name in help, e.g. `<id>`. */
  readonly args?: string;
  readonly summary: string;
  /** Completion candidates for the command's first argument. */
  readonly argValues?: readonly string[];
};

export const COMMAND_TABLE: readonly CommandRow[] = [
  {summary: 'interactive console: session tree, inbox, event tail'},
  {name: 'status', summary: 'gateway, connection and counts'},
  {name: 'sessions', summary: 'live sessions as a tree'},
  {name: 'pending', summary: 'everything waiting for a human (pairing, approvals, DM access)'},
  {name: 'approve', args: '<id>', summary: 'approve one pending request by its exact id'},
  {name: 'deny', args: '<id>', summary: 'deny one pending request by its exact id'},
  {
    name: 'answer',
    args: '<id>',
    summary: 'answer one agent question by its exact id (--option N or --text "…")',
  },
  {name: 'tail', summary: 'follow spawn/run/tool/approval/task events (NDJSON with --json)'},
  {name: 'tasks', summary: 'the task ledger: subagent, ACP, cron and CLI runs'},
  {
    name: 'gateways',
    summary: 'the fleet (gateways.json5, --gateway) and where each entry and credential came from',
  },
  {
    name: 'completion',
    args: '<shell>',
    summary: 'print the completion script for bash or zsh',
    argValues: ['bash', 'zsh'],
  },
];

export type OptionRow = {
  /** The flag as typed, e.g. `--read-only`. */
  readonly flag: string;
  /** Camel-case key in the parsed flags (`readOnly`). */
  readonly key: string;
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Shown after the flag in help, e.g. `<ws-url>`. */
  readonly arg?: string;
  /** Help lines (the first beside the flag, the rest below it). */
  readonly help: readonly string[];
  /** Completion candidates for the value. */
  readonly values?: readonly string[];
  /** Completion hint: the value is a file path. */
  readonly file?: boolean;
  /** Listed under its `--no-` form only (the flag itself is on by default). */
  readonly negatedOnly?: boolean;
  /** A string option that may be given several times (the values are kept in order). */
  readonly repeatable?: boolean;
};

export const DECISION_VALUES = ['allow-once', 'allow-always'] as const;
export const TAIL_KIND_VALUES = ['spawn', 'run', 'tool', 'approval', 'task'] as const;

export const OPTION_TABLE: readonly OptionRow[] = [
  {
    flag: '--url',
    key: 'url',
    type: 'string',
    arg: '<ws-url>',
    help: ['gateway URL (default: found like the openclaw CLI does)'],
  },
  {
    flag: '--token',
    key: 'token',
    type: 'string',
    arg: '<token>',
    help: ['gateway token. Visible to other users in `ps`: prefer', 'OPENCLAW_GATEWAY_TOKEN'],
  },
  {
    flag: '--password',
    key: 'password',
    type: 'string',
    arg: '<password>',
    help: ['gateway password. Visible in `ps` too: prefer', 'OPENCLAW_GATEWAY_PASSWORD'],
  },
  {
    flag: '--tls-fingerprint',
    key: 'tlsFingerprint',
    type: 'string',
    arg: '<sha256>',
    help: [
      "pin a wss:// gateway's certificate (default: like the",
      'openclaw CLI: gateway.remote.tlsFingerprint, or the',
      "local gateway's own certificate when gateway.tls is on)",
    ],
  },
  {
    flag: '--gateway',
    key: 'gateway',
    type: 'string',
    arg: '<name[=url]>',
    repeatable: true,
    help: [
      'name=url adds a gateway to the fleet (see gateways.json5);',
      'name alone: commands read or decide on that fleet gateway only',
    ],
  },
  {flag: '--all', key: 'all', type: 'boolean', help: ['commands: every gateway of the fleet']},
  {flag: '--json', key: 'json', type: 'boolean', help: ['machine-readable output (commands only)']},
  {
    flag: '--read-only',
    key: 'readOnly',
    type: 'boolean',
    help: ['ask only for operator.read; approving is disabled'],
  },
  {
    flag: '--demo',
    key: 'demo',
    type: 'boolean',
    help: ['attach to a scripted demo gateway (no OpenClaw needed)'],
  },
  {
    flag: '--embed',
    key: 'embed',
    type: 'boolean',
    help: ['start and supervise `openclaw gateway` as a child process'],
  },
  {
    flag: '--detach-on-exit',
    key: 'detachOnExit',
    type: 'boolean',
    help: ['with --embed: leave the gateway running on quit'],
  },
  {
    flag: '--openclaw',
    key: 'openclaw',
    type: 'string',
    arg: '<path>',
    file: true,
    help: ['with --embed: the openclaw executable to run'],
  },
  {
    flag: '--node',
    key: 'node',
    type: 'string',
    arg: '<path>',
    file: true,
    help: ['with --embed: the Node.js binary to run it with'],
  },
  {
    flag: '--decision',
    key: 'decision',
    type: 'string',
    arg: '<d>',
    values: DECISION_VALUES,
    help: ['with approve: allow-once (default) or allow-always'],
  },
  {
    flag: '--option',
    key: 'option',
    type: 'string',
    arg: '<n>',
    repeatable: true,
    help: [
      'with answer: an option by its number from 1 (repeat it for',
      'a multi-select question)',
    ],
  },
  {
    flag: '--text',
    key: 'text',
    type: 'string',
    arg: '<answer>',
    help: ['with answer: your own words, where the question allows them'],
  },
  {
    flag: '--session',
    key: 'session',
    type: 'string',
    arg: '<key>',
    help: ['with tail: only this session'],
  },
  {
    flag: '--agent',
    key: 'agent',
    type: 'string',
    arg: '<id>',
    help: ['with tail: only this agent'],
  },
  {
    flag: '--status',
    key: 'status',
    type: 'string',
    arg: '<s>',
    help: ['with tasks: a ledger status such as running or failed, or a state such as blocked'],
  },
  {
    flag: '--runtime',
    key: 'runtime',
    type: 'string',
    arg: '<r>',
    values: ['subagent', 'acp', 'cron', 'cli'],
    help: ['with tasks: subagent, acp, cron or cli'],
  },
  {
    flag: '--kind',
    key: 'kind',
    type: 'string',
    arg: '<k,k>',
    values: TAIL_KIND_VALUES,
    help: ['with tail: spawn, run, tool, approval (comma-separated)'],
  },
  {
    flag: '--timeout',
    key: 'timeout',
    type: 'string',
    arg: '<ms>',
    help: ['connect/request timeout for commands (e.g. 5000, 5s, 2m)'],
  },
  {
    flag: '--bell',
    key: 'bell',
    type: 'boolean',
    negatedOnly: true,
    help: ['no terminal bell when something new needs a human'],
  },
  {flag: '--verbose', key: 'verbose', type: 'boolean', help: ['with --version: which program ran']},
  {flag: '--help', key: 'help', type: 'boolean', short: 'h', help: ['this help']},
  {flag: '--version', key: 'version', type: 'boolean', help: ['the version']},
];

/** How an option is written where it is listed (help, completion): `--no-bell` for bell. */
export const listedFlag = (row: OptionRow): string =>
  row.negatedOnly ? `--no-${row.flag.slice(2)}` : row.flag;

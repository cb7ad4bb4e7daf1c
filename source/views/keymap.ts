// The one keymap. Every key the console reacts to is a row here; the help overlay, the footer
// hints and the input handlers all read this table, so what is shown is what works. Adding a key
// means adding a row, never an `if (input === …)` somewhere else.

import type {Key} from 'ink';

/** Who owns the keyboard. Exactly one input hook is active per mode. */
export type InputMode =
  | 'normal'
  | 'filter'
  | 'confirm'
  | 'help'
  | 'input'
  | 'audit'
  /** An agent question is open: number keys pick options. */
  | 'answer'
  /** An approval's full detail (a long command) is open and scrolls; a/A/d still decide. */
  | 'detail'
  /** `t` on a session: its tasks, with c/r/D behind confirmations. */
  | 'tasks';

/** What the body shows. 'problem' is the full-screen "cannot talk to the gateway" screen. */
export type PaneId = 'fleet' | 'sessions' | 'inbox' | 'events' | 'gateway' | 'policy' | 'problem';

/** In tab order; `fleet` is skipped by tab while no fleet is configured (one gateway). */
export const PANES: readonly Exclude<PaneId, 'problem'>[] = [
  'fleet',
  'sessions',
  'inbox',
  'events',
  'gateway',
  'policy',
];

export type CommandId =
  | 'pane.fleet'
  | 'pane.sessions'
  | 'pane.inbox'
  | 'pane.events'
  | 'pane.gateway'
  | 'pane.policy'
  | 'pane.next'
  | 'pane.prev'
  | 'cursor.down'
  | 'cursor.up'
  | 'cursor.page-down'
  | 'cursor.page-up'
  | 'cursor.top'
  | 'cursor.bottom'
  | 'filter.open'
  | 'help.open'
  | 'app.quit'
  | 'app.interrupt'
  | 'fleet.focus'
  | 'tree.toggle'
  | 'run.stop'
  | 'subtree.stop'
  | 'session.steer'
  | 'session.peek'
  | 'peek.close'
  | 'session.tasks'
  | 'tasks.cancel'
  | 'tasks.retry'
  | 'tasks.dismiss'
  | 'tasks.close'
  | 'inbox.retry-delivery'
  | 'inbox.approve'
  | 'inbox.allow-always'
  | 'inbox.deny'
  | 'inbox.allow-sender'
  | 'inbox.open'
  | 'answer.option'
  | 'answer.text'
  | 'answer.next'
  | 'answer.close'
  | 'detail.close'
  | 'events.jump-inbox'
  | 'events.fix-agent'
  | 'audit.open'
  | 'audit.close'
  | 'follow.toggle'
  | 'policy.allow-sender'
  | 'problem.retry'
  | 'problem.embed'
  | 'problem.demo'
  | 'confirm.yes'
  | 'confirm.no'
  | 'filter.apply'
  | 'filter.cancel'
  | 'help.close'
  | 'input.submit'
  | 'input.cancel';

export type KeySpec = {
  /** As shown in help and footer: `a`, `A`, `enter`, `↑`. */
  readonly display: string;
  readonly matches: (input: string, key: Key) => boolean;
};

export type Binding = {
  readonly id: CommandId;
  readonly keys: readonly KeySpec[];
  /** Full sentence for the help overlay. */
  readonly description: string;
  /** One or two words for the footer; bindings without it appear only in help. */
  readonly hint?: string;
  readonly modes: readonly InputMode[];
  /** Where it applies in those modes; omitted = every pane except the problem screen. */
  readonly panes?: readonly PaneId[];
  /** Changes something on the gateway: hidden and refused in --read-only. */
  readonly dangerous: boolean;
  /** Always unavailable, with the reason shown when pressed. */
  readonly disabledReason?: string;
};

const plain = (key: Key): boolean => !key.ctrl && !key.meta;

const char = (c: string): KeySpec => ({
  display: c,
  matches: (input, key) => input === c && plain(key),
});

const named = (display: string, test: (key: Key, input: string) => boolean): KeySpec => ({
  display,
  matches: (input, key) => test(key, input),
});

const ENTER = named('enter', (k) => k.return);
const ESC = named('esc', (k) => k.escape);
const SPACE = named('space', (k, input) => input === ' ' && plain(k));
const TAB = named('tab', (k) => k.tab && !k.shift);
const SHIFT_TAB = named('shift+tab', (k) => k.tab && k.shift);
const UP = named('↑', (k) => k.upArrow);
const DOWN = named('↓', (k) => k.downArrow);
const PAGE_UP = named('pgup', (k) => k.pageUp);
const PAGE_DOWN = named('pgdn', (k) => k.pageDown);
const CTRL_C = named('ctrl+c', (k, input) => k.ctrl && input === 'c');
const HOME = named('home', (k) => k.home);
const END = named('end', (k) => k.end);
/** 1-9: the options of an open agent question (in the answer mode only, where 1-5 are no panes). */
const OPTION_NUMBER = named('1-9', (k, input) => /^[1-9]$/.test(input) && plain(k));

export const READ_ONLY_REASON = 'disabled: read-only (the gateway granted operator.read only)';

const LISTS: readonly PaneId[] = ['fleet', 'sessions', 'inbox', 'events', 'gateway', 'policy'];
const FILTERABLE: readonly PaneId[] = ['sessions', 'inbox', 'events', 'gateway'];

export const KEYMAP: readonly Binding[] = [
  // ── everywhere (normal mode) ──
  {
    id: 'pane.fleet',
    keys: [char('0')],
    description: 'Fleet: every gateway, its state and what waits there',
    hint: 'fleet',
    modes: ['normal'],
    dangerous: false,
  },
  {
    id: 'pane.sessions',
    keys: [char('1')],
    description: 'Sessions: the live subagent tree',
    hint: 'sessions',
    modes: ['normal'],
    dangerous: false,
  },
  {
    id: 'pane.inbox',
    keys: [char('2')],
    description: 'Inbox: everything waiting for you',
    hint: 'inbox',
    modes: ['normal'],
    dangerous: false,
  },
  {
    id: 'pane.events',
    keys: [char('3')],
    description: 'Events: spawns, runs, tools',
    hint: 'events',
    modes: ['normal'],
    dangerous: false,
  },
  {
    id: 'pane.gateway',
    keys: [char('4')],
    description: 'Gateway: connection, embed, log',
    hint: 'gateway',
    modes: ['normal'],
    dangerous: false,
  },
  {
    id: 'pane.policy',
    keys: [char('5')],
    description: 'Policy: who may DM, who may spawn',
    hint: 'policy',
    modes: ['normal'],
    dangerous: false,
  },
  {id: 'pane.next', keys: [TAB], description: 'Next pane', modes: ['normal'], dangerous: false},
  {
    id: 'pane.prev',
    keys: [SHIFT_TAB],
    description: 'Previous pane',
    modes: ['normal'],
    dangerous: false,
  },
  {
    id: 'cursor.down',
    keys: [char('j'), DOWN],
    description: 'Move down',
    hint: 'move',
    modes: ['normal', 'audit', 'detail', 'tasks'],
    panes: LISTS,
    dangerous: false,
  },
  {
    id: 'cursor.up',
    keys: [char('k'), UP],
    description: 'Move up',
    modes: ['normal', 'audit', 'detail', 'tasks'],
    panes: LISTS,
    dangerous: false,
  },
  {
    id: 'cursor.page-down',
    keys: [PAGE_DOWN],
    description: 'One page down',
    modes: ['normal', 'audit', 'detail', 'tasks'],
    panes: LISTS,
    dangerous: false,
  },
  {
    id: 'cursor.page-up',
    keys: [PAGE_UP],
    description: 'One page up',
    modes: ['normal', 'audit', 'detail', 'tasks'],
    panes: LISTS,
    dangerous: false,
  },
  {
    id: 'cursor.top',
    keys: [char('g'), HOME],
    description: 'First row',
    modes: ['normal', 'audit', 'detail', 'tasks'],
    panes: LISTS,
    dangerous: false,
  },
  {
    id: 'cursor.bottom',
    keys: [char('G'), END],
    description: 'Last row',
    modes: ['normal', 'audit', 'detail', 'tasks'],
    panes: LISTS,
    dangerous: false,
  },
  {
    id: 'filter.open',
    keys: [char('/')],
    description: 'Filter; on Gateway: search the log',
    hint: 'filter',
    modes: ['normal'],
    panes: FILTERABLE,
    dangerous: false,
  },
  {
    id: 'help.open',
    keys: [char('?')],
    description: 'Show all keys',
    hint: 'help',
    modes: ['normal'],
    panes: [...LISTS, 'problem'],
    dangerous: false,
  },
  {
    id: 'audit.open',
    keys: [char('L')],
    description: 'Audit log: what this console decided',
    hint: 'audit',
    modes: ['normal'],
    panes: LISTS,
    dangerous: false,
  },
  {
    id: 'app.quit',
    keys: [char('q')],
    description: 'Quit (restores the terminal)',
    hint: 'quit',
    modes: ['normal'],
    panes: [...LISTS, 'problem'],
    dangerous: false,
  },
  {
    id: 'app.interrupt',
    keys: [CTRL_C],
    description: 'Quit, even while typing',
    modes: ['normal', 'filter', 'confirm', 'help', 'input', 'audit', 'answer', 'detail', 'tasks'],
    panes: [...LISTS, 'problem'],
    dangerous: false,
  },

  // ── fleet ──
  {
    id: 'fleet.focus',
    keys: [ENTER],
    description: 'Focus this gateway (Gateway and Policy panes show it)',
    hint: 'focus',
    modes: ['normal'],
    panes: ['fleet'],
    dangerous: false,
  },

  // ── sessions tree ──
  {
    id: 'tree.toggle',
    keys: [ENTER, SPACE],
    description: 'Expand / collapse the session',
    hint: 'expand',
    modes: ['normal'],
    panes: ['sessions'],
    dangerous: false,
  },
  {
    id: 'session.peek',
    keys: [char('p')],
    description: 'Peek at recent messages',
    hint: 'peek',
    modes: ['normal'],
    panes: ['sessions'],
    dangerous: false,
  },
  {
    id: 'peek.close',
    keys: [ESC],
    description: 'Close the peek panel',
    modes: ['normal'],
    panes: ['sessions'],
    dangerous: false,
  },
  {
    id: 'session.tasks',
    keys: [char('t')],
    // No footer hint: the sessions footer is full at 100 columns; `?` lists it.
    description: 'Tasks of the session: runtime, status, delivery',
    modes: ['normal'],
    panes: ['sessions'],
    dangerous: false,
  },
  {
    id: 'session.steer',
    keys: [char('s')],
    description: 'Steer: message the running session',
    hint: 'steer',
    modes: ['normal'],
    panes: ['sessions'],
    dangerous: true,
  },
  {
    id: 'run.stop',
    keys: [char('x')],
    description: 'Stop the session’s active run',
    hint: 'stop',
    modes: ['normal'],
    panes: ['sessions'],
    dangerous: true,
  },
  {
    id: 'subtree.stop',
    keys: [char('X')],
    description: 'Stop the session and all below it',
    hint: 'stop tree',
    modes: ['normal'],
    panes: ['sessions'],
    dangerous: true,
  },

  // ── inbox ──
  {
    id: 'inbox.open',
    keys: [ENTER, SPACE],
    description: 'Open: answer an agent question; read an approval in full',
    hint: 'open',
    modes: ['normal'],
    panes: ['inbox'],
    dangerous: false,
  },
  {
    id: 'inbox.approve',
    keys: [char('a')],
    description: 'Approve / allow once (asks y/n)',
    hint: 'approve',
    modes: ['normal', 'detail'],
    panes: ['inbox'],
    dangerous: true,
  },
  {
    id: 'inbox.allow-always',
    keys: [char('A')],
    description: 'Allow always, exec/plugin (y/n)',
    hint: 'always',
    modes: ['normal', 'detail'],
    panes: ['inbox'],
    dangerous: true,
  },
  {
    id: 'inbox.deny',
    keys: [char('d')],
    description: 'Deny / reject / dismiss (asks y/n)',
    hint: 'deny',
    modes: ['normal', 'detail'],
    panes: ['inbox'],
    dangerous: true,
  },
  {
    id: 'inbox.allow-sender',
    keys: [char('u')],
    description: 'DM access: allow its sender (diff, y/n)',
    hint: 'allow sender',
    modes: ['normal'],
    panes: ['inbox'],
    dangerous: true,
  },

  {
    id: 'detail.close',
    keys: [ESC, char('q')],
    description: 'Close the full detail',
    hint: 'back',
    modes: ['detail'],
    panes: ['inbox'],
    dangerous: false,
  },

  // ── an open agent question ──
  {
    id: 'answer.option',
    keys: [OPTION_NUMBER],
    description: 'Choose that option (multi-select: toggle it)',
    hint: 'choose',
    modes: ['answer'],
    panes: ['inbox'],
    dangerous: true,
  },
  {
    id: 'answer.text',
    keys: [char('t')],
    description: 'Type your own answer (where the question allows it)',
    hint: 'type answer',
    modes: ['answer'],
    panes: ['inbox'],
    dangerous: true,
  },
  {
    id: 'answer.next',
    keys: [ENTER],
    description: 'Multi-select: done choosing; go on',
    hint: 'done',
    modes: ['answer'],
    panes: ['inbox'],
    dangerous: true,
  },
  {
    id: 'answer.close',
    keys: [ESC],
    description: 'Leave the question unanswered',
    hint: 'leave',
    modes: ['answer'],
    panes: ['inbox'],
    dangerous: false,
  },

  {
    id: 'inbox.retry-delivery',
    keys: [char('r')],
    description: 'Blocked delivery: deliver the result again (y/n)',
    hint: 'retry',
    modes: ['normal'],
    panes: ['inbox'],
    dangerous: true,
  },

  // ── events and gateway log ──
  {
    id: 'follow.toggle',
    keys: [char('f')],
    description: 'Follow new lines / pause',
    hint: 'follow',
    modes: ['normal'],
    panes: ['events', 'gateway'],
    dangerous: false,
  },
  {
    id: 'events.jump-inbox',
    keys: [char('i'), ENTER],
    description: 'Failed spawn: go to its pairing request',
    hint: 'to inbox',
    modes: ['normal'],
    panes: ['events'],
    dangerous: false,
  },
  {
    id: 'events.fix-agent',
    keys: [char('F')],
    description: 'Failed spawn: allow that agent (diff, y/n)',
    hint: 'fix',
    modes: ['normal'],
    panes: ['events'],
    dangerous: true,
  },

  // ── policy ──
  {
    id: 'policy.allow-sender',
    keys: [char('u')],
    description: 'Allow the sender to DM (diff, y/n)',
    hint: 'allow sender',
    modes: ['normal'],
    panes: ['policy'],
    dangerous: true,
  },

  // ── gateway problem screen ──
  {
    id: 'problem.retry',
    keys: [char('r')],
    description: 'Retry connecting now',
    hint: 'retry',
    modes: ['normal'],
    panes: ['problem'],
    dangerous: false,
  },
  {
    id: 'problem.embed',
    keys: [char('e')],
    description: 'Start an embedded gateway (--embed)',
    hint: 'embed',
    modes: ['normal'],
    panes: ['problem'],
    dangerous: false,
  },
  {
    id: 'problem.demo',
    keys: [char('D')],
    description: 'Open the demo instead (--demo)',
    hint: 'demo',
    modes: ['normal'],
    panes: ['problem'],
    dangerous: false,
  },

  // ── confirm dialog ──
  {
    id: 'confirm.yes',
    keys: [char('y')],
    description: 'Yes: do exactly what it says',
    hint: 'yes',
    modes: ['confirm'],
    panes: [...LISTS, 'problem'],
    dangerous: false,
  },
  {
    id: 'confirm.no',
    keys: [char('n'), ESC],
    description: 'No, cancel',
    hint: 'cancel',
    modes: ['confirm'],
    panes: [...LISTS, 'problem'],
    dangerous: false,
  },

  // ── filter line ──
  // (These typing modes and the audit log also answer on the problem screen: a connection lost
  // while typing must not leave the operator with a line that no key closes.)
  {
    id: 'filter.apply',
    keys: [ENTER],
    description: 'Keep the filter',
    hint: 'keep',
    modes: ['filter'],
    panes: [...LISTS, 'problem'],
    dangerous: false,
  },
  {
    id: 'filter.cancel',
    keys: [ESC],
    description: 'Clear the filter',
    hint: 'clear',
    modes: ['filter'],
    panes: [...LISTS, 'problem'],
    dangerous: false,
  },

  // ── help overlay ──
  {
    id: 'help.close',
    keys: [ESC, char('?'), char('q')],
    description: 'Close help',
    hint: 'close',
    modes: ['help'],
    panes: [...LISTS, 'problem'],
    dangerous: false,
  },

  // ── audit log panel ──
  {
    id: 'audit.close',
    keys: [ESC, char('L'), char('q')],
    description: 'Close the audit log',
    hint: 'close',
    modes: ['audit'],
    panes: [...LISTS, 'problem'],
    dangerous: false,
  },

  // ── a session's tasks (t) ──
  {
    id: 'tasks.cancel',
    keys: [char('c')],
    description: 'Cancel the task (asks y/n)',
    hint: 'cancel',
    modes: ['tasks'],
    panes: ['sessions'],
    dangerous: true,
  },
  {
    id: 'tasks.retry',
    keys: [char('r')],
    description: 'Retry its blocked delivery (asks y/n)',
    hint: 'retry',
    modes: ['tasks'],
    panes: ['sessions'],
    dangerous: true,
  },
  {
    id: 'tasks.dismiss',
    keys: [char('D')],
    description: 'Dismiss its blocked delivery (asks y/n)',
    hint: 'dismiss',
    modes: ['tasks'],
    panes: ['sessions'],
    dangerous: true,
  },
  {
    id: 'tasks.close',
    keys: [ESC, char('t'), char('q')],
    description: 'Close the tasks',
    hint: 'close',
    modes: ['tasks'],
    panes: [...LISTS, 'problem'],
    dangerous: false,
  },

  // ── text input (steer) ──
  {
    id: 'input.submit',
    keys: [ENTER],
    description: 'Send',
    hint: 'send',
    modes: ['input'],
    panes: [...LISTS, 'problem'],
    dangerous: false,
  },
  {
    id: 'input.cancel',
    keys: [ESC],
    description: 'Cancel',
    hint: 'cancel',
    modes: ['input'],
    panes: [...LISTS, 'problem'],
    dangerous: false,
  },
];

const DEFAULT_PANES: readonly PaneId[] = LISTS;

export type KeyContext = {
  readonly mode: InputMode;
  readonly pane: PaneId;
  readonly readOnly: boolean;
  /** Reasons the app knows right now (e.g. a missing scope, no allow-always for this request). */
  readonly disabled?: Readonly<Partial<Record<CommandId, string>>>;
};

export type Resolution =
  | {readonly kind: 'run'; readonly id: CommandId}
  | {readonly kind: 'disabled'; readonly id: CommandId; readonly reason: string};

const appliesTo = (binding: Binding, ctx: KeyContext): boolean =>
  binding.modes.includes(ctx.mode) && (binding.panes ?? DEFAULT_PANES).includes(ctx.pane);

/** Why a command cannot run now, or undefined if it can. */
export function disabledReason(binding: Binding, ctx: KeyContext): string | undefined {
  if (binding.dangerous && ctx.readOnly) return READ_ONLY_REASON;
  return binding.disabledReason ?? ctx.disabled?.[binding.id];
}

/** Map one keypress to a command, or undefined when no binding claims it (text input). */
export function resolveKey(input: string, key: Key, ctx: KeyContext): Resolution | undefined {
  for (const binding of KEYMAP) {
    if (!appliesTo(binding, ctx)) continue;
    if (!binding.keys.some((spec) => spec.matches(input, key))) continue;
    const reason = disabledReason(binding, ctx);
    return reason ? {kind: 'disabled', id: binding.id, reason} : {kind: 'run', id: binding.id};
  }
  return undefined;
}

/** Bindings to show for this context: read-only drops the dangerous ones entirely. */
export function visibleBindings(ctx: KeyContext): readonly Binding[] {
  return KEYMAP.filter((b) => appliesTo(b, ctx) && !(b.dangerous && ctx.readOnly));
}

export type KeyHint = {
  readonly keys: string;
  readonly label: string;
  readonly disabled?: string;
};

/** Footer hints: pane-specific first, then the global ones. Pane keys live in the tab bar. */
export function footerHints(ctx: KeyContext): readonly KeyHint[] {
  const shown = visibleBindings(ctx).filter(
    (b) => b.hint !== undefined && !b.id.startsWith('pane.'),
  );
  const specific = shown.filter((b) => b.panes !== undefined && b.panes.length <= 2);
  const general = shown.filter((b) => !specific.includes(b));
  return [...specific, ...general].map((b) => ({
    keys: b.keys.map((k) => k.display).join('/'),
    label: b.hint ?? '',
    disabled: disabledReason(b, ctx),
  }));
}

export type HelpSection = {readonly title: string; readonly bindings: readonly Binding[]};

const SECTION_TITLES: ReadonlyArray<readonly [string, (b: Binding) => boolean]> = [
  [
    'Everywhere',
    (b) => b.modes.includes('normal') && (b.panes === undefined || b.panes.length >= 4),
  ],
  ['Fleet', (b) => b.modes.includes('normal') && b.panes?.length === 1 && b.panes[0] === 'fleet'],
  [
    'Sessions',
    (b) => b.modes.includes('normal') && b.panes?.length === 1 && b.panes[0] === 'sessions',
  ],
  [
    'Inbox',
    (b) =>
      (b.modes.includes('normal') || b.modes.includes('detail')) &&
      b.panes?.length === 1 &&
      b.panes[0] === 'inbox',
  ],
  ['Agent question', (b) => b.modes.includes('answer')],
  [
    'Events and gateway log',
    (b) =>
      b.modes.includes('normal') &&
      b.panes !== undefined &&
      b.panes.every((p) => p === 'events' || p === 'gateway'),
  ],
  ['Policy', (b) => b.modes.includes('normal') && b.panes?.length === 1 && b.panes[0] === 'policy'],
  [
    'Gateway problem screen',
    (b) => b.modes.includes('normal') && b.panes?.length === 1 && b.panes[0] === 'problem',
  ],
  ['Confirmation', (b) => b.modes.includes('confirm')],
  ['Filter line', (b) => b.modes.includes('filter')],
  ['Text input', (b) => b.modes.includes('input')],
  ['Audit log', (b) => b.modes.includes('audit') && !b.modes.includes('normal')],
  ['Tasks of a session', (b) => b.modes.includes('tasks') && !b.modes.includes('normal')],
];

/**
 * The whole table grouped for the help overlay (each row in the first section that takes it);
 * read-only drops the dangerous rows.
 */
export function helpSections(readOnly: boolean): readonly HelpSection[] {
  const rows = KEYMAP.filter((b) => !(b.dangerous && readOnly) && b.id !== 'help.close');
  const buckets = SECTION_TITLES.map(([title]) => ({title, bindings: [] as Binding[]}));
  for (const binding of rows) {
    const index = SECTION_TITLES.findIndex(([, pick]) => pick(binding));
    if (index >= 0) buckets[index]!.bindings.push(binding);
  }
  return buckets.filter((s) => s.bindings.length > 0);
}

export const keysOf = (id: CommandId): string =>
  KEYMAP.find((b) => b.id === id)
    ?.keys.map((k) => k.display)
    .join('/') ?? '';

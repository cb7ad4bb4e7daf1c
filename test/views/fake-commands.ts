// A Commands object for App tests: records every call in order, and answers the config-change
// steps with small, overridable defaults (a one-line diff, "applied").

import type {ApplyView, AuditRow, Commands, PreparedView} from '../../source/views/commands.ts';

export type Call = readonly [string, ...unknown[]];

export type FakeAnswers = {
  readonly prepareSender?: (
    channel: string,
    accountId: string,
    senderId: string,
    confirmWildcard: boolean,
  ) => PreparedView;
  readonly prepareAgent?: (requester: string, target: string) => PreparedView;
  readonly apply?: (token: string) => ApplyView;
  readonly audit?: readonly AuditRow[];
};

export const senderDiff = (channel: string, accountId: string, senderId: string): string =>
  `channels.${channel}.accounts.${accountId}.allowFrom: ["111"] → ["111",${JSON.stringify(senderId)}]`;

const defaultSender =
  (next: () => string): NonNullable<FakeAnswers['prepareSender']> =>
  (channel, accountId, senderId, confirmWildcard) =>
    senderId === '*' && !confirmWildcard
      ? {status: 'needs-wildcard-confirmation', message: '"*" lets ANYONE DM the bot'}
      : {
          status: 'ready',
          token: next(),
          summary: `allow sender ${senderId} on ${channel} account ${accountId}`,
          diff: [senderDiff(channel, accountId, senderId)],
          notes: senderId === '*' ? ['"*" lets ANYONE DM the bot'] : [],
        };

const defaultAgent =
  (next: () => string): NonNullable<FakeAnswers['prepareAgent']> =>
  (requester, target) => ({
    status: 'ready',
    token: next(),
    summary: `let agent ${requester} spawn ${target}`,
    diff: [
      `agents.entries.${requester}.subagents.allowAgents: (unset) → ["${requester}","${target}"]`,
    ],
    notes: [],
  });

export function fakeCommands(answers: FakeAnswers = {}): {commands: Commands; calls: Call[]} {
  const calls: Call[] = [];
  // Tokens count per fake: the first prepared change is tok-1.
  let tokens = 0;
  const next = () => `tok-${++tokens}`;
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
    };
  const commands: Commands = {
    decide: (id, decision) => record('decide')(id, decision),
    answer: (id, answers) => record('answer')(id, answers),
    prepareAllowSender: async (channel, accountId, senderId, {confirmWildcard}) => {
      calls.push(['prepareAllowSender', channel, accountId, senderId, confirmWildcard]);
      return (answers.prepareSender ?? defaultSender(next))(
        channel,
        accountId,
        senderId,
        confirmWildcard,
      );
    },
    prepareAllowAgent: async (requester, target) => {
      calls.push(['prepareAllowAgent', requester, target]);
      return (answers.prepareAgent ?? defaultAgent(next))(requester, target);
    },
    applyPrepared: async (token) => {
      calls.push(['applyPrepared', token]);
      return answers.apply?.(token) ?? {status: 'applied', message: 'the change: applied'};
    },
    discardPrepared: (token) => record('discardPrepared')(token),
    readAudit: async () => {
      calls.push(['readAudit']);
      return answers.audit ?? [];
    },
    stopRun: (k, r) => record('stopRun')(k, r),
    stopSubtree: (k) => record('stopSubtree')(k),
    taskAction: (id, action) => record('taskAction')(id, action),
    steer: (k, t) => record('steer')(k, t),
    peek: async (k) => {
      calls.push(['peek', k]);
      return [{role: 'assistant', text: 'working on it'}];
    },
    retryConnect: () => record('retryConnect')(),
    startEmbedded: () => record('startEmbedded')(),
    openDemo: () => record('openDemo')(),
    quit: () => record('quit')(),
  };
  return {commands, calls};
}

/** Only the calls named `name`. */
export const callsOf = (calls: readonly Call[], name: string): Call[] =>
  calls.filter((call) => call[0] === name);

// What the Policy pane shows: the policy read from config.get, plus the senders seen asking who
// are not allowed yet. Candidates come from open inbox items only:
// - DM access requests (channels.pairing.list): channel + accountId + senderId (+ senderLabel);
// - exec / plugin approvals that started in a channel turn: turnSourceChannel + turnSourceTo
//   (+ turnSourceAccountId). turnSourceTo is the conversation the turn came from, which for a DM
//   is the peer; only channels present in the config are considered, so internal surfaces
//   (webchat, whose "to" is a session key) never show up as senders.

import {
  APPROVAL_DISABLED_MARKER,
  DEFAULT_ACCOUNT_ID,
  type ChannelPolicy,
  type ConfigPolicy,
} from '../protocol/parse-config-policy.ts';
import type {PolicyChannel, PolicySender, PolicyView} from '../views/policy-view.ts';
import {isOpen} from './inbox-items.ts';
import {memoize} from './memo.ts';
import type {InboxItem} from './model.ts';
import type {GatewayId} from './gateway-id.ts';
import {gatewayRecordOf, type AppState} from './reducer.ts';

type Candidate = {
  readonly channel: string;
  readonly accountId?: string;
  readonly sender: PolicySender;
};

/** Compare ids loosely: case, surrounding space and a `<channel>:` prefix do not matter. */
const senderKey = (channel: string, id: string): string => {
  const trimmed = id.trim().toLowerCase();
  const prefix = `${channel.toLowerCase()}:`;
  return trimmed.startsWith(prefix) ? trimmed.slice(prefix.length) : trimmed;
};

const candidateOf = (item: InboxItem): Candidate | undefined => {
  if (!isOpen(item)) return undefined;
  if (item.kind === 'dm-access') {
    const {channel, accountId, senderId, senderLabel} = item.request;
    if (senderId.trim() === '') return undefined;
    return {
      channel,
      accountId,
      sender: {senderId, ...(senderLabel === undefined ? {} : {label: senderLabel})},
    };
  }
  if (item.kind === 'exec-approval' || item.kind === 'plugin-approval') {
    const {turnSourceChannel: channel, turnSourceTo: to, turnSourceAccountId} = item.request;
    if (channel === undefined || to === undefined || to.trim() === '') return undefined;
    return {
      channel,
      ...(turnSourceAccountId === undefined ? {} : {accountId: turnSourceAccountId}),
      sender: {
        senderId: to,
        label:
          item.kind === 'exec-approval' ? 'asked via exec approval' : 'asked via plugin approval',
      },
    };
  }
  return undefined;
};

/** The policy scope a candidate belongs to: same account, or the root for the default account. */
const scopeMatches = (scope: ChannelPolicy | PolicyChannel, candidate: Candidate): boolean => {
  if (scope.channel !== candidate.channel) return false;
  const wanted = candidate.accountId ?? DEFAULT_ACCOUNT_ID;
  return (scope.accountId ?? DEFAULT_ACCOUNT_ID) === wanted;
};

const toView = (scope: ChannelPolicy): Omit<PolicyChannel, 'candidates'> => ({
  channel: scope.channel,
  ...(scope.accountId === undefined ? {} : {accountId: scope.accountId}),
  // The view's dmPolicy is "as configured": a documented default is left undefined.
  ...(scope.dmPolicySource === 'default' ? {} : {dmPolicy: scope.dmPolicy}),
  allowFrom: scope.allowFrom,
  ...(scope.allowFrom.includes(APPROVAL_DISABLED_MARKER) ? {approvalsDisabled: true} : {}),
});

const NO_CANDIDATES: readonly PolicySender[] = [];

export const buildPolicyView = (
  policy: ConfigPolicy | undefined,
  error: string | undefined,
  items: readonly InboxItem[],
): PolicyView => {
  const scopes: (Omit<PolicyChannel, 'candidates'> & {candidates: PolicySender[]})[] = (
    policy?.channels ?? []
  ).map((scope) => ({...toView(scope), candidates: []}));
  const configured = new Set(scopes.map((scope) => scope.channel));

  for (const item of [...items].sort((a, b) => a.receivedAt - b.receivedAt)) {
    const candidate = candidateOf(item);
    if (candidate === undefined) continue;
    if (item.kind !== 'dm-access' && !configured.has(candidate.channel)) continue;
    let scope = scopes.find((entry) => scopeMatches(entry, candidate));
    if (scope === undefined) {
      // Asked on a channel/account the config does not list (e.g. configured elsewhere).
      if (policy === undefined) continue;
      scope = {
        channel: candidate.channel,
        ...(candidate.accountId === undefined || candidate.accountId === DEFAULT_ACCOUNT_ID
          ? {}
          : {accountId: candidate.accountId}),
        allowFrom: [],
        candidates: [],
      };
      scopes.push(scope);
    }
    if (scope.allowFrom.some((entry) => entry.trim() === '*')) continue;
    const key = senderKey(candidate.channel, candidate.sender.senderId);
    if (scope.allowFrom.some((entry) => senderKey(candidate.channel, entry) === key)) continue;
    if (scope.candidates.some((known) => senderKey(candidate.channel, known.senderId) === key))
      continue;
    scope.candidates.push(candidate.sender);
  }

  return {
    loaded: policy !== undefined,
    ...(error === undefined ? {} : {error}),
    channels: scopes.map((scope) =>
      scope.candidates.length === 0 ? {...scope, candidates: NO_CANDIDATES} : scope,
    ),
    agents: (policy?.agents ?? []).map((agent) => ({
      agentId: agent.agentId,
      ...(agent.allowAgents === undefined ? {} : {allowAgents: agent.allowAgents}),
    })),
    ...(policy?.defaultAllowAgents === undefined
      ? {}
      : {defaultAllowAgents: policy.defaultAllowAgents}),
  };
};

const selectInboxList = memoize(
  (state: AppState, gateway: GatewayId) => [gatewayRecordOf(state, gateway).inbox.items] as const,
  ([items]): readonly InboxItem[] => Object.values(items),
);

/** The Policy pane's data; stable between changes of the policy slice and the inbox. */
export const selectPolicyView = memoize(
  (state: AppState, gateway: GatewayId) => {
    const {policy} = gatewayRecordOf(state, gateway);
    return [policy.policy, policy.error?.message, selectInboxList(state, gateway)] as const;
  },
  ([policy, error, items]): PolicyView => buildPolicyView(policy, error, items),
);

/** The bridge should (re)read config.get: never read, or the config moved since. */
export const selectPolicyNeedsReload = (state: AppState, gateway: GatewayId): boolean =>
  gatewayRecordOf(state, gateway).policy.stale;

/** The hash the shown policy was read at (config.patch's baseHash). */
export const selectPolicyHash = (state: AppState, gateway: GatewayId): string | undefined =>
  gatewayRecordOf(state, gateway).policy.hash;

export const selectPolicy = (state: AppState, gateway: GatewayId): ConfigPolicy | undefined =>
  gatewayRecordOf(state, gateway).policy.policy;

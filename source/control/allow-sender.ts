// "Let this sender DM the bot": add exactly one sender id to the allowFrom list that applies to a
// channel (account), through the two-step config change (prepare → confirm → apply).
//
// Which list (decided from the config, see docs gateway/config-channels/shared-policies.md and
// channels/telegram.md: an account without its own allowFrom inherits the channel root's):
//   1. the account has its own allowFrom                → channels.<ch>.accounts.<acct>.allowFrom
//   2. a non-default account that is configured but has no own list
//                                                      → its own list, seeded with the inherited
//                                                        entries, so it gains exactly this one
//                                                        sender and the other accounts nothing
//   3. a non-default account the config does not have  → refused (a new account block would be a
//                                                        new account, not an allowlist entry)
//   4. otherwise (no account / "default")              → channels.<ch>.allowFrom
// Existing entries are kept exactly as they are (numbers stay numbers), so the server sees the
// array only grow and no replacePaths is needed.
//
// "*" lets anyone DM the bot: refused unless the caller passes confirmWildcard (the UI asks a
// second time). A sender already on the list is a no-op with a message.

import type {GatewayConnection} from '../client/types.ts';
import {
  CHANNEL_METADATA_KEYS,
  DEFAULT_ACCOUNT_ID,
  defaultDmPolicy,
  type ConfigSnapshot,
} from '../protocol/parse-config-policy.ts';
import {isRecord, type UnknownRecord} from '../protocol/parse-fields.ts';
import {
  prepareConfigChange,
  prepareFromGateway,
  type PathSegment,
  type PrepareResult,
} from './config-change.ts';

export const WILDCARD = '*';

/** Long enough for any channel's ids (JIDs, Matrix ids, openids); short enough to be one. */
const MAX_SENDER_LENGTH = 256;
const CHANNEL_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,127}$/;
// C0, DEL, C1, and the bidi/zero-width controls that can disguise an id on screen.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/u;

export type AllowSenderInput = {
  readonly channel: string;
  /** The account the sender asked on; undefined or "default" = the channel's default account. */
  readonly accountId?: string;
  readonly senderId: string;
  /** The second, explicit yes the UI asks for before "*" (anyone) is written. */
  readonly confirmWildcard?: boolean;
};

export type AllowSenderPrepareResult =
  | PrepareResult
  /** "*" asked for without confirmWildcard: ask the operator a second time. */
  | {readonly status: 'needs-wildcard-confirmation'; readonly message: string};

/** Why this sender id cannot be written, or undefined. */
export const checkSenderId = (senderId: string): string | undefined => {
  if (senderId.trim() === '') return 'the sender id is empty';
  if (CONTROL.test(senderId)) return 'the sender id contains control characters';
  if (senderId !== senderId.trim()) return 'the sender id has leading or trailing spaces';
  if (senderId.length > MAX_SENDER_LENGTH)
    return `the sender id is longer than ${MAX_SENDER_LENGTH} characters`;
  return undefined;
};

const rawList = (block: UnknownRecord | undefined): readonly unknown[] | undefined =>
  block !== undefined && Array.isArray(block.allowFrom) ? block.allowFrom : undefined;

const asText = (entry: unknown): string =>
  typeof entry === 'string' ? entry.trim() : typeof entry === 'number' ? String(entry) : '';

const readPolicy = (block: UnknownRecord | undefined): string | undefined => {
  const value = block?.dmPolicy;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

type Target = {
  readonly path: readonly PathSegment[];
  /** The list the new one is built from (own or inherited). */
  readonly base: readonly unknown[];
  readonly scope: string;
  readonly notes: readonly string[];
  /** dmPolicy that applies here: set (own or root) or undefined = the documented default. */
  readonly dmPolicy?: string;
};

const chooseTarget = (
  config: UnknownRecord,
  channel: string,
  accountId: string,
): Target | {readonly invalid: string} => {
  const channels = isRecord(config.channels) ? config.channels : undefined;
  const block =
    channels !== undefined && isRecord(channels[channel]) ? channels[channel] : undefined;
  const accounts = block !== undefined && isRecord(block.accounts) ? block.accounts : undefined;
  const account =
    accounts !== undefined && isRecord(accounts[accountId]) ? accounts[accountId] : undefined;
  const rootList = rawList(block);
  const rootPath = ['channels', channel, 'allowFrom'];
  const accountPath = ['channels', channel, 'accounts', accountId, 'allowFrom'];

  const ownList = rawList(account);
  if (ownList !== undefined) {
    return {
      path: accountPath,
      base: ownList,
      scope: `${channel} account ${accountId}`,
      notes: [],
      ...optional(readPolicy(account) ?? readPolicy(block)),
    };
  }
  if (accountId !== DEFAULT_ACCOUNT_ID) {
    if (account === undefined) {
      return {
        invalid: `account "${accountId}" is not configured under channels.${channel}.accounts: allow the sender there by hand`,
      };
    }
    const inherited = rootList ?? [];
    return {
      path: accountPath,
      base: inherited,
      scope: `${channel} account ${accountId}`,
      notes:
        rootList === undefined
          ? []
          : [
              `account ${accountId} had no allowFrom of its own (it used channels.${channel}.allowFrom); it gets its own list: the inherited entries plus this sender`,
            ],
      ...optional(readPolicy(account) ?? readPolicy(block)),
    };
  }
  const notes =
    block === undefined
      ? [`channels.${channel} does not exist yet: it is created with just this allowFrom`]
      : [];
  return {
    path: rootPath,
    base: rootList ?? [],
    scope: channel,
    notes,
    ...optional(readPolicy(block)),
  };
};

const optional = (dmPolicy: string | undefined): {readonly dmPolicy?: string} =>
  dmPolicy === undefined ? {} : {dmPolicy};

const policyNotes = (
  channel: string,
  target: Target,
  before: readonly string[],
  senderId: string,
): string[] => {
  const after = [...before, senderId];
  if (target.dmPolicy === 'disabled') {
    return [
      `DMs are disabled here (dmPolicy "disabled"): the sender still cannot DM until dmPolicy changes`,
    ];
  }
  if (target.dmPolicy === 'open') return ['dmPolicy is "open": anyone can DM here already'];
  if (target.dmPolicy === undefined) {
    const was = defaultDmPolicy(channel, before);
    const will = defaultDmPolicy(channel, after);
    if (was !== will) {
      return [
        `dmPolicy is not set, so its default changes from "${was}" to "${will}": afterwards only listed senders can DM`,
      ];
    }
  }
  return [];
};

/** The plan for one sender against a config snapshot (pure; tests call it directly). */
export const planAllowSender = (
  snapshot: ConfigSnapshot,
  input: AllowSenderInput,
): AllowSenderPrepareResult => {
  const {channel, senderId} = input;
  const accountId = input.accountId ?? DEFAULT_ACCOUNT_ID;
  if (!CHANNEL_ID.test(channel) || CHANNEL_METADATA_KEYS.has(channel)) {
    return {status: 'invalid', message: `"${channel}" is not a channel id`};
  }
  if (!ACCOUNT_ID.test(accountId) || accountId === '__proto__') {
    return {status: 'invalid', message: `"${accountId}" is not an account id`};
  }
  const problem = checkSenderId(senderId);
  if (problem !== undefined) return {status: 'invalid', message: problem};

  const target = chooseTarget(snapshot.config, channel, accountId);
  if ('invalid' in target) return {status: 'invalid', message: target.invalid};
  const current = target.base.map(asText);

  if (current.includes(senderId)) {
    return {status: 'no-op', message: `${senderId} is already allowed on ${target.scope}`};
  }
  const wildcard = senderId === WILDCARD;
  if (!wildcard && current.includes(WILDCARD)) {
    return {
      status: 'no-op',
      message: `${target.scope} already allows everyone ("*"); ${senderId} needs no entry`,
    };
  }
  if (wildcard && input.confirmWildcard !== true) {
    return {
      status: 'needs-wildcard-confirmation',
      message: `"*" lets ANYONE DM the bot on ${target.scope}: confirm a second time to write it`,
    };
  }

  const notes = [
    ...target.notes,
    ...(wildcard ? [`"*" lets ANYONE DM the bot on ${target.scope}`] : []),
    ...policyNotes(channel, target, current, senderId),
  ];
  return prepareConfigChange(snapshot, [{path: target.path, value: [...target.base, senderId]}], {
    summary: `allow sender ${senderId} on ${target.scope}`,
    notes,
  });
};

/** Step 1: read the config now and plan the change (show `prepared.diff` to confirm). */
export const prepareAllowSender = (
  connection: GatewayConnection,
  input: AllowSenderInput,
): Promise<AllowSenderPrepareResult> =>
  prepareFromGateway(connection, (snapshot) => planAllowSender(snapshot, input));

// Step 2 is applyConfigChange(connection, prepared) from ./config-change.ts.
export {applyConfigChange as applyAllowSender} from './config-change.ts';

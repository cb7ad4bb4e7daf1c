// Who may DM the bot and which agents may spawn which, read from a `config.get` answer.
//
// Shapes and defaults are those of openclaw 2026.9.6:
// - config.get → {path, exists, valid, raw, parsed, sourceConfig, resolved, runtimeConfig, config,
//   hash, configRevisionHash, appliedConfigHash, …}. `sourceConfig` is the authored config (after
//   includes/env, secrets redacted) and is what config.patch merges onto, so policy is read from
//   it; `config` (the runtime config, defaults materialised) is only a fallback for gateways or
//   fixtures that send nothing else. `hash` is the optimistic-concurrency base for config.patch.
// - channels.<id> (except the metadata keys `defaults`, `modelByChannel`) carry `dmPolicy`
//   (pairing | allowlist | open | disabled) and `allowFrom`; `accounts.<accountId>` may override
//   both, an omitted account value inherits the channel root (docs: gateway/config-channels/
//   shared-policies.md, channels/telegram.md). With nothing set, DMs use `pairing`; qqbot instead
//   defaults to `allowlist` once allowFrom has a concrete (non-"*") entry, else `open`
//   (docs: channels/qqbot.md).
// - agents.entries.<id>.subagents.allowAgents (or the legacy agents.list[{id, subagents}]) and
//   agents.defaults.subagents.allowAgents; the server uses the agent's own list, else the
//   defaults' list, else "same agent only" (dist subagent-spawn-ownership: resolveAgentConfig(...)
//   ?.subagents?.allowAgents ?? cfg.agents?.defaults?.subagents?.allowAgents).
// Anything missing or oddly shaped is skipped, never thrown on.

import {isRecord, readId, readString, type UnknownRecord} from './parse-fields.ts';

/** channels.* keys that are not channels (openclaw CHANNEL_CONFIG_METADATA_KEYS). */
export const CHANNEL_METADATA_KEYS: ReadonlySet<string> = new Set(['defaults', 'modelByChannel']);

/** qqbot's allowFrom marker that keeps native approval actions off; not a sender. */
export const APPROVAL_DISABLED_MARKER = 'openclaw:approval-disabled';

export const DEFAULT_ACCOUNT_ID = 'default';

/**
 * Where the effective DM policy comes from: set on this scope, inherited from the channel root
 * (accounts only), or the documented default because nothing is set.
 */
export type SettingSource = 'explicit' | 'inherited' | 'default';

export type ChannelPolicy = {
  readonly channel: string;
  /** undefined = the channel root (single-account channels); else accounts.<accountId>. */
  readonly accountId?: string;
  /** The effective DM policy (explicit, inherited or the documented default). */
  readonly dmPolicy: string;
  readonly dmPolicySource: SettingSource;
  /** The effective allowlist, entries as strings (numbers in the config are stringified). */
  readonly allowFrom: readonly string[];
  /** own: this scope has allowFrom; inherited: an account using the root's; none: no list. */
  readonly allowFromSource: 'own' | 'inherited' | 'none';
};

export type AgentPolicy = {
  readonly agentId: string;
  /** This agent's own subagents.allowAgents; undefined = not set (defaults apply). */
  readonly allowAgents?: readonly string[];
  /** Which roster form the agent is configured in. */
  readonly roster: 'entries' | 'list';
};

export type ConfigPolicy = {
  readonly channels: readonly ChannelPolicy[];
  readonly agents: readonly AgentPolicy[];
  /** agents.defaults.subagents.allowAgents: used by agents that set none. */
  readonly defaultAllowAgents?: readonly string[];
};

export type ConfigSnapshot = {
  /** The base hash for config.patch; undefined when the gateway sent none. */
  readonly hash?: string;
  /** The config object config.patch merges onto (see the header). {} when absent. */
  readonly config: UnknownRecord;
  readonly policy: ConfigPolicy;
};

/** Strings and finite numbers as strings; everything else dropped. */
const readEntryList = (value: unknown): readonly string[] | undefined => {
  if (!Array.isArray(value)) return undefined;
  const out: string[] = [];
  for (const entry of value) {
    if (typeof entry === 'string') out.push(entry);
    else if (typeof entry === 'number' && Number.isFinite(entry)) out.push(String(entry));
  }
  return out;
};

/** The config object a config.get payload carries, preferring what config.patch merges onto. */
export const readConfigObject = (payload: unknown): UnknownRecord => {
  if (!isRecord(payload)) return {};
  for (const key of ['sourceConfig', 'resolved', 'parsed', 'config']) {
    const value = payload[key];
    if (isRecord(value)) return value;
  }
  return {};
};

export const readConfigHash = (payload: unknown): string | undefined =>
  isRecord(payload) ? readId(payload.hash) : undefined;

const isConcrete = (entry: string): boolean => entry.trim() !== '' && entry.trim() !== '*';

/** The documented default when neither the scope nor the channel root sets dmPolicy. */
export const defaultDmPolicy = (channel: string, allowFrom: readonly string[]): string => {
  if (channel === 'qqbot') return allowFrom.some(isConcrete) ? 'allowlist' : 'open';
  return 'pairing';
};

const readPolicy = (block: UnknownRecord): string | undefined => {
  const value = readString(block.dmPolicy)?.trim();
  return value === undefined || value === '' ? undefined : value;
};

const channelScopes = (channel: string, block: UnknownRecord): ChannelPolicy[] => {
  const rootPolicy = readPolicy(block);
  const rootList = readEntryList(block.allowFrom);
  const accounts = isRecord(block.accounts) ? block.accounts : undefined;
  const accountIds = accounts
    ? Object.keys(accounts).filter((id) => id !== '' && isRecord(accounts[id]))
    : [];

  if (accounts === undefined || accountIds.length === 0) {
    const allowFrom = rootList ?? [];
    return [
      {
        channel,
        dmPolicy: rootPolicy ?? defaultDmPolicy(channel, allowFrom),
        dmPolicySource: rootPolicy === undefined ? 'default' : 'explicit',
        allowFrom,
        allowFromSource: rootList === undefined ? 'none' : 'own',
      },
    ];
  }

  // With accounts, each account is a scope of its own; the root only matters by inheritance.
  return accountIds.map((accountId): ChannelPolicy => {
    const account = accounts[accountId] as UnknownRecord;
    const ownPolicy = readPolicy(account);
    const ownList = readEntryList(account.allowFrom);
    const allowFrom = ownList ?? rootList ?? [];
    const dmPolicy = ownPolicy ?? rootPolicy ?? defaultDmPolicy(channel, allowFrom);
    return {
      channel,
      accountId,
      dmPolicy,
      dmPolicySource:
        ownPolicy !== undefined ? 'explicit' : rootPolicy !== undefined ? 'inherited' : 'default',
      allowFrom,
      allowFromSource:
        ownList !== undefined ? 'own' : rootList !== undefined ? 'inherited' : 'none',
    };
  });
};

const readChannels = (config: UnknownRecord): ChannelPolicy[] => {
  const channels = config.channels;
  if (!isRecord(channels)) return [];
  const out: ChannelPolicy[] = [];
  for (const [channel, block] of Object.entries(channels)) {
    if (channel === '' || CHANNEL_METADATA_KEYS.has(channel) || !isRecord(block)) continue;
    out.push(...channelScopes(channel, block));
  }
  return out;
};

const readAllowAgents = (entry: UnknownRecord): readonly string[] | undefined => {
  const subagents = entry.subagents;
  return isRecord(subagents) ? readEntryList(subagents.allowAgents) : undefined;
};

/** agents.entries wins over agents.list when both are present (as the server reads them). */
const readAgents = (config: UnknownRecord): AgentPolicy[] => {
  const agents = config.agents;
  if (!isRecord(agents)) return [];
  const out: AgentPolicy[] = [];
  if (isRecord(agents.entries)) {
    for (const [agentId, entry] of Object.entries(agents.entries)) {
      if (agentId === '' || !isRecord(entry)) continue;
      const allowAgents = readAllowAgents(entry);
      out.push({agentId, roster: 'entries', ...(allowAgents ? {allowAgents} : {})});
    }
    return out;
  }
  if (Array.isArray(agents.list)) {
    for (const entry of agents.list) {
      if (!isRecord(entry)) continue;
      const agentId = readId(entry.id);
      if (agentId === undefined) continue;
      const allowAgents = readAllowAgents(entry);
      out.push({agentId, roster: 'list', ...(allowAgents ? {allowAgents} : {})});
    }
  }
  return out;
};

const readDefaultAllowAgents = (config: UnknownRecord): readonly string[] | undefined => {
  const agents = config.agents;
  if (!isRecord(agents) || !isRecord(agents.defaults)) return undefined;
  return readAllowAgents(agents.defaults);
};

/** Policy from a config object (the one config.patch merges onto). */
export const parsePolicyFromConfig = (config: UnknownRecord): ConfigPolicy => {
  const defaultAllowAgents = readDefaultAllowAgents(config);
  return {
    channels: readChannels(config),
    agents: readAgents(config),
    ...(defaultAllowAgents ? {defaultAllowAgents} : {}),
  };
};

/** The whole config.get answer: hash, the mergeable config object and the policy read from it. */
export const parseConfigSnapshot = (payload: unknown): ConfigSnapshot => {
  const config = readConfigObject(payload);
  const hash = readConfigHash(payload);
  return {...(hash === undefined ? {} : {hash}), config, policy: parsePolicyFromConfig(config)};
};

/** Shorthand used by the brief's name: {hash, channels, agents, defaultAllowAgents}. */
export const parseConfigPolicy = (payload: unknown): ConfigPolicy & {readonly hash?: string} => {
  const snapshot = parseConfigSnapshot(payload);
  return {...(snapshot.hash === undefined ? {} : {hash: snapshot.hash}), ...snapshot.policy};
};

/** `config.changed` event payload: {path, hash, ts} (9.6). */
export type ConfigChanged = {readonly path?: string; readonly hash?: string; readonly ts?: number};

export const parseConfigChanged = (payload: unknown): ConfigChanged => {
  if (!isRecord(payload)) return {};
  const path = readId(payload.path);
  const hash = readId(payload.hash);
  const ts = typeof payload.ts === 'number' && Number.isFinite(payload.ts) ? payload.ts : undefined;
  return {
    ...(path === undefined ? {} : {path}),
    ...(hash === undefined ? {} : {hash}),
    ...(ts === undefined ? {} : {ts}),
  };
};

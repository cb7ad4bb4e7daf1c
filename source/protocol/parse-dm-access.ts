// channels.pairing.list (openclaw-protocol.md §7): who may DM the bot. Dates arrive as ISO strings
// and become epoch ms here. There is no push event for these; the console polls.

import {compact, isRecord, readEpochMs, readId, readList, readString} from './parse-fields.ts';
import type {DmAccessList, DmAccessRequest} from './types.ts';

export const parseDmAccessRequest = (value: unknown): DmAccessRequest | undefined => {
  if (!isRecord(value)) return undefined;
  const requestId = readId(value.requestId);
  const channel = readId(value.channel);
  const accountId = readId(value.accountId);
  const senderId = readId(value.senderId);
  if (!requestId || !channel || !accountId || !senderId) return undefined;
  return compact<DmAccessRequest>({
    requestId,
    channel,
    channelLabel: readString(value.channelLabel),
    accountId,
    accountLabel: readString(value.accountLabel),
    senderId,
    senderLabel: readString(value.senderLabel),
    createdAt: readEpochMs(value.createdAt),
    lastSeenAt: readEpochMs(value.lastSeenAt),
    expiresAt: readEpochMs(value.expiresAt),
  });
};

const parseAccount = (
  value: unknown,
): {readonly channel: string; readonly accountId: string} | undefined => {
  if (!isRecord(value)) return undefined;
  const channel = readId(value.channel);
  const accountId = readId(value.accountId);
  return channel && accountId ? {channel, accountId} : undefined;
};

export const parseDmAccessList = (value: unknown): DmAccessList => {
  if (!isRecord(value)) return {requests: [], accounts: []};
  return {
    requests: readList(value.requests, parseDmAccessRequest),
    accounts: readList(value.accounts, parseAccount),
  };
};

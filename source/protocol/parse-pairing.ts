// Device and node pairing payloads (openclaw-protocol.md §5, §6): list results, the
// `*.pair.requested` events (the pending object itself) and `*.pair.resolved`.

import {
  compact,
  isRecord,
  readBoolean,
  readId,
  readList,
  readNumber,
  readString,
  readStringArray,
} from './parse-fields.ts';
import type {
  DevicePairList,
  PairedDevice,
  PairResolved,
  PendingDevice,
  PendingNode,
} from './types.ts';

export const parsePendingDevice = (value: unknown): PendingDevice | undefined => {
  if (!isRecord(value)) return undefined;
  const requestId = readId(value.requestId);
  const deviceId = readId(value.deviceId);
  if (requestId === undefined || deviceId === undefined) return undefined;
  return compact<PendingDevice>({
    requestId,
    deviceId,
    publicKey: readString(value.publicKey),
    ts: readNumber(value.ts),
    displayName: readString(value.displayName),
    platform: readString(value.platform),
    deviceFamily: readString(value.deviceFamily),
    clientId: readString(value.clientId),
    clientMode: readString(value.clientMode),
    role: readString(value.role),
    roles: readStringArray(value.roles),
    scopes: readStringArray(value.scopes),
    remoteIp: readString(value.remoteIp),
    silent: readBoolean(value.silent),
    isRepair: readBoolean(value.isRepair),
  });
};

/** Paired devices are redacted by the server; token strings never appear, and we never read any. */
export const parsePairedDevice = (value: unknown): PairedDevice | undefined => {
  if (!isRecord(value)) return undefined;
  const deviceId = readId(value.deviceId);
  if (deviceId === undefined) return undefined;
  return compact<PairedDevice>({
    deviceId,
    displayName: readString(value.displayName),
    platform: readString(value.platform),
    clientId: readString(value.clientId),
    clientMode: readString(value.clientMode),
    role: readString(value.role),
    roles: readStringArray(value.roles),
    scopes: readStringArray(value.scopes),
    approvedVia: readString(value.approvedVia),
    connected: readBoolean(value.connected),
  });
};

/** device.pair.list. A payload that is not an object reads as empty lists. */
export const parseDevicePairList = (value: unknown): DevicePairList => {
  if (!isRecord(value)) return {pending: [], paired: []};
  return {
    pending: readList(value.pending, parsePendingDevice),
    paired: readList(value.paired, parsePairedDevice),
  };
};

/** device.pair.resolved / node.pair.resolved; undefined without a request id (node "removed"). */
export const parsePairResolved = (value: unknown): PairResolved | undefined => {
  if (!isRecord(value)) return undefined;
  const requestId = readId(value.requestId);
  if (requestId === undefined) return undefined;
  return compact<PairResolved>({
    requestId,
    deviceId: readId(value.deviceId),
    nodeId: readId(value.nodeId),
    decision: readString(value.decision),
    ts: readNumber(value.ts),
  });
};

export const parsePendingNode = (value: unknown): PendingNode | undefined => {
  if (!isRecord(value)) return undefined;
  const requestId = readId(value.requestId);
  const nodeId = readId(value.nodeId);
  if (requestId === undefined || nodeId === undefined) return undefined;
  return compact<PendingNode>({
    requestId,
    nodeId,
    ts: readNumber(value.ts),
    clientId: readString(value.clientId),
    clientMode: readString(value.clientMode),
    displayName: readString(value.displayName),
    platform: readString(value.platform),
    version: readString(value.version),
    caps: readStringArray(value.caps),
    commands: readStringArray(value.commands),
    requiredApproveScopes: readStringArray(value.requiredApproveScopes),
    remoteIp: readString(value.remoteIp),
  });
};

/** node.pair.list: only the pending half is used by the console. */
export const parseNodePairList = (value: unknown): {readonly pending: readonly PendingNode[]} => ({
  pending: isRecord(value) ? readList(value.pending, parsePendingNode) : [],
});

// exec.approval.*, plugin.approval.* and openclaw.approval.* (system-agent; openclaw-protocol.md
// §8). Items are the envelope `{id, request:{…}, createdAtMs, expiresAtMs, approvalKind?}`; plugin
// and system-agent ids arrive already prefixed (`plugin:`, `system-agent:`) and are kept exactly
// as sent (a decision is only ever sent for the exact id).

import {
  compact,
  isRecord,
  readId,
  readList,
  readNumber,
  readString,
  readStringArray,
  type UnknownRecord,
} from './parse-fields.ts';
import type {ApprovalDecision, ApprovalKind, ApprovalRequest, ApprovalResolved} from './types.ts';

const DECISIONS: ReadonlySet<string> = new Set<ApprovalDecision>([
  'allow-once',
  'allow-always',
  'deny',
]);

const readDecisions = (value: unknown): readonly ApprovalDecision[] | undefined =>
  readStringArray(value)?.filter((entry): entry is ApprovalDecision => DECISIONS.has(entry));

/** `approvalKind` when the server says; else the `plugin:` id prefix; else what the caller expects. */
const kindOf = (envelope: UnknownRecord, id: string, fallback: ApprovalKind): ApprovalKind => {
  const said = envelope.approvalKind;
  if (said === 'exec' || said === 'plugin' || said === 'system-agent') return said;
  if (id.startsWith('plugin:')) return 'plugin';
  return id.startsWith('system-agent:') ? 'system-agent' : fallback;
};

/** One pending approval; undefined without an id. `fallbackKind` = which list/event it came from. */
export const parseApprovalRequest = (
  value: unknown,
  fallbackKind: ApprovalKind,
): ApprovalRequest | undefined => {
  if (!isRecord(value)) return undefined;
  const id = readId(value.id);
  if (id === undefined) return undefined;
  // Fields live in `request`; a flat shape (older servers, approval.get) is read as a fallback.
  const request = isRecord(value.request) ? value.request : {};
  const field = (name: string): unknown => (name in request ? request[name] : value[name]);
  return compact<ApprovalRequest>({
    kind: kindOf(value, id, fallbackKind),
    id,
    createdAtMs: readNumber(value.createdAtMs),
    expiresAtMs: readNumber(value.expiresAtMs),
    command: readString(field('command')) ?? readString(field('commandText')),
    commandPreview: readString(field('commandPreview')),
    cwd: readString(field('cwd')),
    host: readString(field('host')),
    nodeId: readId(field('nodeId')),
    security: readString(field('security')),
    ask: readString(field('ask')),
    resolvedPath: readString(field('resolvedPath')),
    warningText: readString(field('warningText')),
    title: readString(field('title')),
    description: readString(field('description')),
    severity: readString(field('severity')),
    pluginId: readString(field('pluginId')),
    toolName: readString(field('toolName')),
    allowedDecisions: readDecisions(field('allowedDecisions')),
    agentId: readId(field('agentId')),
    sessionKey: readId(field('sessionKey')),
    runId: readId(field('runId')),
    sessionId: readId(field('sessionId')),
    toolCallId: readId(field('toolCallId')),
    turnSourceChannel: readString(field('turnSourceChannel')),
    turnSourceTo: readString(field('turnSourceTo')),
    turnSourceAccountId: readString(field('turnSourceAccountId')),
  });
};

/** exec/plugin/openclaw.approval.list: 9.6 answers a bare array; objects are tolerated. */
export const parseApprovalList = (value: unknown, kind: ApprovalKind): ApprovalRequest[] => {
  const items = isRecord(value) ? (value.approvals ?? value.items ?? value.requests) : value;
  return readList(items, (entry) => parseApprovalRequest(entry, kind));
};

export const parseApprovalResolved = (
  value: unknown,
  fallbackKind: ApprovalKind,
): ApprovalResolved | undefined => {
  if (!isRecord(value)) return undefined;
  const id = readId(value.id);
  if (id === undefined) return undefined;
  return compact<ApprovalResolved>({
    kind: kindOf(value, id, fallbackKind),
    id,
    decision: readString(value.decision),
    resolvedBy: readString(value.resolvedBy),
    ts: readNumber(value.ts),
  });
};

// sessions.list / sessions.subscribe rows and sessions.changed events (openclaw-protocol.md §9).
// Real 9.6 frames carry a nested `session` row, the same fields flattened at top level (often
// with nulls) and `ancestorSessions`; 4.1 frames are flat only. Nested values win.

import {
  compact,
  isRecord,
  readBoolean,
  readId,
  readList,
  readNumber,
  readString,
  readStringArray,
  type UnknownRecord,
} from './parse-fields.ts';
import type {SessionRow, SessionsChanged, SessionsSnapshot} from './types.ts';

/** `undefined` = not said (unchanged), `null` = clear to unknown, array = the complete set. */
const readActiveRunIds = (value: unknown): readonly string[] | null | undefined => {
  if (value === null) return null;
  return readStringArray(value);
};

/** Every row field except `key`, read from one record. */
const readRowFields = (record: UnknownRecord): Omit<SessionRow, 'key'> =>
  compact<Omit<SessionRow, 'key'>>({
    sessionId: readId(record.sessionId),
    agentId: readId(record.agentId),
    kind: readString(record.kind),
    classification: readString(record.classification),
    label: readString(record.label),
    displayName: readString(record.displayName),
    derivedTitle: readString(record.derivedTitle),
    channel: readString(record.channel),
    chatType: readString(record.chatType),
    accountId: readString(record.accountId),
    isMain: readBoolean(record.isMain),
    createdVia: readString(record.createdVia),
    spawnedBy: readId(record.spawnedBy),
    parentSessionKey: readId(record.parentSessionKey),
    childSessions: readStringArray(record.childSessions)?.filter((key) => key !== ''),
    hasActiveSubagentRun: readBoolean(record.hasActiveSubagentRun),
    spawnDepth: readNumber(record.spawnDepth),
    subagentRole: readString(record.subagentRole),
    subagentRunState: readString(record.subagentRunState),
    status: readString(record.status),
    hasActiveRun: readBoolean(record.hasActiveRun),
    activeRunIds: readActiveRunIds(record.activeRunIds),
    startedAt: readNumber(record.startedAt),
    endedAt: readNumber(record.endedAt),
    lastRunId: readId(record.lastRunId),
    lastRunError: readString(record.lastRunError),
    abortedLastRun: readBoolean(record.abortedLastRun),
    updatedAt: record.updatedAt === null ? null : readNumber(record.updatedAt),
    createdAt: readNumber(record.createdAt),
    lastActivityAt: readNumber(record.lastActivityAt) ?? readNumber(record.lastInteractionAt),
    model: readString(record.model),
    modelProvider: readString(record.modelProvider),
    totalTokens: readNumber(record.totalTokens),
    inputTokens: readNumber(record.inputTokens),
    outputTokens: readNumber(record.outputTokens),
    archived: readBoolean(record.archived),
  });

/** One row; undefined when it has no key. */
export const parseSessionRow = (value: unknown): SessionRow | undefined => {
  if (!isRecord(value)) return undefined;
  const key = readId(value.key);
  if (key === undefined) return undefined;
  return {key, ...readRowFields(value)};
};

/** sessions.list result (or the `list` inside a sessions.subscribe result). */
export const parseSessionsSnapshot = (value: unknown): SessionsSnapshot | undefined => {
  if (!isRecord(value)) return undefined;
  const source = isRecord(value.list) ? value.list : value;
  if (!Array.isArray(source.sessions)) return undefined;
  const nextOffset = readNumber(source.nextOffset);
  return compact<SessionsSnapshot>({
    sessions: readList(source.sessions, parseSessionRow),
    hasMore: source.hasMore === true,
    nextOffset,
    ts: readNumber(source.ts),
  });
};

// Top-level fields that describe the event rather than the row: a keyed event carrying only
// these has told us nothing about the row, so it is "rowless" (the caller refetches).
const EVENT_ONLY_FIELDS = new Set(['sessionId', 'agentId']);

const hasRowInformation = (fields: Omit<SessionRow, 'key'>): boolean =>
  Object.keys(fields).some((name) => !EVENT_ONLY_FIELDS.has(name));

/** sessions.changed. Only a non-object is rejected: a keyless change is a refetch signal. */
export const parseSessionsChanged = (value: unknown): SessionsChanged | undefined => {
  if (!isRecord(value)) return undefined;
  const nested = parseSessionRow(value.session);
  const sessionKey = readId(value.sessionKey) ?? nested?.key;
  const flat = readRowFields(value);

  let session: SessionRow | undefined;
  if (sessionKey !== undefined && (nested !== undefined || hasRowInformation(flat))) {
    // Nested values win; anything the nested row omits falls back to the top level. That is
    // how `activeRunIds: null` arrives: 9.6 omits it from the nested row and writes an explicit
    // null at the top (= clear to unknown).
    session = {...flat, ...nested, key: nested?.key ?? sessionKey};
  }

  const ancestorSessions = Array.isArray(value.ancestorSessions)
    ? readList(value.ancestorSessions, parseSessionRow)
    : undefined;

  return compact<SessionsChanged>({
    sessionKey,
    sessionId: readId(value.sessionId) ?? nested?.sessionId,
    agentId: readId(value.agentId) ?? nested?.agentId,
    reason: readString(value.reason),
    phase: readString(value.phase),
    runId: readId(value.runId),
    ts: readNumber(value.ts),
    session,
    ancestorSessions,
  });
};

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

/** A row being read: writable, every field optional. */
type RowDraft = {-readonly [K in keyof SessionRow]?: SessionRow[K]};

/** Sets `name` only when the record said something (undefined = not said). */
const put = <K extends keyof SessionRow>(
  out: RowDraft,
  name: K,
  value: SessionRow[K] | undefined,
): void => {
  if (value !== undefined) out[name] = value;
};

/**
 * Every row field except `key`, read from one record into `out` (only the fields it has). One
 * object per row, written in place: a flood parses thousands of rows a second (each sessions.changed
 * repeats the ancestors), and a literal of every field, compacted, then spread into a row with its
 * key made three.
 */
const readRowFieldsInto = <T extends RowDraft>(record: UnknownRecord, row: T): T => {
  const out: RowDraft = row;
  put(out, 'sessionId', readId(record.sessionId));
  put(out, 'agentId', readId(record.agentId));
  put(out, 'kind', readString(record.kind));
  put(out, 'classification', readString(record.classification));
  put(out, 'label', readString(record.label));
  put(out, 'displayName', readString(record.displayName));
  put(out, 'derivedTitle', readString(record.derivedTitle));
  put(out, 'channel', readString(record.channel));
  put(out, 'chatType', readString(record.chatType));
  put(out, 'accountId', readString(record.accountId));
  put(out, 'isMain', readBoolean(record.isMain));
  put(out, 'createdVia', readString(record.createdVia));
  put(out, 'spawnedBy', readId(record.spawnedBy));
  put(out, 'parentSessionKey', readId(record.parentSessionKey));
  put(
    out,
    'childSessions',
    readStringArray(record.childSessions)?.filter((key) => key !== ''),
  );
  put(out, 'hasActiveSubagentRun', readBoolean(record.hasActiveSubagentRun));
  put(out, 'spawnDepth', readNumber(record.spawnDepth));
  put(out, 'subagentRole', readString(record.subagentRole));
  put(out, 'subagentRunState', readString(record.subagentRunState));
  put(out, 'status', readString(record.status));
  put(out, 'hasActiveRun', readBoolean(record.hasActiveRun));
  put(out, 'activeRunIds', readActiveRunIds(record.activeRunIds));
  put(out, 'startedAt', readNumber(record.startedAt));
  put(out, 'endedAt', readNumber(record.endedAt));
  put(out, 'lastRunId', readId(record.lastRunId));
  put(out, 'lastRunError', readString(record.lastRunError));
  put(out, 'abortedLastRun', readBoolean(record.abortedLastRun));
  put(out, 'updatedAt', record.updatedAt === null ? null : readNumber(record.updatedAt));
  put(out, 'createdAt', readNumber(record.createdAt));
  put(
    out,
    'lastActivityAt',
    readNumber(record.lastActivityAt) ?? readNumber(record.lastInteractionAt),
  );
  put(out, 'model', readString(record.model));
  put(out, 'modelProvider', readString(record.modelProvider));
  put(out, 'totalTokens', readNumber(record.totalTokens));
  put(out, 'inputTokens', readNumber(record.inputTokens));
  put(out, 'outputTokens', readNumber(record.outputTokens));
  put(out, 'archived', readBoolean(record.archived));
  return row;
};

const readRowFields = (record: UnknownRecord): Omit<SessionRow, 'key'> =>
  readRowFieldsInto(record, {});

/** One row; undefined when it has no key. */
export const parseSessionRow = (value: unknown): SessionRow | undefined => {
  if (!isRecord(value)) return undefined;
  const key = readId(value.key);
  if (key === undefined) return undefined;
  return readRowFieldsInto<RowDraft & {key: string}>(value, {key});
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

const isEmpty = (record: object): boolean => {
  // for…in returns at the first own key: no array of keys for a check per event.
  for (const key in record) if (Object.hasOwn(record, key)) return false;
  return true;
};

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
    // Nothing at the top level (the usual case once 9.6 has a nested row): the nested row as is.
    session =
      nested !== undefined && isEmpty(flat)
        ? nested
        : {...flat, ...nested, key: nested?.key ?? sessionKey};
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

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

/** Told each field a record says (`undefined` = not said). */
type FieldSink = <K extends keyof SessionRow>(name: K, value: SessionRow[K] | undefined) => void;

/**
 * Every row field except `key`, read from one record and handed to `put`: written into a row, or
 * compared with a row we hold (sameRowAs), so both read a record the same way.
 */
const readRowFields = (record: UnknownRecord, put: FieldSink): void => {
  put('sessionId', readId(record.sessionId));
  put('agentId', readId(record.agentId));
  put('kind', readString(record.kind));
  put('classification', readString(record.classification));
  put('label', readString(record.label));
  put('displayName', readString(record.displayName));
  put('derivedTitle', readString(record.derivedTitle));
  put('channel', readString(record.channel));
  put('chatType', readString(record.chatType));
  put('accountId', readString(record.accountId));
  put('isMain', readBoolean(record.isMain));
  put('createdVia', readString(record.createdVia));
  put('spawnedBy', readId(record.spawnedBy));
  put('parentSessionKey', readId(record.parentSessionKey));
  put(
    'childSessions',
    readStringArray(record.childSessions)?.filter((key) => key !== ''),
  );
  put('hasActiveSubagentRun', readBoolean(record.hasActiveSubagentRun));
  put('spawnDepth', readNumber(record.spawnDepth));
  put('subagentRole', readString(record.subagentRole));
  put('subagentRunState', readString(record.subagentRunState));
  put('status', readString(record.status));
  put('hasActiveRun', readBoolean(record.hasActiveRun));
  put('activeRunIds', readActiveRunIds(record.activeRunIds));
  put('startedAt', readNumber(record.startedAt));
  put('endedAt', readNumber(record.endedAt));
  put('lastRunId', readId(record.lastRunId));
  put('lastRunError', readString(record.lastRunError));
  put('abortedLastRun', readBoolean(record.abortedLastRun));
  put('updatedAt', record.updatedAt === null ? null : readNumber(record.updatedAt));
  put('createdAt', readNumber(record.createdAt));
  put('lastActivityAt', readNumber(record.lastActivityAt) ?? readNumber(record.lastInteractionAt));
  put('model', readString(record.model));
  put('modelProvider', readString(record.modelProvider));
  put('totalTokens', readNumber(record.totalTokens));
  put('inputTokens', readNumber(record.inputTokens));
  put('outputTokens', readNumber(record.outputTokens));
  put('archived', readBoolean(record.archived));
};

/**
 * The fields of `record` written into `row` (only the fields it has). One object per row,
 * written in place: a flood parses thousands of rows a second (each sessions.changed repeats the
 * ancestors), and a literal of every field, compacted, then spread into a row with its key made
 * three.
 */
const readRowFieldsInto = <T extends RowDraft>(record: UnknownRecord, row: T): T => {
  const out: RowDraft = row;
  readRowFields(record, (name, value) => {
    if (value !== undefined) out[name] = value;
  });
  return row;
};

const sameField = (a: unknown, b: unknown): boolean => {
  if (Object.is(a, b)) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (!Object.is(a[index], b[index])) return false;
  return true;
};

/**
 * Whether parsing `record` would give a row equal to `held` (its key included): the same fields,
 * each the same value. Reading compares as it goes, so a row repeated as we hold it (most
 * ancestors of a change) is never built: no object, nothing for the GC, and the reducer sees
 * the very row it holds.
 */
const sameRowAs = (record: UnknownRecord, held: SessionRow): boolean => {
  const own = held as Readonly<Record<string, unknown>>;
  let same = readId(record.key) === held.key;
  let said = 1; // the key
  readRowFields(record, (name, value) => {
    if (value === undefined || !same) return;
    said++;
    if (!sameField(own[name], value)) same = false;
  });
  if (!same) return false;
  let fields = 0;
  for (const name in own) if (Object.hasOwn(own, name)) fields++;
  return fields === said;
};

/** One row; undefined when it has no key. */
export const parseSessionRow = (value: unknown): SessionRow | undefined => {
  if (!isRecord(value)) return undefined;
  const key = readId(value.key);
  if (key === undefined) return undefined;
  return readRowFieldsInto<RowDraft & {key: string}>(value, {key});
};

/** The rows we hold by key, for a parse that reuses a row repeated exactly as we hold it. */
export type HeldRows = (key: string) => SessionRow | undefined;

/** One row, as parseSessionRow; the held row itself when the record says exactly what it holds. */
const parseRowOrHeld = (value: unknown, held: HeldRows | undefined): SessionRow | undefined => {
  if (held !== undefined && isRecord(value)) {
    const key = readId(value.key);
    const known = key === undefined ? undefined : held(key);
    if (known !== undefined && sameRowAs(value, known)) return known;
  }
  return parseSessionRow(value);
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

/** Whether the top level says a field the nested row does not (then they are merged). */
const addsTo = (record: UnknownRecord, nested: SessionRow): boolean => {
  const own = nested as Readonly<Record<string, unknown>>;
  let adds = false;
  readRowFields(record, (name, value) => {
    if (value !== undefined && own[name] === undefined) adds = true;
  });
  return adds;
};

/**
 * sessions.changed. Only a non-object is rejected: a keyless change is a refetch signal. With
 * `held` (the rows we hold), a row the frame repeats exactly as we hold it is that row itself.
 */
export const parseSessionsChanged = (
  value: unknown,
  held?: HeldRows,
): SessionsChanged | undefined => {
  if (!isRecord(value)) return undefined;
  const nested = parseRowOrHeld(value.session, held);
  const sessionKey = readId(value.sessionKey) ?? nested?.key;
  // The top level usually repeats the nested row (9.6): it only matters if it says more.
  const flat: Omit<SessionRow, 'key'> =
    nested !== undefined && !addsTo(value, nested) ? {} : readRowFieldsInto(value, {});

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
    ? readList(value.ancestorSessions, (row) => parseRowOrHeld(row, held))
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

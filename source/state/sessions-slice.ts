// Sessions by key. A snapshot (sessions.list) replaces what we hold, except rows that events
// changed after the snapshot was requested: those events are newer than the snapshot, so the
// event's version is kept. Deletes leave a short tombstone so a stale snapshot cannot revive them.

import type {SessionRow, SessionsChanged} from '../protocol/types.ts';
import type {Action} from './actions.ts';
import {RACE_MEMORY_MS} from './clock.ts';
import type {Session} from './model.ts';
import {mergeSessionRow, toSession} from './session-derive.ts';

export type SessionEntry = {
  readonly row: SessionRow;
  readonly session: Session;
  /** Local time this row was last written: the snapshot's requestedAt, or the event's at. */
  readonly changedAt: number;
};

export type SessionsState = {
  readonly byKey: Readonly<Record<string, SessionEntry>>;
  /** Deleted key → when. Pruned after RACE_MEMORY_MS. */
  readonly tombstones: Readonly<Record<string, number>>;
  /** A snapshot arrived at least once. */
  readonly loaded: boolean;
  /** The last snapshot held every session (sessions.list hasMore was false). */
  readonly complete: boolean;
  readonly loadedAt?: number;
  /** Something happened that only a fresh sessions.list can explain; the bridge refetches. */
  readonly needsRefetch: boolean;
  readonly refetchFlaggedAt?: number;
};

export type SessionsSnapshotLoaded = {
  readonly type: 'sessions/snapshot-loaded';
  readonly rows: readonly SessionRow[];
  /** false when the gateway said hasMore: rows we hold but the page lacks are kept. */
  readonly complete: boolean;
  /** When the bridge sent the request: events after this are newer than the snapshot. */
  readonly requestedAt: number;
  readonly at: number;
};

export type SessionChanged = {
  readonly type: 'session/changed';
  readonly change: SessionsChanged;
  readonly at: number;
};

export type SessionsAction = SessionsSnapshotLoaded | SessionChanged;

export const initialSessionsState: SessionsState = {
  byKey: {},
  tombstones: {},
  loaded: false,
  complete: false,
  needsRefetch: false,
};

const entryOf = (row: SessionRow, changedAt: number): SessionEntry => ({
  row,
  session: toSession(row),
  changedAt,
});

const flagRefetch = (state: SessionsState, at: number): SessionsState =>
  state.needsRefetch ? state : {...state, needsRefetch: true, refetchFlaggedAt: at};

const loadSnapshot = (state: SessionsState, action: SessionsSnapshotLoaded): SessionsState => {
  const {requestedAt} = action;
  const byKey: Record<string, SessionEntry> = {};
  const seen = new Set<string>();
  for (const row of action.rows) {
    seen.add(row.key);
    const deletedAt = state.tombstones[row.key];
    if (deletedAt !== undefined && deletedAt > requestedAt) continue;
    const previous = state.byKey[row.key];
    byKey[row.key] =
      previous !== undefined && previous.changedAt > requestedAt
        ? previous
        : entryOf(row, requestedAt);
  }
  for (const [key, previous] of Object.entries(state.byKey)) {
    if (seen.has(key)) continue;
    // Absent from a complete snapshot = gone, unless an event created/changed it after we asked.
    if (!action.complete || previous.changedAt > requestedAt) byKey[key] = previous;
  }
  // Tombstones older than the request are reflected in the snapshot itself.
  const tombstones: Record<string, number> = {};
  for (const [key, deletedAt] of Object.entries(state.tombstones)) {
    if (deletedAt > requestedAt) tombstones[key] = deletedAt;
  }
  const stillStale =
    state.needsRefetch &&
    state.refetchFlaggedAt !== undefined &&
    state.refetchFlaggedAt > requestedAt;
  return {
    byKey,
    tombstones,
    loaded: true,
    complete: action.complete,
    loadedAt: action.at,
    needsRefetch: stillStale,
    ...(stillStale ? {refetchFlaggedAt: state.refetchFlaggedAt} : {}),
  };
};

const applyChange = (state: SessionsState, action: SessionChanged): SessionsState => {
  const {change, at} = action;
  const key = change.sessionKey ?? change.session?.key;
  if (key === undefined) return flagRefetch(state, at);

  if (change.reason === 'delete') {
    const previous = state.byKey[key];
    const previousId = previous?.row.sessionId;
    // A delete names the session it deleted; a newer session may already reuse the key.
    if (
      change.sessionId !== undefined &&
      previousId !== undefined &&
      change.sessionId !== previousId
    ) {
      return state;
    }
    const byKey = {...state.byKey};
    delete byKey[key];
    return {...state, byKey, tombstones: {...state.tombstones, [key]: at}};
  }

  if (change.session === undefined) return flagRefetch(state, at);

  const byKey = {...state.byKey};
  let tombstones = state.tombstones;
  const write = (row: SessionRow): void => {
    byKey[row.key] = entryOf(mergeSessionRow(byKey[row.key]?.row, row), at);
    if (tombstones[row.key] !== undefined) {
      const rest = {...tombstones};
      delete rest[row.key];
      tombstones = rest;
    }
  };
  for (const ancestor of change.ancestorSessions ?? []) write(ancestor);
  write(change.session);

  let next: SessionsState = {...state, byKey, tombstones};
  // `ancestorSessions` omitted = unknown. Only a parent we do not hold makes that matter (4.1
  // never sends it; refetching on every 4.1 event would be a storm).
  const parent = byKey[change.session.key]?.session.parentKey;
  if (
    change.ancestorSessions === undefined &&
    parent !== undefined &&
    byKey[parent] === undefined
  ) {
    next = flagRefetch(next, at);
  }
  return next;
};

const pruneTombstones = (state: SessionsState, now: number): SessionsState => {
  const keys = Object.keys(state.tombstones);
  if (keys.length === 0) return state;
  const tombstones: Record<string, number> = {};
  let pruned = false;
  for (const key of keys) {
    const deletedAt = state.tombstones[key] as number;
    if (now - deletedAt > RACE_MEMORY_MS) pruned = true;
    else tombstones[key] = deletedAt;
  }
  return pruned ? {...state, tombstones} : state;
};

export const sessionsReducer = (state: SessionsState, action: Action): SessionsState => {
  switch (action.type) {
    case 'sessions/snapshot-loaded':
      return loadSnapshot(state, action);
    case 'session/changed':
      return applyChange(state, action);
    case 'gateway/gap-detected':
      return flagRefetch(state, action.at);
    case 'clock/ticked':
      return pruneTombstones(state, action.now);
    default:
      return state;
  }
};

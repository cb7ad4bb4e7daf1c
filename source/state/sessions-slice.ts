// Sessions by key. A snapshot (sessions.list) replaces what we hold, except rows that events
// changed after the snapshot was requested: those events are newer than the snapshot, so the
// event's version is kept. Deletes leave a short tombstone so a stale snapshot cannot revive them.

import type {SessionRow, SessionsChanged} from '../protocol/types.ts';
import type {GatewayRecordAction} from './actions.ts';
import type {SessionChanged, SessionsSnapshotLoaded} from './action-types/sessions.ts';
import {RACE_MEMORY_MS} from './clock.ts';
import type {Session} from './model.ts';
import {mergeChangesNothing, mergeSessionRow, toSession} from './session-derive.ts';
import {emptyTable, tableEntries, tableGet, TableDraft, type SlotTable} from './slot-table.ts';

export type SessionEntry = {
  readonly row: SessionRow;
  readonly session: Session;
  /** Local time this row was last written: the snapshot's requestedAt, or the event's at. */
  readonly changedAt: number;
};

export type SessionsState = {
  /**
   * A slot table, not a Map or a record: a flood's change set writes a few sessions, and copies
   * only the chunks of the table it writes (slot-table.ts), not all of a gateway's sessions.
   */
  readonly byKey: SlotTable<SessionEntry>;
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

export const initialSessionsState: SessionsState = {
  byKey: emptyTable(),
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
  const byKey = new TableDraft<SessionEntry>(emptyTable());
  const seen = new Set<string>();
  for (const row of action.rows) {
    seen.add(row.key);
    const deletedAt = state.tombstones[row.key];
    if (deletedAt !== undefined && deletedAt > requestedAt) continue;
    const previous = tableGet(state.byKey, row.key);
    byKey.set(
      row.key,
      previous !== undefined && previous.changedAt > requestedAt
        ? previous
        : entryOf(row, requestedAt),
    );
  }
  for (const [key, previous] of tableEntries(state.byKey)) {
    if (seen.has(key)) continue;
    // Absent from a complete snapshot = gone, unless an event created/changed it after we asked.
    if (!action.complete || previous.changedAt > requestedAt) byKey.set(key, previous);
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
    byKey: byKey.finish(),
    tombstones,
    loaded: true,
    complete: action.complete,
    loadedAt: action.at,
    needsRefetch: stillStale,
    ...(stillStale ? {refetchFlaggedAt: state.refetchFlaggedAt} : {}),
  };
};

/** A mutable working copy: a batch of changes copies what it writes once, not once per change. */
type Draft = {
  byKey: TableDraft<SessionEntry>;
  tombstones: Record<string, number>;
  tombstonesCopied: boolean;
  refetchAt?: number;
};

const applyChangeTo = (draft: Draft, change: SessionsChanged, at: number): void => {
  const key = change.sessionKey ?? change.session?.key;
  if (key === undefined) {
    draft.refetchAt ??= at;
    return;
  }
  const ownTombstones = (): Record<string, number> => {
    if (!draft.tombstonesCopied) {
      draft.tombstones = {...draft.tombstones};
      draft.tombstonesCopied = true;
    }
    return draft.tombstones;
  };

  if (change.reason === 'delete') {
    const previousId = draft.byKey.get(key)?.row.sessionId;
    // A delete names the session it deleted; a newer session may already reuse the key.
    if (
      change.sessionId !== undefined &&
      previousId !== undefined &&
      change.sessionId !== previousId
    ) {
      return;
    }
    draft.byKey.delete(key);
    ownTombstones()[key] = at;
    return;
  }

  if (change.session === undefined) {
    draft.refetchAt ??= at;
    return;
  }

  const write = (row: SessionRow): void => {
    const previous = draft.byKey.get(row.key);
    // Most rows of a change are ancestors repeated as they were: keep their objects (no new
    // Session to derive, nothing new for the GC to promote, and views see the same identity).
    // A frame's batch repeats a swarm's root in nearly every change: once written at this
    // time, the entry itself is kept.
    if (previous !== undefined && mergeChangesNothing(previous.row, row)) {
      if (previous.changedAt !== at) {
        draft.byKey.set(row.key, {row: previous.row, session: previous.session, changedAt: at});
      }
    } else {
      draft.byKey.set(row.key, entryOf(mergeSessionRow(previous?.row, row), at));
    }
    if (draft.tombstones[row.key] !== undefined) delete ownTombstones()[row.key];
  };
  for (const ancestor of change.ancestorSessions ?? []) write(ancestor);
  write(change.session);

  // `ancestorSessions` omitted = unknown. Only a parent we do not hold makes that matter (4.1
  // never sends it; refetching on every 4.1 event would be a storm).
  const parent = draft.byKey.get(change.session.key)?.session.parentKey;
  if (change.ancestorSessions === undefined && parent !== undefined && !draft.byKey.has(parent)) {
    draft.refetchAt ??= at;
  }
};

const applyChanges = (
  state: SessionsState,
  changes: readonly SessionsChanged[],
  at: number,
): SessionsState => {
  const draft: Draft = {
    byKey: new TableDraft(state.byKey),
    tombstones: state.tombstones,
    tombstonesCopied: false,
  };
  for (const change of changes) applyChangeTo(draft, change, at);
  const next: SessionsState = {...state, byKey: draft.byKey.finish(), tombstones: draft.tombstones};
  return draft.refetchAt === undefined ? next : flagRefetch(next, draft.refetchAt);
};

const applyChange = (state: SessionsState, action: SessionChanged): SessionsState => {
  const {change, at} = action;
  const key = change.sessionKey ?? change.session?.key;
  // Changes that only flag a refetch, or a delete for another session, leave the map alone.
  if (key === undefined || (change.reason !== 'delete' && change.session === undefined)) {
    return flagRefetch(state, at);
  }
  if (
    change.reason === 'delete' &&
    change.sessionId !== undefined &&
    tableGet(state.byKey, key)?.row.sessionId !== undefined &&
    tableGet(state.byKey, key)?.row.sessionId !== change.sessionId
  ) {
    return state;
  }
  return applyChanges(state, [change], at);
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

export const sessionsReducer = (
  state: SessionsState,
  action: GatewayRecordAction,
): SessionsState => {
  switch (action.type) {
    case 'sessions/snapshot-loaded':
      return loadSnapshot(state, action);
    case 'session/changed':
      return applyChange(state, action);
    case 'sessions/changed-together':
      return action.changes.length === 0 ? state : applyChanges(state, action.changes, action.at);
    case 'gateway/gap-detected':
      return flagRefetch(state, action.at);
    case 'clock/ticked':
      return pruneTombstones(state, action.now);
    default:
      return state;
  }
};

/** What we hold of session `key`. */
export const sessionEntryOf = (sessions: SessionsState, key: string): SessionEntry | undefined =>
  tableGet(sessions.byKey, key);

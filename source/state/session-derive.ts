// From a raw session row to the console's Session: status, role and title. Pure; no guessing:
// a run state we cannot tell from the row is 'unknown'.

import type {SessionRow} from '../protocol/types.ts';
import type {Session, SessionRole, SessionStatus} from './model.ts';

/**
 * Status, in order of authority:
 * 1. `hasActiveRun: true`, or a non-empty `activeRunIds` when `hasActiveRun` is not said → running.
 *    (`hasActiveRun` is authoritative: `false` overrides a leftover `activeRunIds`/`status:"running"`.)
 * 2. The row's last-run `status`: queued → queued; done → done (the last run finished ok; this
 *    holds for main sessions too, we do not invent an 'idle' from it); killed, or failed with
 *    `abortedLastRun` → stopped (as OpenClaw's own UI reads them: an abort is no error);
 *    failed/timeout → failed; running (with no contrary `hasActiveRun`) → running (4.1 rows only
 *    carry `status`).
 * 3. Nothing about the last run, but `activeRunIds: []` or `hasActiveRun: false` → idle.
 * 4. Otherwise 'unknown'.
 */
export const sessionStatus = (row: SessionRow): SessionStatus => {
  const runIds = row.activeRunIds;
  if (row.hasActiveRun === true) return 'running';
  if (row.hasActiveRun === undefined && Array.isArray(runIds) && runIds.length > 0)
    return 'running';
  switch (row.status) {
    case 'queued':
      return 'queued';
    case 'done':
      return 'done';
    case 'killed':
      return 'stopped';
    case 'failed':
      return row.abortedLastRun === true ? 'stopped' : 'failed';
    case 'timeout':
      return 'failed';
    case 'running':
      if (row.hasActiveRun !== false) return 'running';
      break;
    default:
      break;
  }
  if (row.hasActiveRun === false || (Array.isArray(runIds) && runIds.length === 0)) return 'idle';
  return 'unknown';
};

const MAIN_KEY = /^agent:[^:]+:main$/;

export const isMainRow = (row: SessionRow): boolean =>
  row.isMain ?? (row.classification === 'main' || MAIN_KEY.test(row.key));

/** Key shape first (it never lies about what created the session), then the row's own claims. */
export const sessionRole = (row: SessionRow): SessionRole => {
  if (isMainRow(row)) return 'main';
  const key = row.key;
  if (key.includes(':subagent:')) return 'subagent';
  if (key.includes(':acp:')) return 'acp';
  if (key.includes(':cron:') || row.createdVia === 'cron') return 'cron';
  if (row.spawnedBy !== undefined || row.createdVia === 'spawn') return 'subagent';
  if (row.channel !== undefined && row.channel !== '') return 'channel';
  return 'other';
};

export const lastKeySegment = (key: string): string => {
  const index = key.lastIndexOf(':');
  const tail = index >= 0 ? key.slice(index + 1) : key;
  return tail === '' ? key : tail;
};

const nonEmpty = (value: string | undefined): string | undefined =>
  value !== undefined && value.trim() !== '' ? value : undefined;

export const sessionTitle = (row: SessionRow): string =>
  nonEmpty(row.label) ??
  nonEmpty(row.displayName) ??
  nonEmpty(row.derivedTitle) ??
  lastKeySegment(row.key);

/** The row's own declared parent; the childSessions back-link is resolved by the tree. */
const declaredParent = (row: SessionRow): string | undefined => {
  const parent = row.parentSessionKey ?? row.spawnedBy;
  return parent !== undefined && parent !== row.key ? parent : undefined;
};

const optional = <K extends string, V>(key: K, value: V | undefined): {[P in K]?: V} =>
  (value === undefined ? {} : {[key]: value}) as {[P in K]?: V};

export const toSession = (row: SessionRow): Session => ({
  key: row.key,
  role: sessionRole(row),
  title: sessionTitle(row),
  childKeys: row.childSessions ?? [],
  status: sessionStatus(row),
  activeRunIds: Array.isArray(row.activeRunIds) ? row.activeRunIds : [],
  ...optional('sessionId', row.sessionId),
  ...optional('agentId', row.agentId),
  ...optional('channel', row.channel),
  ...optional('parentKey', declaredParent(row)),
  ...optional('lastRunId', row.lastRunId),
  ...optional('lastRunError', row.lastRunError),
  ...optional('model', row.model),
  ...optional('totalTokens', row.totalTokens),
  ...optional('createdAt', row.createdAt),
  ...optional('updatedAt', row.updatedAt ?? undefined),
  ...optional('spawnDepth', row.spawnDepth),
  ...optional('lastActivityAt', row.lastActivityAt),
  ...optional('isMain', isMainRow(row) ? true : undefined),
});

/**
 * An event's row merged over what we hold. Event rows are patches in practice (9.6 omits
 * `activeRunIds` from nested rows when it is unknown), so fields not mentioned are kept;
 * `activeRunIds: null` clears the set back to unknown.
 */
const sameValue = (a: unknown, b: unknown): boolean => {
  if (Object.is(a, b)) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((entry, index) => Object.is(entry, b[index]));
};

/**
 * Whether merging `next` into `previous` (mergeSessionRow) would change nothing: every field
 * `next` says is already so (arrays entry by entry; `activeRunIds: null` clears, so it changes
 * the row only if the row has some). Checked before merging, so a row repeated as it was (most
 * ancestors of a change) costs no new object.
 */
export const mergeChangesNothing = (previous: SessionRow, next: SessionRow): boolean => {
  // The row we hold, handed back by the parser (the frame repeated it exactly).
  if (previous === next) return true;
  const own = previous as Readonly<Record<string, unknown>>;
  const other = next as Readonly<Record<string, unknown>>;
  for (const name in other) {
    const value = other[name];
    if (name === 'activeRunIds' && value === null) {
      if (previous.activeRunIds !== undefined) return false;
      continue;
    }
    if (!(name in own) || !sameValue(own[name], value)) return false;
  }
  return true;
};

export const mergeSessionRow = (previous: SessionRow | undefined, next: SessionRow): SessionRow => {
  const merged: Record<string, unknown> = {...previous, ...next};
  if (next.activeRunIds === null) delete merged.activeRunIds;
  return merged as SessionRow;
};

// A safe change to the gateway's config, in two steps the operator can see between:
//   1. prepare: read config.get (its hash), turn the wanted edits into a minimal RFC 7386 merge
//      patch and a human diff (`channels.qqbot.allowFrom: ["a"] → ["a","b"]`);
//   2. apply: config.patch {raw, baseHash, replacePaths?, note?}.
// The baseHash makes the write conditional: if anyone changed the config in between, the gateway
// answers "config changed since last load" and we report a conflict. Nothing is retried or merged
// blindly — the operator prepares again from the new config and confirms the new diff.
//
// Server facts (openclaw 2026.9.6 dist/config-*.mjs, server-methods-*.mjs):
// - config.patch needs operator.admin; `raw` is JSON5 of a merge-patch object. Arrays in a merge
//   patch replace whole, so the full new array is sent. Arrays of {id} objects (agents.list) are
//   merged by id instead: a patch entry {id, …} updates that entry only.
// - A patch that drops entries from an existing array is refused unless its path is listed in
//   replacePaths (`a.b.list`; for arrays inside id-keyed entries `agents.list[].x`).
// - Control-plane writes are rate-limited (UNAVAILABLE "rate limit exceeded for config.patch;
//   retry after Ns", 30/min per method and device on 9.6).
// - UNAVAILABLE "… persisted …" = written to disk but not (yet) active; a restart is pending.

import {isDeepStrictEqual} from 'node:util';
import type {AuditLog} from '../audit/audit-log.ts';
import {RequestError, type GatewayConnection} from '../client/types.ts';
import {parseConfigSnapshot, type ConfigSnapshot} from '../protocol/parse-config-policy.ts';
import {isRecord, type UnknownRecord} from '../protocol/parse-fields.ts';
import type {GatewayDispatch} from '../state/actions.ts';

/** A path segment: an object key, or the entry of an id-keyed array (agents.list) by its id. */
export type PathSegment = string | {readonly id: string};

export type ConfigEdit = {
  readonly path: readonly PathSegment[];
  /** The new value; null deletes the key (merge-patch semantics). */
  readonly value: unknown;
};

export type DiffLine = {
  /** e.g. `channels.qqbot.allowFrom`, `agents.list[id=main].subagents.allowAgents` */
  readonly path: string;
  /** undefined = not set before / deleted after */
  readonly before: unknown;
  readonly after: unknown;
  /** `path: before → after` */
  readonly text: string;
};

export type PreparedConfigChange = {
  readonly baseHash: string;
  /** The merge patch, as an object (what `raw` encodes). */
  readonly patch: UnknownRecord;
  readonly raw: string;
  readonly replacePaths: readonly string[];
  readonly diff: readonly DiffLine[];
  /** Consequences worth reading before confirming (policy side effects, inherited lists, …). */
  readonly notes: readonly string[];
  /** One line for notices and the audit log, e.g. `allow sender 123 on telegram`. */
  readonly summary: string;
};

export type PrepareResult =
  | {readonly status: 'ready'; readonly prepared: PreparedConfigChange}
  /** Nothing to change (already so): nothing is sent. */
  | {readonly status: 'no-op'; readonly message: string}
  /** The request makes no sense against this config (bad id, unknown account, …). */
  | {readonly status: 'invalid'; readonly message: string}
  /** config.get failed. */
  | {readonly status: 'unavailable'; readonly message: string};

export type ApplyResult =
  | {
      readonly status: 'applied';
      /** The config's new hash (the next baseHash), when the gateway sent it. */
      readonly hash?: string;
      readonly changedPaths: readonly string[];
      /** The gateway found nothing to change (someone made the same change already). */
      readonly noop: boolean;
    }
  /** The config changed since it was read: prepare again, show the new diff, confirm again. */
  | {readonly status: 'conflict'; readonly message: string}
  | {readonly status: 'rate-limited'; readonly message: string; readonly retryAfterMs?: number}
  /** Written to the config file but not active yet (the gateway restarts or needs one). */
  | {readonly status: 'persisted'; readonly message: string}
  /** The gateway refused (invalid config, missing scope, …): nothing changed. */
  | {readonly status: 'refused'; readonly code: string; readonly message: string}
  /** No answer (timeout, dropped connection): it may or may not have been applied; re-read. */
  | {readonly status: 'unknown'; readonly message: string};

// ── reading ───────────────────────────────────────────────────────────────────────────────────

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** config.get → hash, mergeable config, policy. Throws what the connection throws. */
export const readConfig = async (connection: GatewayConnection): Promise<ConfigSnapshot> =>
  parseConfigSnapshot(await connection.request('config.get', {}));

/**
 * Reads config.get and records it in the store (`policy/loaded` or `policy/load-failed`).
 * The bridge calls this after connecting and whenever selectPolicyNeedsReload says so.
 */
export const loadPolicy = async (
  connection: GatewayConnection,
  dispatch: GatewayDispatch,
  now: () => number = Date.now,
): Promise<ConfigSnapshot | undefined> => {
  const requestedAt = now();
  try {
    const snapshot = await readConfig(connection);
    dispatch({
      type: 'policy/loaded',
      policy: snapshot.policy,
      ...(snapshot.hash === undefined ? {} : {hash: snapshot.hash}),
      requestedAt,
      at: now(),
    });
    return snapshot;
  } catch (error) {
    dispatch({type: 'policy/load-failed', message: errorText(error), at: now()});
    return undefined;
  }
};

// ── paths ─────────────────────────────────────────────────────────────────────────────────────

const BLOCKED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const formatPath = (path: readonly PathSegment[]): string =>
  path
    .map((segment, index) =>
      typeof segment === 'string' ? `${index === 0 ? '' : '.'}${segment}` : `[id=${segment.id}]`,
    )
    .join('');

/** The replacePaths spelling: id-keyed entries become `[]` (as the server normalises them). */
const replacePathOf = (path: readonly PathSegment[]): string =>
  path
    .map((segment, index) =>
      typeof segment === 'string' ? `${index === 0 ? '' : '.'}${segment}` : '[]',
    )
    .join('');

const isIdEntry = (value: unknown): value is UnknownRecord & {readonly id: string} =>
  isRecord(value) && typeof value.id === 'string' && value.id !== '';

/** The value at `path` in `config`, or undefined. */
export const valueAt = (config: unknown, path: readonly PathSegment[]): unknown => {
  let node: unknown = config;
  for (const segment of path) {
    if (typeof segment === 'string') {
      if (!isRecord(node) || !Object.hasOwn(node, segment)) return undefined;
      node = node[segment];
    } else {
      if (!Array.isArray(node)) return undefined;
      node = node.find((entry) => isIdEntry(entry) && entry.id === segment.id);
    }
  }
  return node;
};

// ── diff ──────────────────────────────────────────────────────────────────────────────────────

const show = (value: unknown): string => (value === undefined ? '(unset)' : JSON.stringify(value));

export const diffLine = (
  path: readonly PathSegment[],
  before: unknown,
  after: unknown,
): DiffLine => {
  const text = formatPath(path);
  return {path: text, before, after, text: `${text}: ${show(before)} → ${show(after)}`};
};

/** Every array path at or below `value` (a deleted subtree's arrays all need replacePaths). */
const arrayPathsBelow = (value: unknown, path: readonly PathSegment[]): string[] => {
  if (Array.isArray(value)) return [replacePathOf(path)];
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => arrayPathsBelow(child, [...path, key]));
};

/** Whether `after` keeps every entry of the array `before` (the server's "no removal" rule). */
const keepsEntries = (before: readonly unknown[], after: readonly unknown[]): boolean => {
  const left = [...after];
  for (const entry of before) {
    const index = left.findIndex((candidate) => isDeepStrictEqual(candidate, entry));
    if (index < 0) return false;
    left.splice(index, 1);
  }
  return true;
};

// ── patch building ────────────────────────────────────────────────────────────────────────────

const put = (
  patch: Record<string, unknown>,
  path: readonly PathSegment[],
  value: unknown,
): void => {
  let node: Record<string, unknown> = patch;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as PathSegment;
    const last = i === path.length - 1;
    if (typeof segment !== 'string') throw new Error('an id segment must follow an array key');
    const next = path[i + 1];
    if (last) {
      node[segment] = value;
      return;
    }
    if (next !== undefined && typeof next !== 'string') {
      // `segment` is an id-keyed array: the patch carries [{id, …changes}] for the entries touched.
      const list = Array.isArray(node[segment]) ? (node[segment] as Record<string, unknown>[]) : [];
      node[segment] = list;
      let entry = list.find((candidate) => candidate.id === next.id);
      if (entry === undefined) {
        entry = {id: next.id};
        list.push(entry);
      }
      if (i + 1 === path.length - 1) throw new Error('cannot replace a whole id-keyed entry');
      node = entry;
      i++; // the id segment is consumed
      continue;
    }
    const child = node[segment];
    if (!isRecord(child)) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
};

const checkPath = (path: readonly PathSegment[]): string | undefined => {
  if (path.length === 0) return 'an edit needs a path';
  if (typeof path[0] !== 'string') return 'a path cannot start with an id segment';
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as PathSegment;
    if (typeof segment === 'string') {
      if (segment === '' || BLOCKED_KEYS.has(segment)) return `unsafe config key "${segment}"`;
    } else {
      if (segment.id === '' || BLOCKED_KEYS.has(segment.id)) return `unsafe id "${segment.id}"`;
      if (i === path.length - 1) return 'cannot replace a whole id-keyed entry';
    }
  }
  return undefined;
};

/**
 * Turns edits against a config snapshot into a merge patch, its diff and the replacePaths it
 * needs. Pure: `readConfig` (or the fake in tests) supplies the snapshot.
 */
export const prepareConfigChange = (
  snapshot: ConfigSnapshot,
  edits: readonly ConfigEdit[],
  details: {readonly summary: string; readonly notes?: readonly string[]},
): PrepareResult => {
  if (snapshot.hash === undefined) {
    return {
      status: 'invalid',
      message: 'the gateway sent no config hash, so a change cannot be made safely',
    };
  }
  const patch: Record<string, unknown> = {};
  const diff: DiffLine[] = [];
  const replacePaths = new Set<string>();
  for (const edit of edits) {
    const problem = checkPath(edit.path);
    if (problem !== undefined) return {status: 'invalid', message: problem};
    const before = valueAt(snapshot.config, edit.path);
    const after = edit.value === null ? undefined : edit.value;
    if (isDeepStrictEqual(before, after)) continue;
    put(patch, edit.path, edit.value);
    diff.push(diffLine(edit.path, before, after));
    if (Array.isArray(before) && !(Array.isArray(after) && keepsEntries(before, after))) {
      replacePaths.add(replacePathOf(edit.path));
    } else if (isRecord(before) && !isRecord(after)) {
      for (const path of arrayPathsBelow(before, edit.path)) replacePaths.add(path);
    }
  }
  if (diff.length === 0) return {status: 'no-op', message: 'the config already says so'};
  return {
    status: 'ready',
    prepared: {
      baseHash: snapshot.hash,
      patch,
      raw: JSON.stringify(patch),
      replacePaths: [...replacePaths].sort(),
      diff,
      notes: details.notes ?? [],
      summary: details.summary,
    },
  };
};

// ── applying ──────────────────────────────────────────────────────────────────────────────────

/** Sorts a config.patch failure into what the operator needs to know. */
export const classifyPatchError = (error: unknown): Exclude<ApplyResult, {status: 'applied'}> => {
  if (!(error instanceof RequestError)) return {status: 'unknown', message: errorText(error)};
  if (error.outcome !== 'rejected') {
    return {
      status: 'unknown',
      message:
        'no answer from the gateway: the change may or may not have been applied — re-read the config before trying again',
    };
  }
  const message = error.message || error.code;
  if (/config changed since last load|config base hash (required|unavailable)/i.test(message)) {
    return {
      status: 'conflict',
      message:
        'the config changed since it was read: nothing was written — review the change again against the new config',
    };
  }
  if (/rate limit/i.test(message)) {
    const seconds = /retry after (\d+)\s*s/i.exec(message)?.[1];
    return {
      status: 'rate-limited',
      message,
      ...(seconds === undefined ? {} : {retryAfterMs: Number(seconds) * 1000}),
    };
  }
  if (error.code === 'UNAVAILABLE' && /persisted/i.test(message)) {
    return {status: 'persisted', message};
  }
  return {status: 'refused', code: error.code, message};
};

const readPaths = (value: unknown): readonly string[] =>
  Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];

export type ApplyOptions = {
  /** Recorded by the gateway with the change (config.patch `note`). */
  readonly note?: string;
  /** Records `policy/changed` on success, so the policy is read again. */
  readonly dispatch?: GatewayDispatch;
  readonly audit?: AuditLog;
  readonly gatewayLabel?: string;
  readonly now?: () => number;
};

const auditOutcome = (result: ApplyResult): 'applied' | 'not-applied' | 'unknown' =>
  result.status === 'applied' || result.status === 'persisted'
    ? 'applied'
    : result.status === 'unknown'
      ? 'unknown'
      : 'not-applied';

/** Sends a prepared change exactly once. Never retries: a conflict goes back to the operator. */
export const applyConfigChange = async (
  connection: GatewayConnection,
  prepared: PreparedConfigChange,
  options: ApplyOptions = {},
): Promise<ApplyResult> => {
  const now = options.now ?? Date.now;
  const params: Record<string, unknown> = {raw: prepared.raw, baseHash: prepared.baseHash};
  if (prepared.replacePaths.length > 0) params.replacePaths = [...prepared.replacePaths];
  if (options.note !== undefined) params.note = options.note;
  let result: ApplyResult;
  try {
    const payload = await connection.request('config.patch', params);
    const record = isRecord(payload) ? payload : {};
    const hash = typeof record.hash === 'string' && record.hash !== '' ? record.hash : undefined;
    result = {
      status: 'applied',
      ...(hash === undefined ? {} : {hash}),
      changedPaths: readPaths(record.changedPaths),
      noop: record.noop === true,
    };
  } catch (error) {
    result = classifyPatchError(error);
  }
  if (result.status === 'applied' || result.status === 'persisted') {
    options.dispatch?.({
      type: 'policy/changed',
      by: 'console',
      ...(result.status === 'applied' && result.hash !== undefined ? {hash: result.hash} : {}),
      ...(result.status === 'applied' ? {changedPaths: result.changedPaths} : {}),
      at: now(),
    });
  }
  options.audit?.append({
    ts: new Date(now()).toISOString(),
    gateway: options.gatewayLabel ?? '',
    kind: 'config-change',
    id: prepared.baseHash,
    decision: 'config.patch',
    granted: [prepared.summary, ...prepared.diff.map((line) => line.text)].join('; '),
    outcome: auditOutcome(result),
    ...(result.status === 'applied' ? {} : {message: result.message}),
  });
  return result;
};

/** config.get, then `plan` against it; a failed read is 'unavailable'. */
export const prepareFromGateway = async <R>(
  connection: GatewayConnection,
  plan: (snapshot: ConfigSnapshot) => R,
): Promise<R | {readonly status: 'unavailable'; readonly message: string}> => {
  let snapshot: ConfigSnapshot;
  try {
    snapshot = await readConfig(connection);
  } catch (error) {
    return {status: 'unavailable', message: `could not read the config: ${errorText(error)}`};
  }
  return plan(snapshot);
};

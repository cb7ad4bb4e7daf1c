// The inbox's items and how they merge: the state's shape, an item per request kind, and the
// two ways items arrive (a list that replaces its kind, an event that adds one). The reducers
// (inbox-slice.ts, question-inbox.ts) build on these; keeping them here lets both import them
// without importing each other.
//
// Lists (device.pair.list, exec.approval.list, …) REPLACE the pending set of their kind, but are
// reconciled with the events by id, because a list answer can be older than the events around it:
// - an id that left pending (resolved, superseded, expired, or gone from an earlier list) is
//   remembered in `resolvedIds` with its time; a list requested before that time cannot bring it
//   back. A list requested after it may (the gateway is the authority).
// - an item that arrived by event after the list was requested is kept even if the list lacks it.

import type {
  ApprovalKind,
  ApprovalRequest,
  DmAccessRequest,
  PairedDevice,
  PendingDevice,
  PendingNode,
} from '../protocol/types.ts';
import type {Listed} from './action-types/listed.ts';
import type {InboxItem, InboxItemState, InboxKind} from './model.ts';

/** The gateway drops pending device requests 5 min after `ts` (DEVICE_PAIRING_PENDING_TTL_MS). */
export const DEVICE_PAIRING_TTL_MS = 5 * 60_000;
/** How long a finished item stays visible as history. */
export const INBOX_HISTORY_MS = 2 * 60_000;

export type DmAccessSupport = {
  readonly support: 'unknown' | 'supported' | 'unsupported';
  readonly accounts: readonly {readonly channel: string; readonly accountId: string}[];
  readonly reason?: string;
};

export type InboxState = {
  readonly items: Readonly<Record<string, InboxItem>>;
  /** Id → when it stopped being pending. Pruned after RACE_MEMORY_MS. */
  readonly resolvedIds: Readonly<Record<string, number>>;
  readonly pairedDevices: readonly PairedDevice[];
  readonly dmAccess: DmAccessSupport;
  /** When each kind's list last arrived. */
  readonly listedAt: Readonly<Partial<Record<InboxKind, number>>>;
};

export const initialInboxState: InboxState = {
  items: {},
  resolvedIds: {},
  pairedDevices: [],
  dmAccess: {support: 'unknown', accounts: []},
  listedAt: {},
};

export const PENDING: InboxItemState = {phase: 'pending'};

// ── building items ───────────────────────────────────────────────────────────────────────────

export const deviceItem = (request: PendingDevice, at: number): InboxItem => ({
  kind: 'device-pairing',
  id: request.requestId,
  request,
  receivedAt: at,
  expiresAt: (request.ts ?? at) + DEVICE_PAIRING_TTL_MS,
  state: PENDING,
});

export const nodeItem = (request: PendingNode, at: number): InboxItem => ({
  kind: 'node-pairing',
  id: request.requestId,
  request,
  receivedAt: at,
  state: PENDING,
});

export const approvalItem = (request: ApprovalRequest, at: number): InboxItem => ({
  kind: approvalKindOf(request.kind),
  id: request.id,
  request,
  receivedAt: at,
  ...(request.expiresAtMs === undefined ? {} : {expiresAt: request.expiresAtMs}),
  state: PENDING,
});

export const dmAccessItem = (request: DmAccessRequest, at: number): InboxItem => ({
  kind: 'dm-access',
  id: request.requestId,
  request,
  receivedAt: at,
  ...(request.expiresAt === undefined ? {} : {expiresAt: request.expiresAt}),
  state: PENDING,
});

export function approvalKindOf(
  kind: ApprovalKind,
): 'exec-approval' | 'plugin-approval' | 'system-agent-approval' {
  if (kind === 'plugin') return 'plugin-approval';
  return kind === 'system-agent' ? 'system-agent-approval' : 'exec-approval';
}

/** Open = still needs (or is getting) a human decision. */
export const isOpen = (item: InboxItem): boolean =>
  item.state.phase === 'pending' ||
  item.state.phase === 'deciding' ||
  item.state.phase === 'failed';

const withFreshRequest = (
  existing: InboxItem,
  fresh: InboxItem,
  state: InboxItemState,
): InboxItem => {
  const {expiresAt: _old, ...rest} = existing;
  return {
    ...rest,
    request: fresh.request,
    state,
    ...(fresh.expiresAt === undefined ? {} : {expiresAt: fresh.expiresAt}),
  } as InboxItem;
};

const deviceIdOf = (item: InboxItem): string | undefined =>
  item.kind === 'device-pairing' ? item.request.deviceId : undefined;

// ── reconciling ──────────────────────────────────────────────────────────────────────────────

export const reconcileList = (
  state: InboxState,
  kind: InboxKind,
  incoming: readonly InboxItem[],
  {requestedAt, at}: Listed,
): InboxState => {
  const items: Record<string, InboxItem> = {...state.items};
  const resolvedIds: Record<string, number> = {...state.resolvedIds};
  const listed = new Set<string>();
  const listedDevice = new Map<string, string>();

  for (const fresh of incoming) {
    const resolvedAt = resolvedIds[fresh.id];
    if (resolvedAt !== undefined) {
      if (requestedAt <= resolvedAt) continue; // a stale list must not resurrect it
      delete resolvedIds[fresh.id]; // asked after it left, still pending: the gateway knows best
    }
    listed.add(fresh.id);
    const deviceId = deviceIdOf(fresh);
    if (deviceId !== undefined) listedDevice.set(deviceId, fresh.id);
    const existing = items[fresh.id];
    if (existing === undefined || existing.kind !== kind) {
      items[fresh.id] = fresh;
      continue;
    }
    // A decision in flight settles through decision/*; our own expiry is not undone by a list.
    const phase = existing.state.phase;
    const keep = phase === 'deciding' || phase === 'expired';
    items[fresh.id] = withFreshRequest(existing, fresh, keep ? existing.state : PENDING);
  }

  for (const [id, existing] of Object.entries(state.items)) {
    if (existing.kind !== kind || listed.has(id)) continue;
    const phase = existing.state.phase;
    if (phase !== 'pending' && phase !== 'failed') continue;
    if (existing.receivedAt > requestedAt) continue; // arrived by event after we asked
    const deviceId = deviceIdOf(existing);
    const successor = deviceId === undefined ? undefined : listedDevice.get(deviceId);
    if (successor !== undefined && successor !== id) {
      items[id] = {...existing, state: {phase: 'superseded', by: successor, at}};
      const next = items[successor];
      if (next !== undefined && next.supersedes === undefined)
        items[successor] = {...next, supersedes: id};
    } else {
      delete items[id];
    }
    resolvedIds[id] = Math.max(resolvedIds[id] ?? requestedAt, requestedAt);
  }

  return {...state, items, resolvedIds, listedAt: {...state.listedAt, [kind]: at}};
};

export const receive = (state: InboxState, fresh: InboxItem, at: number): InboxState => {
  if (state.resolvedIds[fresh.id] !== undefined) return state; // a late duplicate of a finished one
  const items: Record<string, InboxItem> = {...state.items};
  const existing = items[fresh.id];
  if (existing !== undefined && existing.kind === fresh.kind) {
    items[fresh.id] = withFreshRequest(existing, fresh, existing.state);
    return {...state, items};
  }

  let resolvedIds = state.resolvedIds;
  let replaced: InboxItem | undefined;
  const deviceId = deviceIdOf(fresh);
  if (deviceId !== undefined) {
    // A device retry (new role/scopes/key) gets a new request id; the gateway rejects the old
    // one. Show the new one as the live request and the old one as replaced.
    for (const old of Object.values(state.items)) {
      if (old.id === fresh.id || deviceIdOf(old) !== deviceId) continue;
      const phase = old.state.phase;
      if (phase === 'resolved' || phase === 'superseded') continue;
      items[old.id] = {...old, state: {phase: 'superseded', by: fresh.id, at}};
      resolvedIds = {...resolvedIds, [old.id]: at};
      if (replaced === undefined || old.receivedAt > replaced.receivedAt) replaced = old;
    }
  }
  items[fresh.id] = replaced === undefined ? fresh : {...fresh, supersedes: replaced.id};
  return {...state, items, resolvedIds};
};

// Everything waiting for a human, by exact request id.
//
// Lists (device.pair.list, exec.approval.list, …) REPLACE the pending set of their kind, but are
// reconciled with the events by id, because a list answer can be older than the events around it:
// - an id that left pending (resolved, superseded, expired, or gone from an earlier list) is
//   remembered in `resolvedIds` with its time; a list requested before that time cannot bring it
//   back. A list requested after it may (the gateway is the authority).
// - an item that arrived by event after the list was requested is kept even if the list lacks it.
// Items that are over stay a little while as history (so the operator sees "approved ✓"),
// then the clock prunes them.

import type {
  ApprovalDecision,
  ApprovalKind,
  ApprovalRequest,
  DevicePairList,
  DmAccessList,
  DmAccessRequest,
  PairedDevice,
  PairResolved,
  ApprovalResolved,
  PendingDevice,
  PendingNode,
} from '../protocol/types.ts';
import type {GatewayRecordAction} from './actions.ts';
import {RACE_MEMORY_MS} from './clock.ts';
import type {InboxDecision, InboxItem, InboxItemState, InboxKind} from './model.ts';
import {questionReducer, type QuestionAction} from './question-inbox.ts';

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

export type Listed = {readonly requestedAt: number; readonly at: number};

export type InboxAction =
  | QuestionAction
  | ({readonly type: 'device-pairing/listed'; readonly list: DevicePairList} & Listed)
  | {
      readonly type: 'device-pairing/requested';
      readonly request: PendingDevice;
      readonly at: number;
    }
  | {readonly type: 'device-pairing/resolved'; readonly resolved: PairResolved; readonly at: number}
  | ({readonly type: 'node-pairing/listed'; readonly pending: readonly PendingNode[]} & Listed)
  | {readonly type: 'node-pairing/requested'; readonly request: PendingNode; readonly at: number}
  | {readonly type: 'node-pairing/resolved'; readonly resolved: PairResolved; readonly at: number}
  | ({
      readonly type: 'approvals/listed';
      readonly kind: ApprovalKind;
      readonly approvals: readonly ApprovalRequest[];
    } & Listed)
  | {readonly type: 'approval/requested'; readonly request: ApprovalRequest; readonly at: number}
  | {readonly type: 'approval/resolved'; readonly resolved: ApprovalResolved; readonly at: number}
  | ({readonly type: 'dm-access/listed'; readonly list: DmAccessList} & Listed)
  /** channels.pairing.list is missing (4.1) or refused: the DM section says why. */
  | {readonly type: 'dm-access/unsupported'; readonly reason: string; readonly at: number}
  /**
   * The operator sent a decision for this exact id. Pairing and DM access use the same words:
   * approve = 'allow-once', reject/dismiss = 'deny'.
   */
  | {
      readonly type: 'decision/started';
      readonly id: string;
      readonly decision: ApprovalDecision;
      readonly at: number;
    }
  | {
      readonly type: 'decision/succeeded';
      readonly id: string;
      readonly decision: ApprovalDecision;
      readonly at: number;
    }
  | {
      readonly type: 'decision/failed';
      readonly id: string;
      readonly decision: ApprovalDecision;
      /** not-applied: the gateway refused, safe to offer again; unknown: re-read before retrying. */
      readonly outcome: 'not-applied' | 'unknown';
      readonly message: string;
      readonly at: number;
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

function approvalKindOf(
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

const APPROVE_WORDS = new Set(['approved', 'allowed', 'allow-once', 'allow-always', 'allow']);
const DENY_WORDS = new Set(['rejected', 'denied', 'deny', 'dismissed']);

/** Whether a resolution the gateway reports is the decision we sent (wording differs per kind). */
const sameDecision = (ours: InboxDecision, reported: string | undefined): boolean => {
  if (reported === undefined || reported === ours) return true;
  return ours === 'deny' ? DENY_WORDS.has(reported) : APPROVE_WORDS.has(reported);
};

const resolve = (
  state: InboxState,
  id: string,
  decision: string | undefined,
  at: number,
): InboxState => {
  const resolvedIds = {...state.resolvedIds, [id]: state.resolvedIds[id] ?? at};
  const existing = state.items[id];
  if (existing === undefined) return {...state, resolvedIds};
  const current = existing.state;
  if (current.phase === 'resolved' || current.phase === 'superseded')
    return {...state, resolvedIds};
  const ours =
    (current.phase === 'deciding' || current.phase === 'failed') &&
    sameDecision(current.decision, decision);
  const resolved: InboxItem = {
    ...existing,
    state: {
      phase: 'resolved',
      decision: decision ?? 'resolved',
      by: ours ? 'console' : 'elsewhere',
      at,
    },
  };
  return {...state, resolvedIds, items: {...state.items, [id]: resolved}};
};

/** The words the gateway itself uses for a decision on this kind of item. */
const decisionWord = (kind: InboxKind, decision: ApprovalDecision): string => {
  if (kind === 'exec-approval' || kind === 'plugin-approval' || kind === 'system-agent-approval')
    return decision;
  if (decision === 'deny') return kind === 'dm-access' ? 'dismissed' : 'rejected';
  return 'approved';
};

const decide = (state: InboxState, action: GatewayRecordAction): InboxState => {
  if (
    action.type !== 'decision/started' &&
    action.type !== 'decision/succeeded' &&
    action.type !== 'decision/failed'
  ) {
    return state;
  }
  const existing = state.items[action.id];
  if (existing === undefined) return state;
  const phase = existing.state.phase;
  const put = (item: InboxItem, resolvedIds = state.resolvedIds): InboxState => ({
    ...state,
    resolvedIds,
    items: {...state.items, [item.id]: item},
  });
  switch (action.type) {
    case 'decision/started':
      if (phase !== 'pending' && phase !== 'failed') return state;
      return put({...existing, state: {phase: 'deciding', decision: action.decision}});
    case 'decision/succeeded':
      if (phase === 'resolved' || phase === 'superseded') return state;
      return put(
        {
          ...existing,
          state: {
            phase: 'resolved',
            decision: decisionWord(existing.kind, action.decision),
            by: 'console',
            at: action.at,
          },
        },
        {...state.resolvedIds, [action.id]: action.at},
      );
    case 'decision/failed':
      if (phase !== 'deciding' && phase !== 'pending') return state;
      return put({
        ...existing,
        state: {
          phase: 'failed',
          decision: action.decision,
          outcome: action.outcome,
          message: action.message,
          at: action.at,
        },
      });
  }
};

const tick = (state: InboxState, now: number): InboxState => {
  let items: Record<string, InboxItem> | undefined;
  let resolvedIds: Record<string, number> | undefined;
  for (const item of Object.values(state.items)) {
    const current = item.state;
    if (
      (current.phase === 'pending' || current.phase === 'failed') &&
      item.expiresAt !== undefined &&
      item.expiresAt <= now
    ) {
      items ??= {...state.items};
      resolvedIds ??= {...state.resolvedIds};
      items[item.id] = {...item, state: {phase: 'expired', at: now}};
      resolvedIds[item.id] ??= now;
    } else if (
      (current.phase === 'resolved' ||
        current.phase === 'superseded' ||
        current.phase === 'expired') &&
      now - current.at > INBOX_HISTORY_MS
    ) {
      items ??= {...state.items};
      delete items[item.id];
    }
  }
  for (const [id, at] of Object.entries(state.resolvedIds)) {
    if (now - at > RACE_MEMORY_MS && state.items[id] === undefined) {
      resolvedIds ??= {...state.resolvedIds};
      delete resolvedIds[id];
    }
  }
  if (items === undefined && resolvedIds === undefined) return state;
  return {...state, items: items ?? state.items, resolvedIds: resolvedIds ?? state.resolvedIds};
};

export const inboxReducer = (state: InboxState, action: GatewayRecordAction): InboxState => {
  switch (action.type) {
    case 'device-pairing/listed':
      return {
        ...reconcileList(
          state,
          'device-pairing',
          action.list.pending.map((request) => deviceItem(request, action.at)),
          action,
        ),
        pairedDevices: action.list.paired,
      };
    case 'device-pairing/requested':
      return receive(state, deviceItem(action.request, action.at), action.at);
    case 'device-pairing/resolved':
    case 'node-pairing/resolved':
      return resolve(state, action.resolved.requestId, action.resolved.decision, action.at);
    case 'node-pairing/listed':
      return reconcileList(
        state,
        'node-pairing',
        action.pending.map((request) => nodeItem(request, action.at)),
        action,
      );
    case 'node-pairing/requested':
      return receive(state, nodeItem(action.request, action.at), action.at);
    case 'approvals/listed':
      return reconcileList(
        state,
        approvalKindOf(action.kind),
        // A list of one kind may only replace that kind, whatever an item claims to be.
        action.approvals
          .filter((request) => request.kind === action.kind)
          .map((request) => approvalItem(request, action.at)),
        action,
      );
    case 'approval/requested':
      return receive(state, approvalItem(action.request, action.at), action.at);
    case 'approval/resolved':
      return resolve(state, action.resolved.id, action.resolved.decision, action.at);
    case 'dm-access/listed':
      return {
        ...reconcileList(
          state,
          'dm-access',
          action.list.requests.map((request) => dmAccessItem(request, action.at)),
          action,
        ),
        dmAccess: {support: 'supported', accounts: action.list.accounts},
      };
    case 'dm-access/unsupported':
      return {...state, dmAccess: {support: 'unsupported', accounts: [], reason: action.reason}};
    case 'decision/started':
    case 'decision/succeeded':
    case 'decision/failed':
      return decide(state, action);
    case 'clock/ticked':
      return tick(state, action.now);
    default:
      return questionReducer(state, action);
  }
};

// Everything waiting for a human, by exact request id: the inbox's reducer. How lists and events
// merge into items is in inbox-items.ts. Items that are over stay a little while as history (so
// the operator sees "approved ✓"), then the clock prunes them.

import type {ApprovalDecision} from '../protocol/types.ts';
import type {GatewayRecordAction} from './actions.ts';
import {RACE_MEMORY_MS} from './clock.ts';
import type {InboxDecision, InboxItem, InboxKind} from './model.ts';
import {
  INBOX_HISTORY_MS,
  approvalItem,
  approvalKindOf,
  deviceItem,
  dmAccessItem,
  nodeItem,
  receive,
  reconcileList,
  type InboxState,
} from './inbox-items.ts';
import {questionReducer} from './question-inbox.ts';

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

// What views (and the --json twins) read. Selectors of a gateway's data take its id (the key of
// its record in AppState.gateways); ui selectors take the state alone. Memoised selectors recompute
// only when a slice they read is a different object, so useSyncExternalStore gets a stable result
// between changes.

import type {InboxItem, InboxKind, Session, SessionStatus, TailEvent, TreeRow} from './model.ts';
import type {GatewayId} from './gateway-id.ts';
import {gatewayRecordOf, type AppState} from './reducer.ts';
import {isOpen} from './inbox-items.ts';
import {memoize} from './memo.ts';
import {parseSessionFilter} from './session-filter.ts';
import {sessionEntryOf} from './sessions-slice.ts';
import {tableValues} from './slot-table.ts';
import {
  deliveryInboxKey,
  selectBlockedDeliveries,
  selectInboxDeliveries,
} from './task-selectors.ts';
import {buildForest, visibleRows, type Forest} from './tree.ts';
import type {PaneId} from './action-types/ui.ts';
import type {Cursor} from './ui-slice.ts';

// ── gateway / ui ─────────────────────────────────────────────────────────────────────────────

/** One gateway's record: connection, sessions, inbox, events, policy. */
export const selectGatewayRecord = gatewayRecordOf;
export const selectGateway = (state: AppState, gateway: GatewayId) =>
  gatewayRecordOf(state, gateway).gateway;
export const selectUi = (state: AppState) => state.ui;
export const selectPane = (state: AppState): PaneId => state.ui.pane;
export const selectMode = (state: AppState) => state.ui.mode;
export const selectFilterText = (state: AppState, pane: PaneId = state.ui.pane): string =>
  state.ui.filters[pane] ?? '';
export const selectConfirm = (state: AppState) => state.ui.confirm;
export const selectNotice = (state: AppState) => state.ui.notice;

// ── sessions ─────────────────────────────────────────────────────────────────────────────────

export const selectSessionList = memoize(
  (state: AppState, gateway: GatewayId) =>
    [gatewayRecordOf(state, gateway).sessions.byKey] as const,
  ([byKey]): readonly Session[] => Array.from(tableValues(byKey), (entry) => entry.session),
);

export const selectSession = (
  state: AppState,
  gateway: GatewayId,
  key: string,
): Session | undefined => sessionEntryOf(gatewayRecordOf(state, gateway).sessions, key)?.session;

/** A session's title, or undefined when that gateway (or session) is not held. */
export const selectSessionTitle = (
  state: AppState,
  gateway: GatewayId,
  key: string,
): string | undefined => {
  const record = state.gateways[gateway];
  return record === undefined ? undefined : sessionEntryOf(record.sessions, key)?.session.title;
};

export const selectSessionsNeedRefetch = (state: AppState, gateway: GatewayId): boolean =>
  gatewayRecordOf(state, gateway).sessions.needsRefetch;

export const selectForest = memoize(
  (state: AppState, gateway: GatewayId) => [selectSessionList(state, gateway)] as const,
  ([sessions]): Forest => buildForest(sessions),
);

/** Session keys named by an open approval or question: those rows are "waiting for you". */
export const waitingSessionKeys = (
  items: Readonly<Record<string, InboxItem>>,
): ReadonlySet<string> => {
  const keys = new Set<string>();
  for (const item of Object.values(items)) {
    if (!isOpen(item)) continue;
    if (
      item.kind === 'exec-approval' ||
      item.kind === 'plugin-approval' ||
      item.kind === 'system-agent-approval' ||
      item.kind === 'question'
    ) {
      if (item.request.sessionKey !== undefined) keys.add(item.request.sessionKey);
    }
  }
  return keys;
};

export const selectWaitingSessionKeys = memoize(
  (state: AppState, gateway: GatewayId) => [gatewayRecordOf(state, gateway).inbox.items] as const,
  ([items]) => waitingSessionKeys(items),
);

const selectSessionFilter = memoize(
  (state: AppState) => [state.ui.filters.sessions ?? ''] as const,
  ([text]) => parseSessionFilter(text),
);

/** The visible tree rows, in display order (collapse + sessions filter applied). */
export const selectTreeRows = memoize(
  (state: AppState, gateway: GatewayId) =>
    [
      selectForest(state, gateway),
      state.ui.collapsed,
      selectSessionFilter(state),
      selectWaitingSessionKeys(state, gateway),
    ] as const,
  ([forest, collapsed, filter, waiting]): readonly TreeRow[] =>
    visibleRows(forest, {collapsed, waiting, ...(filter === undefined ? {} : {filter})}),
);

export type SessionCounts = Readonly<Record<SessionStatus, number>> & {readonly total: number};

export const selectSessionCounts = memoize(
  (state: AppState, gateway: GatewayId) => [selectSessionList(state, gateway)] as const,
  ([sessions]): SessionCounts => {
    const counts = {
      total: 0,
      running: 0,
      queued: 0,
      idle: 0,
      done: 0,
      failed: 0,
      stopped: 0,
      unknown: 0,
    };
    for (const session of sessions) {
      counts.total++;
      counts[session.status]++;
    }
    return counts;
  },
);

// ── inbox ────────────────────────────────────────────────────────────────────────────────────

/** An item's searchable text (the Inbox filter matches every word in it), lower case. */
export const inboxItemText = (item: InboxItem): string => {
  const parts: string[] = [item.kind, item.id];
  for (const value of Object.values(item.request)) {
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value))
      parts.push(value.filter((entry) => typeof entry === 'string').join(' '));
  }
  return parts.join('\n').toLowerCase();
};

const finishedAt = (item: InboxItem): number =>
  'at' in item.state ? item.state.at : item.receivedAt;

/** Open items first (oldest first: first come, first decided), then recent history, newest first. */
export const selectInboxItems = memoize(
  (state: AppState, gateway: GatewayId) =>
    [gatewayRecordOf(state, gateway).inbox.items, state.ui.filters.inbox ?? ''] as const,
  ([items, filterText]): readonly InboxItem[] => {
    const words = filterText
      .trim()
      .toLowerCase()
      .split(/\s+/)
      .filter((word) => word !== '');
    const all = Object.values(items).filter(
      (item) => words.length === 0 || words.every((word) => inboxItemText(item).includes(word)),
    );
    const open = all
      .filter(isOpen)
      .sort((a, b) => a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : 1));
    const done = all
      .filter((item) => !isOpen(item))
      .sort((a, b) => finishedAt(b) - finishedAt(a) || (a.id < b.id ? -1 : 1));
    return [...open, ...done];
  },
);

export const selectOpenInboxItems = memoize(
  (state: AppState, gateway: GatewayId) => [gatewayRecordOf(state, gateway).inbox.items] as const,
  ([items]): readonly InboxItem[] =>
    Object.values(items)
      .filter(isOpen)
      .sort((a, b) => a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : 1)),
);

/**
 * Items still needing a human: pending, being decided, or failed (and offerable again), and the
 * blocked deliveries (work finished, its result not handed back).
 */
export const selectInboxCount = (state: AppState, gateway: GatewayId): number =>
  selectOpenInboxItems(state, gateway).length + selectBlockedDeliveries(state, gateway).length;

export const selectInboxCountsByKind = memoize(
  (state: AppState, gateway: GatewayId) => [selectOpenInboxItems(state, gateway)] as const,
  ([open]): Readonly<Record<InboxKind, number>> => {
    const counts = {
      'device-pairing': 0,
      'node-pairing': 0,
      'exec-approval': 0,
      'plugin-approval': 0,
      'dm-access': 0,
      'system-agent-approval': 0,
      question: 0,
    };
    for (const item of open) counts[item.kind]++;
    return counts;
  },
);

export const selectInboxItem = (
  state: AppState,
  gateway: GatewayId,
  id: string,
): InboxItem | undefined => gatewayRecordOf(state, gateway).inbox.items[id];

export const selectPairedDevices = (state: AppState, gateway: GatewayId) =>
  gatewayRecordOf(state, gateway).inbox.pairedDevices;
export const selectDmAccess = (state: AppState, gateway: GatewayId) =>
  gatewayRecordOf(state, gateway).inbox.dmAccess;

// ── events ───────────────────────────────────────────────────────────────────────────────────

/** Tail lines, oldest first, with the events filter applied (summary, kind, session key). */
export const selectTailEvents = memoize(
  (state: AppState, gateway: GatewayId) =>
    [gatewayRecordOf(state, gateway).events.items, state.ui.filters.events ?? ''] as const,
  ([items, filterText]): readonly TailEvent[] => {
    const words = filterText
      .trim()
      .toLowerCase()
      .split(/\s+/)
      .filter((word) => word !== '');
    if (words.length === 0) return items;
    return items.filter((event) => {
      const text = `${event.kind}\n${event.summary}\n${event.sessionKey ?? ''}`.toLowerCase();
      return words.every((word) => text.includes(word));
    });
  },
);

export const selectTailDropped = (state: AppState, gateway: GatewayId): number =>
  gatewayRecordOf(state, gateway).events.dropped;

// ── cursor ───────────────────────────────────────────────────────────────────────────────────

const treeKeys = memoize(
  (state: AppState, gateway: GatewayId) => [selectTreeRows(state, gateway)] as const,
  ([rows]): readonly string[] => rows.map((row) => row.key),
);
const inboxKeys = memoize(
  (state: AppState, gateway: GatewayId) =>
    [selectInboxItems(state, gateway), selectInboxDeliveries(state, gateway)] as const,
  ([items, deliveries]): readonly string[] => [
    ...items.map((item) => item.id),
    // Blocked deliveries wait for a human too; they follow the requests.
    ...deliveries.map((task) => deliveryInboxKey(task.id)),
  ],
);
const eventKeys = memoize(
  (state: AppState, gateway: GatewayId) => [selectTailEvents(state, gateway)] as const,
  ([events]): readonly string[] => events.map((event) => String(event.id)),
);
const NO_KEYS: readonly string[] = [];

/** The row keys a pane's cursor moves over (event ids as strings). */
export const selectPaneKeys = (
  state: AppState,
  gateway: GatewayId,
  pane: PaneId,
): readonly string[] => {
  switch (pane) {
    case 'sessions':
      return treeKeys(state, gateway);
    case 'inbox':
      return inboxKeys(state, gateway);
    case 'events':
      return eventKeys(state, gateway);
    default:
      return NO_KEYS;
  }
};

/**
 * Where the pane's cursor is: the stored key if still visible; else the same index (the row
 * that took its place); else the first row. undefined for an empty pane.
 */
export const selectCursor = (
  state: AppState,
  gateway: GatewayId,
  pane: PaneId = state.ui.pane,
): Cursor | undefined => {
  const keys = selectPaneKeys(state, gateway, pane);
  if (keys.length === 0) return undefined;
  const stored = state.ui.cursors[pane];
  if (stored !== undefined) {
    const hinted = keys[stored.index];
    if (hinted === stored.key) return stored;
    const found = keys.indexOf(stored.key);
    if (found >= 0) return {key: stored.key, index: found};
    const index = Math.min(stored.index, keys.length - 1);
    return {key: keys[index] as string, index};
  }
  return {key: keys[0] as string, index: 0};
};

export const selectSelectedKey = (
  state: AppState,
  gateway: GatewayId,
  pane: PaneId = state.ui.pane,
): string | undefined => selectCursor(state, gateway, pane)?.key;

export type CursorMove = 'up' | 'down' | 'first' | 'last' | {readonly by: number};

/** Where a move would land; dispatch it as `{type: 'ui/cursor-moved', pane, ...target}`. */
export const selectCursorTarget = (
  state: AppState,
  gateway: GatewayId,
  pane: PaneId,
  move: CursorMove,
): Cursor | undefined => {
  const keys = selectPaneKeys(state, gateway, pane);
  if (keys.length === 0) return undefined;
  const current = selectCursor(state, gateway, pane)?.index ?? 0;
  const delta = move === 'up' ? -1 : move === 'down' ? 1 : typeof move === 'object' ? move.by : 0;
  const wanted = move === 'first' ? 0 : move === 'last' ? keys.length - 1 : current + delta;
  const index = Math.max(0, Math.min(keys.length - 1, wanted));
  return {key: keys[index] as string, index};
};

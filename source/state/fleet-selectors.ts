// What the console shows across every gateway it holds: the Fleet rows, the merged tree (one top
// level per gateway when there is more than one), the merged inbox and events, and the cursors
// over them. Every row and item carries its gateway, and its key (uid) is the gateway plus its
// own id, so two gateways holding the same request id or session key are two different rows.
//
// Each gateway's part is memoised in its own slot (a selector called for gateway A, then B, would
// otherwise recompute both every frame), so a flood on one gateway recomputes that gateway only.

import type {SessionEntry} from './sessions-slice.ts';
import {tableSize} from './slot-table.ts';
import {fleetRowOf, fleetRowState, type FleetRow} from './fleet-rows.ts';
import {DEFAULT_GATEWAY_ID, type GatewayId} from './gateway-id.ts';
import type {GatewayRecord} from './gateway-record.ts';
import {isOpen} from './inbox-items.ts';
import {memoize} from './memo.ts';
import type {GatewayHead, InboxItem, TailEvent, TreeRow} from './model.ts';
import type {AppState} from './reducer.ts';
import type {TaskSummary} from '../protocol/types.ts';
import {
  deliveryInboxKey,
  selectBlockedDeliveries,
  selectInboxDeliveries,
  selectSessionTaskStates,
  selectTasksState,
} from './task-selectors.ts';
import type {TaskState} from './task-state.ts';
import type {TaskActionState} from './tasks-slice.ts';
import {inboxItemText, waitingSessionKeys} from './selectors.ts';
import {parseSessionFilter} from './session-filter.ts';
import {
  fleetKey,
  updateForest,
  updateVisibleRows,
  type BuiltForest,
  type Forest,
  type VisibleTree,
} from './tree.ts';
import type {PaneId} from './action-types/ui.ts';
import type {Cursor} from './ui-slice.ts';

export {fleetKey};

/** An inbox item or tail line with the gateway it came from. */
export type Located<T> = {
  readonly gateway: GatewayId;
  /** gateway + the item's own id: unique across the fleet. */
  readonly uid: string;
  readonly value: T;
};

// ── gateways ──────────────────────────────────────────────────────────────────────────────────

export const selectGatewayIds = memoize(
  (state: AppState) => [state.gateways] as const,
  ([gateways]): readonly GatewayId[] => Object.keys(gateways),
);

/** More than one gateway: the tree gains a gateway level. */
export const selectIsFleet = (state: AppState): boolean => selectGatewayIds(state).length > 1;

/** The gateway the Gateway and Policy panes show: the operator's choice while it exists. */
export const selectFocusedGateway = (state: AppState): GatewayId => {
  const ids = selectGatewayIds(state);
  const wanted = state.ui.focus;
  return wanted !== undefined && state.gateways[wanted] !== undefined
    ? wanted
    : (ids[0] ?? DEFAULT_GATEWAY_ID);
};

/** The name an operator knows a gateway by: its fleet entry name; the host for a lone gateway. */
export const gatewayName = (state: AppState, id: GatewayId): string =>
  id === DEFAULT_GATEWAY_ID ? (state.gateways[id]?.gateway.host ?? id) : id;

/** One memoised selector per gateway id. */
const perGateway = <R>(
  make: () => (record: GatewayRecord, id: GatewayId, state: AppState) => R,
): ((state: AppState, id: GatewayId) => R) => {
  const slots = new Map<GatewayId, (record: GatewayRecord, id: GatewayId, state: AppState) => R>();
  return (state, id) => {
    let slot = slots.get(id);
    if (slot === undefined) {
      slot = make();
      slots.set(id, slot);
    }
    const record = state.gateways[id];
    if (record === undefined) throw new Error(`no gateway "${id}" in the state`);
    return slot(record, id, state);
  };
};

// Under a flood every gateway's sessions change between two frames, so memoising on the session
// map alone would rebuild every gateway's forest and rows each frame (10 × 1,000 sessions in a
// fleet of 10): each slot keeps its last forest and rows and patches them (tree.ts).
const forestOf = perGateway(() => {
  let last: BuiltForest | undefined;
  return (record: GatewayRecord): Forest => {
    const sessions = record.sessions.byKey;
    if (last?.sessions !== sessions) last = {sessions, forest: updateForest(last, sessions)};
    return last.forest;
  };
});

const openItemsOf = perGateway(() =>
  memoize(
    (record: GatewayRecord) => [record.inbox.items] as const,
    ([items]): readonly InboxItem[] => Object.values(items).filter(isOpen),
  ),
);

const waitingKeysOf = perGateway(() =>
  memoize(
    (record: GatewayRecord) => [record.inbox.items] as const,
    ([items]) => waitingSessionKeys(items),
  ),
);

// A flood writes a few chunks of a gateway's session table between two frames: the running count
// of every other chunk is remembered by the chunk itself (it never changes), so a frame counts
// ~32 sessions per changed chunk instead of all 10,000 of a fleet.
const runningByChunk = new WeakMap<readonly (SessionEntry | undefined)[], number>();
const runningIn = (chunk: readonly (SessionEntry | undefined)[]): number => {
  let running = runningByChunk.get(chunk);
  if (running === undefined) {
    running = 0;
    for (const entry of chunk) if (entry?.session.status === 'running') running++;
    runningByChunk.set(chunk, running);
  }
  return running;
};

const countsOf = perGateway(() =>
  memoize(
    (record: GatewayRecord) => [record.sessions.byKey] as const,
    ([byKey]): {readonly running: number; readonly total: number} => {
      let running = 0;
      for (const chunk of byKey.chunks) running += runningIn(chunk);
      return {running, total: tableSize(byKey)};
    },
  ),
);

/**
 * Last time the gateway told us anything we keep: a tail line or the hello. Our own connection
 * lines ("gateway" kind: connecting, dropped) are not news from it, so a gateway never reached
 * shows no age at all.
 */
const lastHeardOf = (record: GatewayRecord): number | undefined => {
  const items = record.events.items;
  let tail: number | undefined;
  for (let i = items.length - 1; i >= 0; i--) {
    const event = items[i];
    if (event !== undefined && event.kind !== 'gateway') {
      tail = event.ts;
      break;
    }
  }
  const hello = record.gateway.connectedAt;
  if (tail === undefined) return hello;
  return hello === undefined ? tail : Math.max(tail, hello);
};

// ── fleet rows ────────────────────────────────────────────────────────────────────────────────

const fleetRowFor = perGateway(() =>
  memoize(
    (record: GatewayRecord, id: GatewayId, state: AppState) =>
      [
        id,
        gatewayName(state, id),
        record.gateway,
        countsOf(state, id),
        waitingOf(state, id),
        lastHeardOf(record),
        record.tunnel,
        selectFocusedGateway(state) === id,
      ] as const,
    ([id, name, gateway, counts, waiting, lastEventAt, tunnel, focused]): FleetRow =>
      fleetRowOf({
        id,
        name,
        gateway,
        sessions: counts,
        waiting,
        ...(lastEventAt === undefined ? {} : {lastEventAt}),
        ...(tunnel === undefined ? {} : {tunnel}),
        focused,
      }),
  ),
);

export const selectFleetRows = (state: AppState): readonly FleetRow[] =>
  fleetRowsOf(selectGatewayIds(state).map((id) => fleetRowFor(state, id)));

/** The same array while no row changed (the pane and the header compare by identity). */
const fleetRowsOf = (() => {
  let last: readonly FleetRow[] = [];
  return (rows: readonly FleetRow[]): readonly FleetRow[] => {
    if (rows.length === last.length && rows.every((row, i) => row === last[i])) return last;
    last = rows;
    return rows;
  };
})();

// ── sessions: one tree, a gateway level on top in a fleet ────────────────────────────────────

const sessionFilterOf = memoize(
  (state: AppState) => [state.ui.filters.sessions ?? ''] as const,
  ([text]) => parseSessionFilter(text),
);

const visibleTreeOf = perGateway(() => {
  let last: VisibleTree | undefined;
  return (_record: GatewayRecord, id: GatewayId, state: AppState): VisibleTree => {
    const filter = sessionFilterOf(state);
    last = updateVisibleRows(last, forestOf(state, id), {
      collapsed: state.ui.collapsed,
      waiting: waitingKeysOf(state, id),
      gateway: {id, depth: selectIsFleet(state) ? 1 : 0},
      ...(filter === undefined ? {} : {filter}),
    });
    return last;
  };
});

/** The uid of a gateway's own row in the tree. */
export const gatewayRowKey = (id: GatewayId): string => fleetKey(id, '');

const headOf = perGateway(() =>
  memoize(
    (record: GatewayRecord, id: GatewayId, state: AppState) =>
      [
        id,
        gatewayName(state, id),
        record.gateway,
        countsOf(state, id),
        waitingOf(state, id),
        state.ui.collapsed,
      ] as const,
    ([id, name, gateway, counts, waiting, collapsed]): TreeRow => {
      const state = fleetRowState(gateway);
      const head: GatewayHead = {
        name,
        // In words, as the Fleet pane says it ("auth error", not the kind's "auth-error").
        state:
          state.kind === 'reconnecting'
            ? `reconnecting ${state.attempt}`
            : state.kind.replaceAll('-', ' '),
        connected: state.kind === 'connected',
        running: counts.running,
        total: counts.total,
        waiting,
      };
      const uid = gatewayRowKey(id);
      return {
        key: uid,
        uid,
        gateway: id,
        session: {
          key: uid,
          role: 'other',
          title: name,
          childKeys: [],
          status: head.connected ? 'idle' : 'unknown',
          activeRunIds: [],
        },
        depth: 0,
        hasChildren: counts.total > 0,
        expanded: collapsed[uid] !== true,
        childCount: counts.total,
        parentMissing: false,
        waitingForYou: waiting > 0,
        path: name,
        head,
      };
    },
  ),
);

/** A gateway's rows are in the merged tree: a lone gateway, or its head row is expanded. */
const rowsShown = (state: AppState, id: GatewayId): boolean =>
  !selectIsFleet(state) || headOf(state, id).expanded || sessionFilterOf(state) !== undefined;

const headUids = new Map<GatewayId, readonly string[]>();
const headUidsOf = (id: GatewayId): readonly string[] => {
  let uids = headUids.get(id);
  if (uids === undefined) {
    uids = [gatewayRowKey(id)];
    headUids.set(id, uids);
  }
  return uids;
};

/**
 * The parts one after the other. Not Array.prototype.flat: on 10,000 rows it takes 3-10 ms here
 * (its generic path), a plain loop 0.1-0.2 ms.
 */
const joined = <T>(parts: readonly (readonly T[])[]): readonly T[] => {
  if (parts.length === 1) return parts[0] ?? [];
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Array<T>(length);
  let at = 0;
  for (const part of parts) for (let i = 0; i < part.length; i++) out[at++] = part[i] as T;
  return out;
};

/** Concatenates parts, recomputed only when one part is a different array. */
const concatParts = <T>(): ((parts: readonly (readonly T[])[]) => readonly T[]) => {
  let lastParts: readonly (readonly T[])[] = [];
  let last: readonly T[] = [];
  return (parts) => {
    if (parts.length === lastParts.length && parts.every((part, i) => part === lastParts[i])) {
      return last;
    }
    lastParts = parts;
    last = joined(parts);
    return last;
  };
};

const treeRowsFrom = concatParts<TreeRow>();
const treeUidsFrom = concatParts<string>();

/** The tree rows the Sessions pane shows, in order; in a fleet each gateway heads its own. */
export const selectFleetTreeRows = (state: AppState): readonly TreeRow[] => {
  const fleet = selectIsFleet(state);
  const parts: (readonly TreeRow[])[] = [];
  for (const id of selectGatewayIds(state)) {
    if (fleet) parts.push([headOf(state, id)]);
    if (rowsShown(state, id)) parts.push(visibleTreeOf(state, id).rows);
  }
  return treeRowsFrom(parts);
};

/**
 * The uids of selectFleetTreeRows, in order: the same array while only sessions' contents
 * changed, so the cursor does not map 10,000 rows per frame of a flood.
 */
const selectFleetTreeUids = (state: AppState): readonly string[] => {
  const fleet = selectIsFleet(state);
  const parts: (readonly string[])[] = [];
  for (const id of selectGatewayIds(state)) {
    if (fleet) parts.push(headUidsOf(id));
    if (rowsShown(state, id)) parts.push(visibleTreeOf(state, id).uids);
  }
  return treeUidsFrom(parts);
};

/** A tree row's path (`main › research`) while it is in the tree, for naming it elsewhere. */
export const selectFleetTreePath = (
  state: AppState,
  id: GatewayId,
  key: string,
): string | undefined => {
  if (state.gateways[id] === undefined || !rowsShown(state, id)) return undefined;
  const tree = visibleTreeOf(state, id);
  const at = tree.index.get(key);
  return at === undefined ? undefined : tree.rows[at]?.path;
};

// ── inbox and events, merged ──────────────────────────────────────────────────────────────────

const located = <T>(gateway: GatewayId, id: string, value: T): Located<T> => ({
  gateway,
  uid: fleetKey(gateway, id),
  value,
});

const inboxWords = memoize(
  (state: AppState) => [state.ui.filters.inbox ?? ''] as const,
  ([text]): readonly string[] =>
    text
      .trim()
      .toLowerCase()
      .split(/\s+/)
      .filter((word) => word !== ''),
);

const itemText = (item: InboxItem, name: string): string =>
  `${inboxItemText(item)}\n${name.toLowerCase()}`;

const inboxOf = perGateway(() =>
  memoize(
    (record: GatewayRecord, id: GatewayId, state: AppState) =>
      [id, gatewayName(state, id), record.inbox.items, inboxWords(state)] as const,
    ([id, name, items, words]): readonly Located<InboxItem>[] =>
      Object.values(items)
        .filter(
          (item) => words.length === 0 || words.every((w) => itemText(item, name).includes(w)),
        )
        .map((item) => located(id, item.id, item)),
  ),
);

const finishedAt = (item: InboxItem): number =>
  'at' in item.state ? item.state.at : item.receivedAt;

/**
 * One inbox across the fleet: open items first, oldest first (first come, first decided, whatever
 * gateway), then recent history, newest first. Ties break on the uid, so the order is stable.
 */
export const selectFleetInbox = (() => {
  let lastParts: readonly (readonly Located<InboxItem>[])[] = [];
  let last: readonly Located<InboxItem>[] = [];
  return (state: AppState): readonly Located<InboxItem>[] => {
    const parts = selectGatewayIds(state).map((id) => inboxOf(state, id));
    if (parts.length === lastParts.length && parts.every((part, i) => part === lastParts[i])) {
      return last;
    }
    const all = joined(parts);
    const open = all
      .filter((entry) => isOpen(entry.value))
      .sort((a, b) => a.value.receivedAt - b.value.receivedAt || (a.uid < b.uid ? -1 : 1));
    const done = all
      .filter((entry) => !isOpen(entry.value))
      .sort((a, b) => finishedAt(b.value) - finishedAt(a.value) || (a.uid < b.uid ? -1 : 1));
    lastParts = parts;
    last = [...open, ...done];
    return last;
  };
})();

/** Items still needing a human on one gateway: open requests and blocked deliveries. */
const waitingOf = (state: AppState, id: GatewayId): number =>
  openItemsOf(state, id).length + selectBlockedDeliveries(state, id).length;

/** Items still needing a human, on every gateway. */
export const selectFleetInboxCount = (state: AppState): number =>
  selectGatewayIds(state).reduce((sum, id) => sum + waitingOf(state, id), 0);

const deliveriesOf = perGateway(() =>
  memoize(
    (record: GatewayRecord, id: GatewayId, state: AppState) =>
      [id, selectInboxDeliveries(state, id)] as const,
    ([id, tasks]): readonly Located<TaskSummary>[] =>
      tasks.map((task) => located(id, deliveryInboxKey(task.id), task)),
  ),
);

/**
 * Blocked deliveries of every gateway (through the Inbox filter), listed after the requests: the
 * Inbox cursor runs over the requests, then these.
 */
export const selectFleetDeliveries = (() => {
  let lastParts: readonly (readonly Located<TaskSummary>[])[] = [];
  let last: readonly Located<TaskSummary>[] = [];
  return (state: AppState): readonly Located<TaskSummary>[] => {
    const parts = selectGatewayIds(state).map((id) => deliveriesOf(state, id));
    if (parts.length === lastParts.length && parts.every((part, i) => part === lastParts[i])) {
      return last;
    }
    lastParts = parts;
    last = joined(parts);
    return last;
  };
})();

const eventWords = memoize(
  (state: AppState) => [state.ui.filters.events ?? ''] as const,
  ([text]): readonly string[] =>
    text
      .trim()
      .toLowerCase()
      .split(/\s+/)
      .filter((word) => word !== ''),
);

const eventsOf = perGateway(() => {
  // Each line is wrapped once: a frame of a flood wraps the new lines only, not the whole tail
  // again (2,000 lines per gateway, ten gateways in a fleet).
  const wrapped = new WeakMap<TailEvent, Located<TailEvent>>();
  const wrap = (id: GatewayId, event: TailEvent): Located<TailEvent> => {
    let entry = wrapped.get(event);
    if (entry === undefined) {
      entry = located(id, String(event.id), event);
      wrapped.set(event, entry);
    }
    return entry;
  };
  return memoize(
    (record: GatewayRecord, id: GatewayId, state: AppState) =>
      [id, gatewayName(state, id), record.events.items, eventWords(state)] as const,
    ([id, name, items, words]): readonly Located<TailEvent>[] => {
      const matches = (event: TailEvent): boolean => {
        if (words.length === 0) return true;
        const text = `${event.kind}\n${event.summary}\n${event.sessionKey ?? ''}\n${name}`;
        const lower = text.toLowerCase();
        return words.every((word) => lower.includes(word));
      };
      const out: Located<TailEvent>[] = [];
      for (const event of items) if (matches(event)) out.push(wrap(id, event));
      return out;
    },
  );
});

/** Every gateway's tail lines in time order (each gateway's own order kept on equal times). */
export const selectFleetEvents = (() => {
  let lastParts: readonly (readonly Located<TailEvent>[])[] = [];
  let last: readonly Located<TailEvent>[] = [];
  return (state: AppState): readonly Located<TailEvent>[] => {
    const parts = selectGatewayIds(state).map((id) => eventsOf(state, id));
    if (parts.length === lastParts.length && parts.every((part, i) => part === lastParts[i])) {
      return last;
    }
    lastParts = parts;
    last = parts.length === 1 ? (parts[0] ?? []) : mergeByTime(parts);
    return last;
  };
})();

/** A k-way merge of lists each already in time order. */
const mergeByTime = (
  parts: readonly (readonly Located<TailEvent>[])[],
): readonly Located<TailEvent>[] => {
  const at = parts.map(() => 0);
  // Each list's next time, Infinity once it is used up: one array read per candidate.
  const next = parts.map((part) => part[0]?.value.ts ?? Number.POSITIVE_INFINITY);
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Array<Located<TailEvent>>(total);
  for (let n = 0; n < total; n++) {
    let best = 0;
    for (let i = 1; i < next.length; i++)
      if ((next[i] as number) < (next[best] as number)) best = i;
    const part = parts[best] as readonly Located<TailEvent>[];
    const index = at[best] as number;
    out[n] = part[index] as Located<TailEvent>;
    at[best] = index + 1;
    next[best] = part[index + 1]?.value.ts ?? Number.POSITIVE_INFINITY;
  }
  return out;
};

// ── cursors over the merged lists ─────────────────────────────────────────────────────────────

const inboxUids = memoize(
  (state: AppState) => [selectFleetInbox(state), selectFleetDeliveries(state)] as const,
  ([items, deliveries]): readonly string[] => [
    ...items.map((item) => item.uid),
    ...deliveries.map((delivery) => delivery.uid),
  ],
);
const eventUids = memoize(
  (state: AppState) => [selectFleetEvents(state)] as const,
  ([events]): readonly string[] => events.map((event) => event.uid),
);
const NO_KEYS: readonly string[] = [];

/** The keys a pane's cursor moves over: gateway ids on Fleet, uids on the merged lists. */
export const selectFleetPaneKeys = (state: AppState, pane: PaneId): readonly string[] => {
  switch (pane) {
    case 'fleet':
      return selectGatewayIds(state);
    case 'sessions':
      return selectFleetTreeUids(state);
    case 'inbox':
      return inboxUids(state);
    case 'events':
      return eventUids(state);
    default:
      return NO_KEYS;
  }
};

/**
 * Where the pane's cursor is: the stored key if still there; else the same index (the row that
 * took its place); else the first row. undefined for an empty pane.
 */
export const selectFleetCursor = (
  state: AppState,
  pane: PaneId = state.ui.pane,
): Cursor | undefined => {
  const keys = selectFleetPaneKeys(state, pane);
  if (keys.length === 0) return undefined;
  const stored = state.ui.cursors[pane];
  if (stored !== undefined) {
    if (keys[stored.index] === stored.key) return stored;
    const found = keys.indexOf(stored.key);
    if (found >= 0) return {key: stored.key, index: found};
    const index = Math.min(stored.index, keys.length - 1);
    return {key: keys[index] as string, index};
  }
  return {key: keys[0] as string, index: 0};
};

export type CursorMove = 'up' | 'down' | 'first' | 'last' | {readonly by: number};

/** Where a move would land; dispatch it as `{type: 'ui/cursor-moved', pane, ...target}`. */
export const selectFleetCursorTarget = (
  state: AppState,
  pane: PaneId,
  move: CursorMove,
): Cursor | undefined => {
  const keys = selectFleetPaneKeys(state, pane);
  if (keys.length === 0) return undefined;
  const current = selectFleetCursor(state, pane)?.index ?? 0;
  const delta = move === 'up' ? -1 : move === 'down' ? 1 : typeof move === 'object' ? move.by : 0;
  const wanted = move === 'first' ? 0 : move === 'last' ? keys.length - 1 : current + delta;
  const index = Math.max(0, Math.min(keys.length - 1, wanted));
  return {key: keys[index] as string, index};
};

// ── tasks: each gateway's ledger, merged for the tree badges and the Inbox's deliveries ──────

/** Merges one value per gateway, recomputed only when one gateway's part changed. */
const mergedOverGateways = <P, R>(
  partOf: (state: AppState, id: GatewayId) => P,
  merge: (parts: readonly (readonly [GatewayId, P])[]) => R,
): ((state: AppState) => R) => {
  let lastParts: readonly P[] | undefined;
  let last: R | undefined;
  return (state) => {
    const ids = selectGatewayIds(state);
    const parts = ids.map((id) => partOf(state, id));
    if (
      last !== undefined &&
      lastParts !== undefined &&
      parts.length === lastParts.length &&
      parts.every((part, i) => part === lastParts![i])
    ) {
      return last;
    }
    lastParts = parts;
    last = merge(ids.map((id, i) => [id, parts[i] as P] as const));
    return last;
  };
};

/** Tree-row uid (gateway + session key) → the state its task badge shows. */
export const selectFleetTaskStates = mergedOverGateways(
  (state, id) => selectSessionTaskStates(state, id),
  (parts): ReadonlyMap<string, TaskState> => {
    const merged = new Map<string, TaskState>();
    for (const [id, states] of parts) {
      for (const [key, value] of states) merged.set(fleetKey(id, key), value);
    }
    return merged;
  },
);

/** Task id → its action in flight, over every gateway (the Inbox marks deliveries with it). */
export const selectFleetTaskActions = mergedOverGateways(
  (state, id) => selectTasksState(state, id).actions,
  (parts): Readonly<Record<string, TaskActionState>> =>
    Object.assign({}, ...parts.map(([, actions]) => actions)) as Record<string, TaskActionState>,
);

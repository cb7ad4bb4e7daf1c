// The event tail: a bounded ring of TailEvents (oldest dropped first), plus the bookkeeping the
// tail needs to describe events well. What becomes a line lives in tail-events.ts.

import type {TailDraft, TailEvent} from './model.ts';

export const DEFAULT_TAIL_CAPACITY = 2_000;
/** Spawn calls whose result never arrived are forgotten beyond this many. */
const SPAWN_CALL_MEMORY = 500;

/** A sessions_spawn call between its tool start and its result. */
export type SpawnCall = {
  readonly at: number;
  readonly sessionKey?: string;
  readonly requesterAgentId?: string;
  readonly requestedAgentId?: string;
  readonly label?: string;
};

export type EventsState = {
  readonly items: readonly TailEvent[];
  readonly nextId: number;
  readonly capacity: number;
  /** How many lines fell out of the ring. */
  readonly dropped: number;
  /** toolCallId → the open sessions_spawn call (its args name the target agent). */
  readonly spawnCalls: Readonly<Record<string, SpawnCall>>;
  /** Task id → last status seen, so a task line is written only when the status changes. */
  readonly taskStatus: Readonly<Record<string, string>>;
};

export const createEventsState = (capacity = DEFAULT_TAIL_CAPACITY): EventsState => ({
  items: [],
  nextId: 1,
  capacity: Math.max(1, Math.floor(capacity)),
  dropped: 0,
  spawnCalls: {},
  taskStatus: {},
});

const boundSpawnCalls = (
  calls: Readonly<Record<string, SpawnCall>>,
): Readonly<Record<string, SpawnCall>> => {
  const ids = Object.keys(calls);
  if (ids.length <= SPAWN_CALL_MEMORY) return calls;
  const next = {...calls};
  for (const id of ids.slice(0, ids.length - SPAWN_CALL_MEMORY)) delete next[id];
  return next;
};

/** Appends lines, dropping the oldest beyond capacity, and applies the bookkeeping. */
export const appendTail = (
  state: EventsState,
  drafts: readonly TailDraft[],
  bookkeeping: {
    readonly spawnCalls?: Readonly<Record<string, SpawnCall>>;
    readonly taskStatus?: Readonly<Record<string, string>>;
  } = {},
): EventsState => {
  if (
    drafts.length === 0 &&
    bookkeeping.spawnCalls === undefined &&
    bookkeeping.taskStatus === undefined
  ) {
    return state;
  }
  let nextId = state.nextId;
  const added = drafts.map((entry): TailEvent => ({...entry, id: nextId++}));
  const overflow = Math.max(0, state.items.length + added.length - state.capacity);
  // One new array per append (a swarm appends hundreds of lines a second to a 2,000-line ring).
  let items = state.items;
  if (added.length >= state.capacity) items = added.slice(added.length - state.capacity);
  else if (added.length > 0)
    items = (overflow > 0 ? state.items.slice(overflow) : state.items).concat(added);
  return {
    ...state,
    items,
    nextId,
    dropped: state.dropped + overflow,
    spawnCalls: boundSpawnCalls(bookkeeping.spawnCalls ?? state.spawnCalls),
    taskStatus: bookkeeping.taskStatus ?? state.taskStatus,
  };
};

// Store notifications at a frame rate instead of per action. Every dispatch still reduces at once
// (getState is always current, so the bridge and key handlers read fresh state), but listeners
// — the App's useSyncExternalStore — hear about changes at most once per interval. Under an event
// flood that turns thousands of whole-App renders per second into one per frame, which is all the
// terminal can show anyway (Ink draws at most maxFps frames). The operator's own actions (ui/*)
// notify at once, so a keypress never waits for the next slot.
//
// The interval adapts to what a frame costs here: each notification is timed until the render it
// caused has run (React renders and Ink draws in the microtasks right after the listeners), and
// the next slot is spaced so drawing takes at most `renderShare` of the time. A 120x40 Ink frame
// costs 10-30 ms on a small VM, so a swarm is drawn at 5-20 frames/s instead of starving the
// event loop, and the event-to-frame lag stays bounded by maxIntervalMs plus one frame.
//
// A few gateway actions are urgent too: the milestones of a connection (connected, the session
// list loaded). They come once per connection, never in a flood, and what they change is what the
// operator is waiting for; at start-up the first frames are the costliest (nothing is compiled
// yet), so spacing them by their cost held the tree back by up to maxIntervalMs.

import type {Action} from './actions.ts';
import type {Store} from './store.ts';

export type CoalesceOptions = {
  /** Shortest time between two notifications (default 50 ms: one frame at maxFps 20). */
  readonly intervalMs?: number;
  /** Longest (default 200 ms), however costly frames are. */
  readonly maxIntervalMs?: number;
  /** Share of the time that drawing may take (default 0.15). */
  readonly renderShare?: number;
  /** Runs `done` after the render a notification caused (default: a microtask after React's). */
  readonly afterRender?: (done: () => void) => void;
  /** Actions whose change is announced immediately (default: ui/* and the connection milestones). */
  readonly urgent?: (action: Action) => boolean;
  readonly now?: () => number;
  readonly setTimer?: (run: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
};

export type CoalescedStore = Store & {
  /** Announce a pending change now (e.g. before unmounting). */
  flush(): void;
  /** The current spacing of notifications (adapted to what frames cost). */
  intervalMs(): number;
  /** Stop listening to the wrapped store and drop a pending notification. */
  dispose(): void;
};

const DEFAULT_INTERVAL_MS = 50;
const DEFAULT_MAX_INTERVAL_MS = 200;
const DEFAULT_RENDER_SHARE = 0.15;
/** Weight of the newest frame cost in the running average (smooths one slow frame out). */
const COST_WEIGHT = 0.3;

/** Once per connection, and what the operator waits for (the tree on screen). */
const MILESTONES: ReadonlySet<string> = new Set(['gateway/connected', 'sessions/snapshot-loaded']);

const isUrgentByDefault = (action: Action): boolean =>
  action.type.startsWith('ui/') || MILESTONES.has(action.type);

export const coalesceStore = (store: Store, options: CoalesceOptions = {}): CoalescedStore => {
  const minIntervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const maxIntervalMs = Math.max(minIntervalMs, options.maxIntervalMs ?? DEFAULT_MAX_INTERVAL_MS);
  const renderShare = Math.min(1, Math.max(0.01, options.renderShare ?? DEFAULT_RENDER_SHARE));
  const afterRender = options.afterRender ?? queueMicrotask;
  const urgent = options.urgent ?? isUrgentByDefault;
  const now = options.now ?? (() => performance.now());
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer =
    options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));

  const listeners = new Set<() => void>();
  let lastNotifiedAt = Number.NEGATIVE_INFINITY;
  let timer: unknown;
  let pending = false;
  // > 0 while an urgent action is being reduced (dispatch is synchronous).
  let urgentDepth = 0;
  let averageCost: number | undefined;
  let intervalMs = minIntervalMs;

  const noteCost = (cost: number): void => {
    averageCost =
      averageCost === undefined ? cost : averageCost + COST_WEIGHT * (cost - averageCost);
    intervalMs = Math.min(maxIntervalMs, Math.max(minIntervalMs, averageCost / renderShare));
  };

  const notify = (): void => {
    if (timer !== undefined) {
      clearTimer(timer);
      timer = undefined;
    }
    pending = false;
    const startedAt = now();
    lastNotifiedAt = startedAt;
    for (const listener of [...listeners]) listener();
    if (listeners.size > 0) afterRender(() => noteCost(now() - startedAt));
  };

  const onChange = (): void => {
    if (urgentDepth > 0) return notify();
    const wait = lastNotifiedAt + intervalMs - now();
    if (wait <= 0 && timer === undefined) return notify();
    pending = true;
    timer ??= setTimer(
      () => {
        timer = undefined;
        if (pending) notify();
      },
      Math.max(0, wait),
    );
  };

  const unsubscribe = store.subscribe(onChange);

  return {
    getState: store.getState,
    dispatch(action) {
      // An urgent action dispatched from inside a listener is queued by the store and reduced
      // after this returns; it is then announced with the next slot, at most intervalMs later.
      const isUrgent = urgent(action);
      if (isUrgent) urgentDepth++;
      try {
        store.dispatch(action);
      } finally {
        if (isUrgent) urgentDepth--;
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    flush() {
      if (pending) notify();
    },
    intervalMs: () => intervalMs,
    dispose() {
      unsubscribe();
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
      pending = false;
    },
  };
};

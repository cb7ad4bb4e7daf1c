// Store notifications at a frame rate instead of per action. Every dispatch still reduces at once
// (getState is always current, so the bridge and key handlers read fresh state), but listeners
// — the App's useSyncExternalStore — hear about changes at most once per interval. Under an event
// flood that turns thousands of whole-App renders per second into one per frame, which is all the
// terminal can show anyway (Ink draws at most maxFps frames). The operator's own actions (ui/*)
// notify at once, so a keypress never waits for the next slot.

import type {Action} from './actions.ts';
import type {Store} from './store.ts';

export type CoalesceOptions = {
  /** Shortest time between two notifications (default 50 ms: one frame at maxFps 20). */
  readonly intervalMs?: number;
  /** Actions whose change is announced immediately (default: the ui/* actions). */
  readonly urgent?: (action: Action) => boolean;
  readonly now?: () => number;
  readonly setTimer?: (run: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
};

export type CoalescedStore = Store & {
  /** Announce a pending change now (e.g. before unmounting). */
  flush(): void;
  /** Stop listening to the wrapped store and drop a pending notification. */
  dispose(): void;
};

const DEFAULT_INTERVAL_MS = 50;

const isUiAction = (action: Action): boolean => action.type.startsWith('ui/');

export const coalesceStore = (store: Store, options: CoalesceOptions = {}): CoalescedStore => {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const urgent = options.urgent ?? isUiAction;
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer =
    options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));

  const listeners = new Set<() => void>();
  let lastNotifiedAt = Number.NEGATIVE_INFINITY;
  let timer: unknown;
  let pending = false;
  // > 0 while an urgent action is being reduced (dispatch is synchronous).
  let urgentDepth = 0;

  const notify = (): void => {
    if (timer !== undefined) {
      clearTimer(timer);
      timer = undefined;
    }
    pending = false;
    lastNotifiedAt = now();
    for (const listener of [...listeners]) listener();
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
    dispose() {
      unsubscribe();
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
      pending = false;
    },
  };
};

// View-local state (follow/pause, the peek panel, confirmations the ui slice cannot express) kept
// in a tiny external store instead of useState. Why: a keypress that changes the input mode must
// re-render synchronously, like a store dispatch does, so the next key already reaches the new
// mode's input owner. With useState the update went through React's deferred path and a fast
// second key (x then y) could land on the old owner and be dropped.

import {useState, useSyncExternalStore} from 'react';

export type LocalStore<T> = {
  readonly get: () => T;
  readonly update: (change: (current: T) => T) => void;
  readonly subscribe: (listener: () => void) => () => void;
};

export function createLocalStore<T>(initial: T): LocalStore<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    update(change) {
      const next = change(value);
      if (Object.is(next, value)) return;
      value = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** [value for this render, update, read the latest (for handlers that run several steps)]. */
export function useLocalStore<T>(
  initial: () => T,
): readonly [T, LocalStore<T>['update'], LocalStore<T>['get']] {
  const [store] = useState(() => createLocalStore(initial()));
  const value = useSyncExternalStore(store.subscribe, store.get);
  return [value, store.update, store.get] as const;
}

// A tiny store: views read it through useSyncExternalStore(store.subscribe, store.getState) and
// selectors; the bridge and key handlers dispatch. Listeners run after each dispatch that changed
// the state. A dispatch from inside a listener is queued and runs after the current one finishes,
// so every listener sees actions in order.

import {forGateway, type Action, type GatewayDispatch} from './actions.ts';
import type {GatewayId} from './gateway-id.ts';
import {rootReducer, type AppState} from './reducer.ts';

export type Store = {
  getState(): AppState;
  dispatch(action: Action): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
};

export const createStore = (
  initial: AppState,
  reducer: (state: AppState, action: Action) => AppState = rootReducer,
): Store => {
  let state = initial;
  const listeners = new Set<() => void>();
  const queue: Action[] = [];
  let dispatching = false;

  const dispatch = (action: Action): void => {
    queue.push(action);
    if (dispatching) return;
    dispatching = true;
    try {
      while (queue.length > 0) {
        const next = queue.shift() as Action;
        const before = state;
        state = reducer(state, next);
        if (state === before) continue;
        for (const listener of [...listeners]) listener();
      }
    } finally {
      dispatching = false;
      queue.length = 0;
    }
  };

  return {
    getState: () => state,
    dispatch,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
};

/** Dispatches one gateway's events into `store`, addressed to that gateway's record. */
export const gatewayDispatch =
  (store: Pick<Store, 'dispatch'>, gateway: GatewayId): GatewayDispatch =>
  (event) =>
    store.dispatch(forGateway(gateway, event));

// Stand-in for source/state/store.ts in the "coalesced" experiment: the same store, wrapped by
// source/state/coalesce.ts. coalesce-hooks.mjs swaps it in for run-console.tsx only, so the bench
// can show what wiring the coalescer would change without editing the console.

import {coalesceStore} from '../../source/state/coalesce.ts';
import {createStore as createBaseStore} from '../../source/state/store.ts';

export type {Store} from '../../source/state/store.ts';

/** Set when this module is in use, so the bench can check the swap really happened. */
export const COALESCED_FLAG = 'octBenchCoalescedStore';

export const createStore: typeof createBaseStore = (initial, reducer) => {
  (globalThis as Record<string, unknown>)[COALESCED_FLAG] = true;
  return coalesceStore(createBaseStore(initial, reducer));
};

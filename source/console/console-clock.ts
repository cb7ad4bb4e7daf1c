// The console's one clock. The state learns the time only from `clock/ticked` (it holds no
// timers), and the views draw ages and countdowns against `ui.now`, so this interval is the only
// thing that re-renders an idle console: one tick, one frame, once a second.

import type {Store} from '../state/store.ts';

export const CLOCK_TICK_MS = 1000;

/** Starts ticking `store` every `intervalMs`; returns the stop function. */
export const startConsoleClock = (
  store: Pick<Store, 'dispatch'>,
  intervalMs = CLOCK_TICK_MS,
  clock: () => number = Date.now,
): (() => void) => {
  const timer = setInterval(() => store.dispatch({type: 'clock/ticked', now: clock()}), intervalMs);
  return () => clearInterval(timer);
};

// Wall-clock time for ages and countdowns. Every render reads the clock, and a timer renders
// again only when nothing else has for `intervalMs`: under a stream of events the ages ride along
// with frames that are drawn anyway, instead of adding a render of their own every second.
// Views keep this timer; the state stays free of timers (its time arrives in actions).

import {useEffect, useRef, useState} from 'react';

export function useNow(intervalMs = 1000, clock: () => number = Date.now): number {
  const [, setTicks] = useState(0);
  const now = clock();
  const drawnAt = useRef(now);
  useEffect(() => {
    drawnAt.current = now;
  });
  useEffect(() => {
    const timer = setInterval(
      () => {
        if (clock() - drawnAt.current >= intervalMs) setTicks((ticks) => ticks + 1);
      },
      Math.max(1, Math.floor(intervalMs / 4)),
    );
    return () => clearInterval(timer);
  }, [intervalMs, clock]);
  return now;
}

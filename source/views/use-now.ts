// Wall-clock time for ages and countdowns, refreshed once a second. Views keep this timer; the
// state stays free of timers (its time arrives in actions).

import {useEffect, useState} from 'react';

export function useNow(intervalMs = 1000, clock: () => number = Date.now): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const timer = setInterval(() => setNow(clock()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, clock]);
  return now;
}

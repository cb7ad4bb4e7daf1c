// A clock whose timers fire only when the test says so: advance() moves time and runs what fell
// due, in order. Lets client tests drive challenge/request timeouts, the tick watchdog and
// reconnect backoff without fake timers or sleeps.

import type {Clock, TimerHandle} from '../../source/client/clock.ts';

type Timer = {
  readonly id: number;
  readonly at: number;
  readonly ms: number;
  readonly run: () => void;
};

export class ManualClock implements Clock {
  #now: number;
  #nextId = 0;
  readonly #timers = new Map<number, Timer>();

  constructor(start = 1_795_600_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    this.#nextId += 1;
    const id = this.#nextId;
    this.#timers.set(id, {id, at: this.#now + Math.max(0, ms), ms, run: callback});
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle as number);
  }

  /** Delays (ms as requested) of the timers still waiting, soonest first. */
  pendingDelays(): number[] {
    return [...this.#timers.values()].sort((a, b) => a.at - b.at).map((timer) => timer.ms);
  }

  get pendingCount(): number {
    return this.#timers.size;
  }

  /** Move time forward and run every timer that falls due (including ones scheduled meanwhile). */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = [...this.#timers.values()]
        .filter((timer) => timer.at <= target)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#timers.delete(due.id);
      this.#now = Math.max(this.#now, due.at);
      due.run();
    }
    this.#now = target;
  }
}

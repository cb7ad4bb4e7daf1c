// Time enters the state only through actions: the bridge ticks the clock (about once a second)
// and every other action carries its own `at`. Slices that expire or prune things handle this.

export type ClockTicked = {readonly type: 'clock/ticked'; readonly now: number};

/** How long a deleted session key / resolved inbox id is remembered against stale lists. */
export const RACE_MEMORY_MS = 10 * 60_000;

// Time, injected: every timer the connection sets (challenge wait, request timeouts, tick watchdog,
// reconnect backoff) goes through a Clock, so tests can fire them by hand instead of waiting.

export type TimerHandle = unknown;

export type Clock = {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
};

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

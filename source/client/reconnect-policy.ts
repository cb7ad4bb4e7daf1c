// When to try again after a failed or dropped connection. Pure: the connection feeds it the
// decoded problem and gets back a delay or "pause". Pausing is for problems that retrying cannot
// fix (wrong credentials, protocol mismatch, a rejected identity): a loop would only hammer the
// gateway and, for auth, trip its rate limiter.

import type {ConnectProblem} from './types.ts';

export const BACKOFF_INITIAL_MS = 1_000;
export const BACKOFF_MAX_MS = 30_000;
/** A pending pairing is re-checked every 5–10 s with the same identity and scopes. */
export const PAIRING_RETRY_MIN_MS = 5_000;
export const PAIRING_RETRY_SPREAD_MS = 5_000;
/** retryAfterMs hints (gateway starting, busy) are honoured within these bounds. */
export const RETRY_AFTER_MIN_MS = 100;
export const RETRY_AFTER_MAX_MS = 2_000;
export const RETRY_AFTER_DEFAULT_MS = 500;
/** A restartExpectedMs hint beyond this is treated as a normal drop (backoff takes over). */
export const RESTART_EXPECTED_MAX_MS = 120_000;

export type RetryDecision =
  | {readonly action: 'retry'; readonly delayMs: number; readonly transient: boolean}
  | {readonly action: 'pause'};

export type RetryInput = {
  readonly problem: ConnectProblem;
  /** Consecutive failed attempts since the last hello-ok, counting this one (≥ 1). */
  readonly failures: number;
  /** From a `shutdown` event before the 1012 close. */
  readonly restartExpectedMs?: number;
  /** From the connect error (UNAVAILABLE) when the server sent one. */
  readonly retryAfterMs?: number;
  /** [0, 1): jitter source, injected so tests are exact. */
  readonly random: () => number;
};

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** 1 s, 2 s, 4 s … 30 s, each jittered ±20% (never above the cap). */
export const backoffDelay = (failures: number, random: () => number): number => {
  const exponent = Math.max(0, Math.min(failures - 1, 30));
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** exponent);
  return Math.min(BACKOFF_MAX_MS, Math.round(base * (0.8 + 0.4 * random())));
};

const retryAfter = (hint: number | undefined): number =>
  clamp(hint ?? RETRY_AFTER_DEFAULT_MS, RETRY_AFTER_MIN_MS, RETRY_AFTER_MAX_MS);

export const decideRetry = (input: RetryInput): RetryDecision => {
  const {problem, random} = input;
  const backoff = (): RetryDecision => ({
    action: 'retry',
    delayMs: backoffDelay(input.failures, random),
    transient: false,
  });
  switch (problem.kind) {
    case 'pairing-required':
      return {
        action: 'retry',
        delayMs: PAIRING_RETRY_MIN_MS + Math.round(PAIRING_RETRY_SPREAD_MS * random()),
        transient: false,
      };
    case 'auth':
      // The stale device token has been cleared: the next attempt authenticates differently.
      if (problem.code === 'AUTH_DEVICE_TOKEN_MISMATCH') return backoff();
      if (
        problem.code === 'AUTH_RATE_LIMITED' ||
        problem.recommendedNextStep === 'wait_then_retry'
      ) {
        return backoff();
      }
      return {action: 'pause'};
    case 'protocol-mismatch':
    case 'device-rejected':
    case 'auth-changed':
      return {action: 'pause'};
    case 'unreachable':
      return backoff();
    case 'other':
      switch (problem.code) {
        case 'INVALID_URL':
          return {action: 'pause'};
        case 'UNAVAILABLE':
        case 'GATEWAY_STARTING':
          return {action: 'retry', delayMs: retryAfter(input.retryAfterMs), transient: true};
        case 'SERVICE_RESTART': {
          const expected = input.restartExpectedMs;
          if (expected === undefined || expected < 0 || expected > RESTART_EXPECTED_MAX_MS) {
            return backoff();
          }
          // A little spread so every console does not knock at the same millisecond.
          return {action: 'retry', delayMs: Math.round(expected + 250 * random()), transient: true};
        }
        default:
          return backoff();
      }
  }
};

// Measurement 3: keypress-to-frame latency on a big tree. The fixture (own process) holds N
// sessions in subagent trees up to depth 5; the real console (own process: client → bridge →
// store → App → Ink, the CLI's render options) loads them through sessions.subscribe/list pages
// and draws into a 120x40 fake terminal. Then `j` is pressed, one press at a time, and the time
// until the write that shows the new selected row is taken.

import {median, percentile} from './support/stats.ts';
import type {ConsoleBundle} from './support/console-bundle.ts';
import {withConsoleOnFixture} from './support/processes.ts';

export type KeypressResult = {
  readonly sessions: number;
  readonly maxDepth: number;
  readonly presses: number;
  readonly timeouts: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Presses drawn 50 ms or more after the keystroke. */
  readonly slow: number;
  /**
   * Of those, how many were typed less than `slotMs` after another frame: inside the slot of
   * Ink's render throttle, so the new frame had to wait for the slot to end.
   */
  readonly slowInThrottle: number;
  /** Ink's frame slot (ms) used for slowInThrottle. */
  readonly slotMs: number;
  /** Console start to the whole tree on screen. */
  readonly loadMs: number;
};

const SETTLE_MS = 1500;
/** The target: p99 < 50 ms. */
const SLOW_MS = 50;

export const measureKeypress = async (options: {
  readonly sessions: number;
  readonly presses: number;
  /** Ink's frame slot (1000 / maxFps, ms); presses typed sooner after a frame wait for it. */
  readonly slotMs: number;
  readonly env?: Readonly<Record<string, string>>;
  /** The console process as shipped (console-bundle.ts); without it, through tsx. */
  readonly bundle?: ConsoleBundle;
}): Promise<KeypressResult> => {
  return withConsoleOnFixture(options, async ({fixture, terminal, startedAt}) => {
    const loadMs = Date.now() - startedAt;
    // Let the post-load renders and the first clock tick pass before the first press.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    terminal.send({type: 'keys', count: options.presses, seed: 3});
    const keys = await terminal.next('keys', options.presses * 3300 + 10_000);
    const sorted = [...keys.latenciesMs];
    const slow = keys.latenciesMs.flatMap((latency, i) =>
      latency >= SLOW_MS ? [keys.sinceFrameMs[i] ?? Number.POSITIVE_INFINITY] : [],
    );
    return {
      sessions: fixture.sessions,
      maxDepth: fixture.maxDepth,
      presses: keys.latenciesMs.length,
      timeouts: keys.timeouts,
      p50: median(sorted),
      p99: percentile(sorted, 99),
      max: percentile(sorted, 100),
      slow: slow.length,
      slowInThrottle: slow.filter((since) => since < options.slotMs).length,
      slotMs: options.slotMs,
      loadMs,
    };
  });
};

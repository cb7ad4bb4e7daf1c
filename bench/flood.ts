// Measurement 4: an event flood against the attached console. The fixture (own process) seeds a
// swarm and emits a realistic mix at `rate` events/s; the real console (own process: client →
// bridge → store → App → Ink with the CLI's render options) draws into a counting 120x40 fake
// terminal. Before the flood the console's cursor is put on the first row (`g`: it then holds that
// row by key, and the window follows it however the flood reorders the tree); every 50 ms the
// fixture renames that row to `mark-<n>` through the same socket, stamped with its send time, and
// the console notes when each marker first reaches a frame.

import type {Mark} from './support/messages.ts';
import type {ConsoleBundle} from './support/console-bundle.ts';
import {withConsoleOnFixture} from './support/processes.ts';
import {median, percentile} from './support/stats.ts';

export type FloodResult = {
  readonly sessions: number;
  readonly rate: number;
  readonly seconds: number;
  readonly eventsSent: number;
  /** events sent / the fixture's flood wall time (below `rate` if the fixture could not keep up) */
  readonly achievedRate: number;
  readonly framesPerSecond: number;
  readonly busiestSecondFrames: number;
  /** CPU of the console process over the flood, as a share of one core (1 = 100%). */
  readonly cpuShare: number;
  readonly peakRssMiB: number;
  /** Peak RSS up to the start of the flood (tree loaded). */
  readonly peakRssBeforeMiB: number;
  /** process.memoryUsage() when the flood ended (MiB). */
  readonly memoryAtEndMiB: Readonly<Record<string, number>>;
  readonly bytesPerSecond: number;
  readonly busiestSecondBytes: number;
  readonly lagP50: number;
  readonly lagP99: number;
  readonly lagMax: number;
  readonly marksSent: number;
  /**
   * Markers no frame (showing it or a later one) reflected by the end of the drain: their lag is
   * only known to be at least the time until then, so lag figures are lower bounds when > 0.
   */
  readonly marksNeverShown: number;
  /** CPU of the fixture process, share of one core (it must keep up for the numbers to mean anything). */
  readonly fixtureCpuShare: number;
};

const MARK_EVERY_MS = 50;
/** After the flood: time for the last markers to reach a frame. */
const DRAIN_MS = 2000;

/** One sent marker and how long until a frame had caught up with it. */
export type MarkLag = {
  readonly n: number;
  /** When the fixture sent it (Date.now()). */
  readonly at: number;
  readonly lag: number;
  /** No frame had caught up by the end: `lag` is only a lower bound. */
  readonly censored: boolean;
};

/**
 * For each sent marker, the first frame that showed it or any later marker (a frame that skipped
 * straight to a newer name has still caught up with this one). A marker no frame had caught up
 * with by `askedAt` counts with the lower bound `askedAt - sent` (censored).
 */
export const markLags = (
  sent: readonly Mark[],
  shown: readonly Mark[],
  askedAt: number,
): readonly MarkLag[] => {
  const firstShown = new Map<number, number>();
  for (const mark of shown) firstShown.set(mark.n, mark.at);
  const ordered = [...sent].sort((a, b) => b.n - a.n);
  let earliestLater = Number.POSITIVE_INFINITY;
  const lags: MarkLag[] = [];
  for (const mark of ordered) {
    const at = firstShown.get(mark.n);
    if (at !== undefined && at < earliestLater) earliestLater = at;
    const censored = earliestLater === Number.POSITIVE_INFINITY;
    const lag = Math.max(0, (censored ? askedAt : earliestLater) - mark.at);
    lags.push({n: mark.n, at: mark.at, lag, censored});
  }
  return lags;
};

export const markerLags = (
  sent: readonly Mark[],
  shown: readonly Mark[],
  askedAt: number,
): {readonly lags: readonly number[]; readonly censored: number} => {
  const each = markLags(sent, shown, askedAt);
  return {lags: each.map((m) => m.lag), censored: each.filter((m) => m.censored).length};
};

export const measureFlood = async (options: {
  readonly sessions: number;
  readonly rate: number;
  readonly seconds: number;
  readonly env?: Readonly<Record<string, string>>;
  /** The console process as shipped (console-bundle.ts); without it, through tsx. */
  readonly bundle?: ConsoleBundle;
}): Promise<FloodResult> => {
  return withConsoleOnFixture(
    {
      ...options,
      readyText: (fixture) => (fixture.sessions > 35 ? `of ${fixture.sessions}` : 'bench-main'),
    },
    async ({fixture, terminal}) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      terminal.send({type: 'pin'});
      const {title: markTitle} = await terminal.next('pinned', 10_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const durationMs = options.seconds * 1000;
      terminal.send({type: 'window-start'});
      fixture.send({
        type: 'flood',
        rate: options.rate,
        durationMs,
        markEveryMs: MARK_EVERY_MS,
        markTitle,
      });
      const done = await new Promise<{
        events: number;
        marks: readonly Mark[];
        cpuMs: number;
        wallMs: number;
      }>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('fixture: the flood did not finish in time')),
          // A fixture starved of CPU (a busy shared machine) emits late; the setup row says so.
          durationMs * 3 + 60_000,
        );
        fixture.child.on('message', (raw: unknown) => {
          const report = raw as {type: string};
          if (report.type !== 'flood-done') return;
          clearTimeout(timer);
          resolve(raw as {events: number; marks: readonly Mark[]; cpuMs: number; wallMs: number});
        });
      });
      terminal.send({type: 'window-end'});
      const {window} = await terminal.next('window', 30_000);
      await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
      terminal.send({type: 'marks'});
      const shown = await terminal.next('marks', 30_000);
      const {lags, censored} = markerLags(done.marks, shown.marks, shown.at);
      const seconds = window.wallMs / 1000;
      return {
        sessions: fixture.sessions,
        rate: options.rate,
        seconds,
        eventsSent: done.events,
        achievedRate: done.events / (done.wallMs / 1000),
        framesPerSecond: window.frames / seconds,
        busiestSecondFrames: window.busiestSecondFrames,
        cpuShare: (window.cpuUserMs + window.cpuSystemMs) / window.wallMs,
        peakRssMiB: window.peakRssKiB / 1024,
        peakRssBeforeMiB: window.peakRssBeforeKiB / 1024,
        memoryAtEndMiB: window.memoryAtEndMiB,
        bytesPerSecond: window.bytes / seconds,
        busiestSecondBytes: window.busiestSecondBytes,
        lagP50: median(lags),
        lagP99: percentile(lags, 99),
        lagMax: percentile(lags, 100),
        marksSent: done.marks.length,
        marksNeverShown: censored,
        fixtureCpuShare: done.cpuMs / done.wallMs,
      };
    },
  );
};

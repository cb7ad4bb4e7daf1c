// Probe (not part of `npm run bench`, not CI): the flood of row 4 for half an hour. The console
// process as in `npm run bench` (bundled like dist/, the bin's Node flags), attached to a fixture
// with 1,000 sessions flooding 2,000 events/s (floods of at most 10 minutes back to back, marker
// numbers continuing). Every 10 s the console reports its memory; every 50 ms a marker stamps the
// event-to-frame lag. Writes bench/soak.md (the bench run never overwrites it): per minute RSS,
// live heap, CPU and lag; the verdicts compare minute 5 with minute 30.
//   SOAK_MINUTES=N (default 30; shorter only for trying the probe), SOAK_OUT=FILE (default bench/soak.md)

import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {markLags, type MarkLag} from '../flood.ts';
import {buildConsoleBundle} from '../support/console-bundle.ts';
import {describeMachine, loadAverage} from '../support/machine.ts';
import type {ConsoleSample, Mark} from '../support/messages.ts';
import {consoleNodeFlags} from '../support/node-flags.ts';
import {withConsoleOnFixture} from '../support/processes.ts';
import {median, percentile} from '../support/stats.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const minutes = Math.max(1, Number(process.env.SOAK_MINUTES ?? '30') || 30);
const out = process.env.SOAK_OUT ?? path.join(here, '..', 'soak.md');
const RATE = 2000;
const SESSIONS = 1000;
const MARK_EVERY_MS = 50;
const SAMPLE_EVERY_MS = 10_000;
const FLOOD_CHUNK_MS = 600_000; // startEventFlood's own ceiling
const DRAIN_MS = 2000;

const log = (line: string): void => {
  process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

type Minute = {
  readonly minute: number;
  readonly samples: readonly ConsoleSample[];
  readonly lags: readonly MarkLag[];
  readonly cpuShare: number;
};

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)}`;

const machine = describeMachine();
const loadBefore = loadAverage();
const startedAt = new Date();
const flags = consoleNodeFlags();
log(`${minutes} min flood, console flags: ${flags.join(' ') || '(none)'}; load ${loadBefore}`);
const bundle = await buildConsoleBundle();

const result = await (async () => {
  try {
    return await withConsoleOnFixture(
      {sessions: SESSIONS, bundle, readyText: (fixture) => `of ${fixture.sessions}`},
      async ({fixture, terminal}) => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        terminal.send({type: 'pin'});
        const {title: markTitle} = await terminal.next('pinned', 10_000);
        await new Promise((resolve) => setTimeout(resolve, 500));

        const samples: ConsoleSample[] = [];
        const takeSample = async (): Promise<void> => {
          terminal.send({type: 'sample'});
          samples.push((await terminal.next('sample', 30_000)).sample);
        };
        await takeSample();
        const floodStart = Date.now();
        const sampler = setInterval(() => {
          void takeSample().catch((error: unknown) => log(`sample failed: ${String(error)}`));
        }, SAMPLE_EVERY_MS);

        const marks: Mark[] = [];
        let events = 0;
        let fixtureCpuMs = 0;
        try {
          const endAt = floodStart + minutes * 60_000;
          while (Date.now() < endAt - 1000) {
            const durationMs = Math.min(FLOOD_CHUNK_MS, endAt - Date.now());
            const done = new Promise<{events: number; marks: readonly Mark[]; cpuMs: number}>(
              (resolve, reject) => {
                // A fixture starved of CPU (a busy shared machine) emits late: its chunk takes
                // longer, the next one is shorter, and the report says how many events were sent.
                const timer = setTimeout(
                  () => reject(new Error('fixture: a flood did not finish in time')),
                  durationMs * 3 + 120_000,
                );
                const onMessage = (raw: unknown): void => {
                  if ((raw as {type: string}).type !== 'flood-done') return;
                  clearTimeout(timer);
                  fixture.child.off('message', onMessage);
                  resolve(raw as {events: number; marks: readonly Mark[]; cpuMs: number});
                };
                fixture.child.on('message', onMessage);
              },
            );
            fixture.send({
              type: 'flood',
              rate: RATE,
              durationMs,
              markEveryMs: MARK_EVERY_MS,
              markTitle,
              markFrom: marks.length,
            });
            const chunk = await done;
            marks.push(...chunk.marks);
            events += chunk.events;
            fixtureCpuMs += chunk.cpuMs;
            log(
              `flood chunk done: ${events} events so far; last sample rss ${mib(samples.at(-1)?.rss ?? 0)} MiB; load ${loadAverage()}`,
            );
          }
        } finally {
          clearInterval(sampler);
        }
        const floodEnd = Date.now();
        await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
        await takeSample();
        terminal.send({type: 'marks'});
        const shown = await terminal.next('marks', 30_000);
        return {
          floodStart,
          floodEnd,
          samples,
          events,
          fixtureCpuMs,
          lags: markLags(marks, shown.marks, shown.at),
        };
      },
    );
  } finally {
    bundle.remove();
  }
})();
const loadAfter = loadAverage();

// Per minute of the flood (minute 1 = its first 60 s).
const byMinute: Minute[] = [];
for (let m = 1; m <= minutes; m++) {
  const from = result.floodStart + (m - 1) * 60_000;
  const to = from + 60_000;
  const inside = result.samples.filter((s) => s.at > from && s.at <= to);
  const before = [...result.samples].reverse().find((s) => s.at <= from);
  const last = inside.at(-1);
  const cpuShare =
    before && last ? (last.cpuMicros - before.cpuMicros) / 1000 / (last.at - before.at) : NaN;
  byMinute.push({
    minute: m,
    samples: inside,
    lags: result.lags.filter((l) => l.at > from && l.at <= to),
    cpuShare,
  });
}

const meanRss = (m: Minute | undefined): number =>
  m && m.samples.length > 0 ? m.samples.reduce((a, s) => a + s.rss, 0) / m.samples.length : NaN;
const p99 = (lags: readonly MarkLag[]): number =>
  percentile(
    lags.map((l) => l.lag),
    99,
  );
const window = (first: number, last: number): readonly MarkLag[] =>
  byMinute.filter((m) => m.minute >= first && m.minute <= last).flatMap((m) => m.lags);

const early = Math.min(5, minutes);
const rssEarly = meanRss(byMinute[early - 1]);
const rssLate = meanRss(byMinute[minutes - 1]);
const rssChange = (rssLate - rssEarly) / rssEarly;
const lagEarly = p99(window(1, early));
const lagLate = p99(window(Math.max(1, minutes - 4), minutes));
const peakEarly = Math.max(
  ...byMinute.slice(0, early).flatMap((m) => m.samples.map((s) => s.maxRssKiB)),
);
const peakLate = Math.max(...result.samples.map((s) => s.maxRssKiB));
const censored = result.lags.filter((l) => l.censored).length;
const seconds = (result.floodEnd - result.floodStart) / 1000;

const rows = byMinute.map((m) => {
  const rss = m.samples.map((s) => s.rss);
  const heap = m.samples.map((s) => s.heapUsed);
  const lags = m.lags.map((l) => l.lag);
  // A starved fixture's 10-minute chunk runs on after its markers stop: no markers that minute.
  const lagCell =
    lags.length === 0
      ? '— (no markers)'
      : `${Math.round(median(lags))} / ${Math.round(percentile(lags, 99))} / ${Math.round(Math.max(...lags))}`;
  return `| ${m.minute} | ${mib(rss.reduce((a, b) => a + b, 0) / Math.max(1, rss.length))} (${mib(Math.min(...rss))}–${mib(Math.max(...rss))}) | ${mib(Math.min(...heap))} | ${(Math.max(...m.samples.map((s) => s.maxRssKiB)) / 1024).toFixed(0)} | ${Number.isNaN(m.cpuShare) ? '—' : `${Math.round(m.cpuShare * 100)}%`} | ${lagCell} |`;
});

const verdict = (ok: boolean): string => (ok ? 'yes' : 'NO');
const doc = [
  '# openclaw-tui soak: the flood for half an hour',
  '',
  `Run ${startedAt.toISOString()} with \`node --import tsx bench/probes/soak.ts\` (a probe: not part of \`npm run bench\`, not CI; \`npm run bench\` never overwrites this file).`,
  '',
  `**Machine:** ${machine.cores} cores (${machine.cpuModel}), ${machine.ramGiB.toFixed(1)} GiB RAM, ${machine.kernel} ${machine.arch}, Node ${machine.node}.`,
  `Load average (1/5/15 min) before: ${loadBefore}; after: ${loadAfter}. The VM is shared with other work (up to nine engineers' builds and tests ran meanwhile), so CPU and lag move with it.`,
  '',
  `**What ran:** the console process of \`npm run bench\` row 4 (bundled with the options of dist/, plain Node with the bin's flags: \`${flags.join(' ') || 'none'}\`), attached through the real client and bridge to a fixture gateway (own process) with ${SESSIONS.toLocaleString('en')} sessions flooding ${RATE.toLocaleString('en')} events/s for ${minutes} minutes (${result.events.toLocaleString('en')} events in ${seconds.toFixed(0)} s: ${Math.round(result.events / seconds)}/s; fixture CPU ${Math.round((result.fixtureCpuMs / 1000 / seconds) * 100)}% of a core), drawing into a fake 120x40 terminal. Memory sampled every ${SAMPLE_EVERY_MS / 1000} s (process.memoryUsage, resourceUsage().maxRSS); lag from a marker every ${MARK_EVERY_MS} ms (the selected row renamed, first frame showing it or a later one), as in row 4${censored > 0 ? `; ${censored} markers never drawn count as lower bounds` : ''}.`,
  '',
  '| check | target | result | met? |',
  '| --- | --- | --- | --- |',
  `| RSS, mean over minute ${minutes} vs minute ${early} | within 10 % | ${mib(rssLate)} MiB vs ${mib(rssEarly)} MiB: ${rssChange >= 0 ? '+' : ''}${(rssChange * 100).toFixed(1)} % | ${verdict(Math.abs(rssChange) <= 0.1)} |`,
  `| event-to-frame lag p99, minutes ${Math.max(1, minutes - 4)}–${minutes} vs 1–${early} | unchanged: no more than 10 % higher at the end | ${Math.round(lagLate)} ms vs ${Math.round(lagEarly)} ms | ${verdict(lagLate <= lagEarly * 1.1)} |`,
  `| event-to-frame lag p99 < 250 ms (row 4's target), both windows | — | ${lagLate < 250 && lagEarly < 250 ? 'yes' : 'no'} (the fixture sent ${Math.round(result.events / seconds)}/s) | info |`,
  `| peak RSS (maxRSS) by minute ${minutes} vs by minute ${early} | — | ${(peakLate / 1024).toFixed(0)} MiB vs ${(peakEarly / 1024).toFixed(0)} MiB | info |`,
  '',
  '## Per minute',
  '',
  '| minute | RSS MiB mean (min–max) | live heap MiB (lowest heapUsed) | peak RSS so far MiB | console CPU | lag ms p50 / p99 / max |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows,
  '',
].join('\n');
writeFileSync(out, doc);
log(`wrote ${path.relative(process.cwd(), out)}`);
process.stdout.write(`${doc}\n`);

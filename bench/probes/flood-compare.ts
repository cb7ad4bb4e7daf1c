// Probe (not part of `npm run bench`): the flood of row 4 once per variant of the console's Node
// flags, variants interleaved (A B C A B C …) so a burst of load on the shared machine does not land
// on one of them only. Prints peak RSS, CPU and lag per run and the medians per variant.
//   FLOOD_VARIANTS='base=;semi4=--max-semi-space-size=4'  name=flags pairs, ';'-separated
//   FLOOD_ROUNDS=N (default 2), OCT_BENCH_FLOOD_SECONDS (default 60)
import {measureFlood, type FloodResult} from '../flood.ts';
import {buildConsoleBundle} from '../support/console-bundle.ts';
import {loadAverage} from '../support/machine.ts';
import {median} from '../support/stats.ts';

const variants = (process.env.FLOOD_VARIANTS ?? 'base=;semi4=--max-semi-space-size=4')
  .split(';')
  .filter((v) => v.includes('='))
  .map((v) => {
    const at = v.indexOf('=');
    return {name: v.slice(0, at), flags: v.slice(at + 1)};
  });
const rounds = Number(process.env.FLOOD_ROUNDS ?? '2');
const seconds = Number(process.env.OCT_BENCH_FLOOD_SECONDS ?? '60');
const sessions = Number(process.env.OCT_BENCH_FLOOD_SESSIONS ?? '1000');
const results = new Map<string, FloodResult[]>();
const bundle = await buildConsoleBundle();
console.log(`load before: ${loadAverage()}`);
try {
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) {
      process.env.OCT_BENCH_NODE_FLAGS = variant.flags;
      const r = await measureFlood({sessions, rate: 2000, seconds, bundle});
      results.set(variant.name, [...(results.get(variant.name) ?? []), r]);
      console.log(
        `${variant.name.padEnd(12)} peak ${r.peakRssMiB.toFixed(0)} MiB (before flood ${r.peakRssBeforeMiB.toFixed(0)}), cpu ${(r.cpuShare * 100).toFixed(0)}%, lag p50 ${r.lagP50.toFixed(0)} p99 ${r.lagP99.toFixed(0)} max ${r.lagMax.toFixed(0)} ms${r.marksNeverShown ? ` (${r.marksNeverShown} never shown)` : ''}, ${r.framesPerSecond.toFixed(1)} frames/s, ${(r.bytesPerSecond / 1024).toFixed(1)} KiB/s, sent ${Math.round(r.achievedRate)}/s, load ${loadAverage()}; end ${JSON.stringify(r.memoryAtEndMiB)}`,
      );
    }
  }
} finally {
  bundle.remove();
}
console.log(`load after: ${loadAverage()}`);
for (const [name, rs] of results) {
  console.log(
    `median ${name.padEnd(12)} peak ${median(rs.map((r) => r.peakRssMiB)).toFixed(0)} MiB, cpu ${(median(rs.map((r) => r.cpuShare)) * 100).toFixed(0)}%, lag p99 ${median(rs.map((r) => r.lagP99)).toFixed(0)} ms`,
  );
}

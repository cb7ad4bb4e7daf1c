// Probe (not part of `npm run bench`): `pending --json` of several builds side by side against
// one fixture gateway (12 sessions), runs interleaved (A B … A B …) with a bare `node -e 0`, each
// `node <the bin's flags> <dir>/cli.js pending --json` in a fresh process. Prints per variant the
// medians of wall time (spawn to exit), CPU time (user+sys, from /usr/bin/time) and peak RSS, with
// the load average before and after: on a shared machine CPU time moves less than wall time.
//   TWIN_VARIANTS='main=/tmp/main-dist;now=dist'  TWIN_RUNS=N (default 15)  TWIN_COMMAND=pending
//   (bench/probes/build-dist.mjs builds a source tree into a directory of its own)
import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {loadAverage} from '../support/machine.ts';
import {shippedNodeFlags} from '../support/node-flags.ts';
import {consoleEnv, startFixture, tempHome} from '../support/processes.ts';
import {median} from '../support/stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const variants = (process.env.TWIN_VARIANTS ?? 'now=dist')
  .split(';')
  .filter((v) => v.includes('='))
  .map((v) => ({
    name: v.slice(0, v.indexOf('=')),
    dir: path.resolve(root, v.slice(v.indexOf('=') + 1)),
  }));
const runs = Number(process.env.TWIN_RUNS ?? '15');
const command = process.env.TWIN_COMMAND ?? 'pending';

type Sample = {wall: number; cpu: number; rssMiB: number};
const timed = (args: readonly string[], env: NodeJS.ProcessEnv): Sample => {
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', 'OCTTIME %U %S %M', ...args], {
    env,
    encoding: 'utf8',
  });
  const wall = performance.now() - started;
  const match = /OCTTIME (\S+) (\S+) (\d+)/.exec(run.stderr);
  if (run.status !== 0 || !match) throw new Error(`${args.join(' ')}: ${run.stderr.slice(-300)}`);
  return {
    wall,
    cpu: (Number(match[1]) + Number(match[2])) * 1000,
    rssMiB: Number(match[3]) / 1024,
  };
};

const fixture = await startFixture({sessions: 12, maxDepth: 3, mainLabel: 'bench-main'});
const home = tempHome();
const results = new Map<string, Sample[]>();
console.log(`load before: ${loadAverage()}`);
try {
  const env = consoleEnv(fixture, home);
  for (let run = 0; run <= runs; run++) {
    for (const variant of variants) {
      const sample = timed(
        [
          process.execPath,
          ...shippedNodeFlags(),
          path.join(variant.dir, 'cli.js'),
          command,
          '--json',
        ],
        env,
      );
      // Run 0 is untimed: identity, pairing, each variant's code cache written.
      if (run > 0) results.set(variant.name, [...(results.get(variant.name) ?? []), sample]);
    }
    const floor = timed([process.execPath, '-e', '0'], env);
    if (run > 0) results.set('node -e 0', [...(results.get('node -e 0') ?? []), floor]);
  }
} finally {
  await fixture.stop();
  home.remove();
}
console.log(`load after: ${loadAverage()}`);
const f = (v: number) => v.toFixed(0).padStart(6);
console.log(`variant          wall    cpu  peak RSS MiB   (medians of ${runs})`);
for (const [name, all] of results) {
  console.log(
    `${name.padEnd(14)} ${f(median(all.map((s) => s.wall)))} ${f(median(all.map((s) => s.cpu)))}  ${median(all.map((s) => s.rssMiB)).toFixed(1)}`,
  );
}
process.exit(0);

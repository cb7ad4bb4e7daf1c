// Probe (not part of `npm run bench`): the INSTALLED bin of several checkouts side by side, as
// `npm run bench` times it (bench/support/installed.ts: npm pack + npm install -g into a temp
// prefix; the linked bin spawned itself, so its first line's Node flags apply). Runs interleaved
// (A B … A B …) with a bare `node -e 0`: `--version` and `<command> --json` against one fixture
// gateway (12 sessions), or a local real gateway with BIN_REAL=1. Prints per variant the medians of
// wall time (spawn to exit), CPU time (user+sys, /usr/bin/time) and peak RSS, with the load
// average before and after: on a shared machine CPU time moves less than wall time.
//   BIN_VARIANTS='main=/tmp/main-checkout;now=.'  BIN_RUNS=N (default 15)  BIN_COMMAND=pending
// Each checkout must be built (`npm run build`) first.
import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {startRealGateway} from '../../test/support/real-gateway.ts';
import {installPackage, type InstalledPackage} from '../support/installed.ts';
import {loadAverage} from '../support/machine.ts';
import {consoleEnv, startFixture, tempHome} from '../support/processes.ts';
import {median} from '../support/stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const variants = (process.env.BIN_VARIANTS ?? 'now=.')
  .split(';')
  .filter((v) => v.includes('='))
  .map((v) => ({
    name: v.slice(0, v.indexOf('=')),
    dir: path.resolve(root, v.slice(v.indexOf('=') + 1)),
  }));
const runs = Number(process.env.BIN_RUNS ?? '15');
const command = process.env.BIN_COMMAND ?? 'pending';
const real = process.env.BIN_REAL === '1';

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

const installed: {name: string; pkg: InstalledPackage}[] = [];
for (const variant of variants) {
  installed.push({name: variant.name, pkg: await installPackage(variant.dir)});
}
const gateway = real
  ? await startRealGateway({ttlSeconds: 900})
  : await startFixture({sessions: 12, maxDepth: 3, mainLabel: 'bench-main'});
const home = tempHome();
const results = new Map<string, Sample[]>();
const add = (name: string, sample: Sample): void => {
  results.set(name, [...(results.get(name) ?? []), sample]);
};
console.log(`load before: ${loadAverage()}`);
try {
  const base = consoleEnv(gateway, home);
  for (let run = 0; run <= runs; run++) {
    for (const {name, pkg} of installed) {
      const env = pkg.env(base);
      const version = timed([pkg.bin, '--version'], env);
      const twin = timed([pkg.bin, command, '--json'], env);
      // Run 0 is untimed: identity, pairing, each variant's code cache written.
      if (run > 0) {
        add(`${name} --version`, version);
        add(`${name} ${command}`, twin);
      }
    }
    const floor = timed([process.execPath, '-e', '0'], base);
    if (run > 0) add('node -e 0', floor);
  }
} finally {
  await gateway.stop();
  home.remove();
  for (const {pkg} of installed) pkg.remove();
}
console.log(`load after: ${loadAverage()}`);
const f = (v: number) => v.toFixed(0).padStart(6);
console.log(
  `${real ? 'real gateway' : 'fixture'}: variant             wall    cpu  peak RSS MiB   (medians of ${runs})`,
);
for (const [name, all] of results) {
  console.log(
    `${name.padEnd(30)} ${f(median(all.map((s) => s.wall)))} ${f(median(all.map((s) => s.cpu)))}  ${median(all.map((s) => s.rssMiB)).toFixed(1)}`,
  );
}
process.exit(0);

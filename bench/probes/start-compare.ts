// Probe (not part of `npm run bench`): start-up of several builds of the console side by side.
// Each variant is a dist/ directory (built elsewhere; its cli.js is run by plain Node, with a
// preload stamping the first frame and the tree); runs are interleaved (A B C A B C …) in a 120x40
// pty against one fixture with 12 sessions. Prints, per variant, medians of the wall time from
// the process's start (performance.now() in the process: the pty and spawn cost are left out) and
// of the CPU time the process had used, to the first frame and to the tree. On a shared machine
// the CPU time moves less with other work than the wall time.
//   START_VARIANTS='now=dist;main=/tmp/main-dist'  name=dir pairs, each optionally with its own
//     Node flags after an @ ('small=dist@--max-semi-space-size=4'); START_RUNS=N (default 9)
//   (bench/probes/build-dist.mjs builds a source tree into a directory of its own)
//   START_FLAGS='--flag …' extra Node flags for every variant
import {readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {spawnTracked, stopTracked, waitForExit} from '../support/children.ts';
import {loadAverage} from '../support/machine.ts';
import {consoleEnv, startFixture, tempHome} from '../support/processes.ts';
import {median} from '../support/stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const variants = (process.env.START_VARIANTS ?? 'now=dist')
  .split(';')
  .filter((v) => v.includes('='))
  .map((v) => {
    const [where = '', own = ''] = v.slice(v.indexOf('=') + 1).split('@');
    return {
      name: v.slice(0, v.indexOf('=')),
      dir: path.resolve(root, where),
      flags: own.split(' ').filter((f) => f !== ''),
    };
  });
const runs = Number(process.env.START_RUNS ?? '9');
const flags = (process.env.START_FLAGS ?? '').split(' ').filter((f) => f !== '');
type Marks = {
  firstFrameSinceStartMs: number;
  treeSinceStartMs: number;
  firstFrameCpuMs: number;
  treeCpuMs: number;
};

const fixture = await startFixture({sessions: 12, maxDepth: 3, mainLabel: 'bench-main'});
// One home per variant: the code cache keeps one file per purpose and removes the others, so
// variants sharing a home would each find the other's cache and start cold every run.
const homes = new Map(variants.map((v) => [v.name, tempHome()]));
const home = tempHome();
const results = new Map<string, Marks[]>();
const marksFile = path.join(home.dir, 'marks.json');
console.log(`load before: ${loadAverage()}`);
try {
  for (let run = 0; run <= runs; run++) {
    for (const variant of variants) {
      rmSync(marksFile, {force: true});
      const env = consoleEnv(fixture, homes.get(variant.name) ?? home, {
        TERM: 'xterm-256color',
        OCT_START_MARKS: marksFile,
      });
      const command = [
        'stty rows 40 cols 120 2>/dev/null; exec',
        process.execPath,
        ...flags,
        ...variant.flags,
        '--import',
        path.join(root, 'bench/probes/start-marks.mjs'),
        path.join(variant.dir, 'cli.js'),
      ].join(' ');
      const child = spawnTracked('script', ['-qfec', command, '/dev/null'], {
        cwd: root,
        env: {...env, NODE_ENV: 'production'},
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let seen = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${variant.name}: no tree in 60 s`)),
          60_000,
        );
        child.stdout?.on('data', (chunk: Buffer) => {
          seen = (seen + chunk.toString('utf8')).slice(-8192);
          if (seen.includes('bench-main')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      child.stdin?.write('q');
      if (!(await waitForExit(child, 5000))) await stopTracked(child);
      if (run === 0) continue; // untimed: identity, pairing, disk cache
      const marks = JSON.parse(readFileSync(marksFile, 'utf8')) as Marks;
      results.set(variant.name, [...(results.get(variant.name) ?? []), marks]);
    }
  }
} finally {
  await fixture.stop();
  home.remove();
  for (const h of homes.values()) h.remove();
}
console.log(`load after: ${loadAverage()}`);
const f = (v: number) => v.toFixed(0).padStart(5);
console.log('variant        first frame: wall  cpu | tree: wall  cpu   (ms, medians)');
for (const [name, all] of results) {
  console.log(
    `${name.padEnd(14)}            ${f(median(all.map((m) => m.firstFrameSinceStartMs)))} ${f(median(all.map((m) => m.firstFrameCpuMs)))} |    ${f(median(all.map((m) => m.treeSinceStartMs)))} ${f(median(all.map((m) => m.treeCpuMs)))}`,
  );
}
process.exit(0);

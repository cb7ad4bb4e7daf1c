// Probe (not part of `npm run bench`): where the start of the shipped console goes. Runs
// `node bin/openclaw-tui.cjs` (the bundle) in a 120x40 pty against a fixture with 12 sessions, with
// a CPU profile and a preload that stamps the first frame and the tree on the profile's clock, and
// prints, for the time before the first frame and before the tree: self time by bundle file and
// the costliest functions, plus the idle time (waiting: the socket, the gateway).
//   START_RUNS=N (default 5) profiled runs; the figures are summed over them.
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {spawnTracked, stopTracked, waitForExit} from '../support/children.ts';
import {consoleEnv, startFixture, tempHome} from '../support/processes.ts';
import {shippedNodeFlags} from '../support/node-flags.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.env.START_RUNS ?? '5');
type Node = {
  id: number;
  callFrame: {functionName: string; url: string; lineNumber: number};
  children?: number[];
};
type Profile = {nodes: Node[]; startTime: number; samples: number[]; timeDeltas: number[]};

const fixture = await startFixture({sessions: 12, maxDepth: 3, mainLabel: 'bench-main'});
const home = tempHome();
const dir = mkdtempSync(path.join(tmpdir(), 'oct-start-prof-'));
const byFile = new Map<string, [number, number]>();
const byFunction = new Map<string, [number, number]>();
// Inclusive time (a sample counts for every function on its stack) of the named functions and of
// each bundle file's top level (module evaluation), before the first frame and before the tree.
const INCLUSIVE = (
  process.env.START_INCLUSIVE ??
  'runConsole,render,openDataStore,loadOrCreateIdentity,createGatewayConnection,bridgeGateway,createInitialState,start,main,parseCli,buildOptions,renderer,resetAfterCommit,onRender,App,createAttachedLog'
).split(',');
const inclusive = new Map<string, [number, number]>();
const totals = {first: 0, tree: 0, profileStartToFirst: 0, preload: 0};
const add = (map: Map<string, [number, number]>, key: string, i: 0 | 1, us: number) => {
  const entry = map.get(key) ?? [0, 0];
  entry[i] += us;
  map.set(key, entry);
};
try {
  for (let run = 0; run <= runs; run++) {
    // One directory for every run: the code cache's key holds the Node flags, and a flag naming a
    // new directory per run would give every run a cold cache.
    const profDir = path.join(dir, 'prof');
    rmSync(profDir, {recursive: true, force: true});
    const marksFile = path.join(dir, `marks-${run}.json`);
    const env = consoleEnv(fixture, home, {TERM: 'xterm-256color', OCT_START_MARKS: marksFile});
    const command = `stty rows 40 cols 120 2>/dev/null; exec ${process.execPath} --import ${path.join(root, 'bench/probes/start-marks.mjs')} --cpu-prof --cpu-prof-interval=200 --cpu-prof-dir=${profDir} ${shippedNodeFlags().join(' ')} bin/openclaw-tui.cjs`;
    const child = spawnTracked('script', ['-qfec', command, '/dev/null'], {
      cwd: root,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let seen = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no tree in 30 s')), 30_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        seen = (seen + chunk.toString('utf8')).slice(-8192);
        if (seen.includes('bench-main')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    await new Promise((r) => setTimeout(r, 300));
    child.stdin?.write('q');
    if (!(await waitForExit(child, 5000))) await stopTracked(child);
    if (run === 0) continue; // untimed: pairing, identity
    const marks = JSON.parse(readFileSync(marksFile, 'utf8')) as Record<string, number>;
    const profFile = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    const profile = JSON.parse(readFileSync(path.join(profDir, profFile!), 'utf8')) as Profile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const labelOf = (n: Node): string | undefined => {
      const file = n.callFrame.url.replace(/^.*\/(dist|node_modules|bin)\//, '$1/');
      if (n.callFrame.functionName === '' && n.callFrame.lineNumber === 0 && file !== '')
        return `module ${file}`;
      return INCLUSIVE.includes(n.callFrame.functionName) ? n.callFrame.functionName : undefined;
    };
    totals.first += marks.firstFrame! - profile.startTime;
    totals.tree += marks.tree! - profile.startTime;
    totals.preload += marks.preload! - profile.startTime;
    let t = profile.startTime;
    profile.samples.forEach((id, i) => {
      const delta = profile.timeDeltas[i] ?? 0;
      t += delta;
      const node = nodes.get(id)!;
      const file =
        node.callFrame.url.replace(/^.*\/(dist|node_modules|bin)\//, '$1/') || '(native)';
      const name = node.callFrame.functionName || '(anonymous)';
      const key = `${name} ${file}:${node.callFrame.lineNumber}`;
      if (t > marks.tree!) return;
      const bucket = t <= marks.firstFrame! ? 0 : 1;
      add(byFile, name.startsWith('(') ? name : file, bucket, delta);
      const labels = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const label = labelOf(nodes.get(at)!);
        if (label) labels.add(label);
      }
      for (const label of labels) add(inclusive, label, bucket, delta);
      add(byFunction, key, bucket, delta);
    });
  }
} finally {
  await fixture.stop();
  home.remove();
  rmSync(dir, {recursive: true, force: true});
}
const ms = (us: number) => (us / runs / 1000).toFixed(1).padStart(7);
console.log(
  `per run: profile start → preload ${ms(totals.preload)} ms, → first frame ${ms(totals.first)} ms, → tree ${ms(totals.tree)} ms`,
);
console.log('\nself time by file (ms per run): before first frame | first frame → tree');
for (const [key, [a, b]] of [...byFile]
  .sort((x, y) => y[1][0] + y[1][1] - x[1][0] - x[1][1])
  .slice(0, 25))
  console.log(`${ms(a)} ${ms(b)}  ${key}`);
console.log('\ninclusive (ms per run): before first frame | first frame → tree');
for (const [key, [a, b]] of [...inclusive].sort((x, y) => y[1][0] - x[1][0]))
  console.log(`${ms(a)} ${ms(b)}  ${key}`);
console.log('\ncostliest functions (self ms per run): before first frame | first frame → tree');
for (const [key, [a, b]] of [...byFunction]
  .sort((x, y) => y[1][0] + y[1][1] - x[1][0] - x[1][1])
  .slice(0, 40))
  console.log(`${ms(a)} ${ms(b)}  ${key}`);
process.exit(0);

// Probe (not part of `npm run bench`): which bundled module the console's start spends its time
// in. Builds the shipped bundle once more with whitespace kept (so esbuild's `// <path>` comment
// before each module's code survives: line → module), runs its cli.js in a 120x40 pty against a
// fixture with 12 sessions under a CPU profile (one untimed run first: identity, code cache),
// and attributes the self time before the first frame and before the tree to the module whose
// code it ran (a function by the line it starts on, the top level of a bundle file by the lines
// V8 ticked in it), beside Node's own (builtins, GC, compile).
//   START_RUNS=N (default 5) profiled runs, summed; START_TOP=N rows (default 40)
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as esbuild from 'esbuild';
// @ts-expect-error: a plain .mjs build script without type declarations
import * as bundling from '../../scripts/bundle-options.mjs';
import {spawnTracked, stopTracked, waitForExit} from '../support/children.ts';
import {loadAverage} from '../support/machine.ts';
import {shippedNodeFlags} from '../support/node-flags.ts';
import {consoleEnv, startFixture, tempHome} from '../support/processes.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.env.START_RUNS ?? '5');
const top = Number(process.env.START_TOP ?? '40');
type Node = {
  id: number;
  callFrame: {functionName: string; url: string; lineNumber: number};
  children?: number[];
  positionTicks?: {line: number; ticks: number}[];
};
type Profile = {nodes: Node[]; startTime: number; samples: number[]; timeDeltas: number[]};

const dir = mkdtempSync(path.join(tmpdir(), 'oct-start-modules-'));
const dist = path.join(dir, 'dist');
const keepWhitespace = <T extends object>(options: T): T => ({...options, minifyWhitespace: false});
type Options = (o: {entryPoints?: string[]; outdir: string}) => esbuild.BuildOptions;
const {bundleOptions, coreBundleOptions, consoleBundleOptions} = bundling as Record<
  'bundleOptions' | 'coreBundleOptions' | 'consoleBundleOptions',
  Options
>;
await esbuild.build(
  keepWhitespace(
    bundleOptions({entryPoints: [path.join(root, 'source', 'cli.tsx')], outdir: dist}),
  ),
);
await esbuild.build(keepWhitespace(coreBundleOptions({outdir: dist})));
await esbuild.build(keepWhitespace(consoleBundleOptions({outdir: dist})));

// line (0-based) → module path, per bundle file
const moduleLines = new Map<string, string[]>();
const texts = new Map<string, string[]>();
const modulesOf = (file: string): string[] => {
  let lines = moduleLines.get(file);
  if (lines) return lines;
  lines = [];
  texts.set(file, readFileSync(file, 'utf8').split('\n'));
  let current = '(bundle prelude)';
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const comment = /^\s*\/\/ (\S+\.(?:[cm]?[jt]sx?|json))$/.exec(line);
    if (comment?.[1])
      current = comment[1].replace(/^(\.\.\/)+main\//, '').replace(/^.*node_modules\//, '');
    lines.push(current);
  }
  moduleLines.set(file, lines);
  return lines;
};

const fixture = await startFixture({sessions: 12, maxDepth: 3, mainLabel: 'bench-main'});
const home = tempHome();
const byModule = new Map<string, [number, number]>();
const add = (key: string, i: 0 | 1, us: number) => {
  const entry = byModule.get(key) ?? [0, 0];
  entry[i] += us;
  byModule.set(key, entry);
};
const totals = {first: 0, tree: 0, cpuFirst: 0, cpuTree: 0};
console.log(`load before: ${loadAverage()}`);
try {
  for (let run = 0; run <= runs; run++) {
    const profDir = path.join(dir, 'prof');
    rmSync(profDir, {recursive: true, force: true});
    const marksFile = path.join(dir, `marks-${run}.json`);
    const env = consoleEnv(fixture, home, {TERM: 'xterm-256color', OCT_START_MARKS: marksFile});
    const command = `stty rows 40 cols 120 2>/dev/null; exec ${process.execPath} ${shippedNodeFlags().join(' ')} --import ${path.join(root, 'bench/probes/start-marks.mjs')} --cpu-prof --cpu-prof-interval=100 --cpu-prof-dir=${profDir} ${path.join(dist, 'cli.js')}`;
    const child = spawnTracked('script', ['-qfec', command, '/dev/null'], {
      cwd: root,
      env: {...env, NODE_ENV: 'production'},
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
    if (run === 0) continue; // untimed: identity, pairing, code cache
    const marks = JSON.parse(readFileSync(marksFile, 'utf8')) as Record<string, number>;
    const profFile = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    const profile = JSON.parse(readFileSync(path.join(profDir, profFile!), 'utf8')) as Profile;
    totals.first += marks.firstFrameSinceStartMs!;
    totals.tree += marks.treeSinceStartMs!;
    totals.cpuFirst += marks.firstFrameCpuMs!;
    totals.cpuTree += marks.treeCpuMs!;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    // Self samples per node, split at the marks.
    let t = profile.startTime;
    const perNode = new Map<number, [number, number]>();
    profile.samples.forEach((id, i) => {
      t += profile.timeDeltas[i] ?? 0;
      if (t > marks.tree!) return;
      const entry = perNode.get(id) ?? [0, 0];
      entry[t <= marks.firstFrame! ? 0 : 1] += profile.timeDeltas[i] ?? 0;
      perNode.set(id, entry);
    });
    for (const [id, [a, b]] of perNode) {
      const node = nodes.get(id)!;
      const url = node.callFrame.url;
      const inBundle = url.startsWith(`file://${dist}/`) || url.startsWith(`${dist}/`);
      if (!inBundle) {
        const name = node.callFrame.functionName;
        const key = url.startsWith('node:')
          ? name === 'compileForInternalLoader'
            ? 'node: compile builtins'
            : `node: ${process.env.START_NODE_DETAIL === '1' ? `${url} ${name}` : 'builtins (run)'}`
          : url === ''
            ? `native ${name}`
            : `other ${url.replace(/^.*\//, '')}`;
        add(key, 0, a);
        add(key, 1, b);
        continue;
      }
      const file = url.replace(/^file:\/\//, '');
      const lines = modulesOf(file);
      const base = path.basename(file).replace(/-[A-Z0-9]{8}\.js$/, '.js');
      const ticks = node.positionTicks ?? [];
      const total = ticks.reduce((s, p) => s + p.ticks, 0);
      if (node.callFrame.lineNumber <= 2 && total > 0) {
        // the top level of a bundle file: split by the lines V8 ticked
        for (const p of ticks) {
          const key =
            process.env.START_LINE_DETAIL === '1'
              ? `${base} top: ${lines[p.line - 1] ?? '?'}:${p.line} ${(texts.get(file)?.[p.line - 1] ?? '').trim().slice(0, 60)}`
              : `${base} top: ${lines[p.line - 1] ?? '?'}`;
          add(key, 0, (a * p.ticks) / total);
          add(key, 1, (b * p.ticks) / total);
        }
      } else {
        const key = `${base}: ${lines[node.callFrame.lineNumber] ?? '?'}`;
        add(key, 0, a);
        add(key, 1, b);
      }
    }
  }
} finally {
  await fixture.stop();
  home.remove();
  rmSync(dir, {recursive: true, force: true});
}
console.log(`load after: ${loadAverage()}`);
const ms = (us: number) => (us / runs / 1000).toFixed(1).padStart(7);
console.log(
  `per run (mean): first frame ${(totals.first / runs).toFixed(0)} ms wall, ${(totals.cpuFirst / runs).toFixed(0)} ms CPU; tree ${(totals.tree / runs).toFixed(0)} ms wall, ${(totals.cpuTree / runs).toFixed(0)} ms CPU (from the process's start, profiler on)`,
);
console.log('\nself time (ms per run): before first frame | first frame → tree');
const rows = [...byModule].sort((x, y) => y[1][0] - x[1][0]);
for (const [key, [a, b]] of rows.slice(0, top)) console.log(`${ms(a)} ${ms(b)}  ${key}`);
console.log('\nafter the first frame, costliest:');
for (const [key, [a, b]] of [...byModule].sort((x, y) => y[1][1] - x[1][1]).slice(0, 25))
  console.log(`${ms(a)} ${ms(b)}  ${key}`);
process.exit(0);

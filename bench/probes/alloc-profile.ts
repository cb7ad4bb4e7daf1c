// Probe (not part of `npm run bench`): where the console's allocation churn under the flood comes
// from. Runs the flood of row 4 (OCT_BENCH_FLOOD_SECONDS, default 20) with V8's sampling heap
// profiler on in the console process (freed objects counted too), then prints the bytes allocated
// per event and the functions and files that allocated most (self), and the bundled package or
// source directory they belong to.
import {readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {measureFlood} from '../flood.ts';
import {buildConsoleBundle} from '../support/console-bundle.ts';

type Node = {
  callFrame: {functionName: string; url: string; lineNumber: number; columnNumber: number};
  selfSize: number;
  id: number;
  children: Node[];
};
const seconds = Number(process.env.OCT_BENCH_FLOOD_SECONDS ?? '20');
const file = path.join(os.tmpdir(), `oct-alloc-${process.pid}.heapprofile`);
const bundle = await buildConsoleBundle();
let events = 0;
try {
  const r = await measureFlood({
    sessions: 1000,
    rate: 2000,
    seconds,
    bundle,
    env: {OCT_BENCH_ALLOC_PROFILE: file},
  });
  events = r.eventsSent;
  console.log(
    `flood: ${r.eventsSent} events in ${r.seconds.toFixed(1)} s, peak ${r.peakRssMiB.toFixed(0)} MiB, cpu ${(r.cpuShare * 100).toFixed(0)}%, lag p99 ${r.lagP99.toFixed(0)} ms`,
  );
} finally {
  bundle.remove();
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as {head: Node};
rmSync(file, {force: true});
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
const byCaller = new Map<string, Map<string, number>>();
let total = 0;
const nameOf = (node: Node): string =>
  `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\//, '') || '(native)'}:${node.callFrame.lineNumber + 1}`;
const walk = (node: Node, parents: readonly string[] = []): void => {
  const {functionName, url, lineNumber} = node.callFrame;
  const where = url.replace(/^.*\//, '') || '(native)';
  const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
  byFile.set(where, (byFile.get(where) ?? 0) + node.selfSize);
  total += node.selfSize;
  if (node.selfSize > 0) {
    const callers = byCaller.get(key) ?? new Map<string, number>();
    const chain = parents.slice(-3).join(' < ');
    callers.set(chain, (callers.get(chain) ?? 0) + node.selfSize);
    byCaller.set(key, callers);
  }
  for (const child of node.children) walk(child, [...parents, nameOf(node)]);
};
walk(profile.head);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1).padStart(8);
console.log(
  `allocated (sampled): ${mb(total)} MiB, ${(total / Math.max(1, events)).toFixed(0)} bytes per event`,
);
console.log('\nby function (self, MiB):');
for (const [key, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 45))
  console.log(`${mb(bytes)}  ${key}`);
console.log('\nwho calls the ten biggest (MiB; the three frames above, innermost last):');
for (const [key] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
  console.log(key);
  for (const [chain, bytes] of [...(byCaller.get(key) ?? new Map<string, number>())]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3))
    console.log(`  ${mb(bytes)}  ${chain}`);
}
console.log('\nby file (self, MiB):');
for (const [key, bytes] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 10))
  console.log(`${mb(bytes)}  ${key}`);

// Probe (not part of `npm run bench`): what one frame of the attached console costs with a
// 1,000-session swarm, fixture and console in one process, one marker rename at a time; FLOOD=1
// adds ten seconds of the 2,000 events/s flood and counts Ink's output passes and their cost.
process.env.NODE_ENV ??= 'production';
process.env.FORCE_COLOR ??= '1';
import os from 'node:os';
import {mkdtempSync} from 'node:fs';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {stripVTControlCharacters} from 'node:util';
import {FakeStdin, FakeStdout, SYNC_MARKERS} from '../support/fake-terminal.ts';
import {runConsoleInto} from '../support/run-console-into.ts';

const {startFixtureGateway} = await import('../../source/fixture/fixture-gateway.ts');
const {seedSwarm} = await import('../../source/fixture/swarm.ts');
const gateway = await startFixtureGateway({seed: 7, tickIntervalMs: 30_000});
seedSwarm(gateway, {sessions: Number(process.env.N ?? 1000), maxDepth: 5, seed: 7});
gateway.updateSession('agent:main:main', {label: 'bench-main'});
const home = mkdtempSync(path.join(os.tmpdir(), 'oct-fc-'));
process.env.HOME = home;
process.env.OPENCLAW_TUI_HOME = path.join(home, 'tui');
process.env.OPENCLAW_GATEWAY_URL = gateway.url;
process.env.OPENCLAW_GATEWAY_TOKEN = gateway.token ?? '';

let waiting: {text: string; resolve: (at: number) => void} | undefined;
const stdout = new FakeStdout(120, 40, (text) => {
  if (SYNC_MARKERS.has(text)) return;
  last = stripVTControlCharacters(text);
  writes++;
  if (waiting && stripVTControlCharacters(text).includes(waiting.text)) {
    const w = waiting;
    waiting = undefined;
    w.resolve(performance.now());
  }
});
const stdin = new FakeStdin();
let last = '';
const shown = (text: string) =>
  new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not shown: ${text}; last frame:\n${last}`)),
      10_000,
    );
    waiting = {text, resolve: (at) => (clearTimeout(timer), resolve(at))};
  });
const Output = (await import('../../node_modules/ink/build/output.js')).default as {
  prototype: {get: () => unknown};
};
let gets = 0;
let getMs = 0;
const originalGet = Output.prototype.get;
Output.prototype.get = function (this: unknown) {
  const t = performance.now();
  gets++;
  try {
    return originalGet.call(this);
  } finally {
    getMs += performance.now() - t;
  }
};
let writes = 0;
const ready = shown('of ');
const exited = runConsoleInto({stdout, stderr: new FakeStdout(120, 40, () => {}), stdin});
await ready;
await new Promise((r) => setTimeout(r, 1000));
// Pin the cursor (by key) on the first row, and mark that session: it stays on screen.
stdin.type('g');
await new Promise((r) => setTimeout(r, 300));
const firstLine = last.split('\n').find((l) => l.startsWith('› '))!;
const title = firstLine
  .slice(2)
  .trim()
  .replace(/^[▾▸·]\s/, '')
  .split(/\s{2,}/)[0]!;
const target = [...gateway.engine.state.sessions.values()].find((r) => r.label === title)!
  .key as string;
console.log('marking', title, target);
const times: number[] = [];
const cpu0 = process.cpuUsage();
for (let i = 1; i <= 200; i++) {
  const seen = shown(`mark-${i}`);
  const t0 = performance.now();
  gateway.updateSession(target, {label: `mark-${i}`});
  times.push((await seen) - t0);
  await new Promise((r) => setTimeout(r, 60));
}
const cpu = process.cpuUsage(cpu0);
times.sort((a, b) => a - b);
console.log(
  `frame latency p50 ${times[100]!.toFixed(1)} ms p90 ${times[180]!.toFixed(1)} max ${times[199]!.toFixed(1)}; cpu ${((cpu.user + cpu.system) / 1000 / 200).toFixed(1)} ms per mark`,
);
if (process.env.FLOOD) {
  const {startEventFlood} = await import('../../source/fixture/swarm.ts');
  const g0 = gets,
    w0 = writes,
    m0 = getMs;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let n = 0;
  const marker = setInterval(() => gateway.updateSession(target, {label: `mark-${++n}`}), 50);
  await startEventFlood(gateway, {rate: 2000, durationMs: 10_000, seed: 11}).done;
  clearInterval(marker);
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  console.log(
    `flood 10 s: output.get ${gets - g0} (${((getMs - m0) / (gets - g0)).toFixed(1)} ms each), writes ${writes - w0}, cpu ${(((c.user + c.system) / 1000 / wall) * 100).toFixed(0)}% (fixture included)`,
  );
}
stdin.type('q');
await exited;
await gateway.close();
process.exit(0);

// Preload for bench/probes/start-profile.ts (node --import): notes, on the monotonic clock the
// CPU profile uses, when the first frame (the header) and the tree (the main label) reached the
// terminal, and writes them to $OCT_START_MARKS at exit.
import fs from 'node:fs';
import {performance} from 'node:perf_hooks';

const out = process.env.OCT_START_MARKS;
const marks = {preload: Number(process.hrtime.bigint() / 1000n)};
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const text = String(chunk);
  const at = Number(process.hrtime.bigint() / 1000n);
  const cpu = () => {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1000;
  };
  if (marks.firstFrame === undefined && text.includes('openclaw-tui')) {
    marks.firstFrame = at;
    marks.firstFrameCpuMs = cpu();
    marks.firstFrameSinceStartMs = performance.now();
  }
  if (marks.tree === undefined && text.includes('bench-main')) {
    marks.tree = at;
    marks.treeCpuMs = cpu();
    marks.treeSinceStartMs = performance.now();
  }
  return write(chunk, ...rest);
};
process.on('exit', () => {
  if (out) fs.writeFileSync(out, JSON.stringify(marks));
});

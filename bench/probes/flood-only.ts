// Probe (not part of `npm run bench`): only measurement 4, the event flood, for trying a change or
// profiling it (OCT_BENCH_PROFILE_DIR=DIR). OCT_BENCH_FLOOD_SECONDS sets the length (default 15);
// the console runs bundled as in `npm run bench`, or through tsx with OCT_BENCH_TSX=1.
import {measureFlood} from '../flood.ts';
import {buildConsoleBundle} from '../support/console-bundle.ts';

const seconds = Number(process.env.OCT_BENCH_FLOOD_SECONDS ?? '15');
const bundle = process.env.OCT_BENCH_TSX === '1' ? undefined : await buildConsoleBundle();
try {
  const result = await measureFlood({
    sessions: 1000,
    rate: 2000,
    seconds,
    ...(bundle ? {bundle} : {}),
  });
  console.log(JSON.stringify(result, null, 1));
} finally {
  bundle?.remove();
}

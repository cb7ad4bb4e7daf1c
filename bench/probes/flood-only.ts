// Probe (not part of `npm run bench`): only measurement 4, the event flood, for trying a change or
// profiling it (OCT_BENCH_PROFILE_DIR=DIR). OCT_BENCH_FLOOD_SECONDS sets the length (default 15).
import {measureFlood} from '../flood.ts';

const seconds = Number(process.env.OCT_BENCH_FLOOD_SECONDS ?? '15');
const result = await measureFlood({sessions: 1000, rate: 2000, seconds});
console.log(JSON.stringify(result, null, 1));

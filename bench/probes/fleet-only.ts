// Probe (not part of `npm run bench`): only measurement 5's flood, the fleet of N fixture gateways
// under 2,000 events/s in total, for trying a change or profiling it (OCT_BENCH_PROFILE_DIR=DIR).
// OCT_BENCH_FLEET_SECONDS sets the length (default 20), OCT_BENCH_FLEET_GATEWAYS the fleet size
// (default 10); the console runs bundled as in `npm run bench`, or through tsx with OCT_BENCH_TSX=1.
import {measureFleet} from '../fleet.ts';
import {buildConsoleBundle} from '../support/console-bundle.ts';

const seconds = Number(process.env.OCT_BENCH_FLEET_SECONDS ?? '20');
const gateways = Number(process.env.OCT_BENCH_FLEET_GATEWAYS ?? '10');
const bundle = process.env.OCT_BENCH_TSX === '1' ? undefined : await buildConsoleBundle();
try {
  const result = await measureFleet({
    gateways,
    sessionsPerGateway: 1000,
    rate: 2000,
    seconds,
    rssAt: [],
    ...(bundle ? {bundle} : {}),
  });
  const {rss, ...rest} = result;
  console.log(JSON.stringify({...rest, rssSettledMiB: rss.at(-1)?.rssMiB}, null, 1));
} finally {
  bundle?.remove();
}

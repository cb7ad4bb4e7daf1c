// Probe (not part of `npm run bench`): the CPU of the client, bridge and store alone (no screen)
// under the 2,000 events/s flood, the fixture in its own process, with the cost of each action type.
process.env.NODE_ENV ??= 'production';
import {performance} from 'node:perf_hooks';
import {startFixture, tempHome} from '../support/processes.ts';
const {openGatewaySession} = await import('../../source/commands/gateway-session.ts');
const {parseCli} = await import('../../source/cli-flags.ts');
const {buildOptions} = await import('../../source/config/options.ts');

const fixture = await startFixture({sessions: 1000, maxDepth: 5});
const home = tempHome();
const env = {
  ...process.env,
  HOME: home.dir,
  OPENCLAW_TUI_HOME: home.tuiHome,
  OPENCLAW_GATEWAY_URL: fixture.url,
  OPENCLAW_GATEWAY_TOKEN: fixture.token,
};
const parsed = parseCli([]);
if (parsed.kind !== 'run') throw new Error('cli');
const options = buildOptions({
  cli: parsed.cli,
  env,
  osHome: home.dir,
  cwd: process.cwd(),
  platform: process.platform,
});
const session = await openGatewaySession(options, {reconnect: false, readLists: true});
let notifications = 0;
session.store.subscribe(() => notifications++);
const counts = new Map<string, {n: number; ms: number; items: number}>();
const store = session.store as {dispatch: (a: {type: string; changes?: unknown[]}) => void};
const original = store.dispatch.bind(store);
store.dispatch = (action) => {
  const t = performance.now();
  original(action);
  const entry = counts.get(action.type) ?? {n: 0, ms: 0, items: 0};
  entry.n++;
  entry.ms += performance.now() - t;
  entry.items += action.changes?.length ?? 1;
  counts.set(action.type, entry);
};
const c0 = process.cpuUsage();
const t0 = performance.now();
fixture.send({type: 'flood', rate: 2000, durationMs: 10_000, markEveryMs: 50, markTitle: ''});
await new Promise<void>((resolve) =>
  fixture.child.on('message', (m: {type: string}) => m.type === 'flood-done' && resolve()),
);
await new Promise((r) => setTimeout(r, 300));
const c = process.cpuUsage(c0);
const share = ((c.user + c.system) / 1000 / (performance.now() - t0)) * 100;
console.log(
  `client/bridge/store: ${share.toFixed(0)}% of a core, ${notifications} store changes, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
);
for (const [type, e] of counts)
  console.log(
    `${type}: ${e.n} actions, ${e.items} items, ${(e.ms / e.n).toFixed(3)} ms each, ${e.ms.toFixed(0)} ms total`,
  );
await session.close();
await fixture.stop();
home.remove();
process.exit(0);

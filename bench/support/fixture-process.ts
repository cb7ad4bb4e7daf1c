// Child process: the fixture gateway(s) for one measurement, in their own process so their CPU is
// never counted as the console's. Seeds a swarm on each, reports url + token over IPC, floods on
// request (the rate split evenly over the gateways: a fleet of 10 at 2,000 events/s gets 200/s
// each), and exits when told to or when the runner goes away.
//   argv: <sessions per gateway> <maxDepth> <mainLabel> [<gateways> (default 1)]

import {startFixtureGateway, type FixtureGateway} from '../../source/fixture/fixture-gateway.ts';
import {seedSwarm, startEventFlood} from '../../source/fixture/swarm.ts';
import type {FixtureReport, FixtureRequest, Mark} from './messages.ts';

const MAIN_KEY = 'agent:main:main';

const send = (report: FixtureReport): void => {
  process.send?.(report);
};

const main = async (): Promise<void> => {
  const sessions = Number(process.argv[2] ?? '0');
  const maxDepth = Number(process.argv[3] ?? '5');
  const mainLabel = process.argv[4] ?? 'bench-main';
  const count = Math.max(1, Number(process.argv[5] ?? '1') || 1);
  const gateways: FixtureGateway[] = [];
  let depth = 0;
  let seeded = 0;
  for (let i = 0; i < count; i++) {
    // Each gateway its own swarm (own seed): a fleet's gateways do not mirror each other.
    const gateway = await startFixtureGateway({seed: 7 + i, tickIntervalMs: 30_000});
    gateways.push(gateway);
    const swarm =
      sessions > 1 ? seedSwarm(gateway, {sessions, maxDepth, seed: 7 + i}) : {keys: [MAIN_KEY]};
    // Nobody is subscribed yet, so this only sets the label the console will first see.
    gateway.updateSession(MAIN_KEY, {label: i === 0 ? mainLabel : `${mainLabel}-${i + 1}`});
    if ('maxDepthReached' in swarm) depth = Math.max(depth, swarm.maxDepthReached);
    seeded += swarm.keys.length;
  }
  const first = gateways[0] as FixtureGateway;

  let closing = false;
  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await Promise.all(gateways.map((gateway) => gateway.close().catch(() => {})));
    process.exit(0);
  };
  // The runner died or closed the channel: never outlive it.
  process.on('disconnect', () => void close());
  process.once('SIGTERM', () => void close());

  process.on('message', (raw: unknown) => {
    const request = raw as FixtureRequest;
    if (request.type === 'stop') {
      void close();
      return;
    }
    if (request.type === 'flood') {
      const marks: Mark[] = [];
      const cpuBefore = process.cpuUsage();
      const startedAt = Date.now();
      let n = request.markFrom ?? 0;
      // Markers ride in the same stream as the flood: a sessions.changed for the row the console
      // has selected (held by key, so it stays on screen while the flood reorders the tree), on
      // whichever gateway has it (the first gateway's main session if none does).
      const holder = gateways
        .map((gateway) => ({
          gateway,
          key: [...gateway.engine.state.sessions.values()].find(
            (row) => row.label === request.markTitle || row.displayName === request.markTitle,
          )?.key,
        }))
        .find((found) => found.key !== undefined) ?? {gateway: first, key: MAIN_KEY};
      const markedGateway = holder.gateway;
      const marked = holder.key ?? MAIN_KEY;
      const markUntil = startedAt + (request.markForMs ?? request.durationMs);
      const marker =
        request.markEveryMs > 0
          ? setInterval(() => {
              if (Date.now() > markUntil) return;
              n += 1;
              markedGateway.updateSession(marked, {label: `mark-${n}`});
              marks.push({n, at: Date.now()});
            }, request.markEveryMs)
          : undefined;
      const floods = gateways.map((gateway, i) =>
        startEventFlood(gateway, {
          rate: request.rate / gateways.length,
          durationMs: request.durationMs,
          seed: 11 + i,
        }),
      );
      void Promise.all(floods.map((flood) => flood.done)).then((done) => {
        if (marker) clearInterval(marker);
        const cpu = process.cpuUsage(cpuBefore);
        send({
          type: 'flood-done',
          events: done.reduce((sum, d) => sum + d.events, 0),
          marks,
          cpuMs: (cpu.user + cpu.system) / 1000,
          wallMs: Date.now() - startedAt,
        });
      });
    }
  });

  send({
    type: 'ready',
    url: first.url,
    token: first.token ?? '',
    sessions: seeded,
    maxDepth: depth,
    gateways: gateways.map((gateway) => ({url: gateway.url, token: gateway.token ?? ''})),
  });
};

main().catch((error: unknown) => {
  process.stderr.write(
    `bench fixture: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});

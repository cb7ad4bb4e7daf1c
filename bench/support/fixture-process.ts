// Child process: a fixture gateway for one measurement, in its own process so its CPU is never
// counted as the console's. Seeds a swarm, reports url + token over IPC, floods on request, and
// exits when told to or when the runner goes away.
//   argv: <sessions> <maxDepth> <mainLabel>

import {startFixtureGateway} from '../../source/fixture/fixture-gateway.ts';
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
  const gateway = await startFixtureGateway({seed: 7, tickIntervalMs: 30_000});
  const swarm =
    sessions > 1 ? seedSwarm(gateway, {sessions, maxDepth, seed: 7}) : {keys: [MAIN_KEY]};
  // Nobody is subscribed yet, so this only sets the label the console will first see.
  gateway.updateSession(MAIN_KEY, {label: mainLabel});
  let depth = 0;
  if ('maxDepthReached' in swarm) depth = swarm.maxDepthReached;

  let closing = false;
  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await gateway.close().catch(() => {});
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
      // has selected (held by key, so it stays on screen while the flood reorders the tree).
      const marked =
        [...gateway.engine.state.sessions.values()].find(
          (row) => row.label === request.markTitle || row.displayName === request.markTitle,
        )?.key ?? MAIN_KEY;
      const marker =
        request.markEveryMs > 0
          ? setInterval(() => {
              n += 1;
              gateway.updateSession(marked, {label: `mark-${n}`});
              marks.push({n, at: Date.now()});
            }, request.markEveryMs)
          : undefined;
      const flood = startEventFlood(gateway, {
        rate: request.rate,
        durationMs: request.durationMs,
        seed: 11,
      });
      void flood.done.then(({events}) => {
        if (marker) clearInterval(marker);
        const cpu = process.cpuUsage(cpuBefore);
        send({
          type: 'flood-done',
          events,
          marks,
          cpuMs: (cpu.user + cpu.system) / 1000,
          wallMs: Date.now() - startedAt,
        });
      });
    }
  });

  send({
    type: 'ready',
    url: gateway.url,
    token: gateway.token ?? '',
    sessions: swarm.keys.length,
    maxDepth: depth,
  });
};

main().catch((error: unknown) => {
  process.stderr.write(
    `bench fixture: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});

// `--embed`: find openclaw and a Node for it, supervise `openclaw gateway` as our child, and tie
// its life to the console's: ready → connect now; announced restart → wait instead of respawning;
// every way out of the console (q, Ctrl+C, SIGTERM, SIGHUP, a crash) stops it first.

import {defaultFindDeps, findOpenclaw, formatFindFailure} from '../embed/find-openclaw.ts';
import {installNoOrphans, type NoOrphans} from '../embed/no-orphans.ts';
import {createProbeReady, probeChallenge} from '../embed/probe-ready.ts';
import {createSupervisor, type Supervisor} from '../embed/supervisor.ts';
import type {EmbedStatus, LogLine} from '../embed/types.ts';
import type {GatewayConnection} from '../client/types.ts';
import type {GatewayTarget} from '../config/options.ts';
import {parseShutdownNotice} from '../protocol/parse-shutdown.ts';
import type {Store} from '../state/store.ts';
import type {AppExtras, Source} from '../views/app-context.ts';
import type {GatewayLogLine} from '../views/gateway-pane.tsx';
import type {ConsoleLog} from './console-log.ts';

const DEFAULT_PORT = 18789;
const LOG_LINES_SHOWN = 2000;

export type EmbeddedGateway = {
  readonly url: string;
  readonly supervisor: Supervisor;
  readonly extras: AppExtras;
  /** Connect as soon as the child is ready, and honour announced in-process restarts. */
  attach(connection: GatewayConnection, store: Store): void;
  /** Install the no-orphan handlers; `unmount` tears the UI down when a signal ends us. */
  guard(unmount: () => void): void;
  /** Stop the child (or leave it running with detach) and remove the handlers. */
  shutdown(detach: boolean): Promise<void>;
};

export type StartEmbeddedResult =
  | {readonly ok: true; readonly embedded: EmbeddedGateway}
  | {readonly ok: false; readonly message: string};

const portOf = (url: string): number => {
  try {
    const port = Number(new URL(url).port);
    return Number.isInteger(port) && port > 0 ? port : DEFAULT_PORT;
  } catch {
    return DEFAULT_PORT;
  }
};

/** A Source over a value that changes through a callback registration. */
const sourceOf = <T>(read: () => T, register: (notify: () => void) => () => void): Source<T> => {
  let cached = read();
  return {
    getSnapshot: () => cached,
    subscribe: (listener) =>
      register(() => {
        cached = read();
        listener();
      }),
  };
};

const toLogLine = (line: LogLine): GatewayLogLine => ({
  text: line.text,
  at: line.at,
  stream: line.stream,
});

export const startEmbeddedGateway = async (options: {
  readonly target: Extract<GatewayTarget, {kind: 'embed'}>;
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly log: ConsoleLog;
}): Promise<StartEmbeddedResult> => {
  const found = await findOpenclaw(
    {
      ...(options.target.openclawPath === undefined ? {} : {openclaw: options.target.openclawPath}),
      ...(options.target.nodePath === undefined ? {} : {node: options.target.nodePath}),
    },
    defaultFindDeps(),
  );
  if (!found.ok) return {ok: false, message: formatFindFailure(found)};

  const {gateway} = options.target;
  const port = portOf(gateway.url);
  const url = `ws://127.0.0.1:${port}`;
  const supervisor = createSupervisor({
    openclawEntry: found.openclaw.entry,
    nodePath: found.node.path,
    port,
    url,
    env: options.env,
    dataDir: options.dataDir,
    probeReady: createProbeReady(gateway.auth),
    probeExisting: probeChallenge,
  });
  supervisor.on('status', (status) => {
    if (status.state === 'crashed' || status.state === 'config-invalid') {
      options.log('error', `embedded gateway ${status.state}: ${status.lastExit?.reason ?? ''}`);
    }
  });

  let noOrphans: NoOrphans | undefined;
  const status: Source<EmbedStatus | undefined> = sourceOf(
    () => supervisor.status(),
    (notify) => supervisor.on('status', notify),
  );
  // Log lines arrive in bursts; the App reads them at its own frame rate.
  const logSource: Source<readonly GatewayLogLine[]> = sourceOf(
    () => supervisor.lines(LOG_LINES_SHOWN).map(toLogLine),
    (notify) => supervisor.on('line', notify),
  );

  void supervisor.start();

  return {
    ok: true,
    embedded: {
      url,
      supervisor,
      extras: {embed: status, gatewayLog: logSource},
      attach(connection) {
        supervisor.on('status', (next) => {
          if (next.state === 'ready' || next.state === 'attached-existing') connection.retryNow();
        });
        connection.on('event', (frame) => {
          if (frame.event !== 'shutdown') return;
          const notice = parseShutdownNotice(frame.payload);
          if (notice.restartExpectedMs !== undefined) {
            supervisor.expectInProcessRestart(notice.restartExpectedMs);
          }
        });
      },
      guard(unmount) {
        noOrphans = installNoOrphans({
          supervisors: () => [supervisor],
          onShutdown: (reason) => {
            if (reason !== 'quit') unmount();
          },
        });
      },
      async shutdown(detach) {
        if (detach) {
          const detached = supervisor.detach();
          noOrphans?.dispose();
          if (detached) {
            process.stdout.write(
              `The embedded gateway keeps running (pid ${detached.pid}). Stop it later with: ${detached.stopCommand}\n`,
            );
          }
          return;
        }
        await noOrphans?.shutdown('quit');
        noOrphans?.dispose();
      },
    },
  };
};

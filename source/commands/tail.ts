// `openclaw-tui tail`: follows the event tail the console shows, as plain lines or NDJSON, until
// SIGINT/SIGTERM (exit 0). It subscribes to the store and writes every new TailEvent the moment
// the reducer produces it — no batching, no UI, no timers — so a line leaves within the same tick
// as the gateway frame that caused it. Drops and reconnects appear as `gateway` lines and missed
// events as `gap` lines; the connection keeps reconnecting. It ends with exit 1 only when retrying
// cannot help (the first connect failed or timed out, or the connection paused).

import {describeConnectProblem} from '../client/connect-problem.ts';
import type {ConnectProblem} from '../client/types.ts';
import type {Options} from '../config/options.ts';
import type {GatewayId} from '../state/gateway-id.ts';
import {gatewayRecordOf} from '../state/reducer.ts';
import type {Store} from '../state/store.ts';
import {reportSessionFailure} from './command-failure.ts';
import {
  EXIT,
  useColour,
  writeError,
  writeJson,
  writeLine,
  type CommandIo,
  type ExitCode,
} from './command-io.ts';
import {
  openGatewaySession,
  SessionError,
  type GatewaySession,
  type SessionDeps,
} from './gateway-session.ts';
import {noteSpawn, tailEventMatches, type SpawnParents, type TailFilter} from './tail-filter.ts';
import {tailLines, tailRecord} from './tail-line.ts';

type Ending = {readonly code: ExitCode; readonly problem?: ConnectProblem};

/** Calls `stop` when the caller's signal fires, or on SIGINT/SIGTERM; returns the cleanup. */
const onStop = (io: CommandIo, stop: () => void): (() => void) => {
  if (io.signal) {
    if (io.signal.aborted) stop();
    io.signal.addEventListener('abort', stop, {once: true});
    return () => io.signal?.removeEventListener('abort', stop);
  }
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
};

export const runTail = async (
  options: Options,
  io: CommandIo,
  deps: SessionDeps,
  filter: TailFilter,
): Promise<ExitCode> => {
  const colour = !options.json && useColour(io, options.color);
  let lastId = 0;
  let pipeClosed = false;
  const spawned: SpawnParents = new Map();

  const print = (store: Store, gateway: GatewayId): void => {
    if (pipeClosed) return;
    const state = store.getState();
    const items = gatewayRecordOf(state, gateway).events.items;
    let start = items.length;
    while (start > 0 && (items[start - 1]?.id ?? 0) > lastId) start--;
    for (let index = start; index < items.length; index++) {
      const event = items[index];
      if (event === undefined) continue;
      lastId = event.id;
      noteSpawn(spawned, event);
      if (!tailEventMatches(state, gateway, event, filter, spawned)) continue;
      if (options.json) writeJson(io, tailRecord(event));
      else for (const line of tailLines(event, colour)) writeLine(io, line);
    }
  };

  let finish: (ending: Ending) => void = () => {};
  const ended = new Promise<Ending>((resolve) => {
    finish = resolve;
  });
  const abort = new AbortController();
  const stop = (): void => {
    abort.abort();
    finish({code: EXIT.ok});
  };
  const removeStop = onStop(io, stop);
  // `| head` closing the pipe is a normal way to stop reading.
  const onPipeError = (): void => {
    pipeClosed = true;
    stop();
  };
  io.stdout.on?.('error', onPipeError);

  let unsubscribe: () => void = () => {};
  let session: GatewaySession | undefined;
  try {
    try {
      session = await openGatewaySession(
        options,
        {
          reconnect: true,
          readLists: false,
          signal: abort.signal,
          onStore: (store, gateway) => {
            unsubscribe = store.subscribe(() => print(store, gateway));
          },
        },
        deps,
      );
    } catch (error) {
      if (error instanceof SessionError) {
        if (error.failure.kind === 'stopped') return EXIT.ok;
        return reportSessionFailure(io, options, error.failure);
      }
      throw error;
    }
    // Nothing more will come once the client pauses (credentials changed, protocol mismatch).
    const offStatus = session.connection.on('status', (status) => {
      if (status.phase === 'paused') {
        finish({code: EXIT.failed, ...(status.problem ? {problem: status.problem} : {})});
      }
    });
    const ending = await ended;
    offStatus();
    if (ending.code !== EXIT.ok) {
      writeError(
        io,
        ending.problem
          ? `${describeConnectProblem(ending.problem)} (not retrying)`
          : 'the connection to the gateway stopped (not retrying)',
      );
    }
    return ending.code;
  } finally {
    unsubscribe();
    removeStop();
    io.stdout.off?.('error', onPipeError);
    await session?.close();
  }
};

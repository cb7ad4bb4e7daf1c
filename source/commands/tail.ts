// `openclaw-tui tail`: follows the event tail the console shows, as plain lines or NDJSON, until
// SIGINT/SIGTERM (exit 0). It subscribes to the store and writes every new TailEvent the moment
// the reducer produces it — no batching, no UI, no timers — so a line leaves within the same tick
// as the gateway frame that caused it. Drops and reconnects appear as `gateway` lines and missed
// events as `gap` lines; the connection keeps reconnecting. It ends with exit 1 only when retrying
// cannot help (the first connect failed or timed out, or the connection paused).
// `followTail` follows one gateway and hands each matching event over as data; the single tail
// and the fleet's (one per gateway, each line with its `gateway`) print them.

import {describeConnectProblem} from '../client/connect-problem.ts';
import type {Options} from '../config/options.ts';
import type {GatewayId} from '../state/gateway-id.ts';
import {gatewayRecordOf} from '../state/reducer.ts';
import type {TailEvent} from '../state/model.ts';
import type {Store} from '../state/store.ts';
import {safe} from '../text/sanitize.ts';
import {printFailure, sessionFailed, type Failed} from './command-failure.ts';
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

/** How following one gateway ended. */
export type TailEnding =
  /** SIGINT/SIGTERM, the caller's signal, or a closed pipe: exit 0. */
  | {readonly kind: 'stopped'}
  /** The first connect failed or timed out: reported like any twin's failure. */
  | {readonly kind: 'not-connected'; readonly failed: Failed}
  /** The connection paused after it was up (retrying cannot help): one line, exit 1. */
  | {readonly kind: 'paused'; readonly message: string};

/** Calls `stop` when the caller's signal fires, or on SIGINT/SIGTERM; returns the cleanup. */
export const onStop = (io: CommandIo, stop: () => void): (() => void) => {
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

/**
 * Follow one gateway's event tail until `signal` fires or retrying cannot help: every new event
 * that passes the filter goes to `onEvent` in the tick the reducer produced it.
 */
export const followTail = async (
  options: Options,
  deps: SessionDeps,
  filter: TailFilter,
  onEvent: (event: TailEvent) => void,
  signal: AbortSignal,
): Promise<TailEnding> => {
  let lastId = 0;
  const spawned: SpawnParents = new Map();

  const print = (store: Store, gateway: GatewayId): void => {
    const state = store.getState();
    const items = gatewayRecordOf(state, gateway).events.items;
    let start = items.length;
    while (start > 0 && (items[start - 1]?.id ?? 0) > lastId) start--;
    for (let index = start; index < items.length; index++) {
      const event = items[index];
      if (event === undefined) continue;
      lastId = event.id;
      noteSpawn(spawned, event);
      if (tailEventMatches(state, gateway, event, filter, spawned)) onEvent(event);
    }
  };

  let finish: (ending: TailEnding) => void = () => {};
  const ended = new Promise<TailEnding>((resolve) => {
    finish = resolve;
  });
  const stop = (): void => finish({kind: 'stopped'});
  signal.addEventListener('abort', stop, {once: true});
  if (signal.aborted) stop();

  let unsubscribe: () => void = () => {};
  let session: GatewaySession | undefined;
  try {
    try {
      session = await openGatewaySession(
        options,
        {
          reconnect: true,
          readLists: false,
          signal,
          onStore: (store, gateway) => {
            unsubscribe = store.subscribe(() => print(store, gateway));
          },
        },
        deps,
      );
    } catch (error) {
      if (error instanceof SessionError) {
        if (error.failure.kind === 'stopped') return {kind: 'stopped'};
        return {kind: 'not-connected', failed: sessionFailed(options, error.failure)};
      }
      throw error;
    }
    // Nothing more will come once the client pauses (credentials changed, protocol mismatch).
    const offStatus = session.connection.on('status', (status) => {
      if (status.phase !== 'paused') return;
      finish({
        kind: 'paused',
        message: status.problem
          ? `${describeConnectProblem(status.problem)} (not retrying)`
          : 'the connection to the gateway stopped (not retrying)',
      });
    });
    const ending = await ended;
    offStatus();
    return ending;
  } finally {
    unsubscribe();
    signal.removeEventListener('abort', stop);
    await session?.close();
  }
};

/**
 * Follow until stopped, printing every event; `gateway` (a fleet entry's name) goes on every
 * line: a `gateway` field in NDJSON, a `[name] ` prefix in text. Stops quietly when the pipe
 * closes (`| head`).
 */
export const printTail = async (
  io: CommandIo,
  options: Options,
  signal: AbortSignal,
  follow: (onEvent: (event: TailEvent) => void, signal: AbortSignal) => Promise<TailEnding>,
  gateway?: string,
): Promise<TailEnding> => {
  const colour = !options.json && useColour(io, options.color);
  const prefix = gateway === undefined ? '' : `[${safe(gateway)}] `;
  let pipeClosed = false;
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  signal.addEventListener('abort', stop, {once: true});
  if (signal.aborted) stop();
  // `| head` closing the pipe is a normal way to stop reading.
  const onPipeError = (): void => {
    pipeClosed = true;
    stop();
  };
  io.stdout.on?.('error', onPipeError);
  try {
    return await follow((event) => {
      if (pipeClosed) return;
      if (options.json) {
        const record = tailRecord(event);
        writeJson(io, gateway === undefined ? record : {...record, gateway});
      } else for (const line of tailLines(event, colour)) writeLine(io, `${prefix}${line}`);
    }, abort.signal);
  } finally {
    signal.removeEventListener('abort', stop);
    io.stdout.off?.('error', onPipeError);
  }
};

export const runTail = async (
  options: Options,
  io: CommandIo,
  deps: SessionDeps,
  filter: TailFilter,
): Promise<ExitCode> => {
  const abort = new AbortController();
  const removeStop = onStop(io, () => abort.abort());
  try {
    const ending = await printTail(io, options, abort.signal, (onEvent, signal) =>
      followTail(options, deps, filter, onEvent, signal),
    );
    switch (ending.kind) {
      case 'stopped':
        return EXIT.ok;
      case 'not-connected':
        return printFailure(io, options, ending.failed);
      case 'paused':
        writeError(io, ending.message);
        return EXIT.failed;
    }
  } finally {
    removeStop();
  }
};

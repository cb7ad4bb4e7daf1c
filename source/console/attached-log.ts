// The attached gateway's own log for the Gateway pane: logs.tail polled about once a second, and
// only while the operator has that pane open (the gateway has no push stream for logs, and a
// console left on the tree should not read the log file all night). Bounded; a rotation or a
// skip says so in a line of its own.

import type {GatewayConnection} from '../client/types.ts';
import type {AppState} from '../state/reducer.ts';
import type {Store} from '../state/store.ts';
import {parseLogsTail, readLogLine} from '../protocol/parse-logs.ts';
import type {Source} from '../views/app-context.ts';
import type {GatewayLogLine} from '../views/gateway-pane.tsx';

export type AttachedLogOptions = {
  readonly connection: GatewayConnection;
  /** Poll only while this says yes (the Gateway pane is open). */
  readonly wanted: () => boolean;
  readonly intervalMs?: number;
  readonly maxLines?: number;
  readonly now?: () => number;
  /** The console's own log, for a failing read (once per kind of failure, not per poll). */
  readonly onError?: (message: string) => void;
};

export type AttachedLog = Source<readonly GatewayLogLine[]> & {
  /** One poll now (tests; the timer calls it too). */
  poll(): Promise<void>;
  dispose(): void;
};

const FIRST_TAIL = 200;
const PER_POLL = 500;

export const createAttachedLog = (options: AttachedLogOptions): AttachedLog => {
  const {connection} = options;
  const now = options.now ?? Date.now;
  const maxLines = options.maxLines ?? 2_000;
  const listeners = new Set<() => void>();
  let lines: readonly GatewayLogLine[] = [];
  let cursor: number | undefined;
  let inFlight = false;
  let lastError: string | undefined;
  let disposed = false;

  const append = (added: readonly GatewayLogLine[]): void => {
    if (added.length === 0) return;
    const all = lines.concat(added);
    lines = all.length > maxLines ? all.slice(all.length - maxLines) : all;
    for (const listener of [...listeners]) listener();
  };

  const offered = (): boolean => {
    const hello = connection.hello;
    return (
      hello !== undefined && (hello.methods.length === 0 || hello.methods.includes('logs.tail'))
    );
  };

  const poll = async (): Promise<void> => {
    if (disposed || inFlight || !options.wanted()) return;
    if (connection.status.phase !== 'connected' || !offered()) return;
    inFlight = true;
    try {
      const result = parseLogsTail(
        await connection.request<unknown>(
          'logs.tail',
          cursor === undefined ? {limit: FIRST_TAIL} : {cursor, limit: PER_POLL},
        ),
      );
      if (result === undefined) throw new Error('logs.tail answered without lines');
      lastError = undefined;
      const at = now();
      const added: GatewayLogLine[] = [];
      if (cursor !== undefined && (result.reset || result.skippedBytes !== undefined)) {
        added.push({
          text: result.reset
            ? '— the log file was rotated or we fell behind; reading from its tail —'
            : `— ${result.skippedBytes} bytes of log skipped —`,
          at,
          stream: 'console',
        });
      }
      for (const line of result.lines) {
        const record = readLogLine(line);
        added.push({text: record.text, at: record.at ?? at});
      }
      if (result.cursor !== undefined) cursor = result.cursor;
      append(added);
    } catch (error) {
      const message = `logs.tail failed: ${error instanceof Error ? error.message : String(error)}`;
      if (message !== lastError) options.onError?.(message);
      lastError = message;
    } finally {
      inFlight = false;
    }
  };

  const timer = setInterval(() => void poll(), options.intervalMs ?? 1_000);
  timer.unref();

  return {
    getSnapshot: () => lines,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    poll,
    dispose() {
      disposed = true;
      clearInterval(timer);
      listeners.clear();
    },
  };
};

/**
 * The attached log as the console uses it: wanted while the Gateway pane is open, and read at
 * once when the pane opens instead of at the next tick.
 */
export const createGatewayPaneLog = (options: {
  readonly connection: GatewayConnection;
  readonly store: Store;
  readonly intervalMs?: number;
  readonly onError?: (message: string) => void;
  /** Whether the Gateway pane shows this gateway (in a fleet: the focused one). Default: yes. */
  readonly shown?: (state: AppState) => boolean;
}): AttachedLog => {
  const shown = options.shown ?? (() => true);
  const onGatewayPane = (): boolean => {
    const state = options.store.getState();
    return state.ui.pane === 'gateway' && shown(state);
  };
  const log = createAttachedLog({
    connection: options.connection,
    wanted: onGatewayPane,
    ...(options.intervalMs === undefined ? {} : {intervalMs: options.intervalMs}),
    ...(options.onError === undefined ? {} : {onError: options.onError}),
  });
  let wasOpen = false;
  const stopWatching = options.store.subscribe(() => {
    const open = onGatewayPane();
    if (open && !wasOpen) void log.poll();
    wasOpen = open;
  });
  return {
    ...log,
    dispose() {
      stopWatching();
      log.dispose();
    },
  };
};

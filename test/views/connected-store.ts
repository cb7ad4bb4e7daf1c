// The store most view tests start from: the default gateway connected with a hello (protocol 4),
// read-only or not, and — when the test gives rows — a loaded session snapshot. What a test is
// about (items, tasks, policy) it dispatches itself.

import type {SessionRow} from '../../source/protocol/types.ts';
import {createInitialState} from '../../source/state/reducer.ts';
import {createStore, type Store} from '../../source/state/store.ts';
import {addressed} from '../support/state.ts';

export type ConnectedStoreOptions = {
  readonly readOnly?: boolean;
  /** What the gateway grants when not read-only (read-only gets operator.read only). */
  readonly scopes?: readonly string[];
  readonly serverVersion?: string;
  /** The sessions snapshot; none is loaded when absent. */
  readonly rows?: readonly SessionRow[];
  /** When it all happened (default: now). */
  readonly at?: number;
};

export const connectedStore = (options: ConnectedStoreOptions = {}): Store => {
  const readOnly = options.readOnly ?? false;
  const at = options.at ?? Date.now();
  const store = createStore(
    createInitialState({
      url: 'ws://127.0.0.1:18789',
      urlSource: 'default',
      credentialSource: 'none',
      readOnly,
      now: at,
    }),
  );
  store.dispatch(
    addressed({
      type: 'gateway/connected',
      hello: {
        protocol: 4,
        ...(options.serverVersion === undefined ? {} : {serverVersion: options.serverVersion}),
        methods: [],
        events: [],
        scopes: readOnly ? ['operator.read'] : [...(options.scopes ?? ['operator.admin'])],
        tickIntervalMs: 30000,
      },
      at,
    }),
  );
  if (options.rows !== undefined) {
    store.dispatch(
      addressed({
        type: 'sessions/snapshot-loaded',
        rows: options.rows,
        complete: true,
        requestedAt: at,
        at,
      }),
    );
  }
  return store;
};

/** The socket died and nothing answers (ECONNREFUSED): the gateway is reconnecting. */
export const dropUnreachable = (store: Store, retryInMs: number): void => {
  const at = Date.now();
  store.dispatch(
    addressed({
      type: 'gateway/problem',
      problem: {kind: 'unreachable', url: 'ws://127.0.0.1:18789', detail: 'connect ECONNREFUSED'},
      at,
    }),
  );
  store.dispatch(
    addressed({
      type: 'gateway/disconnected',
      code: 1006,
      reason: '',
      next: 'reconnecting',
      retryInMs,
      at,
    }),
  );
};

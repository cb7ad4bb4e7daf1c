// The fault suite's rig: the fixture gateway, and in front of it the console's real stack — the
// protocol client, the bridge, the store and the decider — wired by openGatewayLink, as the
// console is.
// The client runs on a ManualClock, so a reconnect happens only when a test advances time: the
// number of connection attempts over "ten minutes" is exact, and nothing races the assertions.
// Waits poll the store or the client's own notifications, with a guard that fails a broken test
// instead of hanging it (the guard is not a speed assertion).

import type {ClientStatus, GatewayConnection} from '../../../source/client/types.ts';
import {openConsoleLog} from '../../../source/console/console-log.ts';
import type {Decider} from '../../../source/control/decide.ts';
import type {Answerer} from '../../../source/control/answer.ts';
import {
  startFixtureGateway,
  type FixtureGateway,
  type FixtureGatewayOptions,
  type RecordedRequest,
} from '../../../source/fixture/fixture-gateway.ts';
import {openGatewayLink, type GatewayLinkOptions} from '../../../source/link/gateway-link.ts';
import type {GatewayBridge} from '../../../source/state/bridge.ts';
import type {Action} from '../../../source/state/actions.ts';
import {DEFAULT_GATEWAY_ID} from '../../../source/state/gateway-id.ts';
import type {AppState} from '../../../source/state/reducer.ts';
import {createInitialState} from '../../../source/state/reducer.ts';
import {createStore, type Store} from '../../../source/state/store.ts';
import type {AuditEntry, AuditLog} from '../../../source/audit/audit-log.ts';
import {memoryTokenStore, newIdentity, type MemoryTokenStore} from '../client/harness.ts';
import {ManualClock} from '../../support/manual-clock.ts';

const GUARD_MS = 10_000;

export type LogLine = {readonly level: 'info' | 'warn' | 'error'; readonly message: string};

export type Rig = {
  readonly gateway: FixtureGateway;
  readonly connection: GatewayConnection;
  readonly store: Store;
  readonly bridge: GatewayBridge;
  readonly clock: ManualClock;
  readonly tokens: MemoryTokenStore;
  /** Everything the bridge wrote to the console's own log. */
  readonly logs: LogLine[];
  readonly statuses: ClientStatus[];
  /** Every action dispatched into the store, in order. */
  readonly actions: Action[];
  readonly audit: AuditEntry[];
  readonly decide: Decider;
  readonly answer: Answerer;
  /** Connect requests the fixture received (every attempt that got as far as `connect`). */
  connects(): number;
  close(): Promise<void>;
};

export type RigOptions = {
  readonly fixture?: FixtureGatewayOptions;
  /** The target and what a test may swap (socket factory, clock); never the parts. */
  readonly connection?: Partial<Omit<GatewayLinkOptions, 'id' | 'store' | 'log' | 'audit'>>;
  /** Use this gateway instead of starting one (it is not closed by rig.close()). */
  readonly gateway?: FixtureGateway;
  /** Also write the bridge's log through the console's real log writer, to this file. */
  readonly logFile?: string;
};

const memoryAudit = (entries: AuditEntry[]): AuditLog => ({
  file: '(memory)',
  append: (entry) => {
    entries.push(entry);
  },
  readRecent: (limit) => entries.slice(-limit),
});

export const startRig = async (options: RigOptions = {}): Promise<Rig> => {
  const gateway =
    options.gateway ?? (await startFixtureGateway({tickIntervalMs: 0, ...options.fixture}));
  const clock = new ManualClock(Date.now());
  const tokens = memoryTokenStore();
  const inner = createStore(
    createInitialState({url: gateway.url, urlSource: 'test', credentialSource: 'test'}),
  );
  const actions: Action[] = [];
  const store: Store = {
    getState: inner.getState,
    subscribe: inner.subscribe,
    dispatch: (action) => {
      actions.push(action);
      inner.dispatch(action);
    },
  };
  const logs: LogLine[] = [];
  const fileLog = options.logFile === undefined ? undefined : openConsoleLog(options.logFile);
  const audit: AuditEntry[] = [];
  const link = openGatewayLink({
    id: DEFAULT_GATEWAY_ID,
    store,
    url: gateway.url,
    ...(gateway.token === undefined ? {} : {auth: {token: gateway.token}}),
    identity: newIdentity(),
    tokenStore: tokens,
    readOnly: false,
    clientVersion: '0.1.0-faults',
    reconnect: true,
    clock,
    random: () => 0.5,
    ...options.connection,
    log: (level, message) => {
      logs.push({level, message});
      fileLog?.(level, message);
    },
    audit: memoryAudit(audit),
  });
  const {connection, bridge, decide, answer} = link;
  const statuses: ClientStatus[] = [];
  connection.on('status', (status) => statuses.push(status));
  link.start();
  return {
    gateway,
    connection,
    store,
    bridge,
    clock,
    tokens,
    logs,
    statuses,
    actions,
    audit,
    decide,
    answer,
    connects: () => gateway.requestsFor('connect').length,
    close: async () => {
      await link.close();
      if (!options.gateway) await gateway.close();
    },
  };
};

/** Resolves once an action matching `check` was dispatched at or after index `since`. */
export const waitForAction = async (
  rig: Rig,
  since: number,
  check: (action: Action) => boolean,
  what: string,
): Promise<Action> => {
  const deadline = Date.now() + GUARD_MS;
  for (;;) {
    const found = rig.actions.slice(since).find(check);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** Resolves with the state once `check` holds (checked now and after every dispatch). */
export const waitForState = (
  store: Store,
  check: (state: AppState) => boolean,
  what: string,
): Promise<AppState> => {
  if (check(store.getState())) return Promise.resolve(store.getState());
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, GUARD_MS);
    const off = store.subscribe(() => {
      const state = store.getState();
      if (!check(state)) return;
      clearTimeout(guard);
      off();
      resolve(state);
    });
  });
};

export const waitForStatus = (
  connection: GatewayConnection,
  check: (status: ClientStatus) => boolean,
  what: string,
): Promise<ClientStatus> => {
  if (check(connection.status)) return Promise.resolve(connection.status);
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      off();
      reject(
        new Error(
          `timed out waiting for ${what}; last status ${JSON.stringify(connection.status)}`,
        ),
      );
    }, GUARD_MS);
    const off = connection.on('status', (status) => {
      if (!check(status)) return;
      clearTimeout(guard);
      off();
      resolve(status);
    });
  });
};

export const connected = (rig: Rig): Promise<ClientStatus> =>
  waitForStatus(rig.connection, (status) => status.phase === 'connected', 'connected');

/**
 * Every list the bridge reads after a hello (or a gap) came back into the store at or after
 * action index `since`: sessions, both pairing lists, both approval lists.
 */
export const listsLoaded = async (rig: Rig, since: number): Promise<void> => {
  const kinds = new Set<string>();
  await waitForAction(
    rig,
    since,
    (action) => {
      if (action.type === 'sessions/snapshot-loaded') kinds.add('sessions');
      if (action.type === 'device-pairing/listed') kinds.add('device');
      if (action.type === 'node-pairing/listed') kinds.add('node');
      if (action.type === 'approvals/listed') kinds.add(action.kind);
      return kinds.size === 5;
    },
    'every list to be read again',
  );
};

/** Connected for the first time and every list read. */
export const synced = async (rig: Rig): Promise<void> => {
  await connected(rig);
  await listsLoaded(rig, 0);
};

/** The client noticed that its socket is gone. */
export const dropped = (rig: Rig): Promise<ClientStatus> =>
  waitForStatus(rig.connection, (status) => status.phase !== 'connected', 'the drop');

/**
 * Drive the client back to `connected`: each time it waits to retry, move the clock past the
 * delay it chose. Fails if it pauses instead. Returns the delays, in order.
 */
export const reconnect = async (rig: Rig): Promise<number[]> => {
  const delays: number[] = [];
  for (let round = 0; round < 20; round++) {
    const status = await waitForStatus(
      rig.connection,
      (s) => s.phase === 'reconnecting' || s.phase === 'connected' || s.phase === 'paused',
      'reconnecting or connected',
    );
    if (status.phase === 'connected') return delays;
    if (status.phase === 'paused') {
      throw new Error(`paused instead of reconnecting: ${JSON.stringify(status.problem)}`);
    }
    delays.push(status.retryInMs ?? 0);
    rig.clock.advance(status.retryInMs ?? 0);
  }
  throw new Error(
    `still not connected after 20 attempts: ${JSON.stringify(rig.connection.status)}`,
  );
};

/** Requests the fixture received from index `since` on, by method. */
export const methodsSince = (gateway: FixtureGateway, since: number): string[] =>
  gateway.requests.slice(since).map((request: RecordedRequest) => request.method);

/** Resolves when every one of `methods` has been received (from index `since` on). */
export const waitForRequests = async (
  gateway: FixtureGateway,
  since: number,
  methods: readonly string[],
): Promise<void> => {
  const deadline = Date.now() + GUARD_MS;
  for (;;) {
    const seen = new Set(methodsSince(gateway, since));
    const missing = methods.filter((method) => !seen.has(method));
    if (missing.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `the fixture never received ${missing.join(', ')}; got ${[...seen].join(', ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** Let in-flight socket traffic land (used only before asserting that something did NOT happen). */
export const settle = (ms = 150): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

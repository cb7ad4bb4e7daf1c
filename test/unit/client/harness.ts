// Shared helpers for the client tests: an in-memory token store, a fresh identity, and waits that
// poll the connection's own notifications (with a generous guard so a broken test fails instead
// of hanging; the guard is not an assertion about speed).

import {
  createGatewayConnection,
  type GatewayConnectionOptions,
} from '../../../source/client/connection.ts';
import {
  deviceIdentityFromKeyPair,
  generateDeviceKeyPair,
} from '../../../source/client/device-identity.ts';
import type {
  ClientListeners,
  ClientStatus,
  DeviceIdentity,
  DeviceTokenKey,
  DeviceTokenStore,
  GatewayConnection,
  StoredDeviceToken,
} from '../../../source/client/types.ts';
import type {TestContext} from 'node:test';
import {ManualClock} from '../../support/manual-clock.ts';
import {TestGatewayServer, type TestConnection} from '../../support/ws-test-server.ts';

const GUARD_MS = 10_000;

export const newIdentity = (): DeviceIdentity => deviceIdentityFromKeyPair(generateDeviceKeyPair());

export type MemoryTokenStore = DeviceTokenStore & {
  readonly entries: Map<string, StoredDeviceToken>;
  readonly saves: number;
};

export const memoryTokenStore = (): MemoryTokenStore => {
  const entries = new Map<string, StoredDeviceToken>();
  const keyOf = (key: DeviceTokenKey) => `${key.gateway}|${key.deviceId}|${key.role}`;
  let saves = 0;
  return {
    entries,
    get saves() {
      return saves;
    },
    load: (key) => entries.get(keyOf(key)),
    save: (key, token) => {
      saves += 1;
      entries.set(keyOf(key), {token: token.token, scopes: [...token.scopes]});
    },
    clear: (key) => {
      entries.delete(keyOf(key));
    },
  };
};

export type Harness = {
  readonly connection: GatewayConnection;
  readonly clock: ManualClock;
  readonly tokens: MemoryTokenStore;
  readonly identity: DeviceIdentity;
  readonly statuses: ClientStatus[];
};

export const connectTo = (
  url: string,
  overrides: Partial<GatewayConnectionOptions> = {},
): Harness => {
  const clock = new ManualClock();
  const tokens = memoryTokenStore();
  const identity = overrides.identity ?? newIdentity();
  const connection = createGatewayConnection({
    url,
    scopes: ['operator.read', 'operator.write', 'operator.approvals', 'operator.pairing'],
    identity,
    tokenStore: tokens,
    clientVersion: '0.1.0-test',
    clock,
    random: () => 0.5,
    ...overrides,
  });
  const statuses: ClientStatus[] = [];
  connection.on('status', (status) => statuses.push(status));
  return {connection, clock, tokens, identity, statuses};
};

/** A scripted server and a connection to it (not started), both stopped when the test ends. */
export const scriptedPair = async (
  t: TestContext,
  overrides: Partial<GatewayConnectionOptions> = {},
): Promise<{readonly server: TestGatewayServer; readonly h: Harness}> => {
  const server = await TestGatewayServer.start();
  t.after(() => server.close());
  const h = connectTo(server.url, overrides);
  t.after(() => h.connection.stop());
  return {server, h};
};

/** The same, started, with the server's side of the first connect. */
export const connectedPair = async (
  t: TestContext,
  overrides: Partial<GatewayConnectionOptions> = {},
): Promise<{
  readonly server: TestGatewayServer;
  readonly h: Harness;
  readonly conn: TestConnection;
}> => {
  const {server, h} = await scriptedPair(t, overrides);
  h.connection.start();
  return {server, h, conn: await server.nextConnection()};
};

/** Resolves with the first status (current or future) that matches. */
export const waitForStatus = (
  connection: GatewayConnection,
  matches: (status: ClientStatus) => boolean,
  label = 'status',
): Promise<ClientStatus> => {
  if (matches(connection.status)) return Promise.resolve(connection.status);
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      off();
      reject(
        new Error(
          `timed out waiting for ${label}; last status ${JSON.stringify(connection.status)}`,
        ),
      );
    }, GUARD_MS);
    const off = connection.on('status', (status) => {
      if (!matches(status)) return;
      clearTimeout(guard);
      off();
      resolve(status);
    });
  });
};

export const waitForPhase = (connection: GatewayConnection, phase: ClientStatus['phase']) =>
  waitForStatus(connection, (status) => status.phase === phase, `phase ${phase}`);

/** Resolves with the next emission of `event` that matches. */
export const nextEmission = <K extends keyof ClientListeners>(
  connection: GatewayConnection,
  event: K,
  matches: (...args: Parameters<ClientListeners[K]>) => boolean = () => true,
): Promise<Parameters<ClientListeners[K]>[0]> =>
  new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${event}`));
    }, GUARD_MS);
    const listener = ((...args: Parameters<ClientListeners[K]>) => {
      if (!matches(...args)) return;
      clearTimeout(guard);
      off();
      resolve(args[0]);
    }) as ClientListeners[K];
    const off = connection.on(event, listener);
  });

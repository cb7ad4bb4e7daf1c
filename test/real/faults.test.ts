// Layer 3, faults: the console's own stack (protocol client, bridge, store, decider) talks to the
// shared real gateway through a tiny TCP proxy, and the proxy is cut in the middle of an exec
// approval raised by a scripted model turn. Killing the shared gateway would break the other
// tests; cutting our own wire gives the console the same experience (a socket gone without an
// answer). After the cut the console reconnects through the proxy, re-reads the lists, reports
// the outcome, and the approval is applied at most once: the turn completes exactly once.

import assert from 'node:assert/strict';
import {randomUUID} from 'node:crypto';
import net from 'node:net';
import {after, before, test} from 'node:test';
import {
  deviceIdentityFromKeyPair,
  generateDeviceKeyPair,
} from '../../source/client/device-identity.ts';
import {createWsSocket, type SocketFactory} from '../../source/client/socket.ts';
import type {DeviceTokenStore, StoredDeviceToken} from '../../source/client/types.ts';
import {openGatewayLink} from '../../source/link/gateway-link.ts';
import {DEFAULT_GATEWAY_ID} from '../../source/state/gateway-id.ts';
import {isOpen} from '../../source/state/inbox-items.ts';
import {createInitialState, type AppState} from '../../source/state/reducer.ts';
import {createStore, type Store} from '../../source/state/store.ts';
import {fakeLlmScript} from '../support/fake-llm.ts';
import type {RawClient, RawEvent} from '../support/raw-client.ts';
import {connectWriter as connectPeerWriter} from '../support/real-peers.ts';
import {readRealGatewayEnv} from '../support/real-gateway.ts';
import {gw} from '../support/state.ts';

const gateway = readRealGatewayEnv();
const WAIT_MS = 120_000;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// ------------------------------------------------------------------------------- the proxy ----

type Proxy = {
  readonly url: string;
  /** Drop what the gateway sends on the CURRENT connections (answers and events are lost). */
  holdDown(): void;
  /** Drop what the console sends on the CURRENT connections (requests never arrive). */
  holdUp(): void;
  /** Cut every current connection (new ones are clean). */
  cut(): void;
  readonly accepted: () => number;
  close(): Promise<void>;
};

type Pair = {client: net.Socket; upstream: net.Socket; down: boolean; up: boolean};

const startProxy = async (port: number): Promise<Proxy> => {
  const pairs = new Set<Pair>();
  let accepted = 0;
  const server = net.createServer((client) => {
    accepted += 1;
    const upstream = net.connect(port, '127.0.0.1');
    const pair: Pair = {client, upstream, down: true, up: true};
    pairs.add(pair);
    client.on('data', (chunk) => {
      if (pair.up) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (pair.down) client.write(chunk);
    });
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const proxyPort = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `ws://127.0.0.1:${proxyPort}`,
    holdDown: () => {
      for (const pair of pairs) pair.down = false;
    },
    holdUp: () => {
      for (const pair of pairs) pair.up = false;
    },
    cut: () => {
      for (const pair of [...pairs]) {
        pairs.delete(pair);
        pair.client.destroy();
        pair.upstream.destroy();
      }
    },
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of pairs) {
          pair.client.destroy();
          pair.upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
};

// ---------------------------------------------------------------------- the console's stack ----

const memoryTokens = (): DeviceTokenStore => {
  const entries = new Map<string, StoredDeviceToken>();
  const keyOf = (key: {gateway: string; deviceId: string; role: string}) =>
    `${key.gateway}|${key.deviceId}|${key.role}`;
  return {
    load: (key) => entries.get(keyOf(key)),
    save: (key, token) => void entries.set(keyOf(key), token),
    clear: (key) => void entries.delete(keyOf(key)),
  };
};

const startConsole = (url: string) => {
  const store = createStore(
    createInitialState({url, urlSource: 'test proxy', credentialSource: 'test'}),
  );
  let resolvesSent = 0;
  // Counts every decision frame that leaves the console: a re-send would show here.
  const counting: SocketFactory = (target, handlers, options) => {
    const socket = createWsSocket(target, handlers, options);
    return {
      close: (code, reason) => socket.close(code, reason),
      send: (data) => {
        if (/"method":"exec\.approval\.resolve"/.test(data)) resolvesSent += 1;
        socket.send(data);
      },
    };
  };
  const logs: string[] = [];
  const link = openGatewayLink({
    id: DEFAULT_GATEWAY_ID,
    store,
    url,
    auth: {token: gateway.token},
    identity: deviceIdentityFromKeyPair(generateDeviceKeyPair()),
    tokenStore: memoryTokens(),
    readOnly: false,
    clientVersion: '0.1.0-real-faults',
    displayName: 'oct-real-faults',
    reconnect: true,
    socketFactory: counting,
    random: () => 0.5,
    log: (_level, message) => void logs.push(message),
  });
  const {connection, decide} = link;
  link.start();
  return {
    store,
    connection,
    decide,
    logs,
    resolvesSent: () => resolvesSent,
    stop: async () => {
      await link.close();
    },
  };
};

const waitForState = async (
  store: Store,
  check: (state: AppState) => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<AppState> => {
  const deadline = Date.now() + timeoutMs;
  while (!check(store.getState())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
  return store.getState();
};

/** The exec approval the console holds for `sessionKey`, once it is in the inbox. */
const approvalFor = async (store: Store, sessionKey: string): Promise<string> => {
  const state = await waitForState(
    store,
    (s) =>
      Object.values(gw(s).inbox.items).some(
        (item) =>
          item.kind === 'exec-approval' &&
          item.request.sessionKey === sessionKey &&
          item.state.phase === 'pending',
      ),
    `the exec approval for ${sessionKey} in the console's inbox`,
  );
  const item = Object.values(gw(state).inbox.items).find(
    (i) => i.kind === 'exec-approval' && i.request.sessionKey === sessionKey,
  );
  assert.ok(item);
  return item.id;
};

// ------------------------------------------------------------------------------- the writer ----

const connectWriter = (name: string): Promise<RawClient> => connectPeerWriter(gateway, name);

const startExecTurn = async (writer: RawClient, sessionKey: string, marker: string) => {
  const ack = await writer.call('chat.send', {
    sessionKey,
    message: fakeLlmScript.exec(`echo ${marker}`),
    idempotencyKey: randomUUID(),
  });
  assert.ok(isRecord(ack) && typeof ack.runId === 'string', 'chat.send gave no runId');
  return ack.runId;
};

const isFinal = (runId: string) => (event: RawEvent) =>
  event.event === 'chat' &&
  isRecord(event.payload) &&
  event.payload.runId === runId &&
  (event.payload.state === 'final' || event.payload.state === 'error');

const isResolved = (id: string) => (event: RawEvent) =>
  event.event === 'exec.approval.resolved' && isRecord(event.payload) && event.payload.id === id;

/** The events `writer` received after frame `since` (a `mark()`). */
const eventsSince = (writer: RawClient, since: number): RawEvent[] =>
  writer.frames
    .slice(since)
    .filter(
      (frame): frame is RawEvent => frame.type === 'event' && typeof frame.event === 'string',
    );

/** The turn ended once, with the command's output: the approval was applied exactly once. */
const assertRanOnce = async (
  writer: RawClient,
  since: number,
  runId: string,
  id: string,
  marker: string,
): Promise<void> => {
  const final = await writer.waitEvent(isFinal(runId), WAIT_MS, since);
  assert.match(JSON.stringify(final.payload), new RegExp(`TOOL_DONE: ${marker}`));
  // Anything a double application would cause has had time to show.
  await sleep(2000);
  const events = eventsSince(writer, since);
  assert.equal(events.filter(isFinal(runId)).length, 1, 'the turn completed more than once');
  assert.equal(events.filter(isResolved(id)).length, 1, 'the approval was resolved more than once');
};

let proxy: Proxy;
before(async () => {
  proxy = await startProxy(gateway.port);
});
after(() => proxy.close());

test('cut after the gateway took the decision: "unknown", re-read shows it applied, ran once', async () => {
  const writer = await connectWriter('oct-faults-writer-a');
  const tui = startConsole(proxy.url);
  try {
    await waitForState(
      tui.store,
      (s) => gw(s).gateway.phase === 'connected',
      'the console connected',
    );
    const sessionKey = `agent:main:oct-fault-a-${randomUUID().slice(0, 8)}`;
    const marker = `OCT_FAULT_A_${randomUUID().slice(0, 6)}`;
    const since = writer.mark();
    const runId = await startExecTurn(writer, sessionKey, marker);
    const id = await approvalFor(tui.store, sessionKey);

    // From now on the gateway's answers to the console are lost on the wire.
    proxy.holdDown();
    const deciding = tui.decide(id, 'allow-once');
    // The writer sees the gateway apply it; only then does the console's wire go.
    await writer.waitEvent(isResolved(id), WAIT_MS, since);
    const acceptedBefore = proxy.accepted();
    proxy.cut();
    const result = await deciding;
    assert.equal(result.status, 'unknown', JSON.stringify(result));

    // Back through the proxy; the lists are read again and the item is no longer offered.
    await waitForState(
      tui.store,
      (s) => gw(s).gateway.phase === 'connected' && proxy.accepted() > acceptedBefore,
      'the console reconnected through the proxy',
    );
    await waitForState(
      tui.store,
      (s) => {
        const item = gw(s).inbox.items[id];
        return item === undefined || !isOpen(item);
      },
      'the applied approval to leave the inbox after the re-read',
    );
    await assertRanOnce(writer, since, runId, id, marker);
    assert.equal(tui.resolvesSent(), 1, 'the console re-sent the decision');
  } finally {
    await tui.stop();
    writer.close();
  }
});

test('cut before the decision reached the gateway: still offered after the re-read, applied once', async () => {
  const writer = await connectWriter('oct-faults-writer-b');
  const tui = startConsole(proxy.url);
  try {
    await waitForState(
      tui.store,
      (s) => gw(s).gateway.phase === 'connected',
      'the console connected',
    );
    const sessionKey = `agent:main:oct-fault-b-${randomUUID().slice(0, 8)}`;
    const marker = `OCT_FAULT_B_${randomUUID().slice(0, 6)}`;
    const since = writer.mark();
    const runId = await startExecTurn(writer, sessionKey, marker);
    const id = await approvalFor(tui.store, sessionKey);

    // The decision leaves the console but never reaches the gateway.
    proxy.holdUp();
    const deciding = tui.decide(id, 'allow-once');
    await waitForState(tui.store, () => tui.resolvesSent() === 1, 'the decision on the wire');
    const acceptedBefore = proxy.accepted();
    proxy.cut();
    const result = await deciding;
    assert.equal(result.status, 'unknown', JSON.stringify(result));

    await waitForState(
      tui.store,
      (s) => gw(s).gateway.phase === 'connected' && proxy.accepted() > acceptedBefore,
      'the console reconnected through the proxy',
    );
    await waitForState(
      tui.store,
      (s) => gw(s).inbox.items[id]?.state.phase === 'pending',
      'the approval offered again after the re-read',
    );
    assert.equal(eventsSince(writer, since).filter(isResolved(id)).length, 0);

    assert.deepEqual(await tui.decide(id, 'allow-once'), {status: 'applied'});
    await assertRanOnce(writer, since, runId, id, marker);
    assert.equal(tui.resolvesSent(), 2, 'one lost on the wire, one applied');
  } finally {
    await tui.stop();
    writer.close();
  }
});

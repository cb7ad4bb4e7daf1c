// The other clients a real-gateway test needs beside the one under test: a writer that starts
// agent turns, and a device that looks remote and so must be approved. They speak through the
// raw test client (raw-client.ts), never through source/client.

import {randomUUID} from 'node:crypto';
import {
  connectReady,
  makeIdentity,
  type Identity,
  openRaw,
  type RawClient,
  type RawEvent,
  type RawResponse,
} from './raw-client.ts';

type Gateway = {readonly url: string; readonly token: string};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A writer that starts agent turns; with approvals scope + cap so execs reach a human. */
export const connectWriter = (gateway: Gateway, name: string): Promise<RawClient> =>
  connectReady(gateway.url, {
    token: gateway.token,
    displayName: name,
    scopes: ['operator.read', 'operator.write', 'operator.approvals'],
    caps: ['tool-events', 'approvals'],
  });

/** Start a turn in `sessionKey`; resolves with its run id. */
export const sendChat = async (
  client: RawClient,
  sessionKey: string,
  message: string,
): Promise<string> => {
  const ack = await client.call('chat.send', {
    sessionKey,
    message,
    idempotencyKey: randomUUID(),
  });
  if (!isRecord(ack) || typeof ack.runId !== 'string') throw new Error('chat.send gave no runId');
  return ack.runId;
};

/** The `chat` event that ends run `runId` (state final or error), seen after frame `since`. */
export const chatFinal = (
  client: RawClient,
  runId: string,
  since: number,
  timeoutMs = 120_000,
): Promise<RawEvent> =>
  client.waitEvent(
    (e) =>
      e.event === 'chat' &&
      isRecord(e.payload) &&
      e.payload.runId === runId &&
      (e.payload.state === 'final' || e.payload.state === 'error'),
    timeoutMs,
    since,
  );

export type RemoteDevice = {
  readonly deviceId: string;
  readonly identity: Identity;
  /** Connect again as this device, looking remote; the raw connect response. */
  readonly connect: (scopes?: readonly string[]) => Promise<RawResponse>;
};

/**
 * A device that looks remote (X-Forwarded-For through the trusted loopback proxy), so connecting
 * it needs an operator's approval: its first connect yields PAIRING_REQUIRED and a request id.
 */
export const remoteDevice = (
  gateway: Gateway,
  name: string,
  remoteIp = '203.0.113.7',
  /** The same device on another gateway: pass the first one's identity. */
  identity: Identity = makeIdentity(),
): RemoteDevice => {
  return {
    deviceId: identity.deviceId,
    identity,
    async connect(scopes = ['operator.read']) {
      const client = await openRaw(gateway.url, {headers: {'X-Forwarded-For': remoteIp}});
      try {
        return await client.connect({
          token: gateway.token,
          identity,
          clientId: 'cli',
          clientMode: 'cli',
          displayName: name,
          scopes,
        });
      } finally {
        client.close();
      }
    },
  };
};

/** The request id of a PAIRING_REQUIRED connect response (throws on anything else). */
export const pairingRequestId = (res: RawResponse): string => {
  const details = res.error?.details;
  if (res.ok || details?.code !== 'PAIRING_REQUIRED' || typeof details.requestId !== 'string') {
    throw new Error(`expected PAIRING_REQUIRED with a requestId, got ${JSON.stringify(res)}`);
  }
  return details.requestId;
};

/** The `exec.approval.requested` event for a command asked in `sessionKey`, after frame `since`. */
export const execRequested = (
  client: RawClient,
  sessionKey: string,
  since: number,
  timeoutMs = 120_000,
): Promise<RawEvent> =>
  client.waitEvent(
    (e) =>
      e.event === 'exec.approval.requested' &&
      isRecord(e.payload) &&
      isRecord(e.payload.request) &&
      e.payload.request.sessionKey === sessionKey,
    timeoutMs,
    since,
  );

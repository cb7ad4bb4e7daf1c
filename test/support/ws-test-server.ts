// A scripted gateway for client tests: a real `ws` server on 127.0.0.1, port 0, each test
// scripting the answers. It is the small sibling of the fixture gateway (source/fixture), which
// serves whole scenarios: this one only sends the connect.challenge and checks the connect
// request with the fixture's device check (source/fixture/device-auth.ts, written from the
// protocol doc, not from the client's code), plus two rules a client must keep exactly: the v3
// payload, and signedAt echoing the challenge's ts.

import crypto from 'node:crypto';
import type {AddressInfo} from 'node:net';
import {WebSocketServer, type WebSocket} from 'ws';
import {verifyDeviceProof, type DeviceAuthFailure} from '../../source/fixture/device-auth.ts';
import {
  MAX_BUFFERED_BYTES,
  MAX_PAYLOAD,
  PROTOCOL_VERSION,
  SERVER_VERSION,
} from '../../source/fixture/fixture-defaults.ts';

type Json = Record<string, unknown>;

export type ReqFrame = {
  readonly type: 'req';
  readonly id: string;
  readonly method: string;
  readonly params?: unknown;
};

export type ConnectParams = {
  readonly minProtocol: number;
  readonly maxProtocol: number;
  readonly client: Json & {id: string; mode: string; platform?: string; deviceFamily?: string};
  readonly role?: string;
  readonly scopes?: string[];
  readonly caps?: string[];
  readonly auth?: {token?: string; password?: string; deviceToken?: string};
  readonly device: {
    id: string;
    publicKey: string;
    signature: string;
    signedAt: number;
    nonce: string;
  };
};

export type SignatureCheck = {readonly ok: true} | {readonly ok: false; readonly why: string};

const WHY: Readonly<Record<DeviceAuthFailure['reason'], string>> = {
  'device-id-mismatch': 'device id mismatch',
  'device-signature-stale': 'signedAt is not the challenge ts',
  'device-nonce-missing': 'nonce mismatch',
  'device-nonce-mismatch': 'nonce mismatch',
  'device-signature': 'signature invalid',
  'device-public-key': 'public key is not 32 raw bytes',
};

/** The fixture's device check, held to the v3 payload and the exact challenge ts. */
export const verifyConnectSignature = (
  params: ConnectParams,
  challenge: {nonce: string; ts: number},
): SignatureCheck => {
  const device = params.device;
  if (!device) return {ok: false, why: 'no device'};
  if (device.signedAt !== challenge.ts) return {ok: false, why: 'signedAt is not the challenge ts'};
  const auth = params.auth ?? {};
  const result = verifyDeviceProof({
    device,
    expectedNonce: challenge.nonce,
    now: challenge.ts,
    skewMs: 0,
    fields: {
      clientId: params.client.id,
      clientMode: params.client.mode,
      role: params.role ?? 'operator',
      scopes: params.scopes ?? [],
      token: auth.token ?? auth.deviceToken ?? '',
      ...(params.client.platform === undefined ? {} : {platform: params.client.platform}),
      ...(params.client.deviceFamily === undefined
        ? {}
        : {deviceFamily: params.client.deviceFamily}),
    },
  });
  if (!result.ok) return {ok: false, why: WHY[result.failure.reason]};
  return result.version === 'v3' ? {ok: true} : {ok: false, why: 'signed the old v2 payload'};
};

export const helloOkPayload = (
  overrides: {
    scopes?: readonly string[];
    deviceToken?: string;
    tickIntervalMs?: number;
    protocol?: number;
  } = {},
): Json => ({
  type: 'hello-ok',
  protocol: overrides.protocol ?? PROTOCOL_VERSION,
  server: {version: SERVER_VERSION, connId: `c-${crypto.randomUUID()}`},
  features: {methods: ['health', 'sessions.list'], events: ['tick', 'agent']},
  snapshot: {
    presence: [],
    health: {ok: true},
    stateVersion: {presence: 1, health: 1},
    uptimeMs: 1234,
    sessionDefaults: {defaultAgentId: 'main', mainKey: 'main', mainSessionKey: 'agent:main:main'},
    authMode: 'token',
  },
  auth: {
    method: 'token',
    role: 'operator',
    scopes: overrides.scopes ?? ['operator.read'],
    ...(overrides.deviceToken ? {deviceToken: overrides.deviceToken, issuedAtMs: 1} : {}),
  },
  policy: {
    maxPayload: MAX_PAYLOAD,
    maxBufferedBytes: MAX_BUFFERED_BYTES,
    tickIntervalMs: overrides.tickIntervalMs ?? 30000,
  },
});

export class TestConnection {
  readonly index: number;
  readonly challenge: {nonce: string; ts: number};
  connect?: ReqFrame & {params: ConnectParams};
  signature?: SignatureCheck;
  readonly requests: ReqFrame[] = [];
  readonly closed: Promise<{code: number; reason: string}>;
  readonly #ws: WebSocket;
  readonly #requestWaiters: Array<{method?: string; resolve: (frame: ReqFrame) => void}> = [];

  constructor(index: number, ws: WebSocket, challenge: {nonce: string; ts: number}) {
    this.index = index;
    this.#ws = ws;
    this.challenge = challenge;
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({code, reason: reason.toString()})),
    );
  }

  get params(): ConnectParams {
    if (!this.connect) throw new Error('no connect request yet');
    return this.connect.params;
  }

  _request(frame: ReqFrame): void {
    this.requests.push(frame);
    const index = this.#requestWaiters.findIndex((w) => !w.method || w.method === frame.method);
    if (index >= 0) {
      const [waiter] = this.#requestWaiters.splice(index, 1);
      waiter?.resolve(frame);
    }
  }

  /** The next request (optionally of one method) the client sends after connect. */
  nextRequest(method?: string): Promise<ReqFrame> {
    const seen = this.requests.find((frame) => !method || frame.method === method);
    if (seen) {
      this.requests.splice(this.requests.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve) =>
      this.#requestWaiters.push({
        ...(method ? {method} : {}),
        resolve: (frame) => {
          this.requests.splice(this.requests.indexOf(frame), 1);
          resolve(frame);
        },
      }),
    );
  }

  sendRaw(text: string): void {
    this.#ws.send(text);
  }

  send(frame: Json): void {
    this.#ws.send(JSON.stringify(frame));
  }

  respond(id: string, payload: unknown): void {
    this.send({type: 'res', id, ok: true, payload});
  }

  respondError(id: string, error: Json): void {
    this.send({type: 'res', id, ok: false, error});
  }

  /** Throws (failing the test) unless the connect request carried a valid device signature. */
  assertSigned(): void {
    if (!this.connect) throw new Error('no connect request yet');
    if (!this.signature?.ok) {
      throw new Error(
        `connect signature rejected: ${this.signature?.ok === false ? this.signature.why : '?'}`,
      );
    }
  }

  helloOk(overrides: Parameters<typeof helloOkPayload>[0] = {}): void {
    this.assertSigned();
    const connect = this.connect;
    if (!connect) throw new Error('no connect request yet');
    this.respond(connect.id, helloOkPayload({scopes: connect.params.scopes ?? [], ...overrides}));
  }

  /** ok:false to connect, then the close the real gateway sends after it. */
  rejectConnect(error: Json, close?: {code: number; reason: string}): void {
    this.assertSigned();
    const connect = this.connect;
    if (!connect) throw new Error('no connect request yet');
    this.respondError(connect.id, error);
    if (close) this.close(close.code, close.reason);
  }

  event(event: string, payload: unknown, seq?: number): void {
    this.send({type: 'event', event, payload, ...(seq === undefined ? {} : {seq})});
  }

  close(code: number, reason: string): void {
    this.#ws.close(code, reason);
  }

  terminate(): void {
    this.#ws.terminate();
  }
}

export type TestServerOptions = {
  /** Send connect.challenge on connection (default true). */
  readonly challenge?: boolean;
  /** Clock for the challenge ts (default Date.now). */
  readonly now?: () => number;
};

export class TestGatewayServer {
  readonly connections: TestConnection[] = [];
  readonly #wss: WebSocketServer;
  readonly #waiters: Array<(connection: TestConnection) => void> = [];
  readonly #ready: TestConnection[] = [];
  #port = 0;

  private constructor(wss: WebSocketServer, options: TestServerOptions) {
    this.#wss = wss;
    const now = options.now ?? Date.now;
    wss.on('connection', (ws) => {
      const challenge = {nonce: crypto.randomUUID(), ts: now()};
      const connection = new TestConnection(this.connections.length, ws, challenge);
      this.connections.push(connection);
      ws.on('message', (data) => {
        let frame: ReqFrame;
        try {
          frame = JSON.parse(data.toString()) as ReqFrame;
        } catch {
          return;
        }
        if (!connection.connect) {
          if (frame.method !== 'connect') {
            connection.respondError(frame.id, {
              code: 'INVALID_REQUEST',
              message: 'invalid handshake: first request must be connect',
            });
            ws.close(1008, 'invalid handshake');
            return;
          }
          connection.connect = frame as ReqFrame & {params: ConnectParams};
          connection.signature = verifyConnectSignature(connection.connect.params, challenge);
          this.#deliver(connection);
          return;
        }
        connection._request(frame);
      });
      if (options.challenge !== false) {
        connection.event('connect.challenge', challenge);
      } else {
        this.#deliver(connection);
      }
    });
  }

  static async start(options: TestServerOptions = {}): Promise<TestGatewayServer> {
    const wss = new WebSocketServer({host: '127.0.0.1', port: 0});
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const server = new TestGatewayServer(wss, options);
    server.#port = (wss.address() as AddressInfo).port;
    return server;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.#port}`;
  }

  get port(): number {
    return this.#port;
  }

  #deliver(connection: TestConnection): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter(connection);
    else this.#ready.push(connection);
  }

  /** The next connection whose connect request arrived (or, without challenge, that opened). */
  nextConnection(): Promise<TestConnection> {
    const ready = this.#ready.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}

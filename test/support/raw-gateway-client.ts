// A deliberately small OpenClaw gateway client for layer-3 tests and the harness readiness probe.
// It speaks the documented wire protocol only (see the protocol notes, §2–3): wait for
// `connect.challenge`, sign the v3 device payload with an Ed25519 key, send `connect`, then plain
// request/response by id and an event log. It is independent of source/client on purpose: the
// harness must be able to tell "the gateway is broken" from "our client is broken".
import {createHash, generateKeyPairSync, sign, type KeyObject} from 'node:crypto';
import {randomUUID} from 'node:crypto';
import WebSocket from 'ws';

export type RawError = {
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly retryable?: boolean;
  readonly retryAfterMs?: number;
};

export type RawResponse = {
  readonly type: 'res';
  readonly id: string;
  readonly ok: boolean;
  readonly payload?: unknown;
  readonly error?: RawError;
};

export type RawEvent = {
  readonly type: 'event';
  readonly event: string;
  readonly payload?: unknown;
  readonly seq?: number;
};

export type RawCloseInfo = {readonly code: number; readonly reason: string};

export class RawRequestError extends Error {
  readonly error: RawError | undefined;
  constructor(method: string, error: RawError | undefined) {
    super(`${method} failed: ${error?.code ?? '?'} ${error?.message ?? ''}`);
    this.name = 'RawRequestError';
    this.error = error;
  }
}

// ------------------------------------------------------------------------------- identity ----

export type DeviceIdentity = {
  /** hex sha256 of the raw 32-byte public key */
  readonly deviceId: string;
  /** raw 32-byte public key, base64url without padding */
  readonly publicKey: string;
  readonly privateKey: KeyObject;
};

/** A fresh Ed25519 device identity, held in memory only (each test gets its own device). */
export const createDeviceIdentity = (): DeviceIdentity => {
  const {publicKey, privateKey} = generateKeyPairSync('ed25519');
  const der = publicKey.export({type: 'spki', format: 'der'});
  const raw = der.subarray(der.length - 32); // 12-byte SPKI prefix, then the key
  return {
    deviceId: createHash('sha256').update(raw).digest('hex'),
    publicKey: raw.toString('base64url'),
    privateKey,
  };
};

const normMeta = (value: string | undefined): string =>
  (value ?? '').trim().replace(/[A-Z]/g, (c) => c.toLowerCase());

export type SignatureFields = {
  readonly deviceId: string;
  readonly clientId: string;
  readonly clientMode: string;
  readonly role: string;
  readonly scopes: readonly string[];
  readonly signedAtMs: number;
  readonly token: string;
  readonly nonce: string;
  readonly platform: string;
  readonly deviceFamily?: string;
};

/** v3|deviceId|clientId|clientMode|role|scopes|signedAtMs|token|nonce|platform|deviceFamily */
export const buildSignaturePayloadV3 = (f: SignatureFields): string =>
  [
    'v3',
    f.deviceId,
    f.clientId,
    f.clientMode,
    f.role,
    f.scopes.join(','),
    String(f.signedAtMs),
    f.token,
    f.nonce,
    normMeta(f.platform),
    normMeta(f.deviceFamily),
  ].join('|');

// --------------------------------------------------------------------------------- client ----

export type RawConnectOptions = {
  readonly token?: string;
  readonly deviceToken?: string;
  /** `null` connects without a device (only admitted for loopback helper ids). */
  readonly identity?: DeviceIdentity | null;
  readonly clientId?: string;
  readonly clientMode?: string;
  readonly displayName?: string;
  readonly platform?: string;
  readonly deviceFamily?: string;
  readonly role?: string;
  readonly scopes?: readonly string[];
  readonly caps?: readonly string[];
  readonly minProtocol?: number;
  readonly maxProtocol?: number;
  /** Test hook: sign something other than the true payload (to see the gateway refuse it). */
  readonly signedPayload?: (payload: string) => string;
};

export type RawOpenOptions = {
  /** Extra HTTP headers on the upgrade (e.g. X-Forwarded-For to look remote). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
};

type Pending = {
  readonly resolve: (frame: RawResponse) => void;
  readonly reject: (error: Error) => void;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const toError = (value: unknown): RawError | undefined => {
  if (!isRecord(value)) return undefined;
  return {
    code: typeof value.code === 'string' ? value.code : 'UNKNOWN',
    message: typeof value.message === 'string' ? value.message : '',
    ...(isRecord(value.details) ? {details: value.details} : {}),
    ...(typeof value.retryable === 'boolean' ? {retryable: value.retryable} : {}),
    ...(typeof value.retryAfterMs === 'number' ? {retryAfterMs: value.retryAfterMs} : {}),
  };
};

export class RawGatewayClient {
  /** Every event received on this socket, in order (connect.challenge included). */
  readonly events: RawEvent[] = [];
  challenge: {readonly nonce: string; readonly ts: number} | undefined;
  hello: Record<string, unknown> | undefined;
  closeInfo: RawCloseInfo | undefined;

  private readonly socket: WebSocket;
  private readonly pending = new Map<string, Pending>();
  private readonly eventListeners = new Set<(event: RawEvent) => void>();
  private readonly closeListeners = new Set<(info: RawCloseInfo) => void>();
  private nextId = 1;

  private constructor(socket: WebSocket) {
    this.socket = socket;
  }

  /** Open a socket and wait for the server's `connect.challenge`. */
  static open(url: string, options: RawOpenOptions = {}): Promise<RawGatewayClient> {
    const socket = new WebSocket(url, {headers: {...options.headers}, perMessageDeflate: false});
    const client = new RawGatewayClient(socket);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.terminate();
        reject(
          new Error(`no connect.challenge from ${url} within ${options.timeoutMs ?? 15000} ms`),
        );
      }, options.timeoutMs ?? 15000);
      socket.on('message', (data) => {
        client.onMessage(String(data));
        if (client.challenge) {
          clearTimeout(timer);
          resolve(client);
        }
      });
      socket.on('close', (code, reason) => {
        clearTimeout(timer);
        client.onClose({code, reason: String(reason)});
        reject(new Error(`socket closed before challenge: ${code} ${String(reason)}`));
      });
      socket.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  private onMessage(text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (!isRecord(frame)) return;
    if (frame.type === 'res' && typeof frame.id === 'string') {
      const pending = this.pending.get(frame.id);
      if (!pending) return;
      this.pending.delete(frame.id);
      const error = toError(frame.error);
      pending.resolve({
        type: 'res',
        id: frame.id,
        ok: frame.ok === true,
        ...('payload' in frame ? {payload: frame.payload} : {}),
        ...(error ? {error} : {}),
      });
      return;
    }
    if (frame.type === 'event' && typeof frame.event === 'string') {
      const event: RawEvent = {
        type: 'event',
        event: frame.event,
        ...('payload' in frame ? {payload: frame.payload} : {}),
        ...(typeof frame.seq === 'number' ? {seq: frame.seq} : {}),
      };
      if (event.event === 'connect.challenge' && !this.challenge && isRecord(event.payload)) {
        const {nonce, ts} = event.payload;
        if (typeof nonce === 'string' && typeof ts === 'number') this.challenge = {nonce, ts};
      }
      this.events.push(event);
      for (const listener of this.eventListeners) listener(event);
    }
  }

  private onClose(info: RawCloseInfo): void {
    if (this.closeInfo) return;
    this.closeInfo = info;
    for (const [, pending] of this.pending) {
      pending.reject(new Error(`socket closed ${info.code} ${info.reason}`));
    }
    this.pending.clear();
    for (const listener of this.closeListeners) listener(info);
  }

  /** Send `connect`; resolves with the raw response (ok or not). */
  connect(options: RawConnectOptions, timeoutMs = 30000): Promise<RawResponse> {
    const challenge = this.challenge;
    if (!challenge) throw new Error('connect before connect.challenge');
    const clientId = options.clientId ?? 'cli';
    const clientMode = options.clientMode ?? 'cli';
    const platform = options.platform ?? process.platform;
    const role = options.role ?? 'operator';
    const scopes = options.scopes ?? ['operator.read'];
    const auth: Record<string, string> = {};
    if (options.token) auth.token = options.token;
    if (options.deviceToken) auth.deviceToken = options.deviceToken;
    const client: Record<string, string> = {
      id: clientId,
      version: '0.0.0-test',
      platform,
      mode: clientMode,
    };
    if (options.displayName) client.displayName = options.displayName;
    if (options.deviceFamily) client.deviceFamily = options.deviceFamily;
    const params: Record<string, unknown> = {
      minProtocol: options.minProtocol ?? 3,
      maxProtocol: options.maxProtocol ?? 4,
      client,
      role,
      scopes,
      caps: options.caps ?? [],
      auth,
      locale: 'en-US',
      userAgent: 'openclaw-tui-tests/0.0.0',
    };
    const identity = options.identity === undefined ? createDeviceIdentity() : options.identity;
    if (identity) {
      const payload = buildSignaturePayloadV3({
        deviceId: identity.deviceId,
        clientId,
        clientMode,
        role,
        scopes,
        signedAtMs: challenge.ts,
        token: options.token ?? options.deviceToken ?? '',
        nonce: challenge.nonce,
        platform,
        ...(options.deviceFamily ? {deviceFamily: options.deviceFamily} : {}),
      });
      params.device = {
        id: identity.deviceId,
        publicKey: identity.publicKey,
        signature: sign(
          null,
          Buffer.from(options.signedPayload ? options.signedPayload(payload) : payload, 'utf8'),
          identity.privateKey,
        ).toString('base64url'),
        signedAt: challenge.ts,
        nonce: challenge.nonce,
      };
    }
    return this.rawRequest('connect', params, timeoutMs).then((res) => {
      if (res.ok && isRecord(res.payload)) this.hello = res.payload;
      return res;
    });
  }

  rawRequest(method: string, params: unknown, timeoutMs = 30000): Promise<RawResponse> {
    const id = `t${this.nextId++}-${randomUUID().slice(0, 8)}`;
    return new Promise((resolve, reject) => {
      if (this.closeInfo) {
        reject(new Error(`socket already closed ${this.closeInfo.code} ${this.closeInfo.reason}`));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`timeout after ${timeoutMs} ms: ${method}`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.socket.send(JSON.stringify({type: 'req', id, method, params}));
    });
  }

  /** Request and unwrap: resolves the payload, throws RawRequestError on `ok:false`. */
  async request(method: string, params: unknown = {}, timeoutMs = 30000): Promise<unknown> {
    const res = await this.rawRequest(method, params, timeoutMs);
    if (!res.ok) throw new RawRequestError(method, res.error);
    return res.payload;
  }

  /** Index to pass as `since` so only later events match. */
  mark(): number {
    return this.events.length;
  }

  waitEvent(
    predicate: (event: RawEvent) => boolean,
    timeoutMs = 30000,
    since = 0,
  ): Promise<RawEvent> {
    const existing = this.events.slice(since).find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const listener = (event: RawEvent): void => {
        if (!predicate(event)) return;
        clearTimeout(timer);
        this.eventListeners.delete(listener);
        resolve(event);
      };
      const timer = setTimeout(() => {
        this.eventListeners.delete(listener);
        reject(new Error(`timeout after ${timeoutMs} ms waiting for an event`));
      }, timeoutMs);
      this.eventListeners.add(listener);
    });
  }

  waitClose(timeoutMs = 10000): Promise<RawCloseInfo | undefined> {
    if (this.closeInfo) return Promise.resolve(this.closeInfo);
    return new Promise((resolve) => {
      const listener = (info: RawCloseInfo): void => {
        clearTimeout(timer);
        resolve(info);
      };
      const timer = setTimeout(() => {
        this.closeListeners.delete(listener);
        resolve(undefined);
      }, timeoutMs);
      this.closeListeners.add(listener);
    });
  }

  close(): void {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close();
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Open + connect, retrying while the gateway is still starting (`UNAVAILABLE` with a
 * `retryAfterMs` hint, or a refused socket). Any other connect error is thrown with the
 * response attached, so tests can assert on pairing errors.
 */
export const connectRaw = async (
  url: string,
  options: RawConnectOptions,
  {
    deadlineMs = 60000,
    open = {},
  }: {readonly deadlineMs?: number; readonly open?: RawOpenOptions} = {},
): Promise<RawGatewayClient> => {
  const deadline = Date.now() + deadlineMs;
  let last = 'no attempt';
  while (Date.now() < deadline) {
    let client: RawGatewayClient;
    try {
      client = await RawGatewayClient.open(url, {timeoutMs: 5000, ...open});
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
      await sleep(250);
      continue;
    }
    const res = await client.connect(options);
    if (res.ok) return client;
    client.close();
    if (res.error?.code === 'UNAVAILABLE' && res.error.retryable !== false) {
      last = `UNAVAILABLE ${res.error.message}`;
      await sleep(Math.min(Math.max(res.error.retryAfterMs ?? 500, 100), 2000));
      continue;
    }
    throw new RawRequestError('connect', res.error);
  }
  throw new Error(`could not connect to ${url} within ${deadlineMs} ms (last: ${last})`);
};

// The one raw gateway client for tests: plain `ws`, node:crypto Ed25519 signing, every inbound
// frame kept in order. It speaks the documented wire protocol only (protocol notes §2–3: wait
// for `connect.challenge`, sign the v3 device payload, send `connect`, then request/response by
// id and events) and does not use source/client on purpose: the fixture is tested against the
// protocol text, and the real-gateway harness can tell "the gateway is broken" from "our client
// is broken". The payload it signs is checked by the real gateway in test/real, so the fixture
// tests that use it are checked against the same text.

import {createHash, generateKeyPairSync, randomUUID, sign, type KeyObject} from 'node:crypto';
import WebSocket from 'ws';

export type Frame = Record<string, unknown> & {readonly type?: string};

export type RawError = {
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly retryable?: boolean;
  readonly retryAfterMs?: number;
};

/** A response frame as it came, with `ok` and `error` read. */
export type RawResponse = Frame & {
  readonly type: 'res';
  readonly id: string;
  readonly ok: boolean;
  readonly payload?: unknown;
  readonly error?: RawError;
};

export type RawEvent = Frame & {
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

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isEvent = (frame: Frame, name?: string): frame is RawEvent =>
  frame.type === 'event' &&
  typeof frame.event === 'string' &&
  (name === undefined || frame.event === name);

const readError = (value: unknown): RawError | undefined =>
  isRecord(value)
    ? {
        ...value,
        code: typeof value.code === 'string' ? value.code : 'UNKNOWN',
        message: typeof value.message === 'string' ? value.message : '',
      }
    : undefined;

// ------------------------------------------------------------------------------- identity ----

export type Identity = {
  /** hex sha256 of the raw 32-byte public key */
  readonly deviceId: string;
  /** raw 32-byte public key, base64url without padding */
  readonly publicKey: string;
  readonly privateKey: KeyObject;
};

/** A fresh Ed25519 device identity, held in memory only (each test gets its own device). */
export const makeIdentity = (): Identity => {
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

// --------------------------------------------------------------------------------- client ----

export const ALL_SCOPES = [
  'operator.read',
  'operator.write',
  'operator.approvals',
  'operator.pairing',
  'operator.admin',
];

/** Everything `connect` sends, spelled out: the two entry points below fill in their defaults. */
export type ConnectOptions = {
  readonly token?: string;
  readonly password?: string;
  readonly deviceToken?: string;
  /** `null` connects without a device (only admitted for loopback helper ids). */
  readonly identity?: Identity | null;
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

export type OpenOptions = {
  /** Extra HTTP headers on the upgrade (e.g. X-Forwarded-For to look remote). */
  readonly headers?: Readonly<Record<string, string>>;
  /** How long to wait for the challenge (default 15 s). */
  readonly timeoutMs?: number;
  /** The default for every wait and request after it (default 30 s). */
  readonly waitMs?: number;
  /** wss:// only: accept any certificate (a test gateway's self-signed one). */
  readonly insecureTls?: boolean;
};

export type RawClient = {
  readonly socket: WebSocket;
  /** Every frame received, in order (connect.challenge first); unparseable text kept as such. */
  readonly frames: Frame[];
  readonly challenge: {readonly nonce: string; readonly ts: number};
  /** The hello-ok payload once `connect` succeeded. */
  readonly hello: Record<string, unknown> | undefined;
  readonly closeInfo: RawCloseInfo | undefined;
  readonly closed: Promise<RawCloseInfo>;
  send(frame: unknown): void;
  sendText(text: string): void;
  /** Send a request; resolves with its response frame, ok or not. */
  request(method: string, params?: unknown, timeoutMs?: number): Promise<RawResponse>;
  /** Send a request; resolves with its payload, throws RawRequestError on `ok: false`. */
  call(method: string, params?: unknown, timeoutMs?: number): Promise<unknown>;
  /** Send a signed `connect` for the challenge this socket got; resolves with the response. */
  connect(options: ConnectOptions, timeoutMs?: number): Promise<RawResponse>;
  /** Index to pass as `from`, so only later frames match. */
  mark(): number;
  /** Scans every frame received since index `from`, then waits for more. */
  waitFor(predicate: (frame: Frame) => boolean, timeoutMs?: number, from?: number): Promise<Frame>;
  /** The first event since `from` that matches. */
  waitEvent(
    predicate: (event: RawEvent) => boolean,
    timeoutMs?: number,
    from?: number,
  ): Promise<RawEvent>;
  /** The next event of that name arriving after this call (earlier ones are ignored). */
  nextEvent(event: string, timeoutMs?: number): Promise<RawEvent>;
  events(event?: string): RawEvent[];
  close(): void;
};

/** Open a socket and wait for the server's `connect.challenge`. */
export const openRaw = async (url: string, options: OpenOptions = {}): Promise<RawClient> => {
  const defaultTimeout = options.waitMs ?? 30_000;
  const socket = new WebSocket(url, {
    headers: {...options.headers},
    perMessageDeflate: false,
    ...(options.insecureTls ? {rejectUnauthorized: false} : {}),
  });
  const frames: Frame[] = [];
  const waiters = new Set<() => void>();
  let nextId = 1;
  let hello: Record<string, unknown> | undefined;
  let closeInfo: RawCloseInfo | undefined;
  const wake = (): void => {
    for (const waiter of [...waiters]) waiter();
  };
  socket.on('message', (data) => {
    try {
      const frame: unknown = JSON.parse(data.toString());
      frames.push(isRecord(frame) ? frame : {type: 'unparseable', text: data.toString()});
    } catch {
      frames.push({type: 'unparseable', text: data.toString()});
    }
    wake();
  });
  const closed = new Promise<RawCloseInfo>((resolve) => {
    socket.on('close', (code, reason) => {
      closeInfo = {code, reason: reason.toString()};
      resolve(closeInfo);
      wake();
    });
  });
  socket.on('error', () => {});

  const waitFor = (
    predicate: (frame: Frame) => boolean,
    timeoutMs = defaultTimeout,
    from = 0,
  ): Promise<Frame> =>
    new Promise((resolve, reject) => {
      let seen = from;
      const check = (): void => {
        for (; seen < frames.length; seen += 1) {
          const frame = frames[seen] as Frame;
          if (predicate(frame)) {
            done();
            resolve(frame);
            return;
          }
        }
        if (closeInfo) {
          done();
          reject(
            new Error(
              `socket closed (${closeInfo.code} ${closeInfo.reason}) before the expected frame`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching frame within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  const waitEvent = (
    predicate: (event: RawEvent) => boolean,
    timeoutMs?: number,
    from?: number,
  ): Promise<RawEvent> =>
    waitFor((frame) => isEvent(frame) && predicate(frame), timeoutMs, from) as Promise<RawEvent>;

  const request = async (
    method: string,
    params: unknown = {},
    timeoutMs = defaultTimeout,
  ): Promise<RawResponse> => {
    if (closeInfo) throw new Error(`socket already closed ${closeInfo.code} ${closeInfo.reason}`);
    const id = `t${nextId++}-${randomUUID().slice(0, 8)}`;
    const from = frames.length;
    socket.send(JSON.stringify({type: 'req', id, method, params}));
    const frame = await waitFor((f) => f.type === 'res' && f.id === id, timeoutMs, from).catch(
      (error: unknown) => {
        throw new Error(`${method}: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
    // The frame itself, not a copy: tests compare its place in `frames` with others'.
    if (frame.error !== undefined) Object.assign(frame, {error: readError(frame.error)});
    return frame as RawResponse;
  };

  const challengeFrame = new Promise<RawEvent>((resolve, reject) => {
    socket.once('open', () =>
      waitEvent((e) => e.event === 'connect.challenge', options.timeoutMs ?? 15_000).then(
        resolve,
        reject,
      ),
    );
    socket.once('error', reject);
  });
  const challenge = await challengeFrame.catch((error: unknown) => {
    socket.terminate();
    throw new Error(
      `no connect.challenge from ${url}: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  const challengePayload = challenge.payload as {nonce: string; ts: number};

  const client: RawClient = {
    socket,
    frames,
    challenge: challengePayload,
    get hello() {
      return hello;
    },
    get closeInfo() {
      return closeInfo;
    },
    closed,
    send: (frame) => socket.send(JSON.stringify(frame)),
    sendText: (text) => socket.send(text),
    request,
    call: async (method, params, timeoutMs) => {
      const res = await request(method, params, timeoutMs);
      if (!res.ok) throw new RawRequestError(method, res.error);
      return res.payload;
    },
    connect: async (options, timeoutMs) => {
      const res = await request('connect', connectParams(challengePayload, options), timeoutMs);
      if (res.ok && isRecord(res.payload)) hello = res.payload;
      return res;
    },
    mark: () => frames.length,
    waitFor,
    waitEvent,
    nextEvent: (event, timeoutMs) => waitEvent((e) => e.event === event, timeoutMs, frames.length),
    events: (event) => frames.filter((frame): frame is RawEvent => isEvent(frame, event)),
    close: () => {
      if (socket.readyState !== WebSocket.CLOSED) socket.close();
    },
  };
  return client;
};

/** The `connect` params for a challenge, signed with the v3 device payload. */
const connectParams = (
  challenge: {readonly nonce: string; readonly ts: number},
  options: ConnectOptions,
): Record<string, unknown> => {
  const clientId = options.clientId ?? 'cli';
  const clientMode = options.clientMode ?? 'cli';
  const platform = options.platform ?? process.platform;
  const role = options.role ?? 'operator';
  const scopes = [...(options.scopes ?? ['operator.read'])];
  const auth: Record<string, string> = {};
  if (options.token !== undefined) auth.token = options.token;
  if (options.password !== undefined) auth.password = options.password;
  if (options.deviceToken !== undefined) auth.deviceToken = options.deviceToken;
  const identity = options.identity === undefined ? makeIdentity() : options.identity;
  const device =
    identity === null
      ? undefined
      : (() => {
          // v3|deviceId|clientId|clientMode|role|scopes|signedAtMs|token|nonce|platform|deviceFamily
          const payload = [
            'v3',
            identity.deviceId,
            clientId,
            clientMode,
            role,
            scopes.join(','),
            String(challenge.ts),
            auth.token ?? auth.deviceToken ?? '',
            challenge.nonce,
            normMeta(platform),
            normMeta(options.deviceFamily),
          ].join('|');
          const signed = options.signedPayload ? options.signedPayload(payload) : payload;
          return {
            id: identity.deviceId,
            publicKey: identity.publicKey,
            signature: sign(null, Buffer.from(signed, 'utf8'), identity.privateKey).toString(
              'base64url',
            ),
            signedAt: challenge.ts,
            nonce: challenge.nonce,
          };
        })();
  return {
    minProtocol: options.minProtocol ?? 3,
    maxProtocol: options.maxProtocol ?? 4,
    client: {
      id: clientId,
      version: '0.0.0-test',
      platform,
      mode: clientMode,
      ...(options.displayName ? {displayName: options.displayName} : {}),
      ...(options.deviceFamily ? {deviceFamily: options.deviceFamily} : {}),
    },
    role,
    scopes,
    caps: [...(options.caps ?? [])],
    auth,
    locale: 'en-US',
    userAgent: 'openclaw-tui-tests/0.0.0',
    ...(device === undefined ? {} : {device}),
  };
};

// ---------------------------------------------------------------------------- entry points ----

/**
 * The fixture tests' connect: as the console would (openclaw-tui/ui, every operator scope,
 * protocol 3–4), one attempt, the response returned ok or not so tests can assert refusals.
 */
export const connectRaw = async (
  url: string,
  options: ConnectOptions = {},
  open: OpenOptions = {timeoutMs: 3000, waitMs: 3000},
): Promise<{
  readonly client: RawClient;
  readonly response: RawResponse;
  readonly identity: Identity | null;
}> => {
  const client = await openRaw(url, open);
  const identity = options.identity === undefined ? makeIdentity() : options.identity;
  const response = await client.connect({
    clientId: 'openclaw-tui',
    clientMode: 'ui',
    platform: 'linux',
    displayName: 'fixture-test',
    scopes: ALL_SCOPES,
    caps: ['tool-events', 'approvals'],
    minProtocol: 3,
    ...options,
    identity,
  });
  return {client, response, identity};
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The real-gateway tests' connect (as the `cli` client unless told otherwise): open + connect,
 * retrying while the gateway is still starting (`UNAVAILABLE` with a `retryAfterMs` hint, or a
 * refused socket). Any other refusal is thrown as RawRequestError, so tests can assert on it.
 */
export const connectReady = async (
  url: string,
  options: ConnectOptions,
  {
    deadlineMs = 60_000,
    open = {},
  }: {readonly deadlineMs?: number; readonly open?: OpenOptions} = {},
): Promise<RawClient> => {
  const deadline = Date.now() + deadlineMs;
  let last = 'no attempt';
  while (Date.now() < deadline) {
    let client: RawClient;
    try {
      client = await openRaw(url, {timeoutMs: 5000, ...open});
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

/** Read a nested field by dotted path ("payload.auth.scopes", "sessions.0.key") without `any`. */
export const at = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((current, key) => {
    if (current === null || typeof current !== 'object') return undefined;
    return (current as Record<string, unknown>)[key];
  }, value);

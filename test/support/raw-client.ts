// A deliberately tiny gateway client for fixture tests: raw `ws`, node:crypto Ed25519 signing,
// every inbound frame kept in order. It does not use source/client on purpose, so the fixture is
// tested against the protocol text, not against our own client.

import {createHash, generateKeyPairSync, sign, type KeyObject} from 'node:crypto';
import WebSocket from 'ws';

export type Frame = Record<string, unknown> & {readonly type?: string};

export type Identity = {
  readonly privateKey: KeyObject;
  readonly publicKey: string;
  readonly deviceId: string;
};

export const makeIdentity = (): Identity => {
  const {publicKey, privateKey} = generateKeyPairSync('ed25519');
  const raw = publicKey.export({format: 'der', type: 'spki'}).subarray(12);
  return {
    privateKey,
    publicKey: raw.toString('base64url'),
    deviceId: createHash('sha256').update(raw).digest('hex'),
  };
};

export type RawClient = {
  readonly socket: WebSocket;
  readonly frames: Frame[];
  readonly closed: Promise<{readonly code: number; readonly reason: string}>;
  send(frame: unknown): void;
  sendText(text: string): void;
  request(method: string, params?: unknown): Promise<Frame>;
  /** Scans every frame received so far (or from index `from`), then waits for more. */
  waitFor(predicate: (frame: Frame) => boolean, timeoutMs?: number, from?: number): Promise<Frame>;
  /** The next event of that name arriving after this call (earlier ones are ignored). */
  nextEvent(event: string, timeoutMs?: number): Promise<Frame>;
  events(event?: string): Frame[];
  close(): void;
};

export const openRaw = async (url: string): Promise<RawClient> => {
  const socket = new WebSocket(url);
  const frames: Frame[] = [];
  const waiters = new Set<() => void>();
  let nextId = 1;
  socket.on('message', (data) => {
    try {
      frames.push(JSON.parse(data.toString()) as Frame);
    } catch {
      frames.push({type: 'unparseable', text: data.toString()});
    }
    for (const wake of [...waiters]) wake();
  });
  const closed = new Promise<{code: number; reason: string}>((resolve) => {
    socket.on('close', (code, reason) => {
      resolve({code, reason: reason.toString()});
      for (const wake of [...waiters]) wake();
    });
  });
  socket.on('error', () => {});
  const waitFor = (
    predicate: (frame: Frame) => boolean,
    timeoutMs = 3000,
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
        if (socket.readyState === WebSocket.CLOSED) {
          done();
          reject(new Error('socket closed before the expected frame arrived'));
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
  const client: RawClient = {
    socket,
    frames,
    closed,
    send: (frame) => socket.send(JSON.stringify(frame)),
    sendText: (text) => socket.send(text),
    request: (method, params = {}) => {
      const id = `r${nextId++}`;
      socket.send(JSON.stringify({type: 'req', id, method, params}));
      return waitFor((frame) => frame.type === 'res' && frame.id === id);
    },
    waitFor,
    nextEvent: (event, timeoutMs) =>
      waitFor((frame) => frame.type === 'event' && frame.event === event, timeoutMs, frames.length),
    events: (event) =>
      frames.filter(
        (frame) => frame.type === 'event' && (event === undefined || frame.event === event),
      ),
    close: () => socket.close(),
  };
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  await waitFor((frame) => frame.type === 'event' && frame.event === 'connect.challenge');
  return client;
};

export type ConnectOptions = {
  readonly token?: string;
  readonly password?: string;
  readonly deviceToken?: string;
  readonly scopes?: readonly string[];
  readonly caps?: readonly string[];
  readonly clientId?: string;
  readonly mode?: string;
  readonly displayName?: string;
  readonly platform?: string;
  readonly identity?: Identity | null;
  readonly minProtocol?: number;
  readonly maxProtocol?: number;
  /** Sign something other than what is sent (wrong-signature tests). */
  readonly signPlatform?: string;
};

export const ALL_SCOPES = [
  'operator.read',
  'operator.write',
  'operator.approvals',
  'operator.pairing',
  'operator.admin',
];

/** Open, answer the challenge with a signed connect, and return the connect response too. */
export const connectRaw = async (
  url: string,
  options: ConnectOptions = {},
): Promise<{
  readonly client: RawClient;
  readonly response: Frame;
  readonly identity: Identity | null;
}> => {
  const client = await openRaw(url);
  const challenge = client.events('connect.challenge')[0]?.payload as {nonce: string; ts: number};
  const identity = options.identity === null ? null : (options.identity ?? makeIdentity());
  const scopes = [...(options.scopes ?? ALL_SCOPES)];
  const clientId = options.clientId ?? 'openclaw-tui';
  const mode = options.mode ?? 'ui';
  const platform = options.platform ?? 'linux';
  const auth: Record<string, string> = {};
  if (options.token !== undefined) auth.token = options.token;
  if (options.password !== undefined) auth.password = options.password;
  if (options.deviceToken !== undefined) auth.deviceToken = options.deviceToken;
  const signedToken = auth.token ?? auth.deviceToken ?? '';
  const device =
    identity === null
      ? undefined
      : (() => {
          const payload = [
            'v3',
            identity.deviceId,
            clientId,
            mode,
            'operator',
            scopes.join(','),
            String(challenge.ts),
            signedToken,
            challenge.nonce,
            (options.signPlatform ?? platform).trim().toLowerCase(),
            '',
          ].join('|');
          return {
            id: identity.deviceId,
            publicKey: identity.publicKey,
            signature: sign(null, Buffer.from(payload, 'utf8'), identity.privateKey).toString(
              'base64url',
            ),
            signedAt: challenge.ts,
            nonce: challenge.nonce,
          };
        })();
  const response = await client.request('connect', {
    minProtocol: options.minProtocol ?? 3,
    maxProtocol: options.maxProtocol ?? 4,
    client: {
      id: clientId,
      displayName: options.displayName ?? 'fixture-test',
      version: '0.0.0-test',
      platform,
      mode,
    },
    role: 'operator',
    scopes,
    caps: [...(options.caps ?? ['tool-events', 'approvals'])],
    auth,
    ...(device === undefined ? {} : {device}),
  });
  return {client, response, identity};
};

/** Read a nested field by dotted path ("payload.auth.scopes", "sessions.0.key") without `any`. */
export const at = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((current, key) => {
    if (current === null || typeof current !== 'object') return undefined;
    return (current as Record<string, unknown>)[key];
  }, value);

// One logical connection to a gateway, across as many sockets as it takes: challenge → signed
// connect → hello-ok, requests by id, events with per-socket sequence tracking, a tick watchdog,
// and reconnects paced by reconnect-policy.ts. Socket factory, clock and randomness are injected
// so tests drive every timer by hand.

import crypto from 'node:crypto';
import os from 'node:os';
import {
  parseFrame,
  type EventFrame,
  type GatewayError,
  type ResponseFrame,
} from '../protocol/frames.ts';
import {parseHello} from '../protocol/parse-hello.ts';
import type {HelloInfo, Scope} from '../protocol/types.ts';
import {systemClock, type Clock, type TimerHandle} from './clock.ts';
import {ConnectError, decodeConnectProblem, redactUrl} from './connect-problem.ts';
import {buildSignaturePayloadV3} from './device-identity.ts';
import {decideRetry} from './reconnect-policy.ts';
import {createWsSocket, type ClientSocket, type SocketFactory} from './socket.ts';
import {
  RequestError,
  type ClientListeners,
  type ClientStatus,
  type ConnectProblem,
  type DeviceIdentity,
  type DeviceTokenKey,
  type DeviceTokenStore,
  type GatewayConnection,
} from './types.ts';

export const CLIENT_ID = 'openclaw-tui';
export const CLIENT_MODE = 'ui';
export const ROLE = 'operator';
export const MIN_PROTOCOL = 3;
export const MAX_PROTOCOL = 4;
export const DEFAULT_CAPS: readonly string[] = [
  'tool-events',
  'approvals',
  'exec-approvals',
  'plugin-approvals',
];
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
export const CHALLENGE_TIMEOUT_MS = 15_000;
/** The gateway buffers at most 50 MiB for one client, so no single frame can be larger. */
export const DEFAULT_MAX_PAYLOAD = 50 * 1024 * 1024;
/** After an ok:false connect the server closes (1008/1013); close ourselves if it does not. */
const CONNECT_REJECTED_CLOSE_GRACE_MS = 1_000;
/** Even a one-shot command rides out a gateway that is still starting (≈10 s of 500 ms hints). */
const ONE_SHOT_TRANSIENT_RETRIES = 20;

const KNOWN_SCOPES: ReadonlySet<string> = new Set<Scope>([
  'operator.read',
  'operator.write',
  'operator.admin',
  'operator.approvals',
  'operator.pairing',
  'operator.questions',
  'operator.talk',
  'operator.talk.secrets',
]);

/** Distinguishes two consoles of the same device in presence; stable for the process lifetime. */
const PROCESS_INSTANCE_ID = crypto.randomUUID();

export type GatewayConnectionOptions = {
  readonly url: string;
  /** A shared gateway secret. When absent, the stored device token (if any) authenticates. */
  readonly auth?: {readonly token?: string; readonly password?: string};
  readonly scopes: readonly Scope[];
  readonly caps?: readonly string[];
  readonly identity: DeviceIdentity;
  readonly tokenStore?: DeviceTokenStore;
  readonly clientVersion: string;
  readonly displayName?: string;
  readonly platform?: string;
  readonly instanceId?: string;
  readonly socketFactory?: SocketFactory;
  readonly maxPayload?: number;
  /** wss:// only: the pinned certificate fingerprint (SocketOptions.tlsFingerprint). */
  readonly tlsFingerprint?: string;
  readonly clock?: Clock;
  /** [0, 1), for backoff jitter. */
  readonly random?: () => number;
  readonly requestTimeoutMs?: number;
  readonly challengeTimeoutMs?: number;
  /** false for one-shot commands: the first failure (or drop) ends the connection. Default true. */
  readonly reconnect?: boolean;
  /** Persisting a device token failed; the connection itself carries on. */
  readonly onStoreError?: (error: unknown) => void;
};

/** `ws://127.0.0.1:18789/some/path` → `ws://127.0.0.1:18789`: the key device tokens live under. */
export const gatewayOrigin = (url: string): string => {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? url : origin;
  } catch {
    return url;
  }
};

export const defaultDisplayName = (): string => `openclaw-tui console (${os.hostname()})`;

type Pending = {
  readonly method: string;
  readonly resolve: (payload: unknown) => void;
  readonly reject: (error: RequestError) => void;
  readonly timer: TimerHandle;
};

/** Everything that belongs to one socket; a reconnect starts a fresh one. */
type Attempt = {
  socket?: ClientSocket;
  stage: 'opening' | 'connect-sent' | 'connected';
  closed: boolean;
  localClose?: {readonly code: number; readonly reason: string};
  connectId?: string;
  lastSeq: number;
  lastFrameAt: number;
  readonly pending: Map<string, Pending>;
  challengeTimer?: TimerHandle;
  connectTimer?: TimerHandle;
  graceTimer?: TimerHandle;
  watchdogTimer?: TimerHandle;
  handshakeError?: GatewayError;
  socketError?: {readonly code?: string; readonly message: string};
  shutdown?: {readonly reason?: string; readonly restartExpectedMs?: number};
  /** Set when we decided this socket failed (challenge/tick timeout, bad hello). */
  problem?: ConnectProblem;
};

type Waiter = {
  readonly resolve: (hello: HelloInfo) => void;
  readonly reject: (error: ConnectError) => void;
};

type ListenerSets = {[K in keyof ClientListeners]: Set<ClientListeners[K]>};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

class Connection implements GatewayConnection {
  readonly #options: GatewayConnectionOptions;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #socketFactory: SocketFactory;
  readonly #reconnect: boolean;
  readonly #origin: string;
  readonly #listeners: ListenerSets = {
    status: new Set(),
    hello: new Set(),
    event: new Set(),
    gap: new Set(),
    invalidFrame: new Set(),
  };

  #status: ClientStatus;
  #hello: HelloInfo | undefined;
  #scopes: readonly Scope[] = [];
  #current: Attempt | undefined;
  #started = false;
  #stopping = false;
  #retryTimer: TimerHandle | undefined;
  #attemptCount = 0;
  #transientRetries = 0;
  #nextId = 0;
  #everConnected = false;
  #terminalProblem: ConnectProblem | undefined;
  #waiters: Waiter[] = [];
  #stopResolvers: Array<() => void> = [];

  constructor(options: GatewayConnectionOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#socketFactory = options.socketFactory ?? createWsSocket;
    this.#reconnect = options.reconnect ?? true;
    this.#origin = gatewayOrigin(options.url);
    this.#status = {phase: 'stopped', url: redactUrl(options.url), attempt: 0};
  }

  get status(): ClientStatus {
    return this.#status;
  }

  get hello(): HelloInfo | undefined {
    return this.#hello;
  }

  get scopes(): readonly Scope[] {
    return this.#scopes;
  }

  on<K extends keyof ClientListeners>(event: K, listener: ClientListeners[K]): () => void {
    const set = this.#listeners[event] as Set<ClientListeners[K]>;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#stopping = false;
    this.#terminalProblem = undefined;
    this.#transientRetries = 0;
    this.#attemptCount = 0;
    this.#open();
  }

  ready(): Promise<HelloInfo> {
    if (this.#everConnected && this.#hello) return Promise.resolve(this.#hello);
    if (this.#terminalProblem) return Promise.reject(new ConnectError(this.#terminalProblem));
    return new Promise((resolve, reject) => this.#waiters.push({resolve, reject}));
  }

  retryNow(): void {
    if (!this.#started || this.#stopping) return;
    const phase = this.#status.phase;
    if (phase !== 'paused' && phase !== 'reconnecting') return;
    this.#clearRetryTimer();
    this.#open();
  }

  stop(): Promise<void> {
    // Already ended (a one-shot failure, or stopped before): keep the status that says why.
    if (this.#status.phase === 'stopped' && !this.#current) {
      this.#started = false;
      this.#clearRetryTimer();
      return Promise.resolve();
    }
    this.#stopping = true;
    this.#started = false;
    this.#clearRetryTimer();
    if (!this.#everConnected) {
      this.#fail({kind: 'other', code: 'STOPPED', message: 'connection stopped before hello'});
    }
    const attempt = this.#current;
    if (attempt && !attempt.closed) {
      const closed = new Promise<void>((resolve) => this.#stopResolvers.push(resolve));
      this.#closeSocket(attempt, 1000, 'client stopping');
      return closed;
    }
    this.#finishStop();
    return Promise.resolve();
  }

  request<T = unknown>(
    method: string,
    params?: unknown,
    options?: {timeoutMs?: number},
  ): Promise<T> {
    const attempt = this.#current;
    if (!attempt || attempt.stage !== 'connected' || attempt.closed || attempt.localClose) {
      return Promise.reject(
        new RequestError(`not connected to the gateway (${method} not sent)`, {
          code: 'NOT_CONNECTED',
          outcome: 'disconnected',
        }),
      );
    }
    const id = this.#newId();
    const timeoutMs =
      options?.timeoutMs ?? this.#options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    return new Promise<T>((resolve, reject) => {
      const timer = this.#clock.setTimeout(() => {
        attempt.pending.delete(id);
        reject(
          new RequestError(`${method}: no answer within ${timeoutMs} ms`, {
            code: 'TIMEOUT',
            outcome: 'timeout',
          }),
        );
      }, timeoutMs);
      attempt.pending.set(id, {
        method,
        resolve: (payload) => resolve(payload as T),
        reject,
        timer,
      });
      const frame =
        params === undefined ? {type: 'req', id, method} : {type: 'req', id, method, params};
      if (!this.#send(attempt, frame)) {
        this.#clock.clearTimeout(timer);
        attempt.pending.delete(id);
        reject(
          new RequestError(`${method}: the socket refused the frame`, {
            code: 'DISCONNECTED',
            outcome: 'disconnected',
          }),
        );
      }
    });
  }

  // ---------------------------------------------------------------- sockets

  #open(): void {
    this.#attemptCount += 1;
    const attempt: Attempt = {
      stage: 'opening',
      closed: false,
      lastSeq: 0,
      lastFrameAt: this.#clock.now(),
      pending: new Map(),
    };
    this.#current = attempt;
    this.#setStatus({
      phase: 'connecting',
      attempt: this.#attemptCount,
      ...this.#carriedProblem(),
    });
    try {
      attempt.socket = this.#socketFactory(
        this.#options.url,
        {
          open: () => undefined,
          message: (data) => this.#onMessage(attempt, data),
          close: (code, reason) => this.#onClose(attempt, code, reason),
          error: (error) => {
            attempt.socketError ??= error;
          },
        },
        {
          maxPayload: this.#options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
          ...(this.#options.tlsFingerprint === undefined
            ? {}
            : {tlsFingerprint: this.#options.tlsFingerprint}),
        },
      );
    } catch (error) {
      attempt.problem = {
        kind: 'other',
        code: 'INVALID_URL',
        message: `cannot open ${redactUrl(this.#options.url)}: ${(error as Error).message}`,
      };
      this.#onClose(attempt, 1006, '');
      return;
    }
    const challengeMs = this.#options.challengeTimeoutMs ?? CHALLENGE_TIMEOUT_MS;
    attempt.challengeTimer = this.#clock.setTimeout(() => {
      attempt.challengeTimer = undefined;
      attempt.problem ??= {
        kind: 'unreachable',
        url: redactUrl(this.#options.url),
        detail: attempt.socketError
          ? attempt.socketError.message
          : `no connect.challenge within ${Math.round(challengeMs / 1000)} s (is this an OpenClaw gateway?)`,
      };
      this.#closeSocket(attempt, 1000, 'challenge timeout');
    }, challengeMs);
  }

  #send(attempt: Attempt, frame: object): boolean {
    try {
      attempt.socket?.send(JSON.stringify(frame));
      return attempt.socket !== undefined;
    } catch {
      return false;
    }
  }

  #closeSocket(attempt: Attempt, code: number, reason: string): void {
    if (attempt.closed || attempt.localClose) return;
    attempt.localClose = {code, reason};
    if (!attempt.socket) {
      this.#onClose(attempt, code, reason);
      return;
    }
    try {
      attempt.socket.close(code, reason);
    } catch {
      this.#onClose(attempt, code, reason);
    }
  }

  #onMessage(attempt: Attempt, data: string): void {
    if (attempt.closed || attempt.localClose) return;
    attempt.lastFrameAt = this.#clock.now();
    const frame = parseFrame(data);
    switch (frame.type) {
      case 'invalid':
        this.#emit('invalidFrame', frame);
        return;
      case 'res':
        this.#onResponse(attempt, frame);
        return;
      case 'event':
        this.#onEvent(attempt, frame);
        return;
    }
  }

  #onResponse(attempt: Attempt, frame: ResponseFrame): void {
    if (frame.id === attempt.connectId && attempt.stage === 'connect-sent') {
      this.#onConnectResponse(attempt, frame);
      return;
    }
    const pending = attempt.pending.get(frame.id);
    // Unknown ids are answers to requests that already timed out: nothing is waiting.
    if (!pending) return;
    attempt.pending.delete(frame.id);
    this.#clock.clearTimeout(pending.timer);
    if (frame.ok) pending.resolve(frame.payload);
    else {
      pending.reject(
        RequestError.fromGateway(
          frame.error ?? {code: 'UNKNOWN', message: `${pending.method} failed without an error`},
        ),
      );
    }
  }

  #onEvent(attempt: Attempt, frame: EventFrame): void {
    if (frame.event === 'connect.challenge') {
      if (attempt.stage === 'opening') this.#sendConnect(attempt, frame.payload);
      return;
    }
    if (frame.seq !== undefined) {
      if (frame.seq > attempt.lastSeq + 1) {
        this.#emit('gap', {
          expected: attempt.lastSeq + 1,
          received: frame.seq,
          at: this.#clock.now(),
        });
      }
      attempt.lastSeq = Math.max(attempt.lastSeq, frame.seq);
    }
    if (frame.event === 'shutdown') {
      const payload = isRecord(frame.payload) ? frame.payload : {};
      const restart = payload.restartExpectedMs;
      attempt.shutdown = {
        ...(typeof payload.reason === 'string' && payload.reason !== ''
          ? {reason: payload.reason}
          : {}),
        ...(typeof restart === 'number' && Number.isFinite(restart)
          ? {restartExpectedMs: restart}
          : {}),
      };
    }
    this.#emit('event', frame);
  }

  // -------------------------------------------------------------- handshake

  #tokenKey(): DeviceTokenKey {
    return {gateway: this.#origin, deviceId: this.#options.identity.deviceId, role: ROLE};
  }

  #storedToken(): string | undefined {
    try {
      return this.#options.tokenStore?.load(this.#tokenKey())?.token || undefined;
    } catch (error) {
      this.#options.onStoreError?.(error);
      return undefined;
    }
  }

  #sendConnect(attempt: Attempt, challenge: unknown): void {
    const nonce = isRecord(challenge) ? challenge.nonce : undefined;
    const ts = isRecord(challenge) ? challenge.ts : undefined;
    this.#clearTimer(attempt, 'challengeTimer');
    if (
      typeof nonce !== 'string' ||
      nonce === '' ||
      typeof ts !== 'number' ||
      !Number.isFinite(ts)
    ) {
      attempt.problem = {
        kind: 'protocol-mismatch',
        message: 'connect.challenge without a nonce and ts: not a gateway this console understands',
      };
      this.#closeSocket(attempt, 1002, 'bad challenge');
      return;
    }
    const options = this.#options;
    // Never send empty strings: "" is not nullish, so the server would sign and check it.
    const auth: {token?: string; password?: string; deviceToken?: string} = {};
    if (options.auth?.token) auth.token = options.auth.token;
    if (options.auth?.password) auth.password = options.auth.password;
    if (!auth.token && !auth.password) {
      const stored = this.#storedToken();
      if (stored) {
        auth.token = stored;
        auth.deviceToken = stored;
      }
    }
    const scopes = [...options.scopes];
    const platform = options.platform ?? process.platform;
    const signature = options.identity.sign(
      buildSignaturePayloadV3({
        deviceId: options.identity.deviceId,
        clientId: CLIENT_ID,
        clientMode: CLIENT_MODE,
        role: ROLE,
        scopes,
        signedAtMs: ts,
        token: auth.token ?? auth.deviceToken ?? '',
        nonce,
        platform,
      }),
    );
    attempt.connectId = this.#newId();
    attempt.stage = 'connect-sent';
    const sent = this.#send(attempt, {
      type: 'req',
      id: attempt.connectId,
      method: 'connect',
      params: {
        minProtocol: MIN_PROTOCOL,
        maxProtocol: MAX_PROTOCOL,
        client: {
          id: CLIENT_ID,
          displayName: options.displayName ?? defaultDisplayName(),
          version: options.clientVersion,
          platform,
          mode: CLIENT_MODE,
          instanceId: options.instanceId ?? PROCESS_INSTANCE_ID,
        },
        role: ROLE,
        scopes,
        caps: [...(options.caps ?? DEFAULT_CAPS)],
        ...(Object.keys(auth).length > 0 ? {auth} : {}),
        device: {
          id: options.identity.deviceId,
          publicKey: options.identity.publicKey,
          signature,
          signedAt: ts,
          nonce,
        },
      },
    });
    if (!sent) {
      this.#closeSocket(attempt, 1000, 'send failed');
      return;
    }
    const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    attempt.connectTimer = this.#clock.setTimeout(() => {
      attempt.connectTimer = undefined;
      attempt.problem ??= {
        kind: 'other',
        code: 'CONNECT_TIMEOUT',
        message: `the gateway did not answer connect within ${Math.round(timeoutMs / 1000)} s`,
      };
      this.#closeSocket(attempt, 1000, 'connect timeout');
    }, timeoutMs);
  }

  #onConnectResponse(attempt: Attempt, frame: ResponseFrame): void {
    this.#clearTimer(attempt, 'connectTimer');
    if (!frame.ok) {
      const error = frame.error ?? {code: 'UNKNOWN', message: 'connect rejected'};
      attempt.handshakeError = error;
      if (error.details?.code === 'AUTH_DEVICE_TOKEN_MISMATCH') this.#clearStoredToken();
      // The server closes right after (1008 carries the requestId for pairing); wait for that.
      attempt.graceTimer = this.#clock.setTimeout(() => {
        attempt.graceTimer = undefined;
        this.#closeSocket(attempt, 1000, 'connect rejected');
      }, CONNECT_REJECTED_CLOSE_GRACE_MS);
      return;
    }
    const parsed = parseHello(frame.payload, {requestedScopes: this.#options.scopes});
    if (!parsed) {
      attempt.problem = {
        kind: 'protocol-mismatch',
        message: 'the gateway accepted connect but sent no readable hello-ok',
      };
      this.#closeSocket(attempt, 1002, 'invalid hello');
      return;
    }
    const {deviceToken, ...hello} = parsed;
    if (deviceToken) this.#persistToken(deviceToken, hello.scopes);
    attempt.stage = 'connected';
    this.#hello = hello;
    this.#scopes = hello.scopes.filter((scope): scope is Scope => KNOWN_SCOPES.has(scope));
    this.#everConnected = true;
    this.#transientRetries = 0;
    const attemptNumber = this.#attemptCount;
    // The next failure after this hello starts the backoff from the beginning.
    this.#attemptCount = 0;
    this.#startWatchdog(attempt, hello.tickIntervalMs);
    this.#emit('hello', hello);
    this.#setStatus({phase: 'connected', attempt: attemptNumber});
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.resolve(hello);
  }

  #persistToken(token: string, scopes: readonly string[]): void {
    const store = this.#options.tokenStore;
    if (!store) return;
    try {
      const key = this.#tokenKey();
      // Same token again: keep the scopes recorded when it was issued.
      if (store.load(key)?.token === token) return;
      store.save(key, {token, scopes});
    } catch (error) {
      this.#options.onStoreError?.(error);
    }
  }

  #clearStoredToken(): void {
    try {
      this.#options.tokenStore?.clear(this.#tokenKey());
    } catch (error) {
      this.#options.onStoreError?.(error);
    }
  }

  #startWatchdog(attempt: Attempt, tickIntervalMs: number): void {
    const limit = 2 * tickIntervalMs;
    const check = () => {
      attempt.watchdogTimer = undefined;
      if (attempt.closed || attempt.localClose) return;
      const idle = this.#clock.now() - attempt.lastFrameAt;
      if (idle >= limit) {
        attempt.problem = {
          kind: 'other',
          code: 'TICK_TIMEOUT',
          message: `no frame from the gateway for ${Math.round(idle / 1000)} s (tick timeout)`,
        };
        this.#closeSocket(attempt, 4000, 'tick timeout');
        return;
      }
      attempt.watchdogTimer = this.#clock.setTimeout(check, limit - idle);
    };
    attempt.watchdogTimer = this.#clock.setTimeout(check, limit);
  }

  // ----------------------------------------------------------- after close

  #onClose(attempt: Attempt, code: number, reason: string): void {
    if (attempt.closed) return;
    attempt.closed = true;
    for (const key of ['challengeTimer', 'connectTimer', 'graceTimer', 'watchdogTimer'] as const) {
      this.#clearTimer(attempt, key);
    }
    const close = attempt.localClose ?? {code, reason};
    for (const [, pending] of attempt.pending) {
      this.#clock.clearTimeout(pending.timer);
      pending.reject(
        new RequestError(`${pending.method}: connection closed before the answer (${close.code})`, {
          code: 'DISCONNECTED',
          outcome: 'disconnected',
        }),
      );
    }
    attempt.pending.clear();
    if (this.#current === attempt) this.#current = undefined;
    if (this.#stopping) {
      this.#finishStop(close);
      return;
    }
    if (this.#current) return; // a newer socket already took over (retryNow during close)

    const wasConnected = attempt.stage === 'connected';
    const problem =
      attempt.problem ??
      decodeConnectProblem({
        url: this.#options.url,
        ...(attempt.handshakeError ? {error: attempt.handshakeError} : {}),
        close,
        ...(attempt.socketError ? {socketError: attempt.socketError} : {}),
        wasConnected,
        ...(attempt.shutdown ? {shutdown: attempt.shutdown} : {}),
      });
    const decision = decideRetry({
      problem,
      failures: Math.max(1, this.#attemptCount),
      ...(attempt.shutdown?.restartExpectedMs === undefined
        ? {}
        : {restartExpectedMs: attempt.shutdown.restartExpectedMs}),
      ...(attempt.handshakeError?.retryAfterMs === undefined
        ? {}
        : {retryAfterMs: attempt.handshakeError.retryAfterMs}),
      random: this.#random,
    });

    if (!this.#reconnect) {
      const rideOut =
        !wasConnected &&
        decision.action === 'retry' &&
        decision.transient &&
        this.#transientRetries < ONE_SHOT_TRANSIENT_RETRIES;
      if (rideOut) {
        this.#transientRetries += 1;
        this.#scheduleRetry(decision.delayMs, problem, close);
        return;
      }
      this.#started = false;
      this.#setStatus({phase: 'stopped', attempt: this.#attemptCount, problem, lastClose: close});
      if (!this.#everConnected) this.#fail(problem);
      return;
    }
    if (decision.action === 'pause') {
      this.#setStatus({phase: 'paused', attempt: this.#attemptCount, problem, lastClose: close});
      return;
    }
    this.#scheduleRetry(decision.delayMs, problem, close);
  }

  #scheduleRetry(
    delayMs: number,
    problem: ConnectProblem,
    close: {readonly code: number; readonly reason: string},
  ): void {
    this.#clearRetryTimer();
    this.#retryTimer = this.#clock.setTimeout(() => {
      this.#retryTimer = undefined;
      this.#open();
    }, delayMs);
    this.#setStatus({
      phase: 'reconnecting',
      attempt: this.#attemptCount,
      retryInMs: delayMs,
      problem,
      lastClose: close,
    });
  }

  #finishStop(close?: {readonly code: number; readonly reason: string}): void {
    this.#setStatus({
      phase: 'stopped',
      attempt: this.#attemptCount,
      ...(close
        ? {lastClose: close}
        : this.#status.lastClose
          ? {lastClose: this.#status.lastClose}
          : {}),
    });
    const resolvers = this.#stopResolvers;
    this.#stopResolvers = [];
    for (const resolve of resolvers) resolve();
  }

  /** Nothing more will come of this run: reject whoever waits for the first hello. */
  #fail(problem: ConnectProblem): void {
    this.#terminalProblem = problem;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.reject(new ConnectError(problem));
  }

  // ---------------------------------------------------------------- helpers

  /** While reconnecting, the last problem stays visible until a hello clears it. */
  #carriedProblem(): Partial<ClientStatus> {
    const {problem, lastClose} = this.#status;
    return {...(problem ? {problem} : {}), ...(lastClose ? {lastClose} : {})};
  }

  #setStatus(next: Omit<ClientStatus, 'url'>): void {
    const status: ClientStatus = {url: this.#status.url, ...next};
    if (JSON.stringify(status) === JSON.stringify(this.#status)) return;
    this.#status = status;
    this.#emit('status', status);
  }

  #clearTimer(
    attempt: Attempt,
    key: 'challengeTimer' | 'connectTimer' | 'graceTimer' | 'watchdogTimer',
  ): void {
    const handle = attempt[key];
    if (handle !== undefined) this.#clock.clearTimeout(handle);
    attempt[key] = undefined;
  }

  #clearRetryTimer(): void {
    if (this.#retryTimer !== undefined) this.#clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  #newId(): string {
    this.#nextId += 1;
    return String(this.#nextId);
  }

  #emit<K extends keyof ClientListeners>(event: K, ...args: Parameters<ClientListeners[K]>): void {
    for (const listener of [...this.#listeners[event]]) {
      try {
        (listener as (...a: Parameters<ClientListeners[K]>) => void)(...args);
      } catch (error) {
        // A listener bug must not leave this connection half-updated; surface it on its own.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

export const createGatewayConnection = (options: GatewayConnectionOptions): GatewayConnection =>
  new Connection(options);

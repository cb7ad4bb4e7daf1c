// Readiness over the protocol, as openclaw's embedding guide asks (docs/gateway/embedding.md):
// the first `connect.challenge` proves the listener accepts WebSockets; a `hello-ok` proves the
// gateway is ready for authenticated RPC. The probe connects as a device-less
// `gateway-client`/`backend` client with the shared secret, which the gateway admits on loopback
// without creating a pairing record. Until startup sidecars finish, connect answers
// UNAVAILABLE {details.reason:"startup-sidecars", retryAfterMs} and the socket closes 1013: we
// retry after the hint (bounded to 100–2000 ms). Never decides from log wording.

import WebSocket from 'ws';
import {parseFrame} from '../protocol/frames.ts';
import type {Readiness} from './types.ts';

export type ProbeOptions = {readonly signal: AbortSignal};

/** Resolves once the gateway answers hello-ok (or refuses the probe's credentials for good). */
export type ProbeReady = (url: string, options: ProbeOptions) => Promise<Readiness>;

/** True when a gateway at `url` sends connect.challenge within the time the signal allows. */
export type ProbeExisting = (url: string, options: ProbeOptions) => Promise<boolean>;

export type ProbeAuth = {readonly token?: string; readonly password?: string};

export type ProbeReadyOptions = ProbeAuth & {
  readonly clientVersion?: string;
  /** Bound on one attempt (open → challenge → connect answer). */
  readonly attemptTimeoutMs?: number;
  readonly now?: () => number;
};

type Attempt =
  | {readonly kind: 'no-answer'; readonly detail: string}
  | {readonly kind: 'hello'}
  | {readonly kind: 'retry'; readonly afterMs: number}
  | {readonly kind: 'refused'; readonly code: string; readonly message: string};

const clampRetry = (ms: number | undefined): number =>
  Math.min(2000, Math.max(100, typeof ms === 'number' && Number.isFinite(ms) ? ms : 500));

const abortError = (): Error => Object.assign(new Error('probe aborted'), {name: 'AbortError'});

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, {once: true});
  });

const connectParams = (auth: ProbeAuth, clientVersion: string) => ({
  minProtocol: 3,
  maxProtocol: 4,
  client: {
    id: 'gateway-client',
    version: clientVersion,
    platform: process.platform,
    mode: 'backend',
    displayName: 'openclaw-tui embed probe',
  },
  role: 'operator',
  scopes: ['operator.read'],
  // Only the secret that is set: an empty string would be signed and checked as a token.
  ...(auth.token
    ? {auth: {token: auth.token}}
    : auth.password
      ? {auth: {password: auth.password}}
      : {}),
});

const attemptOnce = (
  url: string,
  auth: ProbeAuth,
  clientVersion: string,
  timeoutMs: number,
  signal: AbortSignal,
  onChallenge: () => void,
): Promise<Attempt> =>
  new Promise((resolve, reject) => {
    let settled = false;
    let challenged = false;
    const socket = new WebSocket(url, {perMessageDeflate: false, handshakeTimeout: timeoutMs});
    const finish = (outcome: Attempt | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('message');
      socket.on('error', () => undefined);
      socket.terminate();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onAbort = () => finish(abortError());
    const timer = setTimeout(
      () =>
        finish(
          challenged
            ? {kind: 'retry', afterMs: 500}
            : {kind: 'no-answer', detail: 'no connect.challenge in time'},
        ),
      timeoutMs,
    );
    signal.addEventListener('abort', onAbort, {once: true});
    socket.on('message', (data: WebSocket.RawData) => {
      const frame = parseFrame(String(data));
      if (frame.type === 'event' && frame.event === 'connect.challenge' && !challenged) {
        challenged = true;
        onChallenge();
        socket.send(
          JSON.stringify({
            type: 'req',
            id: 'embed-probe',
            method: 'connect',
            params: connectParams(auth, clientVersion),
          }),
        );
        return;
      }
      if (frame.type !== 'res' || frame.id !== 'embed-probe') return;
      if (frame.ok) {
        finish({kind: 'hello'});
        return;
      }
      const error = frame.error;
      if (error && (error.code === 'UNAVAILABLE' || error.retryable === true)) {
        finish({kind: 'retry', afterMs: clampRetry(error.retryAfterMs)});
        return;
      }
      finish({
        kind: 'refused',
        code:
          typeof error?.details?.code === 'string'
            ? error.details.code
            : (error?.code ?? 'UNKNOWN'),
        message: error?.message ?? 'connect refused',
      });
    });
    socket.on('close', (code: number) => {
      // 1013 "gateway starting" and 1012 "service restart" both mean: ask again shortly.
      if (challenged || code === 1013 || code === 1012) finish({kind: 'retry', afterMs: 500});
      else finish({kind: 'no-answer', detail: `closed ${code}`});
    });
    socket.on('error', (error: Error) => {
      finish(
        challenged ? {kind: 'retry', afterMs: 500} : {kind: 'no-answer', detail: error.message},
      );
    });
  });

export const createProbeReady =
  (options: ProbeReadyOptions = {}): ProbeReady =>
  async (url, {signal}) => {
    const now = options.now ?? Date.now;
    const started = now();
    const attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
    const clientVersion = options.clientVersion ?? '0.1.0';
    let challengeMs: number | undefined;
    for (;;) {
      if (signal.aborted) throw abortError();
      const outcome = await attemptOnce(
        url,
        options,
        clientVersion,
        attemptTimeoutMs,
        signal,
        () => {
          challengeMs ??= now() - started;
        },
      );
      if (outcome.kind === 'hello') {
        return {challengeMs: challengeMs ?? now() - started, helloMs: now() - started};
      }
      if (outcome.kind === 'refused') {
        return {
          challengeMs: challengeMs ?? now() - started,
          refused: {code: outcome.code, message: outcome.message},
        };
      }
      // Nothing listening yet (the real gateway needs 15–25 s before it listens): poll gently.
      await sleep(outcome.kind === 'retry' ? outcome.afterMs : 250, signal);
    }
  };

/** One short look: does a gateway already answer here? Sends nothing. */
export const probeChallenge: ProbeExisting = (url, {signal}) =>
  new Promise((resolve) => {
    if (signal.aborted) {
      resolve(false);
      return;
    }
    const socket = new WebSocket(url, {perMessageDeflate: false});
    let settled = false;
    const finish = (answer: boolean) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('message');
      socket.on('error', () => undefined);
      socket.terminate();
      resolve(answer);
    };
    const onAbort = () => finish(false);
    signal.addEventListener('abort', onAbort, {once: true});
    socket.on('message', (data: WebSocket.RawData) => {
      const frame = parseFrame(String(data));
      if (frame.type === 'event' && frame.event === 'connect.challenge') finish(true);
    });
    socket.on('close', () => finish(false));
    socket.on('error', () => finish(false));
  });

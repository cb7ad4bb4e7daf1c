// One gateway session for a command twin: the console's own device identity, one gateway link
// (link/gateway-link.ts: connection with the console's scopes, bridge into a fresh store), and
// every list read once. One-shot
// commands connect without reconnecting; tail keeps reconnecting. Every failure before the lists
// are read becomes a SessionError with one printable line.
//
// Scopes are the console's (full, or operator.read with --read-only) even for read-only commands:
// asking for fewer here would flip the device record between scope sets and make the gateway ask
// for a scope-upgrade pairing the next time the console connects.

import type {AuditLog} from '../audit/audit-log.ts';
import {packageVersion} from '../console/version.ts';
import type {Answerer} from '../control/answer.ts';
import type {Decider} from '../control/decide.ts';
import {ConnectError, describeConnectProblem, redactUrl} from '../client/connect-problem.ts';
import {defaultDisplayName} from '../client/connection.ts';
import {deviceIdentityFromKeyPair, generateDeviceKeyPair} from '../client/device-identity.ts';
import type {
  ConnectProblem,
  DeviceIdentity,
  DeviceTokenStore,
  GatewayConnection,
} from '../client/types.ts';
import {DataStoreError, openDataStore} from '../config/data-store.ts';
import type {Options} from '../config/options.ts';
import type {GatewayAuth} from '../config/resolve-gateway.ts';
import type {Scope} from '../protocol/types.ts';
import {openGatewayLink} from '../link/gateway-link.ts';
import type {BridgeReads, GatewayBridge} from '../state/bridge.ts';
import {DEFAULT_GATEWAY_ID, type GatewayId} from '../state/gateway-id.ts';
import {createInitialState} from '../state/reducer.ts';
import {createStore, type Store} from '../state/store.ts';
import {startMark} from '../start-marks.ts';

export type SessionFailure =
  | {readonly kind: 'connect'; readonly message: string; readonly problem: ConnectProblem}
  | {readonly kind: 'timeout'; readonly message: string; readonly problem?: ConnectProblem}
  | {readonly kind: 'data-store'; readonly message: string; readonly path: string}
  | {readonly kind: 'config'; readonly message: string}
  | {readonly kind: 'usage'; readonly message: string}
  /** The caller's signal fired before the first hello (tail stopped while connecting). */
  | {readonly kind: 'stopped'; readonly message: string};

export class SessionError extends Error {
  readonly failure: SessionFailure;

  constructor(failure: SessionFailure) {
    super(failure.message);
    this.name = 'SessionError';
    this.failure = failure;
  }
}

/** A gateway the caller started for --embed (the supervisor lives with the lead's cli). */
export type EmbeddedGateway = {
  readonly url: string;
  readonly auth: GatewayAuth;
  readonly stop: () => Promise<void>;
};

export type SessionDeps = {
  /** Starts (or finds) the --embed gateway. Without it, commands refuse --embed (usage). */
  readonly startEmbedded?: (options: Options) => Promise<EmbeddedGateway>;
  readonly now?: () => number;
};

export type GatewayTarget = {
  /** Redacted: never carries credentials. */
  readonly url: string;
  readonly urlSource: string;
  readonly credentialSource: string;
  readonly demo: boolean;
};

export type GatewaySession = {
  readonly connection: GatewayConnection;
  readonly store: Store;
  /** The gateway's record in `store` (selectors take it). */
  readonly gateway: GatewayId;
  readonly bridge: GatewayBridge;
  /** The link's decider and answerer: one exact id, sent once, audited. */
  readonly decide: Decider;
  readonly answer: Answerer;
  readonly target: GatewayTarget;
  readonly deviceId: string;
  readonly requestedScopes: readonly Scope[];
  /** The bridge's warnings so far (list reads that failed); never secrets. */
  readonly warnings: () => readonly string[];
  close(): Promise<void>;
};

export type SessionOptions = {
  /** false for one-shot commands; tail keeps the connection alive across drops. */
  readonly reconnect: boolean;
  /** Read every list after hello (one-shot commands). Tail relies on the bridge's own resync. */
  readonly readLists: boolean;
  /** Which lists (default everything): the inbox twins wait for the inbox's lists only. */
  readonly reads?: BridgeReads;
  /** Where the link's decisions and answers are recorded (approve, deny, answer). */
  readonly audit?: AuditLog;
  /** Sees the store (and the gateway's id in it) before the first action: tail misses nothing. */
  readonly onStore?: (store: Store, gateway: GatewayId) => void;
  /** Gives up waiting for the first hello (a SessionError of kind 'stopped'). */
  readonly signal?: AbortSignal;
};

/** How long stop() may wait for the close handshake before the socket is simply left to die. */
const STOP_GRACE_MS = 1_000;

const CLIENT_VERSION = packageVersion();

const seconds = (ms: number): string => `${Math.max(1, Math.round(ms / 1000))} s`;

const connectFailure = (problem: ConnectProblem): SessionError =>
  new SessionError({kind: 'connect', message: describeConnectProblem(problem), problem});

type ResolvedTarget = {
  readonly url: string;
  readonly auth: GatewayAuth;
  readonly target: GatewayTarget;
  readonly identity: DeviceIdentity;
  readonly tokenStore?: DeviceTokenStore;
  readonly dispose: () => Promise<void>;
};

const NOTHING_TO_DISPOSE = async (): Promise<void> => {};

/** The console's stored identity (created on first use) and its device-token store. */
const ownIdentity = (
  options: Options,
): {readonly identity: DeviceIdentity; readonly tokenStore: DeviceTokenStore} => {
  try {
    const store = openDataStore({dir: options.paths.identityDir});
    return {identity: store.loadOrCreateIdentity(), tokenStore: store.deviceTokens};
  } catch (error) {
    if (error instanceof DataStoreError) {
      throw new SessionError({kind: 'data-store', message: error.message, path: error.path});
    }
    throw error;
  }
};

const resolveTarget = async (options: Options, deps: SessionDeps): Promise<ResolvedTarget> => {
  const {target} = options;
  if (target.kind === 'demo') {
    // The demo is a throwaway fixture: a throwaway identity, so nothing of it lands in the
    // operator's own identity or token files.
    const {startDemoGateway} = await import('../fixture/demo-scenario.ts');
    const {gateway, scenario} = await startDemoGateway();
    return {
      url: gateway.url,
      auth: gateway.token === undefined ? {} : {token: gateway.token},
      target: {
        url: gateway.url,
        urlSource: '--demo (scripted fixture gateway)',
        credentialSource: 'demo',
        demo: true,
      },
      identity: deviceIdentityFromKeyPair(generateDeviceKeyPair()),
      dispose: async () => {
        scenario.stop();
        await gateway.close();
      },
    };
  }
  const resolution = target.gateway;
  if (resolution.unresolvedCredential) {
    const {path, reason} = resolution.unresolvedCredential;
    throw new SessionError({
      kind: 'config',
      message: `the gateway credential at ${path} could not be resolved (${reason}); not connecting without it`,
    });
  }
  if (target.kind === 'embed') {
    if (!deps.startEmbedded) {
      throw new SessionError({
        kind: 'usage',
        message:
          '--embed only applies to the interactive console; commands attach to a running gateway (drop --embed)',
      });
    }
    const {identity, tokenStore} = ownIdentity(options);
    const embedded = await deps.startEmbedded(options);
    return {
      url: embedded.url,
      auth: embedded.auth,
      target: {
        url: redactUrl(embedded.url),
        urlSource: '--embed (started by openclaw-tui)',
        credentialSource: resolution.credentialSource,
        demo: false,
      },
      identity,
      tokenStore,
      dispose: embedded.stop,
    };
  }
  const {identity, tokenStore} = ownIdentity(options);
  return {
    url: resolution.url,
    auth: resolution.auth,
    target: {
      url: redactUrl(resolution.url),
      urlSource: resolution.urlSource,
      credentialSource: resolution.credentialSource,
      demo: false,
    },
    identity,
    tokenStore,
    dispose: NOTHING_TO_DISPOSE,
  };
};

/**
 * Resolves on the first hello-ok. Rejects with a SessionError when a one-shot connect fails,
 * when a reconnecting one pauses (retrying cannot help), or when `timeoutMs` passes first.
 */
const waitForHello = (
  connection: GatewayConnection,
  url: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<void> =>
  new Promise((resolve, reject) => {
    let last: ConnectProblem | undefined;
    const onAbort = (): void => {
      finish();
      reject(new SessionError({kind: 'stopped', message: 'stopped before the gateway answered'}));
    };
    const finish = (): void => {
      clearTimeout(timer);
      off();
      signal?.removeEventListener('abort', onAbort);
    };
    const timer = setTimeout(() => {
      finish();
      reject(
        new SessionError({
          kind: 'timeout',
          message: last
            ? `no connection within ${seconds(timeoutMs)}: ${describeConnectProblem(last)}`
            : `no answer from the gateway at ${url} within ${seconds(timeoutMs)} (see --timeout)`,
          ...(last ? {problem: last} : {}),
        }),
      );
    }, timeoutMs);
    const off = connection.on('status', (status) => {
      if (status.problem) last = status.problem;
      if (status.phase === 'paused' && status.problem) {
        finish();
        reject(connectFailure(status.problem));
      }
    });
    signal?.addEventListener('abort', onAbort, {once: true});
    if (signal?.aborted) onAbort();
    connection.ready().then(
      () => {
        finish();
        resolve();
      },
      (error: unknown) => {
        finish();
        reject(error instanceof ConnectError ? connectFailure(error.problem) : error);
      },
    );
  });

const withDeadline = async <T>(
  promise: Promise<T>,
  timeoutMs: number,
  message: string,
): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SessionError({kind: 'timeout', message})), timeoutMs);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
};

/** Connect, bridge and (for one-shot commands) read every list. Throws SessionError. */
export const openGatewaySession = async (
  options: Options,
  sessionOptions: SessionOptions,
  deps: SessionDeps = {},
): Promise<GatewaySession> => {
  const resolved = await resolveTarget(options, deps);
  startMark('identity');
  const now = deps.now ?? Date.now;
  const warnings: string[] = [];
  const store = createStore(
    createInitialState({
      url: resolved.target.url,
      urlSource: resolved.target.urlSource,
      credentialSource: resolved.target.credentialSource,
      demo: resolved.target.demo,
      readOnly: options.readOnly,
    }),
  );
  sessionOptions.onStore?.(store, DEFAULT_GATEWAY_ID);
  const link = openGatewayLink({
    id: DEFAULT_GATEWAY_ID,
    store,
    url: resolved.url,
    auth: resolved.auth,
    identity: resolved.identity,
    ...(resolved.tokenStore ? {tokenStore: resolved.tokenStore} : {}),
    ...(options.target.kind === 'attach' && options.target.gateway.tlsPin !== undefined
      ? {tlsFingerprint: options.target.gateway.tlsPin.fingerprint}
      : {}),
    readOnly: options.readOnly,
    clientVersion: CLIENT_VERSION,
    displayName: defaultDisplayName(),
    reconnect: sessionOptions.reconnect,
    ...(sessionOptions.reads === undefined ? {} : {reads: sessionOptions.reads}),
    ...(sessionOptions.audit === undefined ? {} : {audit: sessionOptions.audit}),
    // Audit entries name the gateway by its redacted URL, never one carrying credentials.
    auditLabel: resolved.target.url,
    requestTimeoutMs: options.timeoutMs,
    challengeTimeoutMs: options.timeoutMs,
    closeGraceMs: STOP_GRACE_MS,
    now,
    log: (level, message) => {
      if (level !== 'info') warnings.push(message);
    },
  });
  const {connection, bridge, requestedScopes} = link;

  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await link.close();
    await resolved.dispose();
  };

  try {
    const hello = waitForHello(
      connection,
      resolved.target.url,
      options.timeoutMs,
      sessionOptions.signal,
    );
    link.start();
    await hello;
    startMark('hello');
    if (sessionOptions.readLists) {
      // The bridge already started every read at hello-ok; wait for those, do not read twice.
      await withDeadline(
        bridge.whenSynced(),
        options.timeoutMs,
        `the gateway did not answer the list reads within ${seconds(options.timeoutMs)} (see --timeout)`,
      );
      startMark('lists');
    }
  } catch (error) {
    await close();
    throw error;
  }

  return {
    connection,
    store,
    gateway: link.id,
    bridge,
    decide: link.decide,
    answer: link.answer,
    target: resolved.target,
    deviceId: resolved.identity.deviceId,
    requestedScopes,
    warnings: () => [...warnings],
    close,
  };
};

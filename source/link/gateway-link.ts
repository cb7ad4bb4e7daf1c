// One gateway, wired once: the connection, the bridge that feeds its record in the store, the
// decider, session control, config changes and (for an attached gateway) the Gateway pane's log,
// with one close() that stops all of it. The console, the one-shot twins and the tests get their
// wiring here and nowhere else (eslint.config.js keeps createGatewayConnection and bridgeGateway
// to this folder), so N gateways are N calls of openGatewayLink, not N copies of the wiring.
//
// No React or Ink here: the twins load this module.

import type {AuditLog} from '../audit/audit-log.ts';
import type {Clock} from '../client/clock.ts';
import {createGatewayConnection} from '../client/connection.ts';
import {scopesFor} from '../client/scopes.ts';
import type {SocketFactory} from '../client/socket.ts';
import type {DeviceIdentity, DeviceTokenStore, GatewayConnection} from '../client/types.ts';
import {createGatewayPaneLog, type AttachedLog} from '../console/attached-log.ts';
import {createPolicyCommands, type PolicyCommands} from '../console/policy-commands.ts';
import {createAnswerer, type Answerer} from '../control/answer.ts';
import {createDecider, type Decider} from '../control/decide.ts';
import {createSessionControl, type SessionControl} from '../control/session-control.ts';
import {createTaskControl, type TaskControl} from '../control/task-control.ts';
import type {Scope} from '../protocol/types.ts';
import {
  bridgeGateway,
  type BridgeLog,
  type BridgeReads,
  type GatewayBridge,
} from '../state/bridge.ts';
import type {GatewayId} from '../state/gateway-id.ts';
import {selectFocusedGateway} from '../state/fleet-selectors.ts';
import type {AppState} from '../state/reducer.ts';
import {gatewayDispatch, type Store} from '../state/store.ts';

export type GatewayLinkOptions = {
  /** The key of this gateway's record in the store (DEFAULT_GATEWAY_ID for a single gateway). */
  readonly id: GatewayId;
  /** The store the bridge feeds; it must hold a record under `id` (createInitialState). */
  readonly store: Store;

  // ── the resolved target ──
  readonly url: string;
  readonly auth?: {readonly token?: string; readonly password?: string};
  readonly identity: DeviceIdentity;
  readonly tokenStore?: DeviceTokenStore;
  /** wss:// only: pin the gateway certificate to this SHA-256 fingerprint (a fleet entry's). */
  readonly tlsFingerprint?: string;
  /** --read-only: request operator.read only, so the gateway enforces it. */
  readonly readOnly: boolean;
  /** Scopes to request instead of the console's (full, or read-only); tests only. */
  readonly scopes?: readonly Scope[];
  readonly clientVersion: string;
  readonly displayName?: string;
  /** Keep reconnecting across drops (console, tail) or end at the first failure (one-shots). */
  readonly reconnect: boolean;
  /** What hello-ok reads (default everything; the inbox twins read only the inbox). */
  readonly reads?: BridgeReads;
  readonly requestTimeoutMs?: number;
  readonly challengeTimeoutMs?: number;

  /** The console's own log (never the screen): bridge warnings, token-store and log-read errors. */
  readonly log?: BridgeLog;
  /** Where decisions and config changes are recorded. */
  readonly audit?: AuditLog;
  /** The gateway as named in audit entries (default: its URL). */
  readonly auditLabel?: string;
  /**
   * The Gateway pane's log over logs.tail (an attached gateway; an embedded one's log comes from
   * its own output). Absent: none.
   */
  readonly paneLog?: {
    readonly intervalMs?: number;
    /**
     * In a fleet: read the log only while this gateway is the focused one (the Gateway pane shows
     * one gateway; the others' logs are not read at all).
     */
    readonly onlyWhenFocused?: boolean;
  };
  /** close() waits at most this long for the socket's close handshake (default: until done). */
  readonly closeGraceMs?: number;

  // ── what a test may swap (never the parts themselves) ──
  readonly socketFactory?: SocketFactory;
  /** Largest frame accepted (default: the client's). */
  readonly maxPayload?: number;
  readonly clock?: Clock;
  /** [0, 1), the reconnect backoff's jitter. */
  readonly random?: () => number;
  /** Time for the actions the bridge and the decider dispatch (default Date.now). */
  readonly now?: () => number;
};

export type GatewayLink = {
  readonly id: GatewayId;
  readonly url: string;
  readonly connection: GatewayConnection;
  readonly bridge: GatewayBridge;
  readonly decide: Decider;
  /** Answers agent questions by exact id, never twice. */
  readonly answer: Answerer;
  readonly sessions: SessionControl;
  /** Cancel a task, retry or dismiss a blocked delivery (the ledger itself is read by the bridge). */
  readonly tasks: TaskControl;
  /** Config changes (allow a sender, allow an agent) and the audit log behind them. */
  readonly policy: PolicyCommands;
  readonly paneLog?: AttachedLog;
  readonly requestedScopes: readonly Scope[];
  /** Open the connection (after the caller has subscribed to what it wants to see). */
  start(): void;
  /** Stops the pane log, the bridge and the connection; safe to call more than once. */
  close(): Promise<void>;
};

const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export const openGatewayLink = (options: GatewayLinkOptions): GatewayLink => {
  const {id, store} = options;
  const log: BridgeLog = options.log ?? (() => {});
  const now = options.now ?? Date.now;
  const requestedScopes = options.scopes ?? scopesFor(options.readOnly);
  const connection = createGatewayConnection({
    url: options.url,
    ...(options.auth === undefined ? {} : {auth: options.auth}),
    scopes: requestedScopes,
    identity: options.identity,
    ...(options.tokenStore === undefined ? {} : {tokenStore: options.tokenStore}),
    clientVersion: options.clientVersion,
    ...(options.displayName === undefined ? {} : {displayName: options.displayName}),
    reconnect: options.reconnect,
    ...(options.requestTimeoutMs === undefined ? {} : {requestTimeoutMs: options.requestTimeoutMs}),
    ...(options.challengeTimeoutMs === undefined
      ? {}
      : {challengeTimeoutMs: options.challengeTimeoutMs}),
    ...(options.socketFactory === undefined ? {} : {socketFactory: options.socketFactory}),
    ...(options.maxPayload === undefined ? {} : {maxPayload: options.maxPayload}),
    ...(options.tlsFingerprint === undefined ? {} : {tlsFingerprint: options.tlsFingerprint}),
    ...(options.clock === undefined ? {} : {clock: options.clock}),
    ...(options.random === undefined ? {} : {random: options.random}),
    onStoreError: (error) => log('error', `could not save the device token: ${message(error)}`),
  });
  const bridge = bridgeGateway({
    connection,
    store,
    gateway: id,
    now,
    log,
    ...(options.reads === undefined ? {} : {reads: options.reads}),
  });
  const auditLabel = options.auditLabel ?? options.url;
  const audited = options.audit === undefined ? {} : {audit: options.audit};
  // What every command of this gateway is built on: its connection and store slot, its audit.
  const commandBase = {connection, store, gateway: id, ...audited, gatewayLabel: auditLabel, now};
  const decide = createDecider({...commandBase, resync: bridge.resync});
  const answer = createAnswerer({...commandBase, resync: bridge.resync});
  const policy = createPolicyCommands(commandBase);
  const tasks = createTaskControl({
    connection,
    dispatch: gatewayDispatch(store, id),
    reread: () => void bridge.refetchTasks(),
    ...audited,
    gatewayLabel: auditLabel,
    now,
  });
  const paneLog =
    options.paneLog === undefined
      ? undefined
      : createGatewayPaneLog({
          connection,
          store,
          ...(options.paneLog.onlyWhenFocused === true
            ? {shown: (state: AppState) => selectFocusedGateway(state) === id}
            : {}),
          ...(options.paneLog.intervalMs === undefined
            ? {}
            : {intervalMs: options.paneLog.intervalMs}),
          onError: (text) => log('warn', text),
        });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      paneLog?.dispose();
      bridge.dispose();
      const stopped = connection.stop().catch(() => {});
      if (options.closeGraceMs === undefined) return stopped;
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, options.closeGraceMs);
        timer.unref();
      });
      await Promise.race([stopped, grace]);
      clearTimeout(timer);
    })());

  return {
    id,
    url: options.url,
    connection,
    bridge,
    decide,
    answer,
    sessions: createSessionControl(connection),
    tasks,
    policy,
    ...(paneLog === undefined ? {} : {paneLog}),
    requestedScopes,
    start: () => connection.start(),
    close,
  };
};

// A fleet in one console: one gateway link per fleet entry, each with its own device identity and
// device token (the entry's identityDir), its own reconnect/back-off, protocol and read-only flag,
// and for an `ssh` entry its own supervised tunnel. One gateway down, refusing its token or
// wanting this console paired only shows in its own Fleet row: nothing here waits on another.
// No React or Ink.

import type {AuditLog} from '../audit/audit-log.ts';
import type {SocketFactory} from '../client/socket.ts';
import {openDataStore} from '../config/data-store.ts';
import type {Fleet, FleetGateway} from '../config/fleet.ts';
import {openGatewayLink, type GatewayLink} from '../link/gateway-link.ts';
import {
  createSshTunnel,
  tunnelLocalUrl,
  type SshTunnel,
  type TunnelStatus,
} from '../ssh/ssh-tunnel.ts';
import {forGateway} from '../state/actions.ts';
import type {TunnelState} from '../state/action-types/tunnel.ts';
import type {GatewayId} from '../state/gateway-id.ts';
import {createGatewayRecord, type GatewayRecord} from '../state/gateway-record.ts';
import type {AppState} from '../state/reducer.ts';
import type {Store} from '../state/store.ts';
import {initialUiState} from '../state/ui-slice.ts';
import type {BridgeLog} from '../state/bridge.ts';

export type FleetMember = {
  readonly id: GatewayId;
  readonly entry: FleetGateway;
  /** Undefined while the entry cannot connect at all (its credential could not be read). */
  readonly link?: GatewayLink;
  readonly tunnel?: SshTunnel;
};

export type FleetLinks = {
  readonly members: readonly FleetMember[];
  link(id: GatewayId): GatewayLink | undefined;
  start(): void;
  close(): Promise<void>;
};

/** One record per entry, in the fleet's order, keyed by the entry's name. */
export const createFleetState = (fleet: Fleet, now = 0): AppState => {
  const gateways: Record<GatewayId, GatewayRecord> = {};
  for (const entry of fleet.gateways) {
    gateways[entry.name] = createGatewayRecord({
      url: entry.gateway.url,
      urlSource: entry.source,
      credentialSource: entry.gateway.credentialSource,
      ...(entry.tlsFingerprint === undefined
        ? {}
        : {tlsPinSource: `${entry.source} tlsFingerprint`}),
      readOnly: entry.readOnly,
      ...(entry.ssh === undefined ? {} : {host: `${entry.ssh.destination} (ssh)`}),
    });
  }
  return {gateways, ui: {...initialUiState, now}};
};

const tunnelStateOf = (status: TunnelStatus): TunnelState => ({
  phase:
    status.state === 'retrying'
      ? 'restarting'
      : status.state === 'stopped'
        ? 'stopped'
        : status.state === 'up'
          ? 'up'
          : 'starting',
  target: status.destination,
  ...(status.localPort === undefined ? {} : {localPort: status.localPort}),
  ...(status.starts > 1 ? {attempt: status.starts - 1} : {}),
  ...(status.retryAtMs === undefined ? {} : {retryAt: status.retryAtMs}),
  ...(status.lastError === undefined ? {} : {error: status.lastError}),
});

/** Port 0 cannot be dialled: a link whose ssh never got a local port connects nowhere. */
const FORWARD_NOT_STARTED = 'ws://127.0.0.1:0';

export type OpenFleetOptions = {
  readonly fleet: Fleet;
  readonly store: Store;
  readonly clientVersion: string;
  readonly log?: BridgeLog;
  readonly audit?: AuditLog;
  /** Test seam: start ssh with a fake binary. */
  readonly sshPath?: string;
  /** Test seam: the transport every link opens (default: ws). */
  readonly socketFactory?: SocketFactory;
};

export const openFleetLinks = async (options: OpenFleetOptions): Promise<FleetLinks> => {
  // Every entry at once: an ssh entry waits for its forward (up to the tunnel's start budget),
  // and one slow or unreachable host must not hold up the entries after it.
  const opened = await Promise.allSettled(
    options.fleet.gateways.map((entry) => openFleetMember(options, entry)),
  );
  const members = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = opened.find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    // An entry could not be opened (its identity store): undo what the others started.
    await Promise.all(
      members.map(async (member) => {
        await member.link?.close();
        await member.tunnel?.stop();
      }),
    );
    throw failed.reason;
  }
  let closing: Promise<void> | undefined;
  return {
    members,
    link: (id) => members.find((member) => member.id === id)?.link,
    start: () => {
      for (const member of members) member.link?.start();
    },
    close: () =>
      (closing ??= (async () => {
        await Promise.all(
          members.map(async (member) => {
            await member.link?.close();
            await member.tunnel?.stop();
          }),
        );
      })()),
  };
};

const openFleetMember = async (
  options: OpenFleetOptions,
  entry: FleetGateway,
): Promise<FleetMember> => {
  const {store} = options;
  const id = entry.name;
  const unresolved = entry.gateway.unresolvedCredential;
  if (unresolved !== undefined) {
    // Nothing is sent without its credential; the row says which reference failed and why.
    store.dispatch(
      forGateway(id, {
        type: 'gateway/problem',
        problem: {
          kind: 'auth',
          code: 'CREDENTIAL_UNRESOLVED',
          message: `${unresolved.path}: ${unresolved.reason}`,
          nextStep: `fix the token source of the "${id}" entry (${entry.source})`,
        },
        at: Date.now(),
      }),
    );
    store.dispatch(
      forGateway(id, {
        type: 'gateway/disconnected',
        code: 0,
        reason: 'credential not resolved',
        next: 'paused',
        at: Date.now(),
      }),
    );
    return {id, entry};
  }
  // Before any ssh is started: an identity store that cannot be opened fails the entry at once.
  const dataStore = openDataStore({dir: entry.identityDir});
  const identity = dataStore.loadOrCreateIdentity();
  let tunnel: SshTunnel | undefined;
  let url = entry.gateway.url;
  if (entry.ssh !== undefined) {
    tunnel = createSshTunnel({
      forward: entry.ssh,
      ...(options.sshPath === undefined ? {} : {sshPath: options.sshPath}),
    });
    const report = (): void =>
      store.dispatch(
        forGateway(id, {
          type: 'tunnel/changed',
          tunnel: tunnelStateOf(tunnel!.status()),
          at: Date.now(),
        }),
      );
    tunnel.subscribe(report);
    report();
    // Not awaited: a host that does not answer takes the tunnel's whole start budget, and the
    // console is drawn meanwhile (the row shows ssh starting, then ssh's own error line).
    void tunnel.start();
    // Always the forward's local end, even while ssh is still failing: the entry's url names
    // the port on the REMOTE host, and dialling it here could reach another, local gateway.
    // The supervisor restarts ssh on the same local port, so the link reconnects through it.
    const localPort = await forwardPort(tunnel);
    url = localPort === undefined ? FORWARD_NOT_STARTED : tunnelLocalUrl(localPort);
  }
  const link = openGatewayLink({
    id,
    store,
    url,
    auth: entry.gateway.auth,
    identity,
    tokenStore: dataStore.deviceTokens,
    ...(entry.tlsFingerprint === undefined ? {} : {tlsFingerprint: entry.tlsFingerprint}),
    readOnly: entry.readOnly,
    clientVersion: options.clientVersion,
    reconnect: true,
    ...(options.log === undefined ? {} : {log: options.log}),
    ...(options.audit === undefined ? {} : {audit: options.audit}),
    auditLabel: `${id} (${entry.gateway.url})`,
    // The Gateway pane shows the focused gateway: only its log is read.
    paneLog: {onlyWhenFocused: true},
    ...(options.socketFactory === undefined ? {} : {socketFactory: options.socketFactory}),
    closeGraceMs: 2000,
  });
  if (tunnel !== undefined) reconnectWhenUp(tunnel, link);
  return {id, entry, link, ...(tunnel === undefined ? {} : {tunnel})};
};

/** The forward's local port once ssh was started on it (undefined if ssh could not be run). */
const forwardPort = (tunnel: SshTunnel): Promise<number | undefined> =>
  new Promise((resolve) => {
    const settled = (status: TunnelStatus): boolean => {
      if (status.localPort === undefined && status.state !== 'retrying') return false;
      resolve(status.localPort);
      return true;
    };
    if (settled(tunnel.status())) return;
    const unsubscribe = tunnel.subscribe((status) => {
      if (settled(status)) unsubscribe();
    });
  });

/**
 * The link dials the forward before ssh is up and backs off while it is not; the moment the
 * forward listens (first start or a restart), it tries again at once instead of at its next
 * back-off step.
 */
const reconnectWhenUp = (tunnel: SshTunnel, link: GatewayLink): void => {
  let wasUp = tunnel.status().state === 'up';
  tunnel.subscribe((status) => {
    const up = status.state === 'up';
    if (up && !wasUp && link.connection.status.phase === 'reconnecting') {
      link.connection.retryNow();
    }
    wasUp = up;
  });
};

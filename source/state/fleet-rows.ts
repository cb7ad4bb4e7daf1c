// One row of the Fleet pane per gateway: what the operator needs to see across every gateway at
// a glance. Built from one gateway's own slices, so it knows nothing of how many gateways there
// are; the fleet selector maps it over the per-gateway records.

import type {ConnectionPhase, ConnectProblem, GatewayState} from './model.ts';
import type {SessionCounts} from './selectors.ts';
import type {TunnelState} from './action-types/tunnel.ts';

/**
 * The local SSH forward an entry with `ssh` is reached through, as its supervisor reports it.
 * `error` is ssh's own last stderr line (host key, auth), raw: views sanitise it.
 */
/** What the State column says, decided here so every view and test agrees on the words. */
export type FleetRowState =
  | {readonly kind: 'connected'}
  | {readonly kind: 'connecting'; readonly attempt: number}
  | {readonly kind: 'reconnecting'; readonly attempt: number; readonly retryAt?: number}
  | {readonly kind: 'pairing-required'; readonly requestId?: string}
  | {readonly kind: 'auth-error'; readonly code: string}
  | {readonly kind: 'unreachable'}
  | {readonly kind: 'refused'; readonly problem: ConnectProblem}
  | {readonly kind: 'stopped'};

export type FleetRow = {
  /** The gateway id the state is keyed by (the fleet entry's name). */
  readonly id: string;
  readonly name: string;
  readonly host: string;
  readonly url: string;
  readonly version?: string;
  readonly protocol?: number;
  readonly phase: ConnectionPhase;
  readonly state: FleetRowState;
  /** Set whenever the gateway could not be reached or refused us: why, in the gateway's words. */
  readonly problem?: ConnectProblem;
  readonly readOnly: boolean;
  readonly tunnel?: TunnelState;
  readonly sessionsRunning: number;
  readonly sessionsTotal: number;
  /** Inbox items still needing a human on this gateway. */
  readonly waiting: number;
  /** When this gateway last told us anything (an event or a hello); undefined = never. */
  readonly lastEventAt?: number;
  /** The gateway the Gateway and Policy panes (and `enter`) are on. */
  readonly focused: boolean;
};

export type FleetRowInput = {
  readonly id: string;
  readonly name: string;
  readonly gateway: GatewayState;
  readonly sessions: Pick<SessionCounts, 'running' | 'total'>;
  readonly waiting: number;
  readonly lastEventAt?: number;
  readonly tunnel?: TunnelState;
  readonly focused: boolean;
};

/**
 * A problem outranks the phase: a gateway refusing our token is "auth error" while the client
 * waits to retry, not "reconnecting"; a drop with no verdict yet is "reconnecting n".
 */
export const fleetRowState = (gateway: GatewayState): FleetRowState => {
  const {phase, problem, attempt} = gateway;
  if (phase === 'connected') return {kind: 'connected'};
  if (phase === 'stopped') return {kind: 'stopped'};
  if (problem !== undefined) {
    switch (problem.kind) {
      case 'pairing-required':
        return {
          kind: 'pairing-required',
          ...(problem.requestId === undefined ? {} : {requestId: problem.requestId}),
        };
      case 'auth':
        return {kind: 'auth-error', code: problem.code};
      case 'auth-changed':
        return {kind: 'auth-error', code: 'AUTH_CHANGED'};
      case 'unreachable':
      case 'other':
        // Transient: the client keeps retrying with back-off.
        return phase === 'reconnecting'
          ? {
              kind: 'reconnecting',
              attempt,
              ...(gateway.retryAt === undefined ? {} : {retryAt: gateway.retryAt}),
            }
          : problem.kind === 'unreachable'
            ? {kind: 'unreachable'}
            : {kind: 'refused', problem};
      default:
        return {kind: 'refused', problem};
    }
  }
  if (phase === 'reconnecting') {
    return {
      kind: 'reconnecting',
      attempt,
      ...(gateway.retryAt === undefined ? {} : {retryAt: gateway.retryAt}),
    };
  }
  return {kind: 'connecting', attempt};
};

export const fleetRowOf = (input: FleetRowInput): FleetRow => {
  const g = input.gateway;
  const lastEventAt = input.lastEventAt ?? g.connectedAt;
  return {
    id: input.id,
    name: input.name,
    host: g.host,
    url: g.url,
    ...(g.serverVersion === undefined ? {} : {version: g.serverVersion}),
    ...(g.protocol === undefined ? {} : {protocol: g.protocol}),
    phase: g.phase,
    state: fleetRowState(g),
    ...(g.problem === undefined || g.phase === 'connected' ? {} : {problem: g.problem}),
    readOnly:
      g.readOnly ||
      (g.phase === 'connected' &&
        g.scopes.length > 0 &&
        g.scopes.every((scope) => scope === 'operator.read')),
    ...(input.tunnel === undefined ? {} : {tunnel: input.tunnel}),
    sessionsRunning: input.sessions.running,
    sessionsTotal: input.sessions.total,
    waiting: input.waiting,
    ...(lastEventAt === undefined ? {} : {lastEventAt}),
    focused: input.focused,
  };
};

// What happens to the connection itself, as the bridge reports it (reduced by gateway-slice.ts).

import type {HelloInfo, ShutdownNotice} from '../../protocol/types.ts';
import type {ConnectProblem} from '../model.ts';

/** What the bridge hands over on hello-ok; the token stays in the client layer. */
export type GatewayHello = Omit<HelloInfo, 'deviceToken'>;

export type GatewayConnecting = {
  readonly type: 'gateway/connecting';
  readonly attempt: number;
  readonly at: number;
};

export type GatewayConnected = {
  readonly type: 'gateway/connected';
  readonly hello: GatewayHello;
  /**
   * Set on a reconnect: events sent while the console was away never arrive (seq restarts on the
   * new socket), so this is the start of the blind window — when the last event came.
   */
  readonly missedSince?: number;
  readonly at: number;
};

export type GatewayDisconnected = {
  readonly type: 'gateway/disconnected';
  readonly code: number;
  readonly reason: string;
  /** What the client does next: wait and retry, wait for the operator, or nothing. */
  readonly next: 'reconnecting' | 'paused' | 'stopped';
  readonly retryInMs?: number;
  readonly at: number;
};

export type GatewayProblemReported = {
  readonly type: 'gateway/problem';
  readonly problem: ConnectProblem;
  readonly at: number;
};

export type GatewayShutdownAnnounced = {
  readonly type: 'gateway/shutdown-announced';
  readonly notice: ShutdownNotice;
  readonly at: number;
};

/** The connection's event `seq` jumped: events were lost; the bridge re-reads state. */
export type GatewayGapDetected = {
  readonly type: 'gateway/gap-detected';
  readonly expected: number;
  readonly received: number;
  /** Last time an event arrived before the gap (the bridge knows); start of the blind window. */
  readonly since?: number;
  readonly at: number;
};

export type GatewayAction =
  | GatewayConnecting
  | GatewayConnected
  | GatewayDisconnected
  | GatewayProblemReported
  | GatewayShutdownAnnounced
  | GatewayGapDetected;

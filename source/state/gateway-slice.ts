// The connection as the operator sees it: where, how, what the gateway granted, and why not.
// The hello's device token is never copied in: fields are picked one by one.

import type {HelloInfo, ShutdownNotice} from '../protocol/types.ts';
import type {GatewayRecordAction} from './actions.ts';
import type {ConnectProblem, GatewayState} from './model.ts';

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

export type GatewayOptions = {
  readonly url: string;
  readonly urlSource: string;
  readonly credentialSource: string;
  readonly demo?: boolean;
  readonly readOnly?: boolean;
  /** Defaults to the URL's host. */
  readonly host?: string;
};

const hostOf = (url: string): string => {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
};

export const createGatewayState = (options: GatewayOptions): GatewayState => ({
  url: options.url,
  urlSource: options.urlSource,
  credentialSource: options.credentialSource,
  demo: options.demo ?? false,
  readOnly: options.readOnly ?? false,
  phase: 'idle',
  attempt: 0,
  scopes: [],
  methods: [],
  host: options.host ?? hostOf(options.url),
});

const withoutTransient = (state: GatewayState): GatewayState => {
  const {
    problem: _problem,
    retryAt: _retryAt,
    shutdown: _shutdown,
    lastGap: _lastGap,
    ...rest
  } = state;
  return rest;
};

export const gatewayReducer = (state: GatewayState, action: GatewayRecordAction): GatewayState => {
  switch (action.type) {
    case 'gateway/connecting': {
      const {retryAt: _retryAt, ...rest} = state;
      return {...rest, phase: 'connecting', attempt: action.attempt};
    }
    case 'gateway/connected': {
      const {hello} = action;
      return {
        ...withoutTransient(state),
        phase: 'connected',
        protocol: hello.protocol,
        scopes: [...hello.scopes],
        methods: [...hello.methods],
        events: [...hello.events],
        capabilities: [...(hello.capabilities ?? [])],
        connectedAt: action.at,
        ...(hello.serverVersion === undefined ? {} : {serverVersion: hello.serverVersion}),
        ...(hello.mainSessionKey === undefined ? {} : {mainSessionKey: hello.mainSessionKey}),
      };
    }
    case 'gateway/disconnected': {
      const {retryAt: _retryAt, ...rest} = state;
      return {
        ...rest,
        phase: action.next,
        lastClose: {code: action.code, reason: action.reason, at: action.at},
        ...(action.retryInMs === undefined ? {} : {retryAt: action.at + action.retryInMs}),
      };
    }
    case 'gateway/problem':
      return {...state, problem: action.problem};
    case 'gateway/shutdown-announced':
      return {
        ...state,
        shutdown: {
          reason: action.notice.reason,
          at: action.at,
          ...(action.notice.restartExpectedMs === undefined
            ? {}
            : {restartExpectedMs: action.notice.restartExpectedMs}),
        },
      };
    case 'gateway/gap-detected':
      return {
        ...state,
        lastGap: {expected: action.expected, received: action.received, at: action.at},
      };
    default:
      return state;
  }
};

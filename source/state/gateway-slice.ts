// The connection as the operator sees it: where, how, what the gateway granted, and why not.
// The hello's device token is never copied in: fields are picked one by one.

import type {GatewayRecordAction} from './actions.ts';
import type {GatewayState} from './model.ts';

export type GatewayOptions = {
  readonly url: string;
  readonly urlSource: string;
  readonly credentialSource: string;
  /** Where a wss:// certificate pin came from; absent without a pin. */
  readonly tlsPinSource?: string;
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
  ...(options.tlsPinSource === undefined ? {} : {tlsPinSource: options.tlsPinSource}),
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

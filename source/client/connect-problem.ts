// Turns what a failed or dropped connection left behind (the connect error response, the close
// code/reason, a socket error) into a ConnectProblem an operator can act on. Pure: no I/O, no
// clock. We branch on codes (`code`, `details.code`, close codes), never on message wording,
// except for the protocol-3 close reason that is the only place a requestId may appear.

import type {GatewayError} from '../protocol/frames.ts';
import type {ConnectProblem} from './types.ts';

export type ConnectFailure = {
  readonly url: string;
  /** The `error` of an ok:false `connect` response, if one arrived. */
  readonly error?: GatewayError;
  readonly close?: {readonly code: number; readonly reason: string};
  /** The transport error (ECONNREFUSED, ws max payload, HTTP upgrade refusal, …). */
  readonly socketError?: {readonly code?: string; readonly message: string};
  /** hello-ok had been received on this socket: it dropped rather than failed to connect. */
  readonly wasConnected?: boolean;
  /** restartExpectedMs from a `shutdown` event seen on this socket. */
  readonly shutdown?: {readonly reason?: string; readonly restartExpectedMs?: number};
};

/** Rejection reason of ready() and one-shot connects: the problem, as an Error. */
export class ConnectError extends Error {
  readonly problem: ConnectProblem;

  constructor(problem: ConnectProblem) {
    super(describeConnectProblem(problem));
    this.name = 'ConnectError';
    this.problem = problem;
  }
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'EADDRNOTAVAIL',
]);

/** The close reason of a 9.6 pairing rejection ends in "(requestId: <id>)"; truncated ones don't. */
const REQUEST_ID_IN_REASON = /\(requestId: ([^)\s]+)\)/;

const stringAt = (record: Readonly<Record<string, unknown>> | undefined, key: string) => {
  const value = record?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const stringsAt = (record: Readonly<Record<string, unknown>> | undefined, key: string) => {
  const value = record?.[key];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
};

/** Credentials or query strings never belong in a message shown or logged. */
export const redactUrl = (url: string): string => {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//').replace(/[?#].*$/, '');
  }
};

const AUTH_NEXT_STEPS: Readonly<Record<string, string>> = {
  AUTH_TOKEN_MISSING:
    'The gateway requires a token: pass --token or set OPENCLAW_GATEWAY_TOKEN (gateway.auth.token).',
  AUTH_TOKEN_MISMATCH:
    "The token is not the gateway's: check --token / OPENCLAW_GATEWAY_TOKEN against gateway.auth.token.",
  AUTH_PASSWORD_MISSING:
    'The gateway requires a password: pass --password or set OPENCLAW_GATEWAY_PASSWORD.',
  AUTH_PASSWORD_MISMATCH:
    'The password is wrong: check --password / OPENCLAW_GATEWAY_PASSWORD against gateway.auth.password.',
  AUTH_DEVICE_TOKEN_MISMATCH:
    'The stored device token was rejected and has been cleared; reconnecting (the device may need approval again).',
  // Seen on 9.6: a device-token-only connect asking for more scopes gets this, and no pending
  // request is created, so there is nothing to approve yet.
  AUTH_SCOPE_MISMATCH:
    'The stored device token does not cover the requested scopes: connect once with the gateway token (--token) to request the upgrade, or ask for fewer scopes (--read-only).',
  AUTH_RATE_LIMITED: 'Too many failed attempts: waiting before trying again.',
};

const GENERIC_NEXT_STEPS: Readonly<Record<string, string>> = {
  retry_with_device_token: 'Retry with the stored device token (omit the shared token).',
  update_auth_configuration: 'Check how the gateway is configured to authenticate (gateway.auth).',
  update_auth_credentials: 'Check the token or password given to the console.',
  wait_then_retry: 'Wait, then retry.',
  review_auth_configuration: 'Review the gateway auth configuration.',
};

const authProblem = (error: GatewayError, code: string): ConnectProblem => {
  const recommendedNextStep = stringAt(error.details, 'recommendedNextStep');
  const nextStep =
    AUTH_NEXT_STEPS[code] ??
    (recommendedNextStep ? GENERIC_NEXT_STEPS[recommendedNextStep] : undefined);
  return {
    kind: 'auth',
    code,
    message: error.message || 'unauthorized',
    ...(nextStep ? {nextStep} : {}),
    ...(recommendedNextStep ? {recommendedNextStep} : {}),
  };
};

const pairingProblem = (
  details: Readonly<Record<string, unknown>> | undefined,
  message: string,
  closeReason: string | undefined,
): ConnectProblem => {
  const requestId =
    stringAt(details, 'requestId') ?? closeReason?.match(REQUEST_ID_IN_REASON)?.[1] ?? undefined;
  const reason = stringAt(details, 'reason');
  const deviceId = stringAt(details, 'deviceId');
  const requestedRole = stringAt(details, 'requestedRole');
  const remediationHint = stringAt(details, 'remediationHint');
  return {
    kind: 'pairing-required',
    message: message || 'pairing required',
    ...(requestId ? {requestId} : {}),
    ...(reason ? {reason} : {}),
    ...(deviceId ? {deviceId} : {}),
    ...(requestedRole ? {requestedRole} : {}),
    requestedScopes: stringsAt(details, 'requestedScopes'),
    approvedScopes: stringsAt(details, 'approvedScopes'),
    ...(remediationHint ? {remediationHint} : {}),
  };
};

const fromGatewayError = (error: GatewayError, closeReason: string | undefined): ConnectProblem => {
  const details = error.details;
  const detailCode = stringAt(details, 'code');
  if (detailCode === 'PAIRING_REQUIRED' || (error.code === 'NOT_PAIRED' && !detailCode)) {
    return pairingProblem(details, error.message, closeReason);
  }
  if (detailCode === 'PROTOCOL_MISMATCH' || error.code === 'PROTOCOL_MISMATCH') {
    const expected = details?.expectedProtocol;
    return {
      kind: 'protocol-mismatch',
      message: error.message || 'protocol mismatch',
      ...(typeof expected === 'number' ? {expectedProtocol: expected} : {}),
    };
  }
  if (detailCode?.startsWith('AUTH_')) return authProblem(error, detailCode);
  if (
    detailCode?.startsWith('DEVICE_AUTH_') ||
    detailCode === 'DEVICE_IDENTITY_REQUIRED' ||
    detailCode === 'CONTROL_UI_DEVICE_IDENTITY_REQUIRED'
  ) {
    return {kind: 'device-rejected', code: detailCode, message: error.message || detailCode};
  }
  if (error.code === 'UNAVAILABLE') {
    // Startup sidecars, restart drain, busy queue: retryable with a retryAfterMs hint.
    const reason = stringAt(details, 'reason');
    return {
      kind: 'other',
      code: 'UNAVAILABLE',
      message: error.message || reason || 'gateway unavailable',
    };
  }
  // Protocol-3 servers may reject auth without a details code; the message prefix is all we have.
  if (error.code === 'INVALID_REQUEST' && /^unauthorized\b/i.test(error.message)) {
    return authProblem(error, 'AUTH_UNAUTHORIZED');
  }
  return {kind: 'other', code: detailCode ?? error.code, message: error.message || error.code};
};

const fromClose = (failure: ConnectFailure): ConnectProblem | undefined => {
  const close = failure.close;
  if (!close) return undefined;
  const reason = close.reason;
  switch (close.code) {
    case 1002:
      return {kind: 'protocol-mismatch', message: reason || 'protocol mismatch'};
    case 4001:
      return {kind: 'auth-changed', message: reason || 'gateway auth changed'};
    case 1008:
      if (/pairing required/i.test(reason) || REQUEST_ID_IN_REASON.test(reason)) {
        return pairingProblem(undefined, reason, reason);
      }
      if (/^unauthorized\b/i.test(reason)) {
        return {kind: 'auth', code: 'AUTH_UNAUTHORIZED', message: reason};
      }
      return {
        kind: 'other',
        code: 'POLICY_VIOLATION',
        message: reason || 'closed by gateway policy',
      };
    case 1009:
      return {
        kind: 'other',
        code: 'PAYLOAD_TOO_LARGE',
        message: reason || 'the gateway refused a frame as too large',
      };
    case 1011:
      return {kind: 'other', code: 'GATEWAY_ERROR', message: reason || 'internal gateway error'};
    case 1012: {
      const restartMs = failure.shutdown?.restartExpectedMs;
      const expected =
        restartMs === undefined ? '' : ` (expected back in ${Math.ceil(restartMs / 1000)} s)`;
      return {
        kind: 'other',
        code: 'SERVICE_RESTART',
        message: `${failure.shutdown?.reason ?? (reason || 'gateway restarting')}${expected}`,
      };
    }
    case 1013:
      return {kind: 'other', code: 'GATEWAY_STARTING', message: reason || 'gateway starting'};
    case 4000:
      return {
        kind: 'other',
        code: 'TICK_TIMEOUT',
        message: 'no frame from the gateway in time (tick timeout)',
      };
    default:
      return undefined;
  }
};

const fromSocketError = (failure: ConnectFailure): ConnectProblem | undefined => {
  const error = failure.socketError;
  if (!error) return undefined;
  const url = redactUrl(failure.url);
  if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
    return {
      kind: 'other',
      code: 'PAYLOAD_TOO_LARGE',
      message: 'the gateway sent a frame larger than the console accepts',
    };
  }
  if (error.code && UNREACHABLE_CODES.has(error.code)) {
    return {kind: 'unreachable', url, detail: `${error.code}: ${error.message}`};
  }
  // tls-pin.ts refused the certificate before the upgrade: the host answered, so it is not
  // "unreachable" (whose fix is "is it running?"); the pin or the certificate is wrong.
  if (error.code === 'TLS_PIN_MISMATCH') {
    return {kind: 'other', code: 'TLS_PIN_MISMATCH', message: `${url}: ${error.message}`};
  }
  const http = /Unexpected server response: (\d{3})/.exec(error.message);
  if (http) {
    return {
      kind: 'other',
      code: `HTTP_${http[1] ?? ''}`,
      message: `${url} refused the WebSocket upgrade (HTTP ${http[1] ?? '?'})`,
    };
  }
  return undefined;
};

export const decodeConnectProblem = (failure: ConnectFailure): ConnectProblem => {
  if (failure.error) return fromGatewayError(failure.error, failure.close?.reason);
  // A socket error explains an abnormal close better than its code (1006 says nothing).
  const fromError = fromSocketError(failure);
  if (fromError && (!failure.close || failure.close.code === 1006 || fromError.kind === 'other')) {
    return fromError;
  }
  const fromCode = fromClose(failure);
  if (fromCode) return fromCode;
  if (fromError) return fromError;
  const url = redactUrl(failure.url);
  if (failure.wasConnected) {
    const code = failure.close?.code;
    return {
      kind: 'other',
      code: 'CONNECTION_LOST',
      message: `connection to ${url} lost${code === undefined ? '' : ` (close ${code})`}`,
    };
  }
  const detail = failure.socketError
    ? failure.socketError.message
    : failure.close
      ? `closed before hello (${failure.close.code}${failure.close.reason ? ` ${failure.close.reason}` : ''})`
      : 'no connection';
  return {kind: 'unreachable', url, detail};
};

/** One line for logs, CLI errors and the status bar. Carries no secrets (URL is redacted). */
export const describeConnectProblem = (problem: ConnectProblem): string => {
  switch (problem.kind) {
    case 'unreachable':
      return `gateway ${redactUrl(problem.url)} is unreachable: ${problem.detail}`;
    case 'auth':
      return `authentication failed (${problem.code}): ${problem.message}${problem.nextStep ? ` — ${problem.nextStep}` : ''}`;
    case 'pairing-required': {
      const what = /^pairing required/i.test(problem.message)
        ? problem.message
        : `pairing required: ${problem.message}`;
      return problem.requestId
        ? `${what} — approve with: openclaw devices approve ${problem.requestId}`
        : `${what} — approve this device on the gateway (openclaw devices list)`;
    }
    case 'protocol-mismatch':
      return `protocol mismatch: ${problem.message}${problem.expectedProtocol === undefined ? '' : ` (gateway speaks protocol ${problem.expectedProtocol})`}`;
    case 'device-rejected':
      return `device identity rejected (${problem.code}): ${problem.message}`;
    case 'auth-changed':
      return `disconnected by the gateway: ${problem.message} — check credentials, then retry`;
    case 'other':
      return `${problem.code}: ${problem.message}`;
  }
};

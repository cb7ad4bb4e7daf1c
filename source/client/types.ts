// The contract between the protocol client and everything above it (the bridge, the CLI twins).
// No React, no state: only what a connection is and what it reports.

import type {EventFrame, GatewayError, InvalidFrame} from '../protocol/frames.ts';
import type {HelloInfo, Scope} from '../protocol/types.ts';

/** Why the console cannot (or can no longer) talk to the gateway, decoded for an operator. */
export type ConnectProblem =
  | {readonly kind: 'unreachable'; readonly url: string; readonly detail: string}
  | {
      readonly kind: 'auth';
      readonly code: string;
      readonly message: string;
      readonly nextStep?: string;
      /** The gateway's machine hint (`wait_then_retry`, `update_auth_credentials`, …). */
      readonly recommendedNextStep?: string;
    }
  | {
      readonly kind: 'pairing-required';
      readonly message: string;
      readonly requestId?: string;
      readonly reason?: string;
      readonly deviceId?: string;
      readonly requestedRole?: string;
      readonly requestedScopes: readonly string[];
      readonly approvedScopes: readonly string[];
      readonly remediationHint?: string;
    }
  | {
      readonly kind: 'protocol-mismatch';
      readonly message: string;
      readonly expectedProtocol?: number;
    }
  | {readonly kind: 'device-rejected'; readonly code: string; readonly message: string}
  | {readonly kind: 'auth-changed'; readonly message: string}
  | {readonly kind: 'other'; readonly code: string; readonly message: string};

export type ClientPhase =
  | 'connecting' // socket opening / waiting for challenge / connect sent
  | 'connected' // hello-ok received
  | 'reconnecting' // waiting for the next attempt (retryInMs set)
  | 'paused' // stopped retrying until retryNow(): fatal problem (protocol, auth changed, …)
  | 'stopped';

export type ClientStatus = {
  readonly phase: ClientPhase;
  readonly url: string;
  readonly attempt: number;
  readonly retryInMs?: number;
  readonly lastClose?: {readonly code: number; readonly reason: string};
  readonly problem?: ConnectProblem;
};

/** Thrown (rejected) by request(): the gateway said no, the request timed out, or the socket went. */
export class RequestError extends Error {
  readonly code: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly retryable: boolean;
  /** 'rejected' = gateway answered ok:false; 'timeout' / 'disconnected' = no answer, outcome unknown. */
  readonly outcome: 'rejected' | 'timeout' | 'disconnected';

  constructor(
    message: string,
    options: {
      code: string;
      outcome: 'rejected' | 'timeout' | 'disconnected';
      details?: Readonly<Record<string, unknown>>;
      retryable?: boolean;
    },
  ) {
    super(message);
    this.name = 'RequestError';
    this.code = options.code;
    this.outcome = options.outcome;
    this.details = options.details;
    this.retryable = options.retryable ?? false;
  }

  static fromGateway(error: GatewayError): RequestError {
    return new RequestError(error.message || error.code, {
      code: error.code,
      outcome: 'rejected',
      details: error.details,
      retryable: error.retryable,
    });
  }
}

export type SequenceGap = {
  readonly expected: number;
  readonly received: number;
  readonly at: number;
};

export type ClientListeners = {
  status: (status: ClientStatus) => void;
  hello: (hello: HelloInfo) => void;
  event: (frame: EventFrame) => void;
  gap: (gap: SequenceGap) => void;
  invalidFrame: (frame: InvalidFrame) => void;
};

export type GatewayConnection = {
  start(): void;
  /**
   * Resolves with the first hello-ok. Rejects with a ConnectError (carrying the ConnectProblem)
   * when a one-shot connection (reconnect: false) fails, or when stopped before any hello.
   */
  ready(): Promise<HelloInfo>;
  stop(): Promise<void>;
  /** Skip the backoff wait (or leave 'paused') and try now. */
  retryNow(): void;
  request<T = unknown>(
    method: string,
    params?: unknown,
    options?: {timeoutMs?: number},
  ): Promise<T>;
  on<K extends keyof ClientListeners>(event: K, listener: ClientListeners[K]): () => void;
  readonly status: ClientStatus;
  readonly hello: HelloInfo | undefined;
  readonly scopes: readonly Scope[];
};

/** Our Ed25519 device: the id the gateway pairs, the key it verifies, and a signer. */
export type DeviceIdentity = {
  /** Lowercase hex SHA-256 of the raw 32-byte public key. */
  readonly deviceId: string;
  /** Raw 32-byte public key, base64url without padding. */
  readonly publicKey: string;
  /** Ed25519 signature over the UTF-8 payload, base64url without padding. */
  sign(payload: string): string;
};

/** Device tokens are per gateway origin (e.g. `ws://127.0.0.1:18789`), device and role. */
export type DeviceTokenKey = {
  readonly gateway: string;
  readonly deviceId: string;
  readonly role: string;
};

export type StoredDeviceToken = {
  readonly token: string;
  readonly scopes: readonly string[];
  readonly updatedAtMs?: number;
};

/** Persistence for device tokens issued in hello-ok; synchronous so the handshake stays simple. */
export type DeviceTokenStore = {
  load(key: DeviceTokenKey): StoredDeviceToken | undefined;
  save(
    key: DeviceTokenKey,
    token: {readonly token: string; readonly scopes: readonly string[]},
  ): void;
  clear(key: DeviceTokenKey): void;
};

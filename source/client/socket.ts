// The transport seam. The connection talks to a ClientSocket through four callbacks; the default
// factory wraps `ws`, tests may pass anything that behaves the same. Contract: after `close()` the
// `close` callback fires exactly once, even if the peer never answers the close handshake.

import WebSocket from 'ws';
import {pinnedTlsOptions} from './tls-pin.ts';

export type SocketHandlers = {
  readonly open: () => void;
  readonly message: (data: string) => void;
  readonly close: (code: number, reason: string) => void;
  /** Transport error; `close` always follows. */
  readonly error: (error: {readonly code?: string; readonly message: string}) => void;
};

export type ClientSocket = {
  send(data: string): void;
  close(code: number, reason: string): void;
};

export type SocketOptions = {
  /** Inbound frames above this many bytes are refused by the transport (and the socket closes). */
  readonly maxPayload: number;
  /**
   * wss:// only: the gateway certificate's SHA-256 fingerprint (normalizeTlsFingerprint). The
   * chain is then not checked, the fingerprint is; a mismatch is a transport error before any
   * byte of the handshake is sent.
   */
  readonly tlsFingerprint?: string;
};

export type SocketFactory = (
  url: string,
  handlers: SocketHandlers,
  options: SocketOptions,
) => ClientSocket;

/** How long a close handshake may take before the TCP connection is simply dropped. */
const CLOSE_HANDSHAKE_GRACE_MS = 2_000;

const textOf = (data: WebSocket.RawData): string => {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
};

export const createWsSocket: SocketFactory = (url, handlers, options) => {
  // The gateway does not negotiate permessage-deflate; an offer would only cost a round of work.
  // No UTF-8 validation by ws: it would close the connection (1007) over one bad byte and costs a
  // pass over every frame; text is decoded with invalid bytes as U+FFFD, and a frame that is then
  // not valid JSON is logged and dropped like any malformed frame.
  const ws = new WebSocket(url, {
    maxPayload: options.maxPayload,
    perMessageDeflate: false,
    skipUTF8Validation: true,
    ...(options.tlsFingerprint ? pinnedTlsOptions(options.tlsFingerprint) : {}),
  });
  let closed = false;
  let graceTimer: NodeJS.Timeout | undefined;

  ws.on('open', () => handlers.open());
  ws.on('message', (data) => handlers.message(textOf(data)));
  ws.on('error', (error: Error & {code?: string}) =>
    handlers.error({...(error.code ? {code: error.code} : {}), message: error.message}),
  );
  ws.on('close', (code, reason) => {
    if (closed) return;
    closed = true;
    if (graceTimer) clearTimeout(graceTimer);
    handlers.close(code, reason.toString('utf8'));
  });

  return {
    send: (data) => ws.send(data),
    close: (code, reason) => {
      if (closed) return;
      if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.CLOSING) {
        ws.terminate();
        return;
      }
      ws.close(code, reason);
      // A dead peer never answers the close frame; don't wait for ws's own 30 s timeout.
      graceTimer = setTimeout(() => ws.terminate(), CLOSE_HANDSHAKE_GRACE_MS);
      graceTimer.unref();
    },
  };
};

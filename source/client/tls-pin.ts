// Certificate pinning for wss:// gateways with a self-signed certificate, the way
// `openclaw tui --tls-fingerprint` does it (openclaw 2026.9.6, resolveGatewayWebSocketTransport):
// the CA chain is not checked, the SHA-256 fingerprint of the leaf certificate is, and the HTTP
// upgrade request is only sent once it matched, so nothing reaches a host with another
// certificate.

import type {ClientRequest} from 'node:http';
import {createRequire} from 'node:module';

const HEX = /^[a-f0-9]{64}$/;
const COLON = /^(?:[a-f0-9]{2}:){31}[a-f0-9]{2}$/;

/**
 * A SHA-256 fingerprint as 64 lower-case hex digits, from "AB:CD:…", "abcd…" or "sha256:…";
 * undefined when it is not one.
 */
export const normalizeTlsFingerprint = (raw: string): string | undefined => {
  const value = raw
    .trim()
    .replace(/^sha256:/i, '')
    .toLowerCase();
  if (HEX.test(value)) return value;
  return COLON.test(value) ? value.replaceAll(':', '') : undefined;
};

export class TlsPinError extends Error {
  readonly code = 'TLS_PIN_MISMATCH';

  constructor(message: string) {
    super(message);
    this.name = 'TlsPinError';
  }
}

/**
 * The `ws` client options that pin `fingerprint` (normalised): accept any chain, then compare
 * the peer certificate's fingerprint before the upgrade request is finished.
 */
export const pinnedTlsOptions = (
  fingerprint: string,
): {
  readonly rejectUnauthorized: false;
  readonly finishRequest: (request: ClientRequest) => void;
} => ({
  rejectUnauthorized: false,
  finishRequest: (request) => {
    request.once('socket', (socket) => {
      // node:tls is taken here, where a wss:// request already loaded it: importing it at the
      // top cost every twin and console start over ws:// a few ms (issue 11).
      const tls = createRequire(import.meta.url)('node:tls') as typeof import('node:tls');
      if (!(socket instanceof tls.TLSSocket)) {
        request.destroy(new TlsPinError('the gateway TLS certificate could not be read'));
        return;
      }
      const check = (): void => {
        if (request.destroyed) return;
        const served = socket.getPeerCertificate()?.fingerprint256 ?? '';
        const seen = normalizeTlsFingerprint(served);
        if (seen !== fingerprint) {
          request.destroy(
            new TlsPinError(
              // "AB:CD:…" as openssl prints it, so the operator can compare it on the host.
              seen
                ? `the gateway TLS certificate does not match the pinned fingerprint: it serves SHA-256 ${served}`
                : 'the gateway TLS certificate could not be read',
            ),
          );
          return;
        }
        request.end();
      };
      if (socket.encrypted && !socket.connecting && socket.getPeerCertificate()?.fingerprint256) {
        check();
      } else {
        socket.once('secureConnect', check);
      }
    });
  },
});

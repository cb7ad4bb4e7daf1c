// Which certificate fingerprint a single wss:// gateway is pinned to, decided the way the
// `openclaw` 2026.9.6 CLI decides it (resolveGatewayConnectionTlsFingerprint; docs/cli/tui.md,
// docs/gateway/config-gateway.md "tls"):
//
//   --tls-fingerprint
//   → gateway.remote.tlsFingerprint, when gateway.mode=remote and the URL came from
//     gateway.remote.url or OPENCLAW_GATEWAY_URL (a --url never inherits the config's pin)
//   → the local gateway's own certificate (gateway.tls.certPath, default
//     <state dir>/gateway/tls/gateway-cert.pem), when gateway.tls.enabled and the URL is the
//     derived local one: that gateway made the certificate itself, so no CA vouches for it.
//
// A missing or unreadable local certificate gives no pin (the normal trust check applies,
// and fails for a self-signed certificate with its own message); a pin that is not a SHA-256
// fingerprint is refused, as openclaw refuses it.

import {X509Certificate} from 'node:crypto';
import path from 'node:path';
import {normalizeTlsFingerprint} from '../client/tls-pin.ts';
import {displayPath, resolveUserPath, type FileReader} from './openclaw-config.ts';

export type TlsPin = {
  /** 64 lower-case hex digits. */
  readonly fingerprint: string;
  /** Where it came from, e.g. "--tls-fingerprint flag". Never the fingerprint itself. */
  readonly source: string;
};

/** A pin was given but is not a SHA-256 fingerprint. */
export class TlsPinConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TlsPinConfigError';
  }
}

/** Which of the URL's sources the chooser must tell apart. */
export type UrlOrigin = 'flag' | 'env' | 'remote-config' | 'local';

export type TlsPinInput = {
  readonly flag?: string;
  readonly url: string;
  readonly urlOrigin: UrlOrigin;
  readonly remoteMode: boolean;
  readonly remotePin: unknown;
  readonly tlsEnabled: boolean;
  readonly certPath: unknown;
  readonly stateDir: string;
  readonly configLabel: string;
  readonly home: string;
  readonly cwd: string;
  readonly files: FileReader;
  readonly warnings: string[];
};

const required = (raw: string, where: string): string => {
  const fingerprint = normalizeTlsFingerprint(raw);
  if (!fingerprint) {
    throw new TlsPinConfigError(
      `${where} must be a SHA-256 certificate fingerprint (64 hex digits, colons allowed)`,
    );
  }
  return fingerprint;
};

const localCertificatePin = (input: TlsPinInput): TlsPin | undefined => {
  const configured = typeof input.certPath === 'string' && input.certPath.trim() !== '';
  const file = configured
    ? resolveUserPath((input.certPath as string).trim(), input.home, input.cwd)
    : path.join(input.stateDir, 'gateway', 'tls', 'gateway-cert.pem');
  const shown = displayPath(file, input.home);
  let pem: string | undefined;
  try {
    pem = input.files.readText(file);
  } catch (error) {
    input.warnings.push(
      `gateway.tls is on but its certificate ${shown} cannot be read (${error instanceof Error ? error.message : String(error)}); connecting without a pin.`,
    );
    return undefined;
  }
  if (pem === undefined) {
    input.warnings.push(
      `gateway.tls is on but there is no certificate at ${shown} yet (the gateway makes it when it starts); connecting without a pin.`,
    );
    return undefined;
  }
  try {
    const fingerprint = normalizeTlsFingerprint(new X509Certificate(pem).fingerprint256);
    if (fingerprint) return {fingerprint, source: `the local gateway's certificate ${shown}`};
  } catch {
    // Reported below, like an unreadable file.
  }
  input.warnings.push(
    `gateway.tls is on but ${shown} is not a PEM certificate; connecting without a pin.`,
  );
  return undefined;
};

export const chooseTlsPin = (input: TlsPinInput): TlsPin | undefined => {
  const wss = input.url.startsWith('wss://');
  const flag = input.flag?.trim();
  if (flag) {
    const fingerprint = required(flag, '--tls-fingerprint');
    if (!wss) {
      input.warnings.push('--tls-fingerprint applies to wss:// only; the gateway URL is ws://.');
      return undefined;
    }
    return {fingerprint, source: '--tls-fingerprint flag'};
  }
  const fromRemote =
    input.remoteMode && (input.urlOrigin === 'remote-config' || input.urlOrigin === 'env');
  if (fromRemote && typeof input.remotePin === 'string' && input.remotePin.trim() !== '') {
    const where = `${input.configLabel} gateway.remote.tlsFingerprint`;
    const fingerprint = required(input.remotePin, where);
    return wss ? {fingerprint, source: where} : undefined;
  }
  if (!wss || input.urlOrigin !== 'local' || !input.tlsEnabled) return undefined;
  return localCertificatePin(input);
};

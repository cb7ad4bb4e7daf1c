// Which certificate a single wss:// gateway is pinned to: the order of the openclaw CLI
// (--tls-fingerprint → gateway.remote.tlsFingerprint for a remote URL from the config or
// OPENCLAW_GATEWAY_URL → the local gateway's own certificate when gateway.tls is on).

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
  GatewayUrlError,
  resolveGateway,
  type GatewayFlags,
  type GatewayResolution,
} from '../../../source/config/resolve-gateway.ts';
import {memFiles} from './mem-files.ts';

const HOME = '/home/op';
const CONFIG = `${HOME}/.openclaw/openclaw.json`;
const DEFAULT_CERT = `${HOME}/.openclaw/gateway/tls/gateway-cert.pem`;

// A throwaway self-signed certificate (no key kept); openssl prints its fingerprint as below.
const CERT = `-----BEGIN CERTIFICATE-----
MIIBjzCCATWgAwIBAgIUR15DUFVqDnARsg27FQTiLbYrGOEwCgYIKoZIzj0EAwIw
HDEaMBgGA1UEAwwRb3BlbmNsYXctdHVpLXRlc3QwIBcNMjYxMjAzMTg0NTMzWhgP
MjEyNjExMDkxODQ1MzNaMBwxGjAYBgNVBAMMEW9wZW5jbGF3LXR1aS10ZXN0MFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEPrK3FdjWVfdR6/Ei+y/Lcc98fxyfPOEY
pbihBixX+h/KVhPaISCOQzctu0N/TLJ3Bwh9M7hyhd+axavY0mrE16NTMFEwHQYD
VR0OBBYEFOS/mUZ/PWzVaATYaZFQ3PE4Rp+dMB8GA1UdIwQYMBaAFOS/mUZ/PWzV
aATYaZFQ3PE4Rp+dMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIh
AKq+ytt/Ej15lAmc/TiKZgHvLs8exfSTw3EiAmDqHJ9BAiBtGYMWefFg0xh4O7D4
kCH0jlmF3yt3NZ8ftZDqani1rQ==
-----END CERTIFICATE-----
`;
const CERT_PIN = 'eba5a23d8459c3fc3703c7ebf1d38ad9c0e9e9ed69df135285fb11a2049c47a8';
const OTHER_PIN = 'AB:'.repeat(31) + 'CD';
const OTHER_HEX = 'ab'.repeat(31) + 'cd';

const resolve = (c: {
  flags?: GatewayFlags;
  env?: Record<string, string>;
  config?: string;
  files?: Record<string, string>;
}): GatewayResolution =>
  resolveGateway({
    flags: c.flags ?? {},
    env: {HOME, ...c.env},
    files: memFiles({...(c.config === undefined ? {} : {[CONFIG]: c.config}), ...c.files}),
    osHome: HOME,
    cwd: '/work',
  });

const pinOf = (r: GatewayResolution) => ({
  fingerprint: r.tlsPin?.fingerprint,
  source: r.tlsPin?.source,
});

test('--tls-fingerprint pins the URL it is given with, colons or not', () => {
  assert.deepEqual(
    pinOf(resolve({flags: {url: 'wss://gw.example:443', tlsFingerprint: OTHER_PIN}})),
    {fingerprint: OTHER_HEX, source: '--tls-fingerprint flag'},
  );
  // It wins over the config's pin.
  const remote = `{gateway: {mode: "remote", remote: {url: "wss://gw.example", tlsFingerprint: "${CERT_PIN}"}}}`;
  assert.equal(
    resolve({config: remote, flags: {tlsFingerprint: `sha256:${OTHER_HEX}`}}).tlsPin?.fingerprint,
    OTHER_HEX,
  );
});

test('a pin that is not a SHA-256 fingerprint is refused before anything is sent', () => {
  assert.throws(
    () => resolve({flags: {url: 'wss://gw.example', tlsFingerprint: 'abc'}}),
    (error: unknown) =>
      error instanceof GatewayUrlError && /--tls-fingerprint must be a SHA-256/.test(error.message),
  );
  assert.throws(
    () =>
      resolve({
        config:
          '{gateway: {mode: "remote", remote: {url: "wss://gw.example", tlsFingerprint: "nope"}}}',
      }),
    (error: unknown) =>
      error instanceof GatewayUrlError &&
      /gateway\.remote\.tlsFingerprint must be a SHA-256/.test(error.message),
  );
});

test('--tls-fingerprint on a ws:// URL pins nothing and says so', () => {
  const r = resolve({flags: {url: 'ws://127.0.0.1:18789', tlsFingerprint: OTHER_PIN}});
  assert.equal(r.tlsPin?.fingerprint, undefined);
  assert.ok(r.warnings.some((w) => /applies to wss:\/\/ only/.test(w)));
});

test('gateway.remote.tlsFingerprint pins the remote URL from the config or OPENCLAW_GATEWAY_URL, never --url', () => {
  const config = `{gateway: {mode: "remote", remote: {url: "wss://gw.example", tlsFingerprint: "${CERT_PIN.toUpperCase()}"}}}`;
  assert.deepEqual(pinOf(resolve({config})), {
    fingerprint: CERT_PIN,
    source: 'config ~/.openclaw/openclaw.json gateway.remote.tlsFingerprint',
  });
  assert.equal(
    resolve({config, env: {OPENCLAW_GATEWAY_URL: 'wss://other.example'}}).tlsPin?.fingerprint,
    CERT_PIN,
  );
  assert.equal(resolve({config, flags: {url: 'wss://gw.example'}}).tlsPin?.fingerprint, undefined);
  // Local mode: the remote block's pin is not this gateway's.
  const local = `{gateway: {remote: {url: "wss://gw.example", tlsFingerprint: "${CERT_PIN}"}}}`;
  assert.equal(resolve({config: local}).tlsPin?.fingerprint, undefined);
});

test('gateway.tls on: the local gateway is pinned to its own certificate (default path or certPath)', () => {
  assert.deepEqual(
    pinOf(resolve({config: '{gateway: {tls: {enabled: true}}}', files: {[DEFAULT_CERT]: CERT}})),
    {
      fingerprint: CERT_PIN,
      source: "the local gateway's certificate ~/.openclaw/gateway/tls/gateway-cert.pem",
    },
  );
  const custom = resolve({
    config: '{gateway: {port: 3443, tls: {enabled: true, certPath: "~/certs/gw.pem"}}}',
    files: {[`${HOME}/certs/gw.pem`]: CERT},
  });
  assert.equal(custom.url, 'wss://127.0.0.1:3443');
  assert.equal(custom.tlsPin?.fingerprint, CERT_PIN);
  // Without tls the same file pins nothing.
  assert.equal(resolve({files: {[DEFAULT_CERT]: CERT}}).tlsPin?.fingerprint, undefined);
});

test('gateway.tls on without a readable certificate: no pin, and a warning naming the file', () => {
  const missing = resolve({config: '{gateway: {tls: {enabled: true}}}'});
  assert.equal(missing.tlsPin?.fingerprint, undefined);
  assert.ok(
    missing.warnings.some((w) =>
      /no certificate at ~\/\.openclaw\/gateway\/tls\/gateway-cert\.pem/.test(w),
    ),
    missing.warnings.join('\n'),
  );
  const garbage = resolve({
    config: '{gateway: {tls: {enabled: true}}}',
    files: {[DEFAULT_CERT]: 'not a certificate'},
  });
  assert.equal(garbage.tlsPin?.fingerprint, undefined);
  assert.ok(garbage.warnings.some((w) => /is not a PEM certificate/.test(w)));
});

// Ed25519 device identity and the v3 connect signature (protocol doc §3). The gateway recomputes the
// device id from the public key and verifies the signature over the exact payload string, so every
// byte here matters: fields joined by a bare `|`, scopes in the order we send them, no escaping.

import crypto from 'node:crypto';
import type {DeviceIdentity} from './types.ts';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export type DeviceKeyPair = {
  readonly publicKeyPem: string;
  readonly privateKeyPem: string;
};

export class InvalidDeviceKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidDeviceKeyError';
  }
}

export const generateDeviceKeyPair = (): DeviceKeyPair => {
  const {publicKey, privateKey} = crypto.generateKeyPairSync('ed25519');
  return {
    publicKeyPem: publicKey.export({type: 'spki', format: 'pem'}).toString(),
    privateKeyPem: privateKey.export({type: 'pkcs8', format: 'pem'}).toString(),
  };
};

const rawPublicKeyOf = (key: crypto.KeyObject): Buffer => {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new InvalidDeviceKeyError(`expected an ed25519 key, got ${key.asymmetricKeyType ?? '?'}`);
  }
  const der = key.export({type: 'spki', format: 'der'});
  if (
    der.length !== ED25519_SPKI_PREFIX.length + 32 ||
    !der.subarray(0, 12).equals(ED25519_SPKI_PREFIX)
  ) {
    throw new InvalidDeviceKeyError('unexpected Ed25519 public key encoding');
  }
  return der.subarray(ED25519_SPKI_PREFIX.length);
};

/** Lowercase hex SHA-256 of the raw 32-byte public key: what the gateway calls the device id. */
export const deviceIdFromRawPublicKey = (raw: Uint8Array): string =>
  crypto.createHash('sha256').update(raw).digest('hex');

/**
 * Builds a signing identity from PEM keys. Throws InvalidDeviceKeyError when the keys do not parse,
 * are not Ed25519, or do not belong together (a swapped public key would pair a different device).
 */
export const deviceIdentityFromKeyPair = (keys: DeviceKeyPair): DeviceIdentity => {
  let privateKey: crypto.KeyObject;
  let publicKey: crypto.KeyObject;
  try {
    privateKey = crypto.createPrivateKey(keys.privateKeyPem);
    publicKey = crypto.createPublicKey(keys.publicKeyPem);
  } catch (error) {
    throw new InvalidDeviceKeyError(`device key does not parse: ${(error as Error).message}`);
  }
  const raw = rawPublicKeyOf(publicKey);
  const derived = rawPublicKeyOf(crypto.createPublicKey(privateKey));
  if (!raw.equals(derived)) {
    throw new InvalidDeviceKeyError('device public key does not match the private key');
  }
  return {
    deviceId: deviceIdFromRawPublicKey(raw),
    publicKey: raw.toString('base64url'),
    sign: (payload: string) =>
      crypto.sign(null, Buffer.from(payload, 'utf8'), privateKey).toString('base64url'),
  };
};

/** trim, then ASCII A–Z only to lowercase (the server's normalisation; other letters stay). */
export const normalizeDeviceMetadata = (value: string | undefined): string =>
  typeof value === 'string' ? value.trim().replace(/[A-Z]/g, (c) => c.toLowerCase()) : '';

export type SignaturePayloadFields = {
  readonly deviceId: string;
  readonly clientId: string;
  readonly clientMode: string;
  readonly role: string;
  /** Exactly the array sent in connect params, same order. */
  readonly scopes: readonly string[];
  readonly signedAtMs: number;
  /** auth.token ?? auth.deviceToken ?? "" as sent (never the password). */
  readonly token?: string;
  readonly nonce: string;
  readonly platform?: string;
  readonly deviceFamily?: string;
};

export const buildSignaturePayloadV3 = (fields: SignaturePayloadFields): string =>
  [
    'v3',
    fields.deviceId,
    fields.clientId,
    fields.clientMode,
    fields.role,
    fields.scopes.join(','),
    String(fields.signedAtMs),
    fields.token ?? '',
    fields.nonce,
    normalizeDeviceMetadata(fields.platform),
    normalizeDeviceMetadata(fields.deviceFamily),
  ].join('|');

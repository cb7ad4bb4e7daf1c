import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import {test} from 'node:test';
import {
  buildSignaturePayloadV3,
  deviceIdentityFromKeyPair,
  generateDeviceKeyPair,
  InvalidDeviceKeyError,
  normalizeDeviceMetadata,
} from '../../../source/client/device-identity.ts';

test('v3 payload has the 11 fields of the worked example, in order, with a trailing empty family', () => {
  const payload = buildSignaturePayloadV3({
    deviceId: '24a267f867d9',
    clientId: 'openclaw-tui',
    clientMode: 'ui',
    role: 'operator',
    scopes: ['operator.read', 'operator.write', 'operator.approvals', 'operator.pairing'],
    signedAtMs: 1795608454057,
    token: 'tok123',
    nonce: 'ba87b654-cbb3-41d1-ad43-e173e55f7067',
    platform: 'linux',
  });
  assert.equal(
    payload,
    'v3|24a267f867d9|openclaw-tui|ui|operator|operator.read,operator.write,operator.approvals,operator.pairing|1795608454057|tok123|ba87b654-cbb3-41d1-ad43-e173e55f7067|linux|',
  );
  assert.equal(payload.split('|').length, 11);
});

test('v3 payload: no token and no scopes are empty fields; metadata is trimmed and ASCII-lowercased', () => {
  const payload = buildSignaturePayloadV3({
    deviceId: 'd',
    clientId: 'openclaw-tui',
    clientMode: 'ui',
    role: 'operator',
    scopes: [],
    signedAtMs: 5,
    nonce: 'n',
    platform: ' Linux ',
    deviceFamily: 'ÉPhone',
  });
  assert.equal(payload, 'v3|d|openclaw-tui|ui|operator||5||n|linux|Éphone');
  assert.equal(normalizeDeviceMetadata(undefined), '');
});

test('identity: deviceId is sha256 of the raw key, publicKey is unpadded base64url, signatures verify', () => {
  const keys = generateDeviceKeyPair();
  const identity = deviceIdentityFromKeyPair(keys);
  const raw = Buffer.from(identity.publicKey, 'base64url');
  assert.equal(raw.length, 32);
  assert.match(identity.publicKey, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(identity.deviceId, crypto.createHash('sha256').update(raw).digest('hex'));
  const der = crypto.createPublicKey(keys.publicKeyPem).export({type: 'spki', format: 'der'});
  assert.deepEqual(der.subarray(der.length - 32), raw);

  const signature = identity.sign('v3|payload');
  assert.match(signature, /^[A-Za-z0-9_-]{86}$/);
  const publicKey = crypto.createPublicKey(keys.publicKeyPem);
  assert.equal(
    crypto.verify(null, Buffer.from('v3|payload'), publicKey, Buffer.from(signature, 'base64url')),
    true,
  );
  assert.equal(
    crypto.verify(null, Buffer.from('v3|other'), publicKey, Buffer.from(signature, 'base64url')),
    false,
  );
});

test('identity: keys that do not belong together or do not parse are refused', () => {
  const a = generateDeviceKeyPair();
  const b = generateDeviceKeyPair();
  assert.throws(
    () => deviceIdentityFromKeyPair({publicKeyPem: a.publicKeyPem, privateKeyPem: b.privateKeyPem}),
    InvalidDeviceKeyError,
  );
  assert.throws(
    () => deviceIdentityFromKeyPair({publicKeyPem: 'nope', privateKeyPem: a.privateKeyPem}),
    InvalidDeviceKeyError,
  );
  const rsa = crypto.generateKeyPairSync('rsa', {modulusLength: 1024});
  assert.throws(
    () =>
      deviceIdentityFromKeyPair({
        publicKeyPem: rsa.publicKey.export({type: 'spki', format: 'pem'}).toString(),
        privateKeyPem: rsa.privateKey.export({type: 'pkcs8', format: 'pem'}).toString(),
      }),
    InvalidDeviceKeyError,
  );
});

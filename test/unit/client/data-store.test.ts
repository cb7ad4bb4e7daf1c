import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {DataStoreError, openDataStore, resolveDataDir} from '../../../source/config/data-store.ts';

const created: string[] = [];
after(() => {
  for (const dir of created) fs.rmSync(dir, {recursive: true, force: true});
});

const tempHome = () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'oct-store-'));
  created.push(root);
  return path.join(root, 'home');
};
const mode = (file: string) => fs.statSync(file).mode & 0o777;

const key = (gateway: string, deviceId = 'dev', role = 'operator') => ({gateway, deviceId, role});

test('creates the identity once: 0600 files in a 0700 directory, same device on reopen', () => {
  const dir = tempHome();
  const store = openDataStore({dir, now: () => 42});
  const identity = store.loadOrCreateIdentity();
  assert.equal(mode(dir), 0o700);
  assert.equal(mode(store.identityPath), 0o600);
  assert.equal(identity.createdAtMs, 42);
  const raw = Buffer.from(identity.publicKey, 'base64url');
  assert.equal(identity.deviceId, crypto.createHash('sha256').update(raw).digest('hex'));

  const stored = JSON.parse(fs.readFileSync(store.identityPath, 'utf8')) as Record<string, unknown>;
  assert.equal(stored.version, 1);
  assert.equal(stored.deviceId, identity.deviceId);
  assert.match(String(stored.privateKeyPem), /BEGIN PRIVATE KEY/);

  const again = openDataStore({dir}).loadOrCreateIdentity();
  assert.equal(again.deviceId, identity.deviceId);
  assert.equal(again.createdAtMs, 42);
  // The reloaded key still signs as the same device.
  const signature = again.sign('payload');
  const publicKey = crypto.createPublicKey(String(stored.publicKeyPem));
  assert.ok(
    crypto.verify(null, Buffer.from('payload'), publicKey, Buffer.from(signature, 'base64url')),
  );
});

test('an existing directory with loose permissions is tightened to 0700', () => {
  const dir = tempHome();
  fs.mkdirSync(dir, {mode: 0o755});
  fs.chmodSync(dir, 0o755);
  openDataStore({dir});
  assert.equal(mode(dir), 0o700);
});

test('OPENCLAW_TUI_HOME chooses the directory; an explicit dir wins over it', () => {
  const fromEnv = tempHome();
  assert.equal(resolveDataDir({env: {OPENCLAW_TUI_HOME: fromEnv}}), fromEnv);
  assert.equal(resolveDataDir({dir: '/x/y', env: {OPENCLAW_TUI_HOME: fromEnv}}), '/x/y');
  const store = openDataStore({env: {OPENCLAW_TUI_HOME: fromEnv}});
  assert.equal(store.dir, fromEnv);
});

test('an identity file readable by others is an error, not used and not replaced', () => {
  const dir = tempHome();
  const first = openDataStore({dir}).loadOrCreateIdentity();
  const file = path.join(dir, 'identity.json');
  fs.chmodSync(file, 0o644);
  const before = fs.readFileSync(file, 'utf8');
  const store = openDataStore({dir});
  assert.throws(
    () => store.loadOrCreateIdentity(),
    (error: unknown) => {
      assert.ok(error instanceof DataStoreError);
      assert.equal(error.code, 'LOOSE_PERMISSIONS');
      assert.equal(error.path, file);
      assert.match(error.message, /chmod 600/);
      return true;
    },
  );
  assert.equal(fs.readFileSync(file, 'utf8'), before);
  fs.chmodSync(file, 0o600);
  assert.equal(openDataStore({dir}).loadOrCreateIdentity().deviceId, first.deviceId);
});

test('a corrupt identity file is an error naming the file; it is left as it was', () => {
  const dir = tempHome();
  openDataStore({dir}).loadOrCreateIdentity();
  const file = path.join(dir, 'identity.json');
  fs.writeFileSync(file, '{"version":1,"deviceId":"abc", truncated', {mode: 0o600});
  const store = openDataStore({dir});
  assert.throws(
    () => store.loadOrCreateIdentity(),
    (error: unknown) =>
      error instanceof DataStoreError &&
      error.code === 'IDENTITY_CORRUPT' &&
      error.message.includes(file) &&
      /not replaced automatically/.test(error.message),
  );
  assert.equal(fs.readFileSync(file, 'utf8'), '{"version":1,"deviceId":"abc", truncated');
});

test('an identity whose deviceId does not match its key is corrupt', () => {
  const dir = tempHome();
  openDataStore({dir}).loadOrCreateIdentity();
  const file = path.join(dir, 'identity.json');
  const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(file, JSON.stringify({...stored, deviceId: '0'.repeat(64)}), {mode: 0o600});
  assert.throws(
    () => openDataStore({dir}).loadIdentity(),
    (error: unknown) => error instanceof DataStoreError && error.code === 'IDENTITY_CORRUPT',
  );
});

test('an unreadable identity path is an error', () => {
  const dir = tempHome();
  fs.mkdirSync(path.join(dir, 'identity.json'), {recursive: true});
  assert.throws(
    () => openDataStore({dir}),
    (error: unknown) => error instanceof DataStoreError && error.code === 'UNREADABLE',
  );
});

test("resetIdentity() is the deliberate way out: a new device, and the old device's tokens forgotten", () => {
  const dir = tempHome();
  const store = openDataStore({dir});
  const old = store.loadOrCreateIdentity();
  const gateway = 'ws://127.0.0.1:18789';
  store.deviceTokens.save(key(gateway, old.deviceId), {token: 'dt-old', scopes: ['operator.read']});
  store.deviceTokens.save(key(gateway, 'another-device'), {token: 'dt-other', scopes: []});

  const fresh = store.resetIdentity();
  assert.notEqual(fresh.deviceId, old.deviceId);
  assert.equal(mode(store.identityPath), 0o600);
  assert.equal(openDataStore({dir}).loadIdentity()?.deviceId, fresh.deviceId);
  assert.equal(store.deviceTokens.load(key(gateway, old.deviceId)), undefined);
  assert.equal(store.deviceTokens.load(key(gateway, 'another-device'))?.token, 'dt-other');

  // It also replaces a damaged file (the only way that ever happens).
  fs.writeFileSync(store.identityPath, 'garbage', {mode: 0o600});
  const third = store.resetIdentity();
  assert.equal(openDataStore({dir}).loadIdentity()?.deviceId, third.deviceId);
});

test('device tokens are kept per gateway origin, device and role, with scopes, in a 0600 file', () => {
  const dir = tempHome();
  const store = openDataStore({dir, now: () => 7});
  const local = key('ws://127.0.0.1:18789');
  const other = key('ws://127.0.0.1:18790');
  store.deviceTokens.save(local, {token: 'dt-a', scopes: ['operator.read', 'operator.write']});
  store.deviceTokens.save(other, {token: 'dt-b', scopes: ['operator.read']});
  store.deviceTokens.save(key('ws://127.0.0.1:18789', 'dev', 'node'), {token: 'dt-n', scopes: []});
  assert.equal(mode(store.tokensPath), 0o600);

  const reopened = openDataStore({dir});
  assert.deepEqual(reopened.deviceTokens.load(local), {
    token: 'dt-a',
    scopes: ['operator.read', 'operator.write'],
    updatedAtMs: 7,
  });
  assert.equal(reopened.deviceTokens.load(other)?.token, 'dt-b');
  assert.equal(
    reopened.deviceTokens.load(key('ws://127.0.0.1:18789', 'dev', 'node'))?.token,
    'dt-n',
  );
  assert.equal(reopened.deviceTokens.load(key('ws://127.0.0.1:18789', 'other-device')), undefined);

  reopened.deviceTokens.clear(local);
  assert.equal(openDataStore({dir}).deviceTokens.load(local), undefined);
  assert.equal(openDataStore({dir}).deviceTokens.load(other)?.token, 'dt-b');
});

test('a corrupt or loose token file is an error at open, and is not overwritten', () => {
  const dir = tempHome();
  const store = openDataStore({dir});
  store.deviceTokens.save(key('ws://h:1'), {token: 'dt', scopes: []});
  fs.writeFileSync(store.tokensPath, '{oops', {mode: 0o600});
  assert.throws(
    () => openDataStore({dir}),
    (error: unknown) => error instanceof DataStoreError && error.code === 'TOKENS_CORRUPT',
  );
  assert.equal(fs.readFileSync(store.tokensPath, 'utf8'), '{oops');

  fs.writeFileSync(store.tokensPath, '{}', {mode: 0o600});
  fs.chmodSync(store.tokensPath, 0o640);
  assert.throws(
    () => openDataStore({dir}),
    (error: unknown) => error instanceof DataStoreError && error.code === 'LOOSE_PERMISSIONS',
  );
});

test('error messages never contain a token', () => {
  const dir = tempHome();
  const store = openDataStore({dir});
  store.deviceTokens.save(key('ws://h:1'), {token: 'dt-very-secret', scopes: []});
  fs.chmodSync(store.tokensPath, 0o644);
  assert.throws(
    () => store.deviceTokens.load(key('ws://h:1')),
    (error: unknown) =>
      error instanceof DataStoreError && !error.message.includes('dt-very-secret'),
  );
});

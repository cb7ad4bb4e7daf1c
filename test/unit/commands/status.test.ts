import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {runCommand} from '../../../source/commands/run-command.ts';
import {startFixtureGateway, type FixtureGateway} from '../../../source/fixture/fixture-gateway.ts';
import {
  capture,
  runOnce,
  isRecord,
  makeOptions,
  onlyJson,
  tempHome,
  type OptionsInput,
} from './helpers.ts';

let gateway: FixtureGateway;
const home = tempHome();

before(async () => {
  gateway = await startFixtureGateway();
  gateway.spawnSubagent('agent:main:main', {label: 'worker'});
  gateway.requestExecApproval({command: 'git push', channel: 'qqbot', to: '10086'});
  gateway.requestDevicePairing({displayName: 'ops-laptop'});
});

after(async () => {
  await gateway.close();
  home.remove();
});

/** The stored device token, to prove it never reaches any output. */
const storedDeviceTokens = (): string[] => {
  const file = path.join(home.dir, 'identity', 'device-auth.json');
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const tokens = isRecord(parsed) && isRecord(parsed.tokens) ? Object.values(parsed.tokens) : [];
  return tokens.flatMap((record) =>
    isRecord(record) && typeof record.token === 'string' ? [record.token] : [],
  );
};

const statusTwin = (extra: Partial<OptionsInput> = {}) =>
  runOnce({
    command: {name: 'status'},
    home: home.dir,
    url: gateway.url,
    token: gateway.token,
    ...extra,
  });

test('status --json: where the gateway is, what it granted, and the counts', async () => {
  const {code, out} = await statusTwin({json: true});
  assert.equal(code, 0, out.stderr.text);
  const doc = onlyJson(out);
  assert.equal(doc.ok, true);
  assert.deepEqual(doc.gateway, {
    url: gateway.url,
    urlSource: '--url flag',
    credentialSource: '--token flag',
    demo: false,
  });
  assert.ok(isRecord(doc.connection));
  assert.equal(doc.connection.ok, true);
  assert.equal(doc.connection.problem, null);
  assert.equal(typeof doc.connection.serverVersion, 'string');
  assert.equal(doc.connection.protocol, 4);
  assert.ok(Array.isArray(doc.connection.scopes));
  assert.ok(doc.connection.scopes.includes('operator.approvals'));
  assert.deepEqual(doc.connection.requestedScopes, [
    'operator.read',
    'operator.write',
    'operator.approvals',
    'operator.pairing',
    'operator.admin',
  ]);
  assert.ok(isRecord(doc.sessions));
  assert.equal(doc.sessions.total, 2);
  assert.equal(doc.sessions.read, true);
  assert.ok(isRecord(doc.inbox));
  assert.equal(doc.inbox.total, 2);
  assert.ok(isRecord(doc.inbox.byKind));
  assert.equal(doc.inbox.byKind['exec-approval'], 1);
  assert.equal(doc.inbox.byKind['device-pairing'], 1);
  assert.deepEqual(doc.warnings, []);

  const tokens = storedDeviceTokens();
  assert.ok(tokens.length > 0, 'the gateway issued a device token');
  for (const secret of [gateway.token ?? '', ...tokens]) {
    assert.ok(secret.length > 0);
    assert.ok(!out.stdout.text.includes(secret), 'a token reached stdout');
    assert.ok(!out.stderr.text.includes(secret), 'a token reached stderr');
  }
});

test('status without --json is a few labelled lines and never the token', async () => {
  const {code, out} = await statusTwin();
  assert.equal(code, 0, out.stderr.text);
  const text = out.stdout.text;
  assert.match(text, /^gateway +ws:\/\/127\.0\.0\.1:\d+$/m);
  assert.match(text, /^credential +--token flag$/m);
  assert.match(text, /^connection +ok · OpenClaw .+ · protocol 4$/m);
  assert.match(text, /^sessions +2 \(/m);
  assert.match(text, /^waiting +2 \(1 device pairing, 0 node pairing, 1 exec approval/m);
  assert.ok(!text.includes(gateway.token ?? '\u0000'));
});

test('a wrong token: exit 1, one line on stderr, and {ok:false} with --json', async () => {
  const wrong = 'not-the-gateway-token-0123456789';
  const fresh = tempHome();
  try {
    const {code, out} = await runOnce({
      command: {name: 'status'},
      home: fresh.dir,
      url: gateway.url,
      token: wrong,
      json: true,
    });
    assert.equal(code, 1);
    const errLines = out.stderr.lines();
    assert.equal(errLines.length, 1, out.stderr.text);
    assert.match(errLines[0] ?? '', /^openclaw-tui: authentication failed \(AUTH_TOKEN_MISMATCH\)/);
    const doc = onlyJson(out);
    assert.equal(doc.ok, false);
    assert.ok(isRecord(doc.error));
    assert.equal(doc.error.kind, 'auth');
    assert.equal(doc.error.code, 'AUTH_TOKEN_MISMATCH');
    assert.equal(typeof doc.error.message, 'string');
    for (const secret of [wrong, gateway.token ?? '']) {
      assert.ok(!out.stdout.text.includes(secret));
      assert.ok(!out.stderr.text.includes(secret));
    }
  } finally {
    fresh.remove();
  }
});

test('an unreachable gateway: exit 1 with one line naming the URL', async () => {
  const {code, out} = await runOnce({
    command: {name: 'status'},
    home: home.dir,
    url: 'ws://127.0.0.1:9',
    token: 'x'.repeat(20),
  });
  assert.equal(code, 1);
  assert.equal(out.stdout.text, '');
  assert.equal(out.stderr.lines().length, 1);
  assert.match(out.stderr.text, /gateway ws:\/\/127\.0\.0\.1:9 is unreachable/);
});

test('--read-only asks for operator.read only and says which lists it could not read', async () => {
  const fresh = tempHome();
  try {
    const {code, out} = await statusTwin({home: fresh.dir, json: true, readOnly: true});
    assert.equal(code, 0, out.stderr.text);
    const doc = onlyJson(out);
    assert.ok(isRecord(doc.connection) && isRecord(doc.inbox));
    assert.deepEqual(doc.connection.requestedScopes, ['operator.read']);
    assert.deepEqual(doc.connection.scopes, ['operator.read']);
    assert.ok(isRecord(doc.inbox.unread));
    assert.match(String(doc.inbox.unread['exec-approval']), /needs operator\.approvals/);
    assert.match(String(doc.inbox.unread['device-pairing']), /needs operator\.pairing/);
  } finally {
    fresh.remove();
  }
});

test('a damaged identity file is one clear line and exit 1', async () => {
  const fresh = tempHome();
  try {
    const {mkdirSync, writeFileSync} = await import('node:fs');
    mkdirSync(path.join(fresh.dir, 'identity'), {recursive: true, mode: 0o700});
    writeFileSync(path.join(fresh.dir, 'identity', 'identity.json'), '{not json', {mode: 0o600});
    const {code, out} = await statusTwin({home: fresh.dir, json: true});
    assert.equal(code, 1);
    assert.equal(out.stderr.lines().length, 1);
    assert.match(out.stderr.text, /identity\.json is not valid JSON/);
    const doc = onlyJson(out);
    assert.ok(isRecord(doc.error));
    assert.equal(doc.error.kind, 'data-store');
  } finally {
    fresh.remove();
  }
});

test('--demo: status of the in-process demo gateway, with a throwaway identity', async () => {
  const fresh = tempHome();
  try {
    const {code, out} = await runOnce({
      command: {name: 'status'},
      home: fresh.dir,
      demo: true,
      json: true,
    });
    assert.equal(code, 0, out.stderr.text);
    const doc = onlyJson(out);
    assert.ok(isRecord(doc.gateway) && isRecord(doc.sessions) && isRecord(doc.inbox));
    assert.equal(doc.gateway.demo, true);
    assert.ok(Number(doc.sessions.total) > 3);
    assert.equal(doc.inbox.total, 5);
    const {existsSync} = await import('node:fs');
    assert.equal(
      existsSync(path.join(fresh.dir, 'identity')),
      false,
      'the demo wrote our identity',
    );
  } finally {
    fresh.remove();
  }
});

test('--embed without a supervisor is a usage error (exit 2): commands attach', async () => {
  const out = capture();
  const options = makeOptions({command: {name: 'status'}, home: home.dir, url: gateway.url});
  if (options.target.kind !== 'attach') throw new Error('expected an attach target');
  const code = await runCommand(
    {...options, target: {kind: 'embed', gateway: options.target.gateway, detachOnExit: false}},
    out.io,
  );
  assert.equal(code, 2);
  assert.match(out.stderr.text, /--embed only applies to the interactive console/);
});

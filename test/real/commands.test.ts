// Layer 3 for the command twins: `status`, `sessions`, `pending`, `approve`, `deny` and `tail`
// against the real gateway the runner started (test/real/run.ts), invoked in-process through
// runCommand with captured output, plus one run of the real CLI binary. Pending device requests
// come from a second device that looks remote (X-Forwarded-For through the trusted loopback
// proxy); exec approvals from the fake LLM's OCT:exec under tools.exec.ask "always".
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {randomUUID} from 'node:crypto';
import {existsSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {runCommand} from '../../source/commands/run-command.ts';
import {fakeLlmScript} from '../support/fake-llm.ts';
import {
  chatFinal,
  connectWriter,
  execRequested,
  pairingRequestId,
  remoteDevice,
  sendChat,
} from '../support/real-peers.ts';
import {twinsAgainst} from '../support/real-twins.ts';
import {projectRoot} from '../support/real-gateway-paths.ts';
import {readRealGatewayEnv} from '../support/real-gateway.ts';
import {capture, isRecord, onlyJson, type Captured} from '../unit/commands/helpers.ts';

const gateway = readRealGatewayEnv();
const twins = twinsAgainst(gateway);
const run = twins.run;

/** Neither the shared token nor any device token the gateway issued us may reach the output. */
const assertNoSecrets = (out: Captured): void => {
  const secrets = [gateway.token];
  const tokensFile = path.join(twins.home, 'identity', 'device-auth.json');
  if (existsSync(tokensFile)) {
    const parsed: unknown = JSON.parse(readFileSync(tokensFile, 'utf8'));
    if (isRecord(parsed) && isRecord(parsed.tokens)) {
      for (const record of Object.values(parsed.tokens)) {
        if (isRecord(record) && typeof record.token === 'string') secrets.push(record.token);
      }
    }
  }
  for (const secret of secrets) {
    assert.ok(!out.stdout.text.includes(secret), 'a token reached stdout');
    assert.ok(!out.stderr.text.includes(secret), 'a token reached stderr');
  }
};

const pendingList = async (): Promise<Record<string, unknown>[]> => {
  const {code, out} = await run({name: 'pending'});
  assert.equal(code, 0, out.stderr.text);
  const doc = onlyJson(out);
  assert.ok(Array.isArray(doc.pending));
  return doc.pending.filter(isRecord);
};

/** A remote-looking second device asking to pair; returns the gateway's requestId. */
const remoteDeviceRequest = async (
  name: string,
): Promise<{requestId: string; connect: () => Promise<boolean>}> => {
  const device = remoteDevice(gateway, name);
  const res = await device.connect();
  assert.equal(res.ok, false, 'a remote-looking new device was admitted without pairing');
  return {requestId: pairingRequestId(res), connect: async () => (await device.connect()).ok};
};

test('status --json against the real gateway', async () => {
  const {code, out} = await run({name: 'status'});
  assert.equal(code, 0, out.stderr.text);
  const doc = onlyJson(out);
  assert.equal(doc.ok, true);
  assert.ok(isRecord(doc.gateway) && isRecord(doc.connection) && isRecord(doc.inbox));
  assert.equal(doc.gateway.url, gateway.url);
  assert.equal(doc.gateway.urlSource, '--url flag');
  assert.equal(doc.gateway.credentialSource, '--token flag');
  assert.equal(doc.connection.protocol, 4);
  assert.match(String(doc.connection.serverVersion), /^2026\.\d+\.\d+/);
  assert.ok(Array.isArray(doc.connection.scopes));
  for (const scope of ['operator.read', 'operator.approvals', 'operator.pairing']) {
    assert.ok(doc.connection.scopes.includes(scope), `${scope} not granted`);
  }
  assert.ok(isRecord(doc.inbox.unread));
  for (const kind of ['device-pairing', 'node-pairing', 'exec-approval', 'plugin-approval']) {
    assert.equal(doc.inbox.unread[kind], undefined, `${kind} list was not read`);
  }
  assertNoSecrets(out);
});

test('tail --json prints one spawn line per sessions_spawn; sessions --json lists the child', async () => {
  const parentKey = `agent:main:oct-cmd-${randomUUID().slice(0, 8)}`;
  const label = `oct-cmd-child-${randomUUID().slice(0, 6)}`;
  const tail = capture();
  const tailDone = runCommand(twins.optionsFor({name: 'tail', kinds: []}), tail.io);
  const writer = await connectWriter(gateway, 'oct-cmd-spawner');
  try {
    await tail.stdout.waitForLine((line) => JSON.parse(line).kind === 'gateway', 30_000);
    await sendChat(
      writer,
      parentKey,
      fakeLlmScript.spawn({task: fakeLlmScript.reply('OCT_CMD_CHILD_OK'), label}),
    );
    const spawnLine = await tail.stdout.waitForLine((line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      return record.kind === 'spawn' && record.parentKey === parentKey;
    }, 120_000);
    const childKey = String(JSON.parse(spawnLine).sessionKey);
    assert.match(childKey, /^agent:main:subagent:/);
    // Wait for the child's run to end: by then every event of the spawn has been through tail.
    await tail.stdout.waitForLine((line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      return (
        record.kind === 'run' &&
        record.sessionKey === childKey &&
        /finished|failed/.test(String(record.summary))
      );
    }, 120_000);
    const spawnLines = tail
      .json()
      .filter((record) => record.kind === 'spawn' && record.sessionKey === childKey);
    assert.equal(spawnLines.length, 1, JSON.stringify(spawnLines));
    assert.equal(spawnLines[0]?.parentKey, parentKey);

    const sessions = await run({name: 'sessions'});
    assert.equal(sessions.code, 0, sessions.out.stderr.text);
    const doc = onlyJson(sessions.out);
    assert.ok(Array.isArray(doc.sessions));
    const rows = doc.sessions.filter(isRecord);
    const child = rows.find((row) => row.key === childKey);
    const parent = rows.find((row) => row.key === parentKey);
    assert.ok(child, `child ${childKey} not listed`);
    assert.ok(parent, `parent ${parentKey} not listed`);
    assert.equal(child.parentKey, parentKey);
    assert.equal(child.depth, 1);
    assert.equal(child.role, 'subagent');
    assert.equal(child.label, label);
    assert.equal(parent.depth, 0);
    assert.ok(rows.indexOf(parent) < rows.indexOf(child), 'tree order: parent first');
    assertNoSecrets(sessions.out);
  } finally {
    writer.close();
    tail.stop();
    assert.equal(await tailDone, 0, tail.stderr.text);
  }
  assertNoSecrets(tail);
});

test('pending --json shows a remote device request; approve pairs it; a second approve is exit 3', async () => {
  const device = await remoteDeviceRequest(`oct-cmd-remote-${randomUUID().slice(0, 6)}`);
  const entry = (await pendingList()).find((item) => item.id === device.requestId);
  assert.ok(entry, 'the pending device request is not listed');
  assert.equal(entry.kind, 'device-pairing');
  assert.deepEqual(entry.requested, ['operator.read']);
  assert.deepEqual(entry.approved, []);
  assert.deepEqual(entry.allowedDecisions, ['allow-once', 'deny']);
  assert.ok(isRecord(entry.origin));
  assert.equal(entry.origin.remoteIp, '203.0.113.7');
  assert.equal(entry.origin.clientId, 'cli');

  const approved = await run({name: 'approve', id: device.requestId}, {json: false});
  assert.equal(approved.code, 0, approved.out.stderr.text);
  assert.match(
    approved.out.stdout.text,
    /^approved device pairing .*operator\.read until revoked$/m,
  );
  assert.equal(await device.connect(), true, 'the approved device still cannot connect');
  const audit = readFileSync(path.join(twins.home, 'audit.jsonl'), 'utf8');
  assert.match(audit, new RegExp(`"id":"${device.requestId}".*"outcome":"applied"`));

  const again = await run({name: 'approve', id: device.requestId});
  assert.equal(again.code, 3, again.out.stderr.text);
  assertNoSecrets(approved.out);
});

test('deny rejects a remote device request and it leaves the pending list', async () => {
  const device = await remoteDeviceRequest(`oct-cmd-denied-${randomUUID().slice(0, 6)}`);
  const denied = await run({name: 'deny', id: device.requestId});
  assert.equal(denied.code, 0, denied.out.stderr.text);
  assert.equal(onlyJson(denied.out).decision, 'deny');
  const still = (await pendingList()).find((item) => item.id === device.requestId);
  assert.equal(still, undefined, 'the denied request is still pending');
});

test('an exec approval: listed with its decisions, allow-always refused (2), approved once', async () => {
  const sessionKey = `agent:main:oct-exec-${randomUUID().slice(0, 8)}`;
  const writer = await connectWriter(gateway, 'oct-cmd-exec');
  try {
    const since = writer.mark();
    const runId = await sendChat(writer, sessionKey, fakeLlmScript.exec('echo OCT_CMD_EXEC_OK'));
    const requested = await execRequested(writer, sessionKey, since);
    assert.ok(isRecord(requested.payload));
    const id = String(requested.payload.id);

    const entry = (await pendingList()).find((item) => item.id === id);
    assert.ok(entry, 'the exec approval is not listed');
    assert.equal(entry.kind, 'exec-approval');
    assert.deepEqual(entry.allowedDecisions, ['allow-once', 'deny']);
    assert.ok(isRecord(entry.origin) && isRecord(entry.detail));
    assert.equal(entry.origin.sessionKey, sessionKey);
    assert.equal(entry.detail.command, 'echo OCT_CMD_EXEC_OK');

    const always = await run({name: 'approve', id, decision: 'allow-always'});
    assert.equal(always.code, 2, always.out.stderr.text);

    const approved = await run({name: 'approve', id});
    assert.equal(approved.code, 0, approved.out.stderr.text);
    assert.equal(onlyJson(approved.out).decision, 'allow-once');
    const final = await chatFinal(writer, runId, since);
    assert.match(JSON.stringify(final.payload), /TOOL_DONE: OCT_CMD_EXEC_OK/);
  } finally {
    writer.close();
  }
});

test('deny an exec approval: the run reports the command as denied', async () => {
  const sessionKey = `agent:main:oct-exec-${randomUUID().slice(0, 8)}`;
  const writer = await connectWriter(gateway, 'oct-cmd-exec-deny');
  try {
    const since = writer.mark();
    const runId = await sendChat(writer, sessionKey, fakeLlmScript.exec('echo OCT_CMD_NEVER'));
    const requested = await execRequested(writer, sessionKey, since);
    assert.ok(isRecord(requested.payload));
    const denied = await run({name: 'deny', id: String(requested.payload.id)});
    assert.equal(denied.code, 0, denied.out.stderr.text);
    const final = await chatFinal(writer, runId, since);
    assert.match(JSON.stringify(final.payload), /denied/i);
  } finally {
    writer.close();
  }
});

test('the real CLI binary: `openclaw-tui status --json` exits 0 with the same document', async (t) => {
  const bin = path.join(projectRoot, 'bin', 'openclaw-tui.cjs');
  if (!existsSync(bin) || !existsSync(path.join(projectRoot, 'source', 'cli.tsx'))) {
    t.skip('bin/openclaw-tui.cjs or source/cli.tsx does not exist yet');
    return;
  }
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: twins.home,
    OPENCLAW_TUI_HOME: twins.home,
    // Environment, not argv: a token on the command line is visible in `ps`.
    OPENCLAW_GATEWAY_URL: gateway.url,
    OPENCLAW_GATEWAY_TOKEN: gateway.token,
    NO_COLOR: '1',
  };
  const child = spawn(process.execPath, [bin, 'status', '--json'], {
    cwd: os.tmpdir(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 0, stderr);
  const doc: unknown = JSON.parse(stdout);
  assert.ok(isRecord(doc) && isRecord(doc.gateway) && isRecord(doc.connection));
  assert.equal(doc.ok, true);
  assert.equal(doc.gateway.url, gateway.url);
  assert.equal(doc.gateway.credentialSource, 'OPENCLAW_GATEWAY_TOKEN');
  assert.equal(doc.connection.protocol, 4);
  assert.ok(!stdout.includes(gateway.token) && !stderr.includes(gateway.token));
});

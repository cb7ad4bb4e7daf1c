import assert from 'node:assert/strict';
import {mkdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, beforeEach, test} from 'node:test';
import type {CliCommand} from '../../../source/cli-flags.ts';
import {startFixtureGateway, type FixtureGateway} from '../../../source/fixture/fixture-gateway.ts';
import {isRecord, onlyJson, runOnce, tempHome} from './helpers.ts';

let gateway: FixtureGateway;
const home = tempHome();
const DECISION_METHODS = [
  'exec.approval.resolve',
  'plugin.approval.resolve',
  'device.pair.approve',
  'device.pair.reject',
  'node.pair.approve',
  'node.pair.reject',
  'channels.pairing.approve',
  'channels.pairing.dismiss',
];

before(async () => {
  gateway = await startFixtureGateway();
});

after(async () => {
  await gateway.close();
  home.remove();
});

beforeEach(() => gateway.clearRequests());

const run = (command: CliCommand, extra: {json?: boolean; readOnly?: boolean} = {}) =>
  runOnce({command, home: home.dir, url: gateway.url, token: gateway.token, ...extra});

/** Every decision the gateway received, whatever its method. */
const decisionsSent = () =>
  gateway.requests.filter((request) => DECISION_METHODS.includes(request.method));

const auditLines = (): Record<string, unknown>[] => {
  try {
    return readFileSync(path.join(home.dir, 'audit.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  } catch {
    return [];
  }
};

test('approve <exact id> resolves that exec approval once, allow-once by default, audited', async () => {
  gateway.startRun('agent:main:main');
  const id = gateway.requestExecApproval({command: 'echo hi', channel: 'qqbot', to: '10086'});
  const {code, out} = await run({name: 'approve', id}, {json: true});
  assert.equal(code, 0, out.stderr.text);
  const sent = decisionsSent();
  assert.equal(sent.length, 1);
  assert.equal(sent[0]?.method, 'exec.approval.resolve');
  assert.deepEqual(sent[0]?.params, {id, decision: 'allow-once'});
  const doc = onlyJson(out);
  assert.equal(doc.ok, true);
  assert.equal(doc.id, id);
  assert.equal(doc.kind, 'exec-approval');
  assert.equal(doc.decision, 'allow-once');
  assert.match(String(doc.granted), /^run `echo hi` on gateway .* this one time$/);
  const audit = auditLines().find((entry) => entry.id === id);
  assert.ok(audit, 'no audit entry');
  assert.equal(audit.decision, 'allow-once');
  assert.equal(audit.outcome, 'applied');
  assert.equal(gateway.state.approvals.get(id)?.status === 'pending', false);
});

test('approve a device pairing request: device.pair.approve with the exact requestId', async () => {
  const request = gateway.requestDevicePairing({displayName: 'ops-laptop'});
  const {code, out} = await run({name: 'approve', id: request.requestId});
  assert.equal(code, 0, out.stderr.text);
  const sent = decisionsSent();
  assert.equal(sent.length, 1);
  assert.equal(sent[0]?.method, 'device.pair.approve');
  assert.deepEqual(sent[0]?.params, {requestId: request.requestId});
  assert.match(out.stdout.text, /^approved device pairing .*: pair device ops-laptop as operator/m);
  assert.ok(gateway.state.pairedDevices.has(request.deviceId));
});

test('deny <id>: exec approval gets decision deny; device request gets device.pair.reject', async () => {
  gateway.startRun('agent:main:main');
  const execId = gateway.requestExecApproval({command: 'rm -rf /tmp/x'});
  const denied = await run({name: 'deny', id: execId});
  assert.equal(denied.code, 0, denied.out.stderr.text);
  const device = gateway.requestDevicePairing({displayName: 'stranger'});
  const rejected = await run({name: 'deny', id: device.requestId}, {json: true});
  assert.equal(rejected.code, 0, rejected.out.stderr.text);
  const sent = decisionsSent();
  assert.deepEqual(
    sent.map((request) => [request.method, request.params]),
    [
      ['exec.approval.resolve', {id: execId, decision: 'deny'}],
      ['device.pair.reject', {requestId: device.requestId}],
    ],
  );
  assert.match(denied.out.stdout.text, /^denied exec approval .*deny running `rm -rf \/tmp\/x`/m);
  assert.equal(onlyJson(rejected.out).decision, 'deny');
});

test('an unknown id, a prefix of a real id, or an expired one: exit 3, nothing sent', async () => {
  gateway.startRun('agent:main:main');
  const id = gateway.requestExecApproval({command: 'ls'});
  const expired = gateway.requestExecApproval({command: 'ls -la'});
  gateway.expire(expired);
  for (const candidate of ['no-such-request', id.slice(0, 8), expired]) {
    const {code, out} = await run({name: 'approve', id: candidate}, {json: true});
    assert.equal(code, 3, `${candidate}: ${out.stderr.text}`);
    assert.equal(out.stderr.lines().length, 1);
    assert.match(out.stderr.text, /no pending request with id/);
    const doc = onlyJson(out);
    assert.equal(doc.ok, false);
    assert.ok(isRecord(doc.error));
    assert.equal(doc.error.kind, 'not-found');
  }
  assert.equal(decisionsSent().length, 0);
});

test('resolved elsewhere while our decision is on its way: exit 3, audited as such', async () => {
  gateway.startRun('agent:main:main');
  const id = gateway.requestExecApproval({command: 'make deploy'});
  // Another operator's deny lands just before ours: a request listener runs synchronously,
  // before the fixture handles the method.
  const listener = (request: {readonly method: string}): void => {
    if (request.method === 'exec.approval.resolve') gateway.resolveElsewhere(id, 'deny');
  };
  gateway.engine.requestListeners.add(listener);
  const {code, out} = await run({name: 'approve', id}, {json: true}).finally(() =>
    gateway.engine.requestListeners.delete(listener),
  );
  assert.equal(code, 3, out.stderr.text);
  assert.match(out.stderr.text, /already resolved elsewhere/);
  const doc = onlyJson(out);
  assert.ok(isRecord(doc.error));
  assert.equal(doc.error.kind, 'already-resolved');
  assert.equal(decisionsSent().length, 1);
  assert.equal(auditLines().find((entry) => entry.id === id)?.outcome, 'already-resolved');
});

test('a decision the request does not allow is a usage error (exit 2), nothing sent', async () => {
  gateway.startRun('agent:main:main');
  const askAlways = gateway.requestExecApproval({command: 'echo always', ask: 'always'});
  const device = gateway.requestDevicePairing({displayName: 'ops-phone'});
  const cases = [
    {id: askAlways, why: /this request allows only: allow-once, deny/},
    {id: device.requestId, why: /allow always exists only for exec and plugin approvals/},
  ];
  for (const {id, why} of cases) {
    const {code, out} = await run({name: 'approve', id, decision: 'allow-always'}, {json: true});
    assert.equal(code, 2, out.stderr.text);
    assert.match(out.stderr.text, why);
    const doc = onlyJson(out);
    assert.ok(isRecord(doc.error));
    assert.equal(doc.error.kind, 'usage');
  }
  assert.equal(decisionsSent().length, 0);
});

test('allow-always goes through when the request offers it', async () => {
  gateway.startRun('agent:main:main');
  const id = gateway.requestExecApproval({command: 'npm test', ask: 'on-miss'});
  const {code, out} = await run({name: 'approve', id, decision: 'allow-always'});
  assert.equal(code, 0, out.stderr.text);
  assert.deepEqual(decisionsSent()[0]?.params, {id, decision: 'allow-always'});
  assert.match(out.stdout.text, /from now on \(allow always\)/);
});

test('--read-only: approve is refused before connecting (exit 2 "read-only")', async () => {
  const {code, out} = await run({name: 'approve', id: 'anything'}, {readOnly: true});
  assert.equal(code, 2);
  assert.match(out.stderr.text, /read-only/);
  assert.equal(gateway.requestsFor('connect').length, 0);
});

test('a DM access request is approved through channels.pairing.approve with its account', async () => {
  const dm = gateway.addDmAccessRequest({channel: 'qqbot', senderId: '20417'});
  const {code, out} = await run({name: 'approve', id: dm.requestId});
  assert.equal(code, 0, out.stderr.text);
  const sent = decisionsSent();
  assert.equal(sent.length, 1);
  assert.equal(sent[0]?.method, 'channels.pairing.approve');
  assert.ok(isRecord(sent[0]?.params));
  assert.equal(sent[0].params.requestId, dm.requestId);
  assert.equal(sent[0].params.channel, 'qqbot');
});

test('an audit log that cannot be written: the applied decision still exits 0, with a warning', async () => {
  const broken = tempHome();
  try {
    // A directory where the log file should be: every append fails (EISDIR).
    mkdirSync(path.join(broken.dir, 'audit.jsonl'));
    gateway.startRun('agent:main:main');
    const id = gateway.requestExecApproval({command: 'echo audit', channel: 'qqbot', to: '1'});
    const {code, out} = await runOnce({
      command: {name: 'approve', id},
      home: broken.dir,
      url: gateway.url,
      token: gateway.token,
    });
    assert.equal(code, 0, out.stderr.text);
    assert.equal(decisionsSent().length, 1);
    assert.match(out.stderr.text, /the decision could not be written to .*audit\.jsonl/);
  } finally {
    broken.remove();
  }
});

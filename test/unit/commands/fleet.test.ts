// The twins over a fleet of fixture gateways: two that hold the same exec-approval id (seeded
// alike, as after a restore) and one that refuses our token. Reads merge with a `gateway` field
// and name the failed gateway in `unread`; a decision without --gateway is refused when the id is
// not unique and goes to the one holder when it is; nothing reaches the other gateway.
import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import type {FixtureGateway} from '../../../source/fixture/fixture-gateway.ts';
import {twinFleet} from './fleet-fixture.ts';
import {isRecord} from './helpers.ts';

const fleet = twinFleet();
const {run} = fleet;

const DECISIONS = ['exec.approval.resolve'];

const decisions = (gateway: FixtureGateway) =>
  gateway.requests.filter((request) => DECISIONS.includes(request.method));

const items = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter(isRecord) : [];

test('pending --json: both holders of the same id are two items, the refusing gateway is named in unread', async () => {
  const {code, out, doc} = await run(['pending', '--json']);
  assert.equal(code, 0, out.stderr.text);
  const pending = items(doc.pending);
  assert.ok(pending.every((item) => typeof item.gateway === 'string'));
  const holders = pending.filter((item) => item.id === fleet.shared).map((item) => item.gateway);
  assert.deepEqual(holders.sort(), ['a', 'b']);
  assert.ok(pending.some((item) => item.id === fleet.onlyOnA && item.gateway === 'a'));
  assert.equal(doc.count, pending.length);
  assert.ok(isRecord(doc.unread) && isRecord(doc.unread.c));
  assert.match(String(doc.unread.c.gateway), /token|auth/i);
  assert.equal(doc.unread.a, undefined);
  const summary = items(doc.gateways);
  assert.deepEqual(
    summary.map((g) => [g.gateway, g.ok]),
    [
      ['a', true],
      ['b', true],
      ['c', false],
    ],
  );
  // each gateway has its own identity directory: a pairing with one is never shown to another
  const ids = ['a', 'b', 'c'].map((name) => {
    const file = path.join(fleet.home, 'gateways', name, 'identity.json');
    assert.ok(existsSync(file), `${file} missing`);
    return (JSON.parse(readFileSync(file, 'utf8')) as {deviceId: string}).deviceId;
  });
  assert.equal(new Set(ids).size, 3);
});

test('sessions and status: every item carries its gateway; --gateway narrows the read', async () => {
  const sessions = await run(['sessions', '--json', '--all']);
  assert.equal(sessions.code, 0);
  const rows = items(sessions.doc.sessions);
  assert.ok(rows.length >= 2);
  assert.deepEqual([...new Set(rows.map((row) => row.gateway))].sort(), ['a', 'b']);
  assert.equal(sessions.doc.complete, false, 'c was not read, so the fleet list is not complete');

  const status = await run(['status', '--json', '--gateway', 'b']);
  assert.equal(status.code, 0);
  const statuses = items(status.doc.statuses);
  assert.deepEqual(
    statuses.map((s) => s.gateway),
    ['b'],
  );
  assert.ok(isRecord(statuses[0]?.connection) && statuses[0].connection.ok === true);
});

test("tasks --all: each gateway's ledger, every task with its gateway; c is named in unread", async () => {
  fleet.a.addTask({id: 'task-on-a', status: 'running', sessionKey: 'agent:main:main'});
  const {code, out, doc} = await run(['tasks', '--json', '--all']);
  assert.equal(code, 0, out.stderr.text);
  const tasks = items(doc.tasks);
  assert.deepEqual(
    tasks.filter((task) => task.taskId === 'task-on-a').map((task) => task.gateway),
    ['a'],
  );
  assert.ok(tasks.every((task) => task.gateway === 'a' || task.gateway === 'b'));
  assert.equal(doc.count, tasks.length);
  assert.equal(doc.complete, false, 'c was not read');
  assert.ok(isRecord(doc.unread) && isRecord(doc.unread.c));
});

test('exit 1 only when no gateway could be read', async () => {
  const {code, out, doc} = await run(['status', '--json', '--gateway', 'c']);
  assert.equal(code, 1);
  assert.equal(doc.ok, false);
  assert.match(out.stderr.text, /no gateway could be read: c: /);
});

test('approve without --gateway refuses an id pending on two gateways (exit 2), sending nothing', async () => {
  const {code, out} = await run(['approve', fleet.shared]);
  assert.equal(code, 2);
  assert.match(out.stderr.text, /pending on 2 gateways \(a, b\); choose one with --gateway NAME/);
  assert.equal(decisions(fleet.a).length, 0);
  assert.equal(decisions(fleet.b).length, 0);
});

test('approve --gateway b decides on b only; an id only a holds goes to a without --gateway', async () => {
  const onB = await run(['approve', fleet.shared, '--gateway', 'b', '--json']);
  assert.equal(onB.code, 0, onB.out.stderr.text);
  assert.equal(onB.doc.gateway, 'b');
  assert.equal(onB.doc.ok, true);
  assert.deepEqual(
    decisions(fleet.b).map((r) => r.params),
    [{id: fleet.shared, decision: 'allow-once'}],
  );
  assert.equal(decisions(fleet.a).length, 0, 'nothing went to a');
  assert.equal(fleet.a.state.approvals.get(fleet.shared)?.status, 'pending');

  const onA = await run(['deny', fleet.onlyOnA, '--json']);
  assert.equal(onA.code, 0, onA.out.stderr.text);
  assert.equal(onA.doc.gateway, 'a');
  assert.deepEqual(
    decisions(fleet.a).map((r) => r.params),
    [{id: fleet.onlyOnA, decision: 'deny'}],
  );
  assert.equal(decisions(fleet.b).length, 1, 'nothing more went to b');

  const missing = await run(['approve', 'no-such-id']);
  assert.equal(missing.code, 3);
  assert.match(missing.out.stderr.text, /no pending request "no-such-id" on a, b \(not read: c\)/);
});

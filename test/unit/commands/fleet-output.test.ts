// What the twins print over a fleet, in text and --json: one section per gateway in the
// single-gateway twin's own lines, the documents' keys in their documented order with the
// gateway's name added, tail's lines each carrying their gateway, and decisions and answers
// printed as the gateway that took them answered.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {FixtureGateway} from '../../../source/fixture/fixture-gateway.ts';
import {twinFleet, type Started} from './fleet-fixture.ts';
import {isRecord} from './helpers.ts';

const fleet = twinFleet();
const MAIN = 'agent:main:main';

const parse = (line: string): Record<string, unknown> =>
  JSON.parse(line) as Record<string, unknown>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a tail and waits until each of `gateways` holds a new subscribed connection. */
const startTail = async (
  argv: readonly string[],
  gateways: readonly FixtureGateway[],
): Promise<Started> => {
  const before = gateways.map((g) => new Set(g.connections().map((conn) => conn.connId)));
  const tail = fleet.start(['tail', ...argv]);
  const subscribed = () =>
    gateways.every((g, i) =>
      g.connections().some((conn) => !before[i]?.has(conn.connId) && conn.subscribed),
    );
  for (let i = 0; i < 250 && !subscribed(); i++) await sleep(20);
  assert.ok(subscribed(), `tail did not subscribe:\n${tail.out.stderr.text}`);
  return tail;
};

test('status and pending in text: one section per gateway, in its twin lines; c says why it was not read', async () => {
  const status = await fleet.run(['status']);
  assert.equal(status.code, 0, status.out.stderr.text);
  assert.equal(status.out.stderr.text, '');
  const lines = status.out.stdout.lines();
  const heads = lines.filter((line) => line.startsWith('== '));
  assert.deepEqual(heads, [
    `== a (${fleet.a.url}) ==`,
    `== b (${fleet.b.url}) ==`,
    `== c (${fleet.c.url}) ==`,
  ]);
  assert.equal(lines[1], `gateway    ${fleet.a.url}`);
  assert.equal(lines.filter((line) => line.startsWith('connection ok · OpenClaw')).length, 2);
  assert.match(lines.at(-1) ?? '', /^not read: authentication failed \(AUTH_TOKEN_MISMATCH\)/);
  // sections are separated by one empty line
  assert.match(status.out.stdout.text, /\n\n== b \(/);

  const pending = await fleet.run(['pending']);
  assert.equal(pending.code, 0, pending.out.stderr.text);
  const text = pending.out.stdout.text;
  const sectionOf = (name: string) =>
    text.slice(text.indexOf(`== ${name} (`), text.indexOf('== ', text.indexOf(`== ${name} (`) + 3));
  assert.match(sectionOf('a'), new RegExp(`exec approval  ${fleet.shared}\n  echo on-a`));
  assert.match(sectionOf('a'), new RegExp(`exec approval  ${fleet.onlyOnA}\n  echo only-a`));
  assert.match(sectionOf('b'), new RegExp(`exec approval  ${fleet.shared}\n  echo on-b`));
  assert.doesNotMatch(sectionOf('b'), new RegExp(fleet.onlyOnA));
});

test("status --json: each gateway's document in its own key order, named first, its endpoint last", async () => {
  const {code, doc} = await fleet.run(['status', '--json']);
  assert.equal(code, 0);
  assert.deepEqual(Object.keys(doc), ['ok', 'statuses', 'warnings', 'unread', 'gateways']);
  const statuses = Array.isArray(doc.statuses) ? doc.statuses.filter(isRecord) : [];
  assert.deepEqual(
    statuses.map((s) => Object.keys(s)),
    [
      ['gateway', 'ok', 'connection', 'sessions', 'inbox', 'warnings', 'endpoint'],
      ['gateway', 'ok', 'connection', 'sessions', 'inbox', 'warnings', 'endpoint'],
      ['gateway', 'ok', 'error', 'endpoint'],
    ],
  );
  const [a, , c] = statuses;
  assert.ok(isRecord(a?.endpoint) && isRecord(c?.endpoint) && isRecord(c.error));
  assert.deepEqual(Object.keys(a.endpoint), ['url', 'urlSource', 'credentialSource', 'demo']);
  assert.equal(a.endpoint.url, fleet.a.url);
  assert.equal(a.endpoint.credentialSource, 'env A_TOKEN');
  assert.equal(c.endpoint.url, fleet.c.url);
  assert.equal(c.error.kind, 'auth');
});

test('tail --json over the fleet: the gateway on every line; c ends on its own line and [c] on stderr; stopping is exit 0', async () => {
  const tail = await startTail(['--json', '--all'], [fleet.a, fleet.b]);
  let failed: Record<string, unknown> = {};
  const onA = fleet.a.spawnSubagent(MAIN, {label: 'tail-a'});
  const onB = fleet.b.spawnSubagent(MAIN, {label: 'tail-b'});
  const spawnOn = (gateway: string, child: string) =>
    tail.out.stdout.waitForLine((line) => {
      const record = parse(line);
      return record.kind === 'spawn' && record.sessionKey === child && record.gateway === gateway;
    });
  try {
    await spawnOn('a', onA.childKey);
    await spawnOn('b', onB.childKey);
    failed = parse(await tail.out.stdout.waitForLine((line) => parse(line).ok === false));
  } finally {
    tail.out.stop();
  }
  assert.equal(await tail.done, 0, 'a and b were followed until stopped');
  assert.deepEqual(Object.keys(failed), ['ok', 'gateway', 'error']);
  assert.equal(failed.gateway, 'c');
  assert.ok(isRecord(failed.error) && failed.error.kind === 'auth');
  assert.match(tail.out.stderr.text, /^openclaw-tui: \[c\] authentication failed/m);
  for (const line of tail.out.stdout.lines()) {
    const record = parse(line);
    assert.ok(['a', 'b', 'c'].includes(String(record.gateway)), line);
    if ('kind' in record) assert.equal(Object.keys(record).at(-1), 'gateway', line);
  }
  // no event crosses over: a's child only on a's lines, b's only on b's
  const children = (gateway: string) =>
    tail.out.stdout
      .lines()
      .map(parse)
      .filter((record) => record.gateway === gateway && record.kind === 'spawn')
      .map((record) => record.sessionKey);
  assert.ok(!children('a').includes(onB.childKey) && !children('b').includes(onA.childKey));
});

test('tail in text: every line starts with its gateway; a fleet where no gateway can be followed ends with 1', async () => {
  const tail = await startTail(['--gateway', 'a'], [fleet.a]);
  try {
    const child = fleet.a.spawnSubagent(MAIN, {label: 'tail-text'});
    await tail.out.stdout.waitForLine((line) => line.includes(child.childKey));
  } finally {
    tail.out.stop();
  }
  assert.equal(await tail.done, 0);
  const lines = tail.out.stdout.lines();
  assert.ok(lines.length > 1);
  for (const line of lines) assert.match(line, /^\[a\] /);

  const refused = await fleet.run(['tail', '--gateway', 'c', '--json']);
  assert.equal(refused.code, 1);
  assert.equal(refused.doc.gateway, 'c');
  assert.equal(refused.doc.ok, false);
});

test("approve in text prints the gateway's line under its name; a refusal's JSON ends with the gateway", async () => {
  const id = fleet.a.requestExecApproval({command: 'echo text-approve'});
  const approved = await fleet.run(['approve', id]);
  assert.equal(approved.code, 0, approved.out.stderr.text);
  assert.deepEqual(approved.out.stdout.lines(), [
    `[a] approved exec approval ${id}: run \`echo text-approve\` on gateway in /tmp/openclaw-fixture/state/workspace this one time`,
  ]);

  const missing = await fleet.run(['approve', 'no-such-id', '--gateway', 'a', '--json']);
  assert.equal(missing.code, 3);
  assert.deepEqual(Object.keys(missing.doc), ['ok', 'id', 'decision', 'error', 'gateway']);
  assert.equal(missing.doc.gateway, 'a');
  assert.ok(isRecord(missing.doc.error) && missing.doc.error.kind === 'not-found');
  assert.match(missing.out.stderr.text, /^openclaw-tui: no pending request with id no-such-id/);

  const unreachable = await fleet.run(['deny', id, '--gateway', 'c', '--json']);
  assert.equal(unreachable.code, 1);
  assert.equal(unreachable.doc.gateway, 'c');
  assert.ok(isRecord(unreachable.doc.error) && unreachable.doc.error.kind === 'auth');
});

test('answer without --gateway goes to the one gateway where the question is pending', async () => {
  const question = fleet.a.askQuestion();
  const answered = await fleet.run(['answer', question, '--option', '1', '--json']);
  assert.equal(answered.code, 0, answered.out.stderr.text);
  assert.deepEqual(answered.doc, {
    ok: true,
    id: question,
    kind: 'question',
    answers: {deploy_target: ['Staging (Recommended)']},
    gateway: 'a',
  });
  assert.equal(fleet.a.requestsFor('question.resolve').length, 1);
  assert.equal(fleet.b.requestsFor('question.resolve').length, 0);
});

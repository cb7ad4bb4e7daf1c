import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {after, before, test} from 'node:test';
import type {TailKind} from '../../../source/cli-flags.ts';
import {runCommand} from '../../../source/commands/run-command.ts';
import {startFixtureGateway, type FixtureGateway} from '../../../source/fixture/fixture-gateway.ts';
import {capture, runOnce, makeOptions, tempHome, type Captured} from './helpers.ts';

let gateway: FixtureGateway;
const home = tempHome();
const MAIN = 'agent:main:main';

before(async () => {
  gateway = await startFixtureGateway();
});

after(async () => {
  await gateway.close();
  home.remove();
});

type Tail = {
  readonly out: Captured;
  /** Resolves with the exit code once tail has ended. */
  readonly done: Promise<number>;
};

const parse = (line: string): Record<string, unknown> =>
  JSON.parse(line) as Record<string, unknown>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts tail and waits until it holds a sessions subscription (so no event is missed). */
const startTail = async (
  filter: {kinds?: TailKind[]; session?: string; agent?: string} = {},
  json = true,
): Promise<Tail> => {
  const before = new Set(gateway.connections().map((conn) => conn.connId));
  const out = capture();
  const done = runCommand(
    makeOptions({
      command: {name: 'tail', kinds: filter.kinds ?? [], ...filter},
      home: home.dir,
      url: gateway.url,
      token: gateway.token,
      json,
    }),
    out.io,
  );
  for (let i = 0; i < 250; i++) {
    if (gateway.connections().some((conn) => !before.has(conn.connId) && conn.subscribed)) break;
    await sleep(20);
  }
  return {out, done};
};

const stopTail = async (tail: Tail): Promise<number> => {
  tail.out.stop();
  return tail.done;
};

test('tail --json: NDJSON records; a subagent spawn names parentKey and the child sessionKey', async () => {
  const tail = await startTail();
  try {
    const spawned = gateway.spawnSubagent(MAIN, {label: 'researcher'});
    const line = await tail.out.stdout.waitForLine(
      (text) => parse(text).kind === 'spawn' && parse(text).sessionKey === spawned.childKey,
    );
    const record = parse(line);
    assert.equal(record.parentKey, MAIN);
    assert.equal(record.severity, 'info');
    assert.match(String(record.summary), /spawned "researcher"/);
    assert.match(String(record.ts), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    for (const text of tail.out.stdout.lines()) {
      const each = parse(text);
      for (const key of [
        'id',
        'ts',
        'kind',
        'severity',
        'sessionKey',
        'parentKey',
        'runId',
        'summary',
        'detail',
      ]) {
        assert.ok(key in each, `${key} missing in ${text}`);
      }
    }
    // the first record says the connection came up
    assert.equal(parse(tail.out.stdout.lines()[0] ?? '{}').kind, 'gateway');
    const spawnLines = tail.out.stdout
      .lines()
      .map(parse)
      .filter((each) => each.kind === 'spawn' && each.sessionKey === spawned.childKey);
    assert.equal(spawnLines.length, 1, 'one spawn line per child');
  } finally {
    assert.equal(await stopTail(tail), 0);
  }
  assert.equal(tail.out.stderr.text, '');
});

test('a seq skip prints a gap line and the state is re-read', async () => {
  const tail = await startTail({kinds: ['spawn']});
  try {
    const listsBefore = gateway.requestsFor('exec.approval.list').length;
    gateway.skipSeq(5);
    gateway.emitTick();
    const line = await tail.out.stdout.waitForLine((text) => parse(text).kind === 'gap');
    const record = parse(line);
    assert.equal(record.severity, 'warn');
    assert.match(
      String(record.summary),
      /^missed events between \d\d:\d\d:\d\d and \d\d:\d\d:\d\d; state re-read$/,
    );
    const detail = record.detail as Record<string, unknown>;
    assert.equal(
      (detail.received as number) - (detail.expected as number),
      5,
      'the gap covers the skipped numbers',
    );
    // the bridge re-reads the lists after a gap
    for (let i = 0; i < 250; i++) {
      if (gateway.requestsFor('exec.approval.list').length > listsBefore) break;
      await sleep(20);
    }
    assert.ok(gateway.requestsFor('exec.approval.list').length > listsBefore, 'no re-read');
  } finally {
    assert.equal(await stopTail(tail), 0);
  }
});

test('--kind spawn drops run and tool lines but keeps gateway and gap lines', async () => {
  const tail = await startTail({kinds: ['spawn']});
  try {
    const spawned = gateway.spawnSubagent(MAIN, {label: 'kind-filter'});
    gateway.finishRun(spawned.childKey, {text: 'done'});
    const marker = gateway.spawnSubagent(MAIN, {label: 'after-finish'});
    await tail.out.stdout.waitForLine((text) => parse(text).sessionKey === marker.childKey);
    const kinds = new Set(tail.out.stdout.lines().map((text) => parse(text).kind));
    assert.ok(kinds.has('spawn'));
    assert.ok(kinds.has('gateway'));
    assert.ok(!kinds.has('run'), [...kinds].join(','));
    assert.ok(!kinds.has('tool'));
    assert.ok(!kinds.has('task'));
  } finally {
    assert.equal(await stopTail(tail), 0);
  }
});

test('--session KEY follows that session and its whole subtree, nothing else', async () => {
  const orchestrator = gateway.spawnSubagent(MAIN, {label: 'orchestrator'});
  const tail = await startTail({session: orchestrator.childKey});
  try {
    const sibling = gateway.spawnSubagent(MAIN, {label: 'sibling'});
    const child = gateway.spawnSubagent(orchestrator.childKey, {label: 'child'});
    const grandchild = gateway.spawnSubagent(child.childKey, {label: 'grandchild'});
    await tail.out.stdout.waitForLine(
      (text) => parse(text).kind === 'spawn' && parse(text).sessionKey === grandchild.childKey,
    );
    const records = tail.out.stdout.lines().map(parse);
    assert.ok(
      records.some((r) => r.sessionKey === child.childKey && r.parentKey === orchestrator.childKey),
    );
    const grand = records.find((r) => r.kind === 'spawn' && r.sessionKey === grandchild.childKey);
    assert.equal(grand?.parentKey, child.childKey);
    assert.ok(
      !records.some((r) => r.sessionKey === sibling.childKey || r.parentKey === MAIN),
      'a line outside the subtree was printed',
    );
    assert.ok(!records.some((r) => r.sessionKey === MAIN));
  } finally {
    assert.equal(await stopTail(tail), 0);
  }
});

test('--agent ID keeps only that agent’s sessions', async () => {
  const tail = await startTail({agent: 'ops'});
  try {
    const other = gateway.spawnSubagent(MAIN, {label: 'main-agent-child'});
    const ops = gateway.spawnSubagent(MAIN, {
      label: 'ops-child',
      agentId: 'ops',
      childKey: 'agent:ops:subagent:cafe0001',
    });
    gateway.startRun(ops.childKey);
    await tail.out.stdout.waitForLine(
      (text) => parse(text).kind === 'run' && parse(text).sessionKey === ops.childKey,
    );
    const records = tail.out.stdout.lines().map(parse);
    assert.ok(!records.some((r) => r.sessionKey === other.childKey));
    assert.ok(!records.some((r) => r.sessionKey === MAIN));
  } finally {
    assert.equal(await stopTail(tail), 0);
  }
});

test('plain lines without a TTY: no escape codes; a drop and the reconnect are reported', async () => {
  const tail = await startTail({}, false);
  try {
    gateway.updateSession(MAIN, {label: 'main\u001b[31m\u202e'});
    const spawned = gateway.spawnSubagent(MAIN, {label: 'plain'});
    await tail.out.stdout.waitForLine((text) => text.includes(spawned.childKey));
    gateway.closeAll(1012, 'service restart');
    await tail.out.stdout.waitForLine((text) => / gateway +disconnected \(1012/.test(text));
    // The reconnect is a second "connected to" line. Both may fall in the same second and read
    // alike, so count them (indexOf would find the first one again).
    const connectedLine = / gateway +connected to /;
    await tail.out.stdout.waitForLine(
      (text) =>
        connectedLine.test(text) &&
        tail.out.stdout.lines().filter((line) => connectedLine.test(line)).length >= 2,
      10_000,
    );
    const text = tail.out.stdout.text;
    assert.match(text, /^\d\d:\d\d:\d\d spawn {4}.*spawned "plain" {2}\[agent:main:main → /m);
    assert.ok(!text.includes('\u001b'), 'an escape character reached the terminal');
    assert.ok(!text.includes('\u202e'));
  } finally {
    assert.equal(await stopTail(tail), 0);
  }
});

test('a wrong token ends tail with exit 1 and one line (it does not retry forever)', async () => {
  const fresh = tempHome();
  try {
    const {code, out} = await runOnce({
      command: {name: 'tail', kinds: []},
      home: fresh.dir,
      url: gateway.url,
      token: 'wrong-token-wrong-token-wrong',
    });
    assert.equal(code, 1);
    assert.equal(out.stderr.lines().length, 1, out.stderr.text);
    assert.match(out.stderr.text, /authentication failed/);
    assert.ok(!out.stderr.text.includes('wrong-token-wrong-token-wrong'));
  } finally {
    fresh.remove();
  }
});

test('SIGTERM stops a real tail process cleanly with exit 0', async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./tail-signal-child.ts', import.meta.url))],
    {stdio: ['ignore', 'pipe', 'pipe']},
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const spawnLine = stdout
          .split('\n')
          .filter((line) => line !== '')
          .some((line) => parse(line).kind === 'spawn' && parse(line).parentKey === MAIN);
        if (spawnLine) resolve();
      });
      child.on('exit', () => reject(new Error(`child exited early:\n${stdout}\n${stderr}`)));
    });
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /runCommand returned 0/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

// The twins over a fleet entry whose ssh tunnel never comes up: the stand-in OpenSSH client on
// PATH fails as a real one does (its own stderr line, exit 255). The twin names that gateway and
// ssh's words in `unread`, reads the others, exits 1 only when nothing could be read, sends no
// decision anywhere else, and leaves no ssh behind.
import assert from 'node:assert/strict';
import {chmodSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {startFixtureGateway, type FixtureGateway} from '../../../source/fixture/fixture-gateway.ts';
import {finished, startArgv, type Ran} from './fleet-fixture.ts';
import {isRecord, tempHome} from './helpers.ts';

const FAKE_SSH = fileURLToPath(new URL('../../support/fake-ssh.mjs', import.meta.url));
const home = tempHome();
const sshLog = path.join(home.dir, 'ssh-starts.jsonl');
const sshMode = path.join(home.dir, 'ssh-mode');
let good: FixtureGateway | undefined;

before(async () => {
  good = await startFixtureGateway({tickIntervalMs: 0});
  // `ssh` on PATH is the stand-in: the twins spawn "ssh" as an operator's machine would
  const bin = path.join(home.dir, 'bin');
  mkdirSync(bin);
  const ssh = path.join(bin, 'ssh');
  writeFileSync(ssh, `#!/bin/sh\nexec "${process.execPath}" "${FAKE_SSH}" "$@"\n`);
  chmodSync(ssh, 0o755);
  process.env.PATH = `${bin}${path.delimiter}${process.env.PATH ?? ''}`;
  process.env.FAKE_SSH_LOG = sshLog;
  process.env.FAKE_SSH_MODE_FILE = sshMode;
  writeFileSync(
    path.join(home.dir, 'gateways.json5'),
    `{gateways: [
      {name: 'good', url: '${good.url}', tokenEnv: 'GOOD_TOKEN'},
      {name: 'vps', ssh: 'me@127.0.0.1', url: 'ws://127.0.0.1:18789', tokenEnv: 'VPS_TOKEN'},
    ]}`,
  );
});

after(async () => {
  await good?.close();
  home.remove();
});

const run = async (mode: string, argv: readonly string[]): Promise<Ran> => {
  writeFileSync(sshMode, mode);
  writeFileSync(sshLog, '');
  return finished(
    argv,
    startArgv(home.dir, argv, {GOOD_TOKEN: good?.token ?? '', VPS_TOKEN: 'never-sent'}),
  );
};

type Start = {readonly pid: number; readonly args: readonly string[]};

const starts = (): Start[] =>
  readFileSync(sshLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Start);

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('status --json: the refused tunnel is named with ssh’s own line in unread, the other gateway is read, exit 0', async () => {
  const {code, out, doc} = await run('auth', ['status', '--json']);
  assert.equal(code, 0, out.stderr.text);
  assert.ok(isRecord(doc.unread) && isRecord(doc.unread.vps), JSON.stringify(doc));
  const why = JSON.stringify(doc.unread.vps);
  assert.match(why, /ssh me@127\.0\.0\.1/);
  assert.match(why, /Permission denied \(publickey\)/);
  assert.equal(doc.unread.good, undefined);
  assert.doesNotMatch(out.stdout.text + out.stderr.text, /never-sent/);
  const [first, ...more] = starts();
  assert.ok(first, 'ssh was started');
  assert.deepEqual(more, [], 'a one-shot does not retry the tunnel');
  assert.ok(first.args.includes('BatchMode=yes'));
  assert.ok(first.args.some((arg) => /^127\.0\.0\.1:\d+:127\.0\.0\.1:18789$/.test(arg)));
  assert.equal(first.args.at(-1), 'me@127.0.0.1');
  assert.equal(alive(first.pid), false, 'no ssh left behind');
});

test('pending --json --gateway vps: nothing could be read, exit 1, ssh’s words in unread', async () => {
  const {code, doc} = await run('hostkey', ['pending', '--json', '--gateway', 'vps']);
  assert.equal(code, 1);
  assert.ok(isRecord(doc.unread) && isRecord(doc.unread.vps), JSON.stringify(doc));
  assert.match(JSON.stringify(doc.unread.vps), /Host key verification failed/);
  assert.equal(doc.unread.good, undefined, 'only the asked gateway is tried');
});

test('approve --gateway vps: refused with the tunnel’s reason, nothing sent to the other gateway', async () => {
  const before = good?.requests.length ?? 0;
  const {code, out} = await run('auth', ['approve', 'some-request-id', '--gateway', 'vps']);
  assert.equal(code, 1);
  assert.match(out.stderr.text, /vps: ssh me@127\.0\.0\.1: .*Permission denied \(publickey\)/);
  const sent = (good?.requests ?? []).slice(before).map((request) => request.method);
  assert.deepEqual(
    sent.filter((method) => /resolve|approve|reject/.test(method)),
    [],
  );
});

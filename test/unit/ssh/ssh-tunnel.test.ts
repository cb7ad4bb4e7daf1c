import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import type {SshForward} from '../../../source/config/fleet.ts';
import {
  createSshTunnel,
  sshTunnelArgs,
  type SshTunnel,
  type TunnelStatus,
} from '../../../source/ssh/ssh-tunnel.ts';

const FAKE_SSH = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'support',
  'fake-ssh.mjs',
);

const FORWARD: SshForward = {
  destination: 'me@gw.example',
  remoteHost: '127.0.0.1',
  remotePort: 18789,
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const setup = (mode: string, more: {readonly upTimeoutMs?: number} = {}) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'oct-fake-ssh-'));
  const modeFile = path.join(dir, 'mode');
  const log = path.join(dir, 'starts.jsonl');
  writeFileSync(modeFile, mode);
  const tunnel: SshTunnel = createSshTunnel({
    forward: FORWARD,
    sshPath: 'ssh-under-test',
    spawn: (_command, args, options) =>
      spawn(process.execPath, [FAKE_SSH, ...args], {
        ...options,
        env: {...process.env, FAKE_SSH_LOG: log, FAKE_SSH_MODE_FILE: modeFile},
      }),
    armReaper: () => undefined,
    initialBackoffMs: 50,
    maxBackoffMs: 200,
    probeIntervalMs: 25,
    ...(more.upTimeoutMs === undefined ? {} : {upTimeoutMs: more.upTimeoutMs}),
  });
  const starts = (): {pid: number; args: string[]}[] =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as {pid: number; args: string[]})
      : [];
  cleanups.push(async () => {
    await tunnel.stop();
    for (const start of starts()) assert.equal(isAlive(start.pid), false, 'an ssh survived stop()');
    rmSync(dir, {recursive: true, force: true});
  });
  return {tunnel, starts, setMode: (next: string) => writeFileSync(modeFile, next)};
};

const waitFor = async (
  tunnel: SshTunnel,
  predicate: (status: TunnelStatus) => boolean,
  timeoutMs = 10_000,
): Promise<TunnelStatus> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (predicate(tunnel.status())) return tunnel.status();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out; last status ${JSON.stringify(tunnel.status())}`);
};

test('the argv: no shell, no command, BatchMode, ExitOnForwardFailure, a loopback-only forward', () => {
  assert.deepEqual(sshTunnelArgs(FORWARD, 40001), [
    '-N',
    '-T',
    '-o',
    'BatchMode=yes',
    '-o',
    'ExitOnForwardFailure=yes',
    '-o',
    'ServerAliveInterval=15',
    '-o',
    'ServerAliveCountMax=3',
    '-o',
    'ConnectTimeout=15',
    '-L',
    '127.0.0.1:40001:127.0.0.1:18789',
    'me@gw.example',
  ]);
  const v6 = sshTunnelArgs({...FORWARD, remoteHost: '::1', configFile: '/x/ssh_config'}, 1, [
    'UserKnownHostsFile=/x/known',
  ]);
  assert.deepEqual(v6.slice(0, 4), ['-N', '-T', '-F', '/x/ssh_config']);
  assert.ok(v6.includes('UserKnownHostsFile=/x/known'));
  assert.equal(v6.at(-2), '127.0.0.1:1:[::1]:18789');
});

test('up: the forward listens, the status says where to dial', async () => {
  const {tunnel, starts} = setup('ok');
  const seen: string[] = [];
  tunnel.subscribe((status) => seen.push(status.state));
  const status = await tunnel.start();
  assert.equal(status.state, 'up');
  assert.equal(status.localUrl, `ws://127.0.0.1:${status.localPort}`);
  assert.equal(status.starts, 1);
  assert.deepEqual(seen, ['starting', 'up']);
  const [first] = starts();
  assert.equal(first?.args.at(-1), 'me@gw.example');
  assert.equal(first?.args.at(-2), `127.0.0.1:${status.localPort}:127.0.0.1:18789`);
});

test('ssh refusing auth: its own error line is kept, it is retried with back-off', async () => {
  const {tunnel, starts, setMode} = setup('auth');
  const first = await tunnel.start();
  assert.equal(first.state, 'retrying');
  assert.equal(first.lastError, 'me@127.0.0.1: Permission denied (publickey).');
  assert.equal(first.lastExit, 'exit code 255');
  assert.ok((first.retryAtMs ?? 0) > 0);
  await waitFor(tunnel, () => starts().length >= 3);
  setMode('hostkey');
  await waitFor(tunnel, (s) => s.lastError === 'Host key verification failed.');
  // fixed: the next start comes up on the same local port
  setMode('ok');
  const up = await waitFor(tunnel, (s) => s.state === 'up');
  assert.equal(up.localPort, first.localPort);
});

test('a killed ssh is replaced by a new one; stop leaves none', async () => {
  const {tunnel, starts} = setup('ok');
  const up = await tunnel.start();
  const pid = up.pid;
  assert.ok(pid);
  process.kill(pid, 'SIGKILL');
  const again = await waitFor(tunnel, (s) => s.state === 'up' && s.pid !== pid);
  assert.equal(again.starts, 2);
  assert.equal(again.lastExit, 'signal SIGKILL');
  assert.equal(again.localPort, up.localPort);
  const stopped = await tunnel.stop();
  assert.equal(stopped.state, 'stopped');
  for (const start of starts()) assert.equal(isAlive(start.pid), false);
});

test('a start that never listens is killed after its budget and retried', async () => {
  const {tunnel} = setup('slow', {upTimeoutMs: 1500});
  const pids = new Set<number>();
  tunnel.subscribe((status) => {
    if (status.pid !== undefined) pids.add(status.pid);
  });
  const first = await tunnel.start();
  assert.equal(first.state, 'retrying');
  assert.match(first.lastError ?? '', /did not listen within 1\.5 s/);
  assert.equal(first.lastExit, 'signal SIGKILL');
  await waitFor(tunnel, (s) => s.starts >= 2);
  await tunnel.stop();
  assert.ok(pids.size >= 2);
  for (const pid of pids) assert.equal(isAlive(pid), false);
});

test('no ssh installed: the reason is shown and it keeps trying', async () => {
  const tunnel = createSshTunnel({
    forward: FORWARD,
    sshPath: '/nonexistent/ssh',
    armReaper: () => undefined,
    initialBackoffMs: 50,
  });
  cleanups.push(async () => {
    await tunnel.stop();
  });
  const status = await tunnel.start();
  assert.equal(status.state, 'retrying');
  assert.match(status.lastError ?? '', /could not run ssh: .*ENOENT/);
});

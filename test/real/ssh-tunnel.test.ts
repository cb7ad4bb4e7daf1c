// Layer 3 for remote gateways over SSH: a real sshd on 127.0.0.1 (test/support/sshd.ts, Debian's
// openssh-server installed by .ci/run), a fleet entry with `ssh` read from a real gateways.json5,
// the tunnel supervisor running the system OpenSSH client, and the real gateway reached through
// the forward by the `status` twin. Killing the ssh process makes the supervisor start a new one
// that reaches the gateway again; stopping leaves no ssh process.
import assert from 'node:assert/strict';
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {parseCli} from '../../source/cli-flags.ts';
import {runCommand} from '../../source/commands/run-command.ts';
import {buildOptions} from '../../source/config/options.ts';
import {createFleetState, openFleetLinks} from '../../source/console/fleet-console.ts';
import {createSshTunnel, type SshTunnel, type TunnelStatus} from '../../source/ssh/ssh-tunnel.ts';
import {gatewayRecordOf} from '../../source/state/reducer.ts';
import {createStore} from '../../source/state/store.ts';
import {createTempTuiHome, readRealGatewayEnv} from '../support/real-gateway.ts';
import {sshdUnavailable, startTestSshd, type TestSshd} from '../support/sshd.ts';
import {capture, isRecord, onlyJson} from '../unit/commands/helpers.ts';

const unavailable = sshdUnavailable();
if (unavailable) process.stdout.write(`# SKIP ssh tests: ${unavailable}\n`);

const gateway = readRealGatewayEnv();
const tuiHome = createTempTuiHome();
let sshd: TestSshd | undefined;

before(async () => {
  if (!unavailable) sshd = await startTestSshd();
});
after(async () => {
  await sshd?.stop();
  tuiHome.remove();
});

/** Every ssh process on this machine whose argv forwards to `spec` (from /proc). */
const sshProcessesWith = (spec: string): number[] => {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (path.basename(argv[0] ?? '') === 'ssh' && argv.includes(spec)) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
};

const waitFor = async (
  tunnel: SshTunnel,
  predicate: (status: TunnelStatus) => boolean,
  timeoutMs = 30_000,
): Promise<TunnelStatus> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (predicate(tunnel.status())) return tunnel.status();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out; tunnel ${JSON.stringify(tunnel.status())}; sshd: ${sshd?.log()}`);
};

const statusThrough = async (url: string) => {
  const parsed = parseCli(['status', '--json', '--url', url, '--timeout', '20s']);
  assert.equal(parsed.kind, 'run');
  if (parsed.kind !== 'run') throw new Error('unreachable');
  const options = buildOptions({
    cli: {...parsed.cli, flags: {...parsed.cli.flags, token: gateway.token}},
    env: {HOME: tuiHome.dir, OPENCLAW_TUI_HOME: tuiHome.dir},
    osHome: tuiHome.dir,
    cwd: tuiHome.dir,
    platform: process.platform,
    activeGatewayPort: () => undefined,
  });
  const out = capture();
  const code = await runCommand(options, out.io);
  assert.equal(code, 0, `status through the tunnel failed: ${out.stderr.text}${out.stdout.text}`);
  const report = onlyJson(out);
  assert.ok(isRecord(report) && isRecord(report.connection));
  assert.equal(report.connection.ok, true);
  assert.equal(typeof report.connection.serverVersion, 'string');
  assert.ok(!out.stdout.text.includes(gateway.token) && !out.stderr.text.includes(gateway.token));
};

test(
  'a fleet entry with ssh reaches the real gateway through a supervised tunnel; a killed ssh is replaced; stop leaves none',
  {skip: unavailable},
  async () => {
    assert.ok(sshd);
    writeFileSync(
      path.join(tuiHome.dir, 'gateways.json5'),
      `// written by the ssh layer-3 test
      {gateways: [{
        name: 'remote',
        ssh: '${sshd.alias}',
        sshConfig: '${sshd.sshConfig}',
        url: 'ws://127.0.0.1:${gateway.port}',
        tokenEnv: 'OCT_SSH_TEST_TOKEN',
      }]}`,
    );
    const parsed = parseCli(['gateways', '--json']);
    assert.ok(parsed.kind === 'run');
    const options = buildOptions({
      cli: parsed.cli,
      env: {HOME: tuiHome.dir, OPENCLAW_TUI_HOME: tuiHome.dir, OCT_SSH_TEST_TOKEN: gateway.token},
      osHome: tuiHome.dir,
      cwd: tuiHome.dir,
      platform: process.platform,
    });
    const entry = options.fleet?.gateways[0];
    assert.ok(entry?.ssh, 'the fleet entry has its ssh forward');
    assert.equal(entry.gateway.credentialSource, 'env OCT_SSH_TEST_TOKEN');
    assert.equal(entry.ssh.remotePort, gateway.port);

    const tunnel = createSshTunnel({forward: entry.ssh});
    let spec = '';
    try {
      const up = await tunnel.start();
      assert.equal(up.state, 'up', `tunnel: ${JSON.stringify(up)}; sshd: ${sshd.log()}`);
      assert.ok(up.localUrl && up.pid && up.localPort);
      spec = `127.0.0.1:${up.localPort}:127.0.0.1:${gateway.port}`;
      assert.deepEqual(sshProcessesWith(spec), [up.pid], 'exactly our one ssh runs the forward');
      await statusThrough(up.localUrl);

      process.kill(up.pid, 'SIGKILL');
      const again = await waitFor(tunnel, (s) => s.state === 'up' && s.pid !== up.pid);
      assert.equal(again.starts, 2);
      assert.equal(again.localUrl, up.localUrl, 'the same local URL after the restart');
      await statusThrough(up.localUrl);
    } finally {
      await tunnel.stop();
    }
    assert.equal(tunnel.status().state, 'stopped');
    assert.deepEqual(sshProcessesWith(spec), [], 'no ssh process is left after stop()');
  },
);

test(
  'the fleet console over an ssh entry: connected through the forward; a killed ssh is replaced and the link reconnects; closing leaves no ssh',
  {skip: unavailable},
  async () => {
    assert.ok(sshd);
    const home = createTempTuiHome();
    try {
      writeFileSync(
        path.join(home.dir, 'gateways.json5'),
        `{gateways: [{
          name: 'remote',
          ssh: '${sshd.alias}',
          sshConfig: '${sshd.sshConfig}',
          url: 'ws://127.0.0.1:${gateway.port}',
          tokenEnv: 'OCT_SSH_TEST_TOKEN',
        }]}`,
      );
      const parsed = parseCli([]);
      assert.ok(parsed.kind === 'run');
      const options = buildOptions({
        cli: parsed.cli,
        env: {HOME: home.dir, OPENCLAW_TUI_HOME: home.dir, OCT_SSH_TEST_TOKEN: gateway.token},
        osHome: home.dir,
        cwd: home.dir,
        platform: process.platform,
      });
      assert.ok(options.fleet, 'gateways.json5 makes a fleet');
      const store = createStore(createFleetState(options.fleet, Date.now()));
      const links = await openFleetLinks({
        fleet: options.fleet,
        store,
        clientVersion: '0.0.0-test',
      });
      const remote = () => gatewayRecordOf(store.getState(), 'remote');
      const until = async (what: string, check: () => boolean, timeoutMs = 30_000) => {
        const deadline = Date.now() + timeoutMs;
        while (!check()) {
          if (Date.now() > deadline) {
            throw new Error(`timed out: ${what}; ${JSON.stringify(remote().gateway)}`);
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };
      let spec = '';
      try {
        links.start();
        const tunnel = links.members[0]?.tunnel;
        assert.ok(tunnel, 'the ssh entry got a supervised tunnel');
        // The links open while ssh is still starting (the console is drawn meanwhile).
        const deadline = Date.now() + 30_000;
        while (tunnel.status().state !== 'up' && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const up = tunnel.status();
        assert.equal(up.state, 'up', `tunnel: ${JSON.stringify(up)}; sshd: ${sshd.log()}`);
        assert.ok(up.pid && up.localPort);
        spec = `127.0.0.1:${up.localPort}:127.0.0.1:${gateway.port}`;
        await until('connected through the forward', () => remote().gateway.phase === 'connected');
        assert.equal(remote().tunnel?.phase, 'up');
        assert.equal(remote().tunnel?.localPort, up.localPort);
        assert.equal(typeof remote().gateway.serverVersion, 'string');

        process.kill(up.pid, 'SIGKILL');
        await until('the drop seen', () => remote().gateway.phase !== 'connected');
        await until(
          'a new ssh and the link connected again',
          () =>
            tunnel.status().state === 'up' &&
            tunnel.status().pid !== up.pid &&
            remote().gateway.phase === 'connected',
          60_000,
        );
        assert.deepEqual(sshProcessesWith(spec), [tunnel.status().pid], 'one ssh runs the forward');
      } finally {
        await links.close();
      }
      assert.deepEqual(sshProcessesWith(spec), [], 'no ssh process is left after close()');
    } finally {
      home.remove();
    }
  },
);

test(
  'ssh refusing the key: the supervisor keeps ssh own error line',
  {skip: unavailable},
  async () => {
    assert.ok(sshd);
    const tunnel = createSshTunnel({
      forward: {
        destination: sshd.alias,
        configFile: sshd.sshConfig,
        remoteHost: '127.0.0.1',
        remotePort: gateway.port,
      },
      // a key sshd does not know: BatchMode makes ssh fail instead of asking for a password
      extraOptions: [`IdentityFile=${path.join(sshd.dir, 'host_key')}`],
      initialBackoffMs: 200,
    });
    try {
      // the config's IdentityFile is tried too; drop it by pointing at an empty authorized_keys
      writeFileSync(path.join(sshd.dir, 'authorized_keys'), '');
      const status = await tunnel.start();
      assert.equal(status.state, 'retrying');
      assert.match(status.lastError ?? '', /Permission denied \(publickey\)/);
    } finally {
      await tunnel.stop();
      writeFileSync(
        path.join(sshd.dir, 'authorized_keys'),
        readFileSync(path.join(sshd.dir, 'client_key.pub')),
      );
    }
  },
);

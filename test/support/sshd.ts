// A throwaway OpenSSH server on 127.0.0.1 for the layer-3 SSH tests: Debian's openssh-server
// (installed by .ci/run), its own host key, one client key in its own authorized_keys, a free
// port, everything in a temp dir, and an ssh_config whose host alias reaches it with exactly
// those keys (strict host key checking against its own known_hosts). sshd needs an absolute
// config path, the privilege-separation dir /run/sshd, and root.
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {acceptsOnLoopback, freeLoopbackPort as freePort} from '../../source/net/loopback-port.ts';
import {tmpdir, userInfo} from 'node:os';
import path from 'node:path';

export const SSHD = '/usr/sbin/sshd';
export const SSH_HOST_ALIAS = 'oct-sshd';

/** Why an sshd cannot be started here, or undefined when it can. */
export const sshdUnavailable = (): string | undefined => {
  if (!existsSync(SSHD)) return `${SSHD} is not installed (apt-get install -y openssh-server)`;
  if (spawnSync('ssh', ['-V']).error) return 'the OpenSSH client (ssh) is not installed';
  if (process.getuid?.() !== 0) return 'sshd must run as root here (privilege separation)';
  return undefined;
};

export type TestSshd = {
  readonly port: number;
  readonly dir: string;
  readonly pid: number;
  /** ssh_config with Host SSH_HOST_ALIAS → this server, our key, our known_hosts. */
  readonly sshConfig: string;
  readonly alias: string;
  readonly log: () => string;
  readonly stop: () => Promise<void>;
};

const keygen = (file: string): void => {
  const result = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
  if (result.status !== 0) throw new Error(`ssh-keygen failed: ${String(result.stderr)}`);
};

export const startTestSshd = async (): Promise<TestSshd> => {
  const dir = mkdtempSync(path.join(tmpdir(), 'oct-sshd-'));
  keygen(path.join(dir, 'host_key'));
  keygen(path.join(dir, 'client_key'));
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'client_key.pub')), {
    mode: 0o600,
  });
  const port = await freePort();
  writeFileSync(
    path.join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${dir}/host_key`,
      `AuthorizedKeysFile ${dir}/authorized_keys`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      `PidFile ${dir}/sshd.pid`,
      'AllowTcpForwarding yes',
      'PermitRootLogin prohibit-password',
      '',
    ].join('\n'),
  );
  const hostKey = readFileSync(path.join(dir, 'host_key.pub'), 'utf8').trim();
  writeFileSync(path.join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${hostKey}\n`);
  const sshConfig = path.join(dir, 'ssh_config');
  writeFileSync(
    sshConfig,
    [
      `Host ${SSH_HOST_ALIAS}`,
      '  HostName 127.0.0.1',
      `  Port ${port}`,
      `  User ${userInfo().username}`,
      `  IdentityFile ${dir}/client_key`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${dir}/known_hosts`,
      '  GlobalKnownHostsFile /dev/null',
      '  StrictHostKeyChecking yes',
      '',
    ].join('\n'),
  );
  mkdirSync('/run/sshd', {recursive: true, mode: 0o755});
  const logFile = path.join(dir, 'sshd.log');
  // -D: stay in the foreground (our child), -e: log to stderr, which goes to the log file.
  const child = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    log += chunk;
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start sshd');
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + 15_000;
  while (!(await acceptsOnLoopback(port))) {
    if (exited || Date.now() > deadline) {
      rmSync(dir, {recursive: true, force: true});
      throw new Error(`sshd did not start: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stop = async (): Promise<void> => {
    if (!exited) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (!exited) child.kill('SIGKILL');
    }
    writeFileSync(logFile, log);
    rmSync(dir, {recursive: true, force: true});
  };
  return {port, dir, pid, sshConfig, alias: SSH_HOST_ALIAS, log: () => log, stop};
};

// The local forward a fleet entry with `ssh` is reached through, run with the system OpenSSH
// client and supervised here (no React; the console and the twins subscribe to its status):
//
//   ssh -N -T -o BatchMode=yes -o ExitOnForwardFailure=yes -o ServerAliveInterval=15 …
//       -L 127.0.0.1:<free local port>:<remote host>:<remote port> <destination>
//
// No remote command and no shell anywhere: ssh is spawned directly with an argv, and the
// destination was checked when the fleet was read (it never starts with "-"). BatchMode: ssh never
// asks for a password or a host-key confirmation (there is no one to answer); it fails instead,
// and its own last stderr line ("Host key verification failed.", "Permission denied (publickey)")
// is kept for the Fleet row. ExitOnForwardFailure: a forward that cannot be set up ends ssh
// instead of leaving a useless session.
//
// "up" = the local port accepts a TCP connection: OpenSSH opens local forwards only once the
// session is authenticated. When ssh exits or dies it is started again after a back-off
// (1 s, 2 s, 4 s … 30 s; the count restarts after a session that lasted). The local port stays
// the same across restarts (the gateway connection keeps its URL) unless it was taken meanwhile.
//
// No orphan: ssh runs in its own process group (a terminal hangup is ours to handle), stop() ends
// it (SIGTERM, bounded wait, SIGKILL), killNowSync() is for process 'exit', and the reaper
// sidecar (source/embed/reaper.ts) ends it if the console is SIGKILLed.

import {spawn as nodeSpawn, type ChildProcess, type SpawnOptions} from 'node:child_process';
import {acceptsOnLoopback, freeLoopbackPort} from '../net/loopback-port.ts';
import type {SshForward} from '../config/fleet.ts';
import {armShellReaper, type ArmReaper, type Reaper} from '../embed/reaper.ts';

export type TunnelState =
  /** ssh is starting; the forward is not listening yet. */
  | 'starting'
  /** The local forward accepts connections: dial `localUrl`. */
  | 'up'
  /** ssh ended (or never came up); a new one starts at `retryAtMs`. */
  | 'retrying'
  /** stop() was called (or never started). */
  | 'stopped';

export type TunnelStatus = {
  readonly state: TunnelState;
  /** The ssh destination, for the Fleet row. */
  readonly destination: string;
  readonly localPort?: number;
  /** ws://127.0.0.1:<localPort>: what the gateway connection dials. */
  readonly localUrl?: string;
  /** pid of the running ssh, if any. */
  readonly pid?: number;
  /** ssh processes started so far (1 after the first start). */
  readonly starts: number;
  /** ssh's own last stderr line (host key, auth, connect), raw: sanitise before display. */
  readonly lastError?: string;
  /** How the last ssh ended, e.g. "exit code 255", "signal SIGKILL". */
  readonly lastExit?: string;
  /** Epoch ms of the next start while `retrying`. */
  readonly retryAtMs?: number;
};

export type SpawnFn = (
  command: string,
  args: readonly string[],
  options: SpawnOptions,
) => ChildProcess;

export type SshTunnelOptions = {
  readonly forward: SshForward;
  /** The ssh executable; default "ssh" from PATH. */
  readonly sshPath?: string;
  /** Extra `-o Key=value` options (tests: UserKnownHostsFile, IdentityFile …). */
  readonly extraOptions?: readonly string[];
  /** ssh's environment; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly spawn?: SpawnFn;
  /** A free loopback port; default: ask the kernel. */
  readonly freePort?: () => Promise<number>;
  /** Does the forward listen yet? Default: a TCP connect to 127.0.0.1:port. */
  readonly probe?: (port: number) => Promise<boolean>;
  readonly armReaper?: ArmReaper;
  /** How long a start may take to listen before it is killed and retried. Default 30 s. */
  readonly upTimeoutMs?: number;
  readonly probeIntervalMs?: number;
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** A session that stayed up this long resets the back-off. Default 30 s. */
  readonly stableAfterMs?: number;
  /** SIGTERM → SIGKILL grace in stop(). Default 3 s. */
  readonly stopTimeoutMs?: number;
  readonly now?: () => number;
};

export type SshTunnel = {
  /** Start supervising; resolves at the first `up`, or the first failure (then it retries). */
  start(): Promise<TunnelStatus>;
  status(): TunnelStatus;
  /** Every status change; returns the unsubscribe. */
  subscribe(listener: (status: TunnelStatus) => void): () => void;
  /** End ssh and stop supervising; resolves when no ssh of ours is left. */
  stop(options?: {readonly timeoutMs?: number}): Promise<TunnelStatus>;
  /** Synchronous SIGKILL: only for process 'exit', where nothing can wait. */
  killNowSync(): void;
};

export const tunnelLocalUrl = (port: number): string => `ws://127.0.0.1:${port}`;

/** The argv after the executable. Exported for tests and for the readme's set-up section. */
export const sshTunnelArgs = (
  forward: SshForward,
  localPort: number,
  extraOptions: readonly string[] = [],
): string[] => {
  const host = forward.remoteHost.includes(':') ? `[${forward.remoteHost}]` : forward.remoteHost;
  return [
    '-N',
    '-T',
    ...(forward.configFile ? ['-F', forward.configFile] : []),
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
    ...extraOptions.flatMap((option) => ['-o', option]),
    '-L',
    `127.0.0.1:${localPort}:${host}:${forward.remotePort}`,
    forward.destination,
  ];
};

/** Lines ssh prints that are not the reason for anything. */
const NOISE = /^(Warning: Permanently added|Pseudo-terminal will not be allocated)/;

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });

export const createSshTunnel = (options: SshTunnelOptions): SshTunnel => {
  const spawn = options.spawn ?? (nodeSpawn as SpawnFn);
  const freePort = options.freePort ?? freeLoopbackPort;
  const probe = options.probe ?? acceptsOnLoopback;
  const armReaper = options.armReaper ?? armShellReaper;
  const now = options.now ?? Date.now;
  const upTimeoutMs = options.upTimeoutMs ?? 30_000;
  const probeIntervalMs = options.probeIntervalMs ?? 150;
  const initialBackoffMs = options.initialBackoffMs ?? 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const stableAfterMs = options.stableAfterMs ?? 30_000;

  let status: TunnelStatus = {
    state: 'stopped',
    destination: options.forward.destination,
    starts: 0,
  };
  const listeners = new Set<(status: TunnelStatus) => void>();
  let child: ChildProcess | undefined;
  let reaper: Reaper | undefined;
  let stopping = false;
  let running = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let firstSettled: ((status: TunnelStatus) => void) | undefined;
  let portInUse = false;

  const update = (patch: Partial<TunnelStatus>, drop: readonly (keyof TunnelStatus)[] = []) => {
    const next: Record<string, unknown> = {...status, ...patch};
    for (const key of drop) delete next[key];
    status = next as TunnelStatus;
    for (const listener of listeners) {
      try {
        listener(status);
      } catch {
        // A listener's bug must not stop the supervision.
      }
    }
  };

  const settleFirst = () => {
    const resolve = firstSettled;
    firstSettled = undefined;
    resolve?.(status);
  };

  const scheduleRetry = () => {
    if (stopping) return;
    failures += 1;
    const delay = Math.min(maxBackoffMs, initialBackoffMs * 2 ** Math.min(failures - 1, 20));
    update({state: 'retrying', retryAtMs: now() + delay}, ['pid']);
    settleFirst();
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void launch();
    }, delay);
    retryTimer.unref();
  };

  const launch = async (): Promise<void> => {
    if (stopping) return;
    let port = status.localPort;
    if (port === undefined || portInUse) {
      port = await freePort();
      portInUse = false;
    }
    if (stopping) return;
    const args = sshTunnelArgs(options.forward, port, options.extraOptions);
    let proc: ChildProcess;
    try {
      proc = spawn(options.sshPath ?? 'ssh', args, {
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: {...(options.env ?? process.env)} as NodeJS.ProcessEnv,
      });
    } catch (error) {
      update({
        state: 'retrying',
        lastError: `could not run ssh: ${error instanceof Error ? error.message : String(error)}`,
      });
      scheduleRetry();
      return;
    }
    child = proc;
    const startedAt = now();
    let upAt: number | undefined;
    const pid = proc.pid;
    if (pid !== undefined) reaper = armReaper(pid);
    update(
      {
        state: 'starting',
        localPort: port,
        localUrl: tunnelLocalUrl(port),
        starts: status.starts + 1,
        ...(pid !== undefined ? {pid} : {}),
      },
      ['retryAtMs', ...(pid === undefined ? (['pid'] as const) : [])],
    );

    let partial = '';
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split(/\r?\n/);
      partial = lines.pop() ?? '';
      for (const raw of lines) {
        const line = raw.trim();
        if (!line || NOISE.test(line)) continue;
        if (/Address already in use|cannot listen to port/i.test(line)) portInUse = true;
        update({lastError: line.slice(0, 500)});
      }
    });
    let exited = false;
    proc.once('error', (error) => {
      // spawn failures (ENOENT: no ssh installed) arrive here, followed by 'close'
      update({lastError: `could not run ssh: ${error.message}`});
    });
    proc.once('close', (code, signal) => {
      exited = true;
      if (child === proc) child = undefined;
      reaper?.disarm();
      reaper = undefined;
      const tail = partial.trim();
      if (tail && !NOISE.test(tail)) update({lastError: tail.slice(0, 500)});
      const lastExit = signal ? `signal ${signal}` : `exit code ${code ?? '?'}`;
      if (upAt !== undefined && now() - upAt >= stableAfterMs) failures = 0;
      update({lastExit}, ['pid']);
      if (stopping) return;
      scheduleRetry();
    });

    // Wait for the forward to listen, ssh to end, or the budget to run out.
    while (!exited && !stopping && child === proc) {
      if (await probe(port)) {
        if (exited || stopping || child !== proc) return;
        upAt = now();
        update({state: 'up'});
        settleFirst();
        return;
      }
      if (now() - startedAt > upTimeoutMs) {
        update({
          lastError: `the forward did not listen within ${upTimeoutMs / 1000} s`,
        });
        killGroup(proc, 'SIGKILL');
        return;
      }
      await sleep(probeIntervalMs);
    }
  };

  const killGroup = (proc: ChildProcess, signal: NodeJS.Signals) => {
    const pid = proc.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        proc.kill(signal);
      } catch {
        // already gone
      }
    }
  };

  return {
    start() {
      if (running) return Promise.resolve(status);
      running = true;
      stopping = false;
      const first = new Promise<TunnelStatus>((resolve) => {
        firstSettled = resolve;
      });
      void launch();
      return first;
    },
    status: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop(stopOptions = {}) {
      stopping = true;
      running = false;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = undefined;
      const proc = child;
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        const closed = new Promise<void>((resolve) => proc.once('close', () => resolve()));
        killGroup(proc, 'SIGTERM');
        const grace = stopOptions.timeoutMs ?? options.stopTimeoutMs ?? 3000;
        const timedOut = await Promise.race([
          closed.then(() => false),
          sleep(grace).then(() => true),
        ]);
        if (timedOut) {
          killGroup(proc, 'SIGKILL');
          await Promise.race([closed, sleep(2000)]);
        }
      }
      child = undefined;
      reaper?.disarm();
      reaper = undefined;
      update({state: 'stopped'}, ['pid', 'retryAtMs']);
      settleFirst();
      return status;
    },
    killNowSync() {
      stopping = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (child) killGroup(child, 'SIGKILL');
      reaper?.disarm();
    },
  };
};

// A last line of defence for the one exit path no handler sees: the console killed with SIGKILL
// (or by the OOM killer). A tiny `sh` sidecar in its own session holds the read end of a pipe
// from us; when we die for any reason the kernel closes our end, its `read` returns, and it
// stops the gateway's process group (SIGTERM, then SIGKILL after 10 s). While we live, we disarm
// it before the group can go away, so it never signals a process group id that was reused.

import {spawn} from 'node:child_process';

export type Reaper = {
  /** The gateway is gone or left running on purpose: the sidecar exits without signalling. */
  disarm(): void;
};

export type ArmReaper = (pgid: number) => Reaper | undefined;

// `kill -SIG -PGID`, not `kill -s SIG -- -PGID`: dash (Debian's /bin/sh) rejects the latter.
const script = (pgid: number): string =>
  [
    'read -r word',
    '[ "$word" = disarm ] && exit 0',
    `kill -TERM -${pgid} 2>/dev/null || exit 0`,
    'i=0',
    'while [ $i -lt 10 ]; do',
    `  kill -0 -${pgid} 2>/dev/null || exit 0`,
    '  sleep 1',
    '  i=$((i+1))',
    'done',
    `kill -KILL -${pgid} 2>/dev/null`,
    'exit 0',
  ].join('\n');

export const armShellReaper: ArmReaper = (pgid) => {
  if (process.platform === 'win32' || !Number.isInteger(pgid) || pgid <= 1) return undefined;
  try {
    // detached: its own session, so a terminal hangup or Ctrl+C to our group does not take it.
    const sidecar = spawn('/bin/sh', ['-c', script(pgid)], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    sidecar.on('error', () => undefined);
    sidecar.stdin?.on('error', () => undefined);
    // Neither the sidecar nor its pipe may keep the console's event loop alive.
    sidecar.unref();
    (sidecar.stdin as unknown as {unref?: () => void} | null)?.unref?.();
    let armed = true;
    return {
      disarm() {
        if (!armed) return;
        armed = false;
        try {
          sidecar.stdin?.end('disarm\n');
        } catch {
          // The sidecar is already gone: nothing to disarm.
        }
      },
    };
  } catch {
    return undefined;
  }
};

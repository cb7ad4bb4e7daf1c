// No gateway we spawned outlives the console, whichever way the console ends, and the console
// still ends with the status it would have had:
//
//   `q` / Ctrl+C in raw mode → the app calls `await guard.shutdown('quit')`, then exits normally.
//   SIGINT, SIGTERM, SIGHUP  → stop every supervisor (SIGTERM the group, bounded wait, SIGKILL),
//                              then re-raise the same signal with our handlers removed, so the
//                              process dies by that signal (status 128+n) as it would have.
//                              A second signal while waiting skips the wait: SIGKILL, re-raise.
//   uncaughtException        → print it as Node would, stop (bounded), exit 1 (Node's status for
//   (and unhandled rejections, an uncaught exception; unhandled rejections arrive here too under
//   which Node raises as one)  Node's default --unhandled-rejections=throw).
//   process 'exit'           → synchronous last resort: SIGKILL every group we still own.
//   SIGKILL / OOM            → nothing in-process can run; reaper.ts's sidecar stops the group.
//
// How this meets Ink (6.x, which uses signal-exit 3): Ink's render() registers signal-exit to
// unmount on exit. signal-exit acts on SIGINT/SIGTERM/SIGHUP only when it is the sole listener,
// so while these handlers are installed Ink does NOT unmount at the signal: pass `onShutdown` to
// unmount Ink (restoring the terminal) before the bounded wait. When we re-raise, our listeners
// are gone, signal-exit runs Ink's unmount (a no-op if already done) and re-kills with the same
// signal. In raw mode Ctrl+C is a key, not SIGINT: render with exitOnCtrlC:false and route
// Ctrl+C and `q` to shutdown('quit'). Ink's own process-'exit' hook and ours are independent.
// On SIGHUP the terminal is gone: writes may fail with EIO, so nothing here writes to it then.

import os from 'node:os';
import type {Supervisor} from './supervisor.ts';

export type Guarded = Pick<Supervisor, 'stop' | 'killNowSync'>;

export type ShutdownReason = 'quit' | 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'uncaughtException';

export type NoOrphansOptions = {
  /** Read at exit time, so supervisors created later are covered. */
  readonly supervisors: () => readonly Guarded[];
  /** SIGTERM → SIGKILL grace for each supervisor's stop. */
  readonly stopTimeoutMs?: number;
  /** Runs once when shutting down begins (unmount Ink here). Must not throw; errors are ignored. */
  readonly onShutdown?: (reason: ShutdownReason) => void;
};

export type NoOrphans = {
  /** The `q` path: stop everything; resolves when no child is left. The caller then exits. */
  shutdown(reason?: 'quit'): Promise<void>;
  /** Remove every handler (tests, or a console that no longer embeds). */
  dispose(): void;
};

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type HandledSignal = (typeof SIGNALS)[number];

const signalNumber = (signal: HandledSignal): number => os.constants.signals[signal];

const formatUncaught = (error: unknown, origin: string): string => {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return origin === 'unhandledRejection'
    ? `Unhandled promise rejection: ${text}`
    : `Uncaught exception: ${text}`;
};

export const installNoOrphans = (options: NoOrphansOptions): NoOrphans => {
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  let stopping: Promise<void> | undefined;
  let installed = true;

  const killAllSync = () => {
    for (const supervisor of options.supervisors()) {
      try {
        supervisor.killNowSync();
      } catch {
        // Last resort: keep going for the others.
      }
    }
  };

  const begin = (reason: ShutdownReason): Promise<void> => {
    if (stopping) return stopping;
    try {
      options.onShutdown?.(reason);
    } catch {
      // The shutdown must go on even if the UI could not be torn down cleanly.
    }
    const all = Promise.allSettled(
      options.supervisors().map((supervisor) => supervisor.stop({timeoutMs: stopTimeoutMs})),
    ).then(() => undefined);
    // stop() is bounded already; this cap only guards against a supervisor that never settles.
    const cap = new Promise<void>((resolve) => {
      setTimeout(resolve, stopTimeoutMs + 10_000).unref();
    });
    stopping = Promise.race([all, cap]).then(killAllSync);
    return stopping;
  };

  const reraise = (signal: HandledSignal) => {
    removeHandlers();
    process.kill(process.pid, signal);
    // Another library may still listen for this signal and keep us alive: exit with the status
    // a death by this signal reports anyway.
    setTimeout(() => process.exit(128 + signalNumber(signal)), 2000).unref();
  };

  const signalHandlers = new Map<HandledSignal, () => void>();
  for (const signal of SIGNALS) {
    signalHandlers.set(signal, () => {
      if (stopping) {
        // Asked twice: stop waiting for a graceful exit.
        killAllSync();
        reraise(signal);
        return;
      }
      void begin(signal).then(() => reraise(signal));
    });
  }

  const onUncaught = (error: unknown, origin: string) => {
    process.exitCode = 1;
    try {
      process.stderr.write(`${formatUncaught(error, origin)}\n`);
    } catch {
      // stderr may be gone (SIGHUP); the exit status still says it failed.
    }
    if (stopping) return;
    void begin('uncaughtException').then(() => process.exit(1));
  };

  const onExit = () => killAllSync();

  const removeHandlers = () => {
    if (!installed) return;
    installed = false;
    for (const [signal, handler] of signalHandlers) process.off(signal, handler);
    process.off('uncaughtException', onUncaught);
    process.off('exit', onExit);
  };

  for (const [signal, handler] of signalHandlers) process.on(signal, handler);
  process.on('uncaughtException', onUncaught);
  process.on('exit', onExit);

  return {
    shutdown: () => begin('quit'),
    dispose: removeHandlers,
  };
};

// Every process a benchmark starts goes through here: it is remembered by pid (with its start
// time, so a reused pid is never mistaken for ours), stopped with its descendants when the
// measurement ends, and killed on any exit path of the bench runner. Nothing is matched by name.

import {spawn, fork, type ChildProcess, type SpawnOptions} from 'node:child_process';
import {stripVTControlCharacters} from 'node:util';
import {descendantsOf, listProcesses, type ProcessInfo} from '../../test/support/process-tree.ts';

const live = new Set<ChildProcess>();
let hooksInstalled = false;

const signal = (pid: number, sig: NodeJS.Signals): void => {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
};

/** The child and everything below it, as of now (a pty child is not in the child's group). */
export const familyOf = (pid: number): readonly ProcessInfo[] => {
  const table = listProcesses();
  const self = table.find((p) => p.pid === pid);
  return [...(self ? [self] : []), ...descendantsOf(pid, table)];
};

const killFamilyNow = (child: ChildProcess): void => {
  if (child.pid === undefined) return;
  for (const p of familyOf(child.pid)) signal(p.pid, 'SIGKILL');
};

const installHooks = (): void => {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const child of live) killFamilyNow(child);
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      for (const child of live) killFamilyNow(child);
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  }
};

const remember = (child: ChildProcess): ChildProcess => {
  installHooks();
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
};

export const spawnTracked = (
  command: string,
  args: readonly string[],
  options: SpawnOptions,
): ChildProcess => remember(spawn(command, args, options));

/**
 * A module of ours in a child Node (same Node; TypeScript through the tsx loader, a built .js
 * file without it) with an IPC channel. Its stderr is passed on without terminal control
 * sequences (Ink restores the cursor on exit).
 */
export const forkTracked = (
  modulePath: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  extraExecArgv: readonly string[] = [],
): ChildProcess => {
  const child = fork(modulePath, [...args], {
    execArgv: [...(modulePath.endsWith('.js') ? [] : ['--import', 'tsx']), ...extraExecArgv],
    env,
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = stripVTControlCharacters(chunk.toString('utf8'));
    if (text.trim() !== '') process.stderr.write(text);
  });
  return remember(child);
};

export const exited = (child: ChildProcess): boolean =>
  child.exitCode !== null || child.signalCode !== null;

/** Resolves with true when the child exits within `ms`. */
export const waitForExit = (child: ChildProcess, ms: number): Promise<boolean> =>
  new Promise((resolve) => {
    if (exited(child)) return resolve(true);
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });

/**
 * Stop a child and its descendants: SIGTERM, up to `graceMs` to go, then SIGKILL for whatever of
 * the family (as first seen) is still the same process.
 */
export const stopTracked = async (
  child: ChildProcess,
  graceMs = 3000,
  /** Taken while the child was alive: once it is gone, its orphans are no longer traceable. */
  known: readonly ProcessInfo[] = [],
): Promise<void> => {
  if (child.pid === undefined) return;
  const family = [...known, ...familyOf(child.pid)];
  if (!exited(child)) {
    signal(child.pid, 'SIGTERM');
    await waitForExit(child, graceMs);
  }
  const deadline = Date.now() + 2000;
  for (;;) {
    const table = listProcesses();
    const left = family.filter((p) =>
      table.some((q) => q.pid === p.pid && q.startTicks === p.startTicks),
    );
    if (left.length === 0) break;
    for (const p of left) signal(p.pid, 'SIGKILL');
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  live.delete(child);
};

/** Children still running (the runner checks this is empty at the end). */
export const liveChildren = (): number => [...live].filter((child) => !exited(child)).length;

/**
 * The environment for a child that runs the console or a twin: ours without CI markers (Ink
 * writes no frames at all when it thinks it runs in CI), without the caller's OpenClaw or npm
 * settings, plus `extra`.
 */
export const childEnv = (extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'CI' || key === 'CONTINUOUS_INTEGRATION') continue;
    if (key.startsWith('OPENCLAW_') || key.startsWith('npm_') || key.startsWith('TSX_')) continue;
    if (key === 'NODE_OPTIONS' || key === 'NO_COLOR' || key === 'FORCE_COLOR') continue;
    // The bin decides NODE_ENV itself (??= 'production'); the runner's must not leak in.
    if (key === 'NODE_ENV') continue;
    env[key] = value;
  }
  return {...env, ...extra};
};

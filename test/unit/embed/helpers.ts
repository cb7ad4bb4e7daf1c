// Shared by the embed tests: free ports, temp dirs, process liveness and a supervisor wired to
// test/support/fake-openclaw.ts.

import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {freeLoopbackPort as freePort} from '../../../source/net/loopback-port.ts';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {createProbeReady} from '../../../source/embed/probe-ready.ts';
import {
  createSupervisor,
  type Supervisor,
  type SupervisorOptions,
} from '../../../source/embed/supervisor.ts';
import type {EmbedState, EmbedStatus} from '../../../source/embed/types.ts';

export const fakeOpenclaw = fileURLToPath(
  new URL('../../support/fake-openclaw.ts', import.meta.url),
);
export const tsxLoader = import.meta.resolve('tsx');

// One helper for a free loopback port, shared with the SSH forward.
export {freePort};

const tempDirs: string[] = [];

export const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), `oct-embed-${prefix}-`));
  tempDirs.push(dir);
  return dir;
};

/** For `after`: every directory tempDir() made in this process. */
export const removeTempDirs = (): void => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, {recursive: true, force: true});
};

/** Alive and not a zombie waiting for a parent that will never reap it. */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
};

export const waitFor = async <T>(
  what: string,
  probe: () => T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

export const waitForState = (
  supervisor: Supervisor,
  state: EmbedState,
  timeoutMs = 20_000,
): Promise<EmbedStatus> =>
  waitFor(
    `state ${state} (now ${supervisor.status().state})`,
    () => (supervisor.status().state === state ? supervisor.status() : undefined),
    timeoutMs,
  );

export const readState = (dir: string, name: string): string | undefined => {
  const file = path.join(dir, name);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
};

export const gatewayPid = (dir: string, start: number): number => {
  const text = readState(dir, `gateway-${start}.pid`);
  if (text === undefined) throw new Error(`gateway start ${start} left no pid`);
  return Number(text);
};

export type FakeSetup = {
  readonly supervisor: Supervisor;
  readonly stateDir: string;
  readonly dataDir: string;
  readonly port: number;
};

export const fakeSupervisor = async (
  fakeEnv: Readonly<Record<string, string>> = {},
  overrides: Partial<SupervisorOptions> = {},
): Promise<FakeSetup> => {
  // A console fixture is told where to keep its state, so the test that started it can clean up.
  const stateDir = process.env.OCT_EMBED_STATE_DIR ?? tempDir('state');
  const dataDir = path.join(stateDir, 'data');
  const port = overrides.port ?? (await freePort());
  const supervisor = createSupervisor({
    openclawEntry: fakeOpenclaw,
    nodePath: process.execPath,
    nodeArgs: ['--import', tsxLoader],
    port,
    env: {...process.env, FAKE_OC_STATE_DIR: stateDir, ...fakeEnv},
    dataDir,
    probeReady: createProbeReady({attemptTimeoutMs: 3000}),
    restartPolicy: {initialDelayMs: 50, maxDelayMs: 200},
    stopTimeoutMs: 5000,
    // A test that goes wrong fails in bounded time instead of waiting the real 180 s.
    startTimeoutMs: 30_000,
    ...overrides,
  });
  return {supervisor, stateDir, dataDir, port};
};

// A real headless node host (`openclaw node run`) for layer-3 tests: the pinned openclaw under
// the pinned Node 24, connecting to the shared gateway on loopback with the gateway's token.
// Each start has its own state directory, so its own device identity (a fresh node per test);
// it runs in its own process group under `timeout` (a hard lifetime even if the test process
// dies) and stop() ends the whole group and removes the directory.

import {spawn} from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {realGatewayPaths} from './real-gateway-paths.ts';
import {
  gatewayEnv,
  logTail,
  stopProcesses,
  type RealGatewayEnv,
  type StopReport,
} from './real-gateway.ts';

export type NodeHost = {
  readonly displayName: string;
  readonly pid: number;
  /** The node host's output, token masked (for failure messages). */
  output(lines?: number): string;
  stop(): Promise<StopReport>;
};

const running = new Set<number>();
let hooked = false;
const killOnExit = (): void => {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const pid of running) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
};

export const startNodeHost = (
  gateway: RealGatewayEnv,
  displayName: string,
  options: {readonly commands?: readonly string[]; readonly ttlSeconds?: number} = {},
): NodeHost => {
  const paths = realGatewayPaths(process.env, gateway.version || undefined);
  const dir = mkdtempSync(path.join(tmpdir(), 'oct-node-host-'));
  for (const sub of ['home', 'state', 'workspace', 'tmp']) {
    mkdirSync(path.join(dir, sub), {recursive: true, mode: 0o700});
  }
  mkdirSync(paths.compileCache, {recursive: true});
  symlinkSync(paths.compileCache, path.join(dir, 'tmp', 'node-compile-cache'));
  // Nothing of the node's optional surface: no browser proxy, no update check.
  writeFileSync(
    path.join(dir, 'openclaw.json'),
    `${JSON.stringify({update: {checkOnStart: false}, browser: {enabled: false}})}\n`,
    {mode: 0o600},
  );
  const outFile = path.join(dir, 'node-host.out');
  const out = openSync(outFile, 'a');
  const url = new URL(gateway.url);
  const child = spawn(
    'timeout',
    [
      '--kill-after=10',
      String(options.ttlSeconds ?? 300),
      paths.node24,
      paths.openclawEntry,
      'node',
      'run',
      '--host',
      url.hostname,
      '--port',
      url.port,
      '--display-name',
      displayName,
      '--commands',
      (options.commands ?? ['system.which']).join(','),
    ],
    {
      cwd: dir,
      // The node host reads the gateway's token from the environment only (docs/cli/node.md).
      env: {...gatewayEnv(dir, paths), OPENCLAW_GATEWAY_TOKEN: gateway.token},
      detached: true,
      stdio: ['ignore', out, out],
    },
  );
  closeSync(out);
  const pid = child.pid;
  if (pid === undefined) {
    rmSync(dir, {recursive: true, force: true});
    throw new Error('could not spawn openclaw node run (no pid)');
  }
  child.unref();
  killOnExit();
  running.add(pid);
  let stopped: Promise<StopReport> | undefined;
  return {
    displayName,
    pid,
    output: (lines = 30) => logTail(outFile, lines, gateway.token),
    stop: () =>
      (stopped ??= (async () => {
        const report = await stopProcesses(pid);
        running.delete(pid);
        rmSync(dir, {recursive: true, force: true});
        return report;
      })()),
  };
};

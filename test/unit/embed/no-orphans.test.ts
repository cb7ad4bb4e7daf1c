import assert from 'node:assert/strict';
import {spawn, type ChildProcess} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {after, test} from 'node:test';
import {isAlive, removeTempDirs, tempDir, tsxLoader, waitFor} from './helpers.ts';

const fixture = fileURLToPath(new URL('fixtures/console.ts', import.meta.url));
const gateways: number[] = [];
const consoles: ChildProcess[] = [];

after(() => {
  // Whatever a failed test left behind goes; a passing run leaves nothing to kill.
  for (const pid of gateways) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  for (const child of consoles) child.kill('SIGKILL');
  removeTempDirs();
});

type Console = {
  readonly child: ChildProcess;
  readonly gatewayPid: number;
  readonly output: () => string;
  readonly exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
};

const startConsole = async (env: Readonly<Record<string, string>>): Promise<Console> => {
  const child = spawn(process.execPath, ['--import', tsxLoader, fixture], {
    env: {...process.env, OCT_EMBED_STATE_DIR: tempDir('console'), ...env},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  consoles.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) =>
    child.once('exit', (code, signal) => resolve({code, signal})),
  );
  const gatewayPid = Number(
    await waitFor(
      `READY in console output: ${output}`,
      () => /READY (\d+)/u.exec(output)?.[1],
      30_000,
    ),
  );
  gateways.push(gatewayPid);
  assert.ok(isAlive(gatewayPid));
  return {child, gatewayPid, output: () => output, exited};
};

for (const signal of ['SIGHUP', 'SIGTERM', 'SIGINT'] as const) {
  test(`${signal} to the console stops the gateway and the console still dies by ${signal}`, async () => {
    const console = await startConsole({});
    console.child.kill(signal);
    const exit = await console.exited;
    assert.deepEqual(exit, {code: null, signal});
    assert.match(console.output(), new RegExp(`SHUTDOWN ${signal}`, 'u'));
    assert.equal(isAlive(console.gatewayPid), false, 'the gateway is gone once the console is');
  });
}

test('SIGHUP with a gateway that ignores SIGTERM: escalates to SIGKILL within the bound', async () => {
  const console = await startConsole({FAKE_OC_IGNORE_SIGTERM: '1', CONSOLE_STOP_MS: '800'});
  console.child.kill('SIGHUP');
  const exit = await console.exited;
  assert.equal(exit.signal, 'SIGHUP');
  assert.equal(isAlive(console.gatewayPid), false);
});

test('an uncaught exception: gateway stopped, error printed, exit status 1', async () => {
  const console = await startConsole({CONSOLE_ACTION: 'throw'});
  const exit = await console.exited;
  assert.deepEqual(exit, {code: 1, signal: null});
  assert.match(console.output(), /Uncaught exception: Error: boom from the console/u);
  assert.match(console.output(), /SHUTDOWN uncaughtException/u);
  assert.equal(isAlive(console.gatewayPid), false);
});

test('an unhandled rejection: gateway stopped, exit status 1', async () => {
  const console = await startConsole({CONSOLE_ACTION: 'reject'});
  const exit = await console.exited;
  assert.deepEqual(exit, {code: 1, signal: null});
  assert.match(console.output(), /Unhandled promise rejection: Error: rejected in the console/u);
  assert.equal(isAlive(console.gatewayPid), false);
});

test('q (shutdown) stops the gateway and lets the console end by itself with 0', async () => {
  const console = await startConsole({CONSOLE_ACTION: 'quit'});
  const exit = await console.exited;
  assert.deepEqual(exit, {code: 0, signal: null});
  assert.match(console.output(), /QUIT DONE/u);
  assert.equal(isAlive(console.gatewayPid), false);
});

test('process.exit without a shutdown: the exit hook SIGKILLs the group, status kept', async () => {
  const console = await startConsole({CONSOLE_ACTION: 'exit'});
  const exit = await console.exited;
  assert.deepEqual(exit, {code: 3, signal: null});
  await waitFor('gateway gone', () => !isAlive(console.gatewayPid), 5000);
});

test('SIGKILL of the console: the reaper sidecar stops the gateway', async () => {
  const console = await startConsole({});
  console.child.kill('SIGKILL');
  await console.exited;
  await waitFor('gateway stopped by the reaper', () => !isAlive(console.gatewayPid), 15_000);
});

test('detach: the console exits 0 and the gateway keeps running', async () => {
  const console = await startConsole({CONSOLE_ACTION: 'detach'});
  const exit = await console.exited;
  assert.deepEqual(exit, {code: 0, signal: null});
  assert.match(console.output(), new RegExp(`DETACHED ${console.gatewayPid}`, 'u'));
  // Long enough for a reaper that was not disarmed to have fired.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.ok(isAlive(console.gatewayPid), 'a detached gateway outlives the console');
  process.kill(console.gatewayPid, 'SIGTERM');
  await waitFor('detached gateway stopped', () => !isAlive(console.gatewayPid), 5000);
});

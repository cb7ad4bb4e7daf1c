import assert from 'node:assert/strict';
import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {after, test} from 'node:test';
import type {Supervisor} from '../../../source/embed/supervisor.ts';
import {
  fakeSupervisor,
  gatewayPid,
  isAlive,
  readState,
  removeTempDirs,
  waitFor,
  waitForState,
} from './helpers.ts';

// Every supervisor a test creates is stopped at the end, whatever the test did.
const created: Supervisor[] = [];
const leftovers: number[] = [];
after(async () => {
  await Promise.all(created.map((supervisor) => supervisor.stop({timeoutMs: 1000})));
  for (const pid of leftovers) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  removeTempDirs();
});

const setup: typeof fakeSupervisor = async (env, overrides) => {
  const result = await fakeSupervisor(env, overrides);
  created.push(result.supervisor);
  return result;
};

test('ready path: spawns with NO_RESPAWN, waits through startup-sidecars, reports ready', async () => {
  const {supervisor, stateDir, dataDir, port} = await setup(
    {FAKE_OC_HELLO_DELAY_MS: '400', FAKE_OC_TOKEN: 'secret-token'},
    {
      probeReady: (await import('../../../source/embed/probe-ready.ts')).createProbeReady({
        token: 'secret-token',
      }),
    },
  );
  const progress: number[] = [];
  supervisor.on('progress', (value) => progress.push(value.elapsedSeconds));
  const status = await supervisor.start();

  assert.equal(status.state, 'ready');
  assert.equal(status.pid, gatewayPid(stateDir, 1));
  assert.ok(isAlive(status.pid ?? -1));
  assert.deepEqual(status.command.slice(-3), ['gateway', '--port', String(port)]);
  assert.ok(status.readiness?.helloMs !== undefined);
  assert.ok((status.readiness?.helloMs ?? 0) >= (status.readiness?.challengeMs ?? Infinity));
  assert.equal(status.readiness?.refused, undefined);
  assert.deepEqual(JSON.parse(readState(stateDir, 'gateway-1.env.json') ?? '{}'), {
    OPENCLAW_NO_RESPAWN: '1',
  });
  const connect = JSON.parse(readState(stateDir, 'last-connect.json') ?? '{}') as {
    client?: {id?: string; mode?: string};
    device?: unknown;
    authKeys?: string[];
  };
  assert.equal(connect.client?.id, 'gateway-client');
  assert.equal(connect.client?.mode, 'backend');
  assert.equal(connect.device, undefined);
  assert.deepEqual(connect.authKeys, ['token']);

  assert.ok(supervisor.lines().some((line) => line.text.includes('http server listening')));
  const log = readFileSync(path.join(dataDir, 'gateway.log'), 'utf8');
  assert.match(log, /http server listening/u);
  assert.equal(statSync(path.join(dataDir, 'gateway.log')).mode & 0o777, 0o600);
  assert.doesNotMatch(log, /secret-token/u);

  const rss = await waitFor('memory reading', () => supervisor.status().memoryRssBytes);
  assert.ok(rss > 1024 * 1024);

  const pid = status.pid ?? -1;
  const stopped = await supervisor.stop();
  assert.equal(stopped.state, 'stopped');
  assert.equal(stopped.pid, undefined);
  assert.equal(isAlive(pid), false);
});

test('a gateway that already answers is attached to, not spawned twice', async () => {
  const first = await setup();
  assert.equal((await first.supervisor.start()).state, 'ready');
  const second = await setup({}, {port: first.port});

  const status = await second.supervisor.start();
  assert.equal(status.state, 'attached-existing');
  assert.equal(status.pid, undefined);
  assert.equal(readState(second.stateDir, 'gateway-starts'), undefined);

  // Stopping the attacher must leave someone else's gateway alone.
  await second.supervisor.stop();
  assert.equal(second.supervisor.status().state, 'attached-existing');
  assert.ok(isAlive(first.supervisor.status().pid ?? -1));
  await first.supervisor.stop();
});

test('a crash restarts with backoff; the count and the last exit reason are kept', async () => {
  const {supervisor, stateDir} = await setup({FAKE_OC_CRASH_MS: '200', FAKE_OC_CRASH_TIMES: '2'});
  const states: string[] = [];
  supervisor.on('status', (status) => states.push(status.state));
  await supervisor.start();
  const status = await waitFor('third start ready', () => {
    const now = supervisor.status();
    return now.state === 'ready' && now.restarts === 2 ? now : undefined;
  });

  assert.ok(states.includes('restarting'));
  assert.equal(status.pid, gatewayPid(stateDir, 3));
  assert.equal(status.lastExit?.code, 1);
  assert.match(status.lastExit?.reason ?? '', /exited with code 1: Error: fake crash 2/u);
  assert.equal(isAlive(gatewayPid(stateDir, 1)), false);
  assert.equal(isAlive(gatewayPid(stateDir, 2)), false);
  // It stays up: the crash timer only fires for the first two starts.
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal(supervisor.status().state, 'ready');
  await supervisor.stop();
});

test('too many crashes within the window: gives up as crashed, nothing left running', async () => {
  const {supervisor, stateDir} = await setup(
    {FAKE_OC_CRASH_MS: '0', FAKE_OC_CRASH_CODE: '3'},
    {restartPolicy: {initialDelayMs: 20, maxDelayMs: 40, maxRestarts: 2, windowMs: 60_000}},
  );
  const status = await supervisor.start();

  assert.equal(status.state, 'crashed');
  assert.equal(status.restarts, 2);
  assert.equal(status.lastExit?.code, 3);
  assert.equal(readState(stateDir, 'gateway-starts'), '3');
  for (const start of [1, 2, 3]) assert.equal(isAlive(gatewayPid(stateDir, start)), false);
});

test('exit 78: config-invalid with the reason; doctor runs once, then one retry succeeds', async () => {
  const {supervisor, stateDir} = await setup({FAKE_OC_MODE: 'invalid-config'});
  const status = await supervisor.start();

  assert.equal(status.state, 'config-invalid');
  assert.equal(status.lastExit?.code, 78);
  assert.match(status.lastExit?.reason ?? '', /OpenClaw config is invalid/u);
  assert.ok(status.lastExit?.detail.some((line) => line.includes('gateway.port')));
  assert.equal(status.canRunDoctor, true);
  assert.equal(readState(stateDir, 'gateway-starts'), '1', 'exit 78 is not restarted');

  const doctor = await supervisor.runDoctorFix();
  assert.equal(doctor.ran, true);
  assert.ok(doctor.ran && doctor.exitCode === 0);
  assert.ok(doctor.ran && doctor.output.some((line) => line.includes('repaired gateway.port')));
  assert.deepEqual(JSON.parse(readState(stateDir, 'doctor-args.json') ?? '[]'), [
    'doctor',
    '--fix',
    '--yes',
    '--non-interactive',
  ]);
  assert.ok(supervisor.lines().some((line) => line.stream === 'doctor'));

  const ready = await waitForState(supervisor, 'ready');
  assert.equal(ready.pid, gatewayPid(stateDir, 2));
  assert.equal(ready.doctor?.exitCode, 0);
  await supervisor.stop();
});

test('exit 78 again after the doctor: stays config-invalid and refuses a second doctor', async () => {
  const {supervisor, stateDir} = await setup({FAKE_OC_MODE: 'invalid-config-always'});
  await supervisor.start();
  const doctor = await supervisor.runDoctorFix();
  assert.equal(doctor.ran, true);

  const status = await waitFor('second 78', () => {
    const now = supervisor.status();
    return now.state === 'config-invalid' && readState(stateDir, 'gateway-starts') === '2'
      ? now
      : undefined;
  });
  assert.equal(status.canRunDoctor, false);
  const again = await supervisor.runDoctorFix();
  assert.equal(again.ran, false);
  assert.match(again.ran ? '' : again.why, /already ran once/u);
  assert.equal(readState(stateDir, 'doctor-runs'), '1');
  assert.equal(readState(stateDir, 'gateway-starts'), '2');
});

test('a failing doctor leaves config-invalid with its output', async () => {
  const {supervisor} = await setup({FAKE_OC_MODE: 'invalid-config', FAKE_OC_DOCTOR: 'fail'});
  await supervisor.start();
  const doctor = await supervisor.runDoctorFix();
  assert.ok(doctor.ran && doctor.exitCode === 1);
  const status = supervisor.status();
  assert.equal(status.state, 'config-invalid');
  assert.equal(status.canRunDoctor, false);
  assert.ok(status.doctor?.output.some((line) => line.includes('could not repair')));
});

test('stop escalates to SIGKILL when SIGTERM is ignored, and clears the whole group', async () => {
  const {supervisor, stateDir} = await setup({
    FAKE_OC_IGNORE_SIGTERM: '1',
    FAKE_OC_GRANDCHILD: '1',
  });
  const status = await supervisor.start();
  const pid = status.pid ?? -1;
  const grandchild = Number(
    await waitFor('grandchild pid', () => readState(stateDir, 'grandchild-1.pid')),
  );
  assert.ok(isAlive(grandchild));

  const stopped = await supervisor.stop({timeoutMs: 600});
  assert.equal(stopped.state, 'stopped');
  assert.equal(stopped.lastExit?.signal, 'SIGKILL');
  assert.ok(supervisor.lines().some((line) => line.text === 'ignoring SIGTERM'));
  assert.ok(supervisor.lines().some((line) => /ignored SIGTERM .*SIGKILL/u.test(line.text)));
  assert.equal(isAlive(pid), false);
  await waitFor('grandchild gone', () => !isAlive(grandchild), 5000);
});

test('a helper that left the group is found and stopped too, on stop and after a crash', async () => {
  const {supervisor, stateDir} = await setup({
    FAKE_OC_GRANDCHILD: 'detached',
    FAKE_OC_CRASH_MS: '1500',
    FAKE_OC_CRASH_TIMES: '1',
  });
  await supervisor.start();
  const first = Number(
    await waitFor('first helper', () => readState(stateDir, 'grandchild-1.pid')),
  );
  assert.ok(isAlive(first));
  await waitFor('restarted after the crash', () => readState(stateDir, 'gateway-starts') === '2');
  await waitFor('helper of the crashed gateway stopped', () => !isAlive(first), 10_000);

  await waitForState(supervisor, 'ready');
  const second = Number(
    await waitFor('second helper', () => readState(stateDir, 'grandchild-2.pid')),
  );
  assert.ok(isAlive(second));
  await supervisor.stop();
  assert.equal(isAlive(second), false);
  assert.ok(supervisor.lines().some((line) => /outlived it: SIGKILL/u.test(line.text)));
});

test('a flood of output never blocks the child; memory and disk stay bounded', async () => {
  const {supervisor, dataDir} = await setup(
    {FAKE_OC_FLOOD_LINES: '40000'},
    {ringLines: 300, logFileMaxBytes: 256 * 1024},
  );
  const status = await supervisor.start();
  assert.equal(status.state, 'ready');
  assert.ok(supervisor.lines().some((line) => line.text === 'flood done: 40000 lines'));
  assert.equal(supervisor.lines().length, 300);
  assert.equal(supervisor.lines(5).length, 5);
  for (const name of ['gateway.log', 'gateway.log.1']) {
    assert.ok(statSync(path.join(dataDir, name)).size <= 256 * 1024, `${name} is bounded`);
  }
  await supervisor.stop();
});

test('an announced in-process restart keeps the same process', async () => {
  const {supervisor, stateDir} = await setup({FAKE_OC_RESTART_MS: '500'});
  const ready = await supervisor.start();
  const pid = ready.pid ?? -1;

  supervisor.expectInProcessRestart(500);
  assert.equal(supervisor.status().state, 'restarting');
  assert.equal(supervisor.status().restartExpectedMs, 500);
  process.kill(pid, 'SIGUSR2');
  await waitFor('restart seen', () => readState(stateDir, 'in-process-restarts') === '1');
  const again = await waitForState(supervisor, 'ready');

  assert.equal(again.pid, pid);
  assert.equal(again.restarts, 0);
  assert.equal(again.restartExpectedMs, undefined);
  assert.equal(readState(stateDir, 'gateway-starts'), '1');
  await supervisor.stop();
});

test('an announced restart that dies instead is respawned at once', async () => {
  const {supervisor, stateDir} = await setup({FAKE_OC_DIE_ON_RESTART: '1'});
  const ready = await supervisor.start();
  supervisor.expectInProcessRestart(5000);
  process.kill(ready.pid ?? -1, 'SIGUSR2');
  const again = await waitFor('respawned and ready', () => {
    const now = supervisor.status();
    return now.state === 'ready' && now.pid === gatewayPid(stateDir, 2) ? now : undefined;
  });
  assert.equal(again.restarts, 1);
  await supervisor.stop();
});

test('a start that never answers is stopped after the budget and counted as a failure', async () => {
  const {supervisor, stateDir} = await setup(
    {FAKE_OC_LISTEN_DELAY_MS: '60000'},
    {startTimeoutMs: 6000, restartPolicy: {maxRestarts: 0}},
  );
  const status = await supervisor.start();
  assert.equal(status.state, 'crashed');
  assert.match(status.lastExit?.reason ?? '', /^not ready after 6 s/u);
  assert.equal(isAlive(gatewayPid(stateDir, 1)), false);
});

test('a gateway that exits 0 by itself is stopped, not restarted', async () => {
  const {supervisor, stateDir} = await setup({FAKE_OC_MODE: 'exit-0'});
  const status = await supervisor.start();
  assert.equal(status.state, 'stopped');
  assert.equal(status.lastExit?.code, 0);
  assert.equal(readState(stateDir, 'gateway-starts'), '1');
});

test('a Node that cannot be run is reported as crashed with the reason', async () => {
  const {supervisor} = await setup({}, {nodePath: '/nonexistent/node'});
  const status = await supervisor.start();
  assert.equal(status.state, 'crashed');
  assert.match(status.lastExit?.reason ?? '', /nonexistent\/node/u);
});

test('detach leaves the gateway running and says how to stop it', async () => {
  const {supervisor} = await setup();
  const ready = await supervisor.start();
  const pid = ready.pid ?? -1;
  leftovers.push(pid);

  const result = supervisor.detach();
  assert.deepEqual(result, {
    pid,
    stopCommand: `kill ${pid}`,
    groupStopCommand: `kill -TERM -- -${pid}`,
  });
  assert.equal(supervisor.status().state, 'detached');
  assert.deepEqual(supervisor.ownedProcessGroups(), []);
  supervisor.killNowSync();
  await supervisor.stop({timeoutMs: 500});
  assert.ok(isAlive(pid), 'neither killNowSync nor stop touch a detached gateway');

  process.kill(pid, 'SIGTERM');
  await waitFor('detached gateway stopped by its command', () => !isAlive(pid), 5000);
});

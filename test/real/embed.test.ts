// Layer 3 for the embed supervisor: the real openclaw (pinned, under the private Node 24) started
// through source/embed/supervisor.ts with a temporary config and state of its own (not the shared
// gateway the runner started): ready over the protocol, a SIGKILLed gateway is restarted, an
// invalid config exits 78 and `openclaw doctor --fix` repairs it for the one retry, and stop
// leaves no process behind (checked by pid and start time, including helpers in other groups).
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {createProbeReady} from '../../source/embed/probe-ready.ts';
import {createSupervisor, type Supervisor} from '../../source/embed/supervisor.ts';
import {gatewayProcesses, listProcesses, type ProcessInfo} from '../support/process-tree.ts';
import {realGatewayPaths} from '../support/real-gateway-paths.ts';
import {buildGatewayConfig, gatewayEnv, readRealGatewayEnv} from '../support/real-gateway.ts';
import {freePort, waitFor} from '../unit/embed/helpers.ts';

const shared = readRealGatewayEnv();
const paths = {...realGatewayPaths(), node24: shared.node24, openclawEntry: shared.openclawEntry};
const dir = mkdtempSync(path.join(tmpdir(), 'oct-embed-real-'));
for (const sub of ['home', 'state', 'workspace', 'logs', 'tmp']) {
  mkdirSync(path.join(dir, sub), {recursive: true, mode: 0o700});
}
// The warm V8 compile cache saves seconds per start on two cores.
mkdirSync(paths.compileCache, {recursive: true});
symlinkSync(paths.compileCache, path.join(dir, 'tmp', 'node-compile-cache'));
const configPath = path.join(dir, 'openclaw.json');
const token = randomBytes(24).toString('hex');
const port = await freePort();
const config = buildGatewayConfig({port, token, dir, options: {}});
writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`, {mode: 0o600});

const START_MS = 240_000;
const supervisor: Supervisor = createSupervisor({
  openclawEntry: paths.openclawEntry,
  nodePath: paths.node24,
  port,
  env: gatewayEnv(dir, paths),
  dataDir: path.join(dir, 'tui'),
  probeReady: createProbeReady({token}),
  restartPolicy: {initialDelayMs: 500, maxRestarts: 2},
  startTimeoutMs: START_MS,
  stopTimeoutMs: 20_000,
});

after(async () => {
  await supervisor.stop();
  rmSync(dir, {recursive: true, force: true});
});

/** What of these processes is still alive (same pid and start time). */
const survivors = (known: readonly ProcessInfo[]): ProcessInfo[] => {
  const table = listProcesses();
  return known.filter((p) => table.some((q) => q.pid === p.pid && q.startTicks === p.startTicks));
};

const failureContext = () =>
  supervisor
    .lines(40)
    .map((line) => line.text)
    .join('\n')
    .split(token)
    .join('<token>');

test('the real gateway starts under the supervisor and is ready over the protocol', async () => {
  const status = await supervisor.start();
  assert.equal(status.state, 'ready', failureContext());
  assert.ok(status.readiness?.helloMs !== undefined, 'hello-ok, not just a challenge');
  assert.equal(status.readiness?.refused, undefined);
  assert.ok((status.readiness?.helloMs ?? 0) >= (status.readiness?.challengeMs ?? Infinity));
  const rss = await waitFor('a memory reading', () => supervisor.status().memoryRssBytes, 30_000);
  assert.ok(rss > 100 * 1024 * 1024, `RSS ${rss} of a real gateway`);
  assert.ok(supervisor.lines().some((line) => line.text.includes('[gateway]')));
  assert.equal(readFileSync(path.join(dir, 'tui', 'gateway.log'), 'utf8').includes(token), false);
});

test('a SIGKILLed gateway is restarted and ready again', async () => {
  const before = supervisor.status();
  const pid = before.pid ?? -1;
  const tree = gatewayProcesses(pid);
  process.kill(pid, 'SIGKILL');
  const again = await waitFor(
    'ready after the restart',
    () => {
      const now = supervisor.status();
      return now.state === 'ready' && now.pid !== pid ? now : undefined;
    },
    START_MS,
  );
  assert.equal(again.restarts, before.restarts + 1);
  assert.equal(again.lastExit?.signal, 'SIGKILL');
  await waitFor('nothing of the killed gateway left', () => survivors(tree).length === 0, 15_000);
});

test('stop leaves no process of the gateway behind', async () => {
  const pid = supervisor.status().pid ?? -1;
  const tree = gatewayProcesses(pid);
  assert.ok(tree.length >= 1);
  const stopped = await supervisor.stop();
  assert.equal(stopped.state, 'stopped');
  assert.deepEqual(survivors(tree), []);
  assert.deepEqual(gatewayProcesses(pid), []);
});

test('an invalid config exits 78; doctor --fix repairs it and the one retry is ready', async () => {
  writeFileSync(configPath, `${JSON.stringify({...config, octBogusKey: true}, null, 2)}\n`);
  const invalid = await supervisor.start();
  assert.equal(invalid.state, 'config-invalid', failureContext());
  assert.equal(invalid.lastExit?.code, 78);
  assert.match(invalid.lastExit?.reason ?? '', /Unrecognized key: "octBogusKey"/u);
  assert.equal(invalid.canRunDoctor, true);

  const doctor = await supervisor.runDoctorFix();
  assert.ok(doctor.ran, doctor.ran ? '' : doctor.why);
  assert.equal(doctor.exitCode, 0, doctor.output.join('\n'));
  assert.equal(readFileSync(configPath, 'utf8').includes('octBogusKey'), false);

  const ready = await waitFor(
    'ready after the doctor',
    () => {
      const now = supervisor.status();
      return now.state === 'ready' || now.state === 'config-invalid' || now.state === 'crashed'
        ? now
        : undefined;
    },
    START_MS,
  );
  assert.equal(ready.state, 'ready', failureContext());

  const pid = ready.pid ?? -1;
  const tree = gatewayProcesses(pid);
  await supervisor.stop();
  assert.deepEqual(survivors(tree), []);
});

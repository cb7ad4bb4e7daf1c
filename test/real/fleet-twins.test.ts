// Layer 3 for the twins over a fleet: both real gateways the runner starts, the pinned openclaw
// (protocol 4) as "new" and the older one (protocol 3) as "old", plus "down", an entry whose port
// nothing listens on, read from a real gateways.json5 (tokens by tokenEnv, one identity
// directory per entry), run in-process as the CLI runs them.
// - status --json: one document per gateway with its own version and protocol; "down" is named
//   in `unread` and the read is exit 0.
// - pending/approve: a device asking to pair with "old" is listed under its gateway, and
//   `approve <id>` without --gateway goes to old (the device then gets in there).
// - tasks --json: "old" has no tasks.*: it is unread, with why; new's ledger is read.
// - tail --json: connects to new and old, every line names its gateway; stopping is exit 0.
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, test} from 'node:test';
import {freeLoopbackPort} from '../../source/net/loopback-port.ts';
import {
  createTempTuiHome,
  readRealGatewayEnv,
  readSecondRealGatewayEnv,
} from '../support/real-gateway.ts';
import {testToken} from '../support/console-harness.tsx';
import {pairingRequestId, remoteDevice} from '../support/real-peers.ts';
import {finished, startArgv} from '../unit/commands/fleet-fixture.ts';
import {isRecord} from '../unit/commands/helpers.ts';

const primary = readRealGatewayEnv();
const second = readSecondRealGatewayEnv();
const skip = second === undefined ? 'the runner started one gateway (OCT_REAL_SECOND=0)' : false;
const home = createTempTuiHome();
after(() => home.remove());

let written = false;
const fleetFile = async (): Promise<void> => {
  if (written || second === undefined) return;
  writeFileSync(
    path.join(home.dir, 'gateways.json5'),
    `// written by the fleet-twins layer-3 test
    {gateways: [
      {name: 'new', url: '${primary.url}', tokenEnv: 'OCT_NEW_TOKEN'},
      {name: 'old', url: '${second.url}', tokenEnv: 'OCT_OLD_TOKEN'},
      {name: 'down', url: 'ws://127.0.0.1:${await freeLoopbackPort()}', tokenEnv: 'OCT_NEW_TOKEN'},
    ]}`,
  );
  written = true;
};

const start = (argv: readonly string[]) =>
  startArgv(home.dir, [...argv, '--timeout', '20s'], {
    OCT_NEW_TOKEN: primary.token,
    OCT_OLD_TOKEN: second?.token ?? '',
  });
const run = async (argv: readonly string[]) => {
  await fleetFile();
  return finished(argv, start(argv));
};

const items = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter(isRecord) : [];

const noSecrets = (text: string): void => {
  assert.ok(!text.includes(primary.token) && !text.includes(second?.token ?? '\u0000'));
};

test(
  'status --json over new, old and down: each its own version and protocol; down is unread, exit 0',
  {skip},
  async () => {
    if (second === undefined) return;
    const {code, out, doc} = await run(['status', '--json']);
    assert.equal(code, 0, out.stderr.text);
    noSecrets(out.stdout.text + out.stderr.text);
    const statuses = items(doc.statuses);
    assert.deepEqual(
      statuses.map((s) => [s.gateway, s.ok]),
      [
        ['new', true],
        ['old', true],
        ['down', false],
      ],
    );
    const [onNew, onOld] = statuses;
    assert.ok(isRecord(onNew?.connection) && isRecord(onOld?.connection));
    assert.equal(onNew.connection.protocol, 4);
    assert.equal(onNew.connection.serverVersion, primary.version);
    assert.equal(onOld.connection.protocol, 3);
    assert.equal(onOld.connection.serverVersion, second.version);
    assert.ok(isRecord(onNew.endpoint) && onNew.endpoint.credentialSource === 'env OCT_NEW_TOKEN');
    assert.ok(isRecord(doc.unread) && isRecord(doc.unread.down));
    assert.match(String(doc.unread.down.gateway), /ECONNREFUSED|unreachable/);
  },
);

test(
  'a device pairing on old is listed under old; approve without --gateway goes to old and the device gets in',
  {skip},
  async () => {
    if (second === undefined) return;
    const device = remoteDevice(second, `oct-fleet-twins-${testToken()}`);
    const requestId = pairingRequestId(await device.connect(['operator.read']));

    const pending = await run(['pending', '--json']);
    assert.equal(pending.code, 0, pending.out.stderr.text);
    const listed = items(pending.doc.pending).filter((item) => item.id === requestId);
    assert.deepEqual(
      listed.map((item) => [item.gateway, item.kind]),
      [['old', 'device-pairing']],
    );

    const approved = await run(['approve', requestId, '--json']);
    assert.equal(approved.code, 0, approved.out.stderr.text);
    assert.equal(approved.doc.gateway, 'old');
    assert.equal(approved.doc.kind, 'device-pairing');
    noSecrets(approved.out.stdout.text + approved.out.stderr.text);
    const again = await device.connect(['operator.read']);
    assert.equal(
      again.ok,
      true,
      `the approved device was not let in on old: ${JSON.stringify(again)}`,
    );
  },
);

test(
  'tasks --json: new has the ledger, old does not offer tasks.* and is named in unread',
  {skip},
  async () => {
    if (second === undefined) return;
    const {code, out, doc} = await run(['tasks', '--json', '--gateway', 'new', '--gateway', 'old']);
    assert.equal(code, 0, out.stderr.text);
    assert.ok(isRecord(doc.unread) && isRecord(doc.unread.old));
    assert.match(String(doc.unread.old.gateway), /not offered/);
    assert.equal(doc.unread.new, undefined);
    assert.ok(items(doc.tasks).every((task) => task.gateway === 'new'));
    assert.deepEqual(
      items(doc.gateways).map((g) => [g.gateway, g.ok]),
      [
        ['new', true],
        ['old', false],
      ],
    );
  },
);

test(
  'tail --json over new and old: every line names its gateway; stopping is exit 0',
  {skip},
  async () => {
    if (second === undefined) return;
    await fleetFile();
    const tail = start(['tail', '--json', '--gateway', 'new', '--gateway', 'old']);
    try {
      for (const name of ['new', 'old']) {
        await tail.out.stdout.waitForLine((line) => {
          const record = JSON.parse(line) as Record<string, unknown>;
          return record.gateway === name && record.kind === 'gateway';
        }, 60_000);
      }
    } finally {
      tail.out.stop();
    }
    assert.equal(await tail.done, 0, tail.out.stderr.text);
    const lines = tail.out.stdout
      .lines()
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const record of lines) assert.ok(record.gateway === 'new' || record.gateway === 'old');
    noSecrets(tail.out.stdout.text + tail.out.stderr.text);
  },
);

// Layer 3, the fleet console over BOTH real gateways the runner starts: the pinned openclaw
// (protocol 4, OCT_REAL_*) as "new" and the older one (protocol 3, OCT_REAL2_*) as "old", read
// from a real gateways.json5 with tokenEnv, one link and one device identity per gateway.
// - The Fleet pane shows each gateway's own version and protocol; one fresh device asks to pair
//   with both, and each request, approved from the one merged inbox, reaches the gateway it came
//   from only (checked on each gateway: the device gets in there and not yet on the other).
// - The step: a device pairing request on "old" and an exec approval on "new" sit in one
//   inbox; each, approved from the console, reaches its own gateway (the device gets into old;
//   new's agent turn runs the command), and the other gateway's list is untouched (read on the
//   gateway itself, before and after).
// - 2026.4.1 has no exec.approval.list but broadcasts exec.approval.requested and takes
//   exec.approval.resolve: an exec raised on "old" while the console is connected is seen live,
//   decided from the same inbox, old itself broadcasts it resolved by the console, and old runs
//   it: the command writes a file. (2026.4.1 answers "Approval required" at once and ends the
//   turn; the output would come in a follow-up turn, so the file is the check, not the chat.)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {fleetKey, selectFleetInbox} from '../../source/state/fleet-selectors.ts';
import type {AppState} from '../../source/state/reducer.ts';
import {fakeLlmScript} from '../support/fake-llm.ts';
import {
  chatFinal,
  connectWriter,
  pairingRequestId,
  remoteDevice,
  sendChat,
  testToken,
  type RemoteDevice,
} from '../support/console-harness.tsx';
import {
  fleetRow,
  startFleetConsole,
  type FleetConsoleUnderTest,
} from '../support/fleet-console.tsx';
import {connectReady, type RawClient} from '../support/raw-client.ts';
import {readRealGatewayEnv, readSecondRealGatewayEnv} from '../support/real-gateway.ts';

const primary = readRealGatewayEnv();
const second = readSecondRealGatewayEnv();

const connected = (state: AppState, id: string): boolean =>
  state.gateways[id]?.gateway.phase === 'connected';

/** The tests over both versions skip, saying why, when the runner started only one. */
const NEEDS_BOTH = {
  skip: second === undefined ? 'the runner started one gateway (OCT_REAL_SECOND=0)' : false,
};

/** A fleet console with the primary as "new" and the second as "old", both connected. */
const openNewAndOld = async (old: NonNullable<typeof second>): Promise<FleetConsoleUnderTest> => {
  const fleet = await startFleetConsole({
    gateways: [
      {name: 'new', url: primary.url, token: primary.token},
      {name: 'old', url: old.url, token: old.token},
    ],
  });
  try {
    await fleet.waitForState(
      (s) => connected(s, 'new') && connected(s, 'old'),
      'both real gateways connected',
      120_000,
    );
  } catch (error) {
    await fleet.close();
    throw error;
  }
  return fleet;
};

/** Select the one inbox row of `gateway` holding request `id` and approve it with a then y. */
const approveOn = async (
  fleet: FleetConsoleUnderTest,
  gateway: string,
  id: string,
): Promise<string> => {
  const uid = fleetKey(gateway, id);
  const index = selectFleetInbox(fleet.store.getState()).findIndex((entry) => entry.uid === uid);
  assert.ok(index >= 0, `request ${id} of ${gateway} is not in the merged inbox`);
  fleet.press('g');
  for (let i = 0; i < index; i++) fleet.press('j');
  await fleet.waitForState(
    (s) => s.ui.cursors.inbox?.key === uid,
    `the cursor on ${gateway}'s request`,
  );
  fleet.press('a');
  const dialog = await fleet.waitForText(`— on gateway ${gateway}`, 10_000);
  assert.match(dialog, new RegExp(`request id\\s+${id}\\b`), 'the dialog names the exact id');
  fleet.press('y');
  await fleet.waitForState(
    (s) => s.gateways[gateway]?.inbox.items[id]?.state.phase === 'resolved',
    `${gateway}'s request resolved`,
  );
  return dialog;
};

/** The pending exec approval of `sessionKey` in gateway `gateway`'s inbox (console state). */
const execApprovalFor = (state: AppState, gateway: string, sessionKey: string) =>
  Object.values(state.gateways[gateway]?.inbox.items ?? {}).find(
    (item) =>
      item.kind === 'exec-approval' &&
      item.request.sessionKey === sessionKey &&
      item.state.phase === 'pending',
  )?.id;

/** A client of its own (a fresh loopback device) that reads a gateway's pairing list. */
const connectLister = (gateway: {readonly url: string; readonly token: string}) =>
  connectReady(gateway.url, {
    token: gateway.token,
    displayName: 'oct-fleet-lister',
    scopes: ['operator.read', 'operator.pairing', 'operator.approvals'],
  });

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const arrayAt = (value: unknown, key: string): readonly Record<string, unknown>[] =>
  isRecord(value) && Array.isArray(value[key]) ? value[key].filter(isRecord) : [];

/** What the gateway itself holds for one device: its pending request ids and paired record. */
const devicePairingOn = async (
  lister: RawClient,
  deviceId: string,
): Promise<{readonly pending: readonly string[]; readonly paired: readonly unknown[]}> => {
  const list = await lister.call('device.pair.list', {});
  return {
    pending: arrayAt(list, 'pending')
      .filter((p) => p.deviceId === deviceId)
      .map((p) => String(p.requestId)),
    paired: arrayAt(list, 'paired').filter((p) => p.deviceId === deviceId),
  };
};

/** Is approval `id` pending on the gateway itself (exec.approval.list, as the gateway answers)? */
const execPendingOn = async (lister: RawClient, id: string): Promise<boolean> => {
  const list = JSON.stringify(await lister.call('exec.approval.list', {}));
  return list.includes(id);
};

const pairingRefused = async (device: RemoteDevice): Promise<boolean> => {
  const res = await device.connect(['operator.read']);
  return !res.ok && res.error?.details?.code === 'PAIRING_REQUIRED';
};

test(
  'fleet console over two real gateways: versions and protocols per row; a pairing is approved on the gateway it came from only',
  NEEDS_BOTH,
  async () => {
    if (second === undefined) return;
    const fleet = await openNewAndOld(second);
    try {
      fleet.press('0');
      const rows = await fleet.waitFor(
        (f) =>
          fleetRow(f, 'new').includes(primary.version) &&
          fleetRow(f, 'old').includes(second.version),
        'both Fleet rows with their versions',
        30_000,
      );
      assert.match(fleetRow(rows, 'new'), /\bconnected\b/);
      assert.match(fleetRow(rows, 'old'), /\bconnected\b/);
      const state = fleet.store.getState();
      assert.equal(state.gateways.new?.gateway.protocol, 4);
      assert.equal(state.gateways.old?.gateway.protocol, 3);
      assert.match(
        fleetRow(rows, 'new'),
        new RegExp(`${primary.version.replace(/\./g, '\\.')}\\s+4\\b`),
      );
      assert.match(
        fleetRow(rows, 'old'),
        new RegExp(`${second.version.replace(/\./g, '\\.')}\\s+3\\b`),
      );

      // One fresh device (one identity), one pairing request on each gateway.
      const name = `oct-fleet-${testToken()}`;
      const onNew = remoteDevice(primary, name);
      const onOld = remoteDevice(second, name, undefined, onNew.identity);
      const idNew = pairingRequestId(await onNew.connect(['operator.read']));
      const idOld = pairingRequestId(await onOld.connect(['operator.read']));

      fleet.press('2');
      await fleet.waitForState((s) => s.ui.pane === 'inbox', 'the Inbox pane');
      await fleet.filter(name);
      await fleet.waitForState(
        (s) =>
          s.gateways.new?.inbox.items[idNew] !== undefined &&
          s.gateways.old?.inbox.items[idOld] !== undefined,
        'both requests in the merged inbox',
        30_000,
      );
      const inbox = await fleet.waitFor(
        (f) => /\bnew\s+device pairing/.test(f) && /\bold\s+device pairing/.test(f),
        'both requests on screen with their gateway',
        10_000,
      );
      assert.ok(inbox.includes(name));

      const dialog = await approveOn(fleet, 'new', idNew);
      assert.match(dialog, /Pair this device\? — on gateway new/);
      assert.match(dialog, /yes, allow-once on new/);
      assert.match(dialog, new RegExp(`request id\\s+${idNew}\\b`));

      // On "new" the device gets in; on "old" nothing was decided.
      const inNew = await onNew.connect(['operator.read']);
      assert.equal(inNew.ok, true, `not paired on new: ${JSON.stringify(inNew.error)}`);
      assert.equal(await pairingRefused(onOld), true, 'old must still refuse the device');
      assert.equal(fleet.store.getState().gateways.old?.inbox.items[idOld]?.state.phase, 'pending');

      // The protocol-3 gateway's request, decided from the same inbox, reaches "old".
      await approveOn(fleet, 'old', idOld);
      const inOld = await onOld.connect(['operator.read']);
      assert.equal(inOld.ok, true, `not paired on old: ${JSON.stringify(inOld.error)}`);
    } finally {
      await fleet.close();
    }
  },
);

test(
  'fleet console over two real gateways: a pairing on old and an exec approval on new in one inbox, each approved on its own gateway, the other untouched',
  NEEDS_BOTH,
  async () => {
    if (second === undefined) return;
    const tok = testToken();
    const name = `oct-fleet-mixed-${tok}`;
    const sessionKey = `agent:main:fleet-${tok}`;
    const marker = `OCT_FLEET_EXEC_${tok}`;
    const command = `echo ${marker}`;
    const fleet = await openNewAndOld(second);
    const writer = await connectWriter(primary, 'oct-fleet-exec');
    const listOld = await connectLister(second);
    try {
      // The exec approval on new (protocol 4), the device pairing request on old (protocol 3).
      const since = writer.mark();
      const runId = await sendChat(writer, sessionKey, fakeLlmScript.exec(command));
      const device = remoteDevice(second, name);
      const idPair = pairingRequestId(await device.connect(['operator.read']));
      const withExec = await fleet.waitForState(
        (s) => execApprovalFor(s, 'new', sessionKey) !== undefined,
        `the exec approval of ${sessionKey} on new`,
        120_000,
      );
      const idExec = execApprovalFor(withExec, 'new', sessionKey) as string;
      await fleet.waitForState(
        (s) => s.gateways.old?.inbox.items[idPair]?.state.phase === 'pending',
        "old's pairing request in the inbox",
        30_000,
      );
      // Both, once, in the one merged inbox, each under its own gateway.
      const merged = selectFleetInbox(fleet.store.getState());
      assert.deepEqual(
        merged
          .filter((e) => e.value.id === idExec || e.value.id === idPair)
          .map((e) => `${e.gateway} ${e.value.kind}`)
          .sort(),
        ['new exec-approval', 'old device-pairing'],
      );
      fleet.press('2');
      await fleet.waitForState((s) => s.ui.pane === 'inbox', 'the Inbox pane');
      await fleet.filter(tok);
      const inbox = await fleet.waitFor(
        (f) =>
          /\bnew\s+exec approval/.test(f) &&
          f.includes(command) &&
          /\bold\s+device pairing/.test(f) &&
          f.includes(name),
        'the exec approval (new) and the pairing (old) on screen with their gateway',
        15_000,
      );
      assert.ok(inbox.includes(command));

      // Before any decision, each gateway holds its own request.
      assert.ok(await execPendingOn(writer, idExec), 'new lists the exec approval');
      assert.deepEqual((await devicePairingOn(listOld, device.deviceId)).pending, [idPair]);

      // 1. The pairing, approved from the console, reaches old: the device gets in there.
      const pairDialog = await approveOn(fleet, 'old', idPair);
      assert.match(pairDialog, /Pair this device\? — on gateway old/);
      assert.match(pairDialog, /yes, allow-once on old/);
      const inOld = await device.connect(['operator.read']);
      assert.equal(inOld.ok, true, `not paired on old: ${JSON.stringify(inOld.error)}`);
      // new's list is untouched: its exec approval still pends there, and in the console.
      assert.ok(await execPendingOn(writer, idExec), "new's exec approval must still pend on new");
      assert.equal(
        fleet.store.getState().gateways.new?.inbox.items[idExec]?.state.phase,
        'pending',
      );
      const oldBefore = await devicePairingOn(listOld, device.deviceId);
      assert.deepEqual(oldBefore.pending, []);
      assert.equal(oldBefore.paired.length, 1);

      // 2. The exec approval, approved from the console, reaches new: its turn runs the command.
      const execDialog = await approveOn(fleet, 'new', idExec);
      assert.match(execDialog, /Allow this command to run once\? — on gateway new/);
      assert.match(execDialog, /yes, allow-once on new/);
      assert.ok(execDialog.includes(command), `the dialog shows the command:\n${execDialog}`);
      const final = await chatFinal(writer, runId, since);
      assert.match(JSON.stringify(final.payload), new RegExp(`TOOL_DONE: ${marker}`));
      assert.ok(!(await execPendingOn(writer, idExec)), 'new no longer lists it');
      // old's list is untouched by new's decision: the device's record there is as it was.
      assert.deepEqual(await devicePairingOn(listOld, device.deviceId), oldBefore);
    } finally {
      writer.close();
      listOld.close();
      await fleet.close();
    }
  },
);

test(
  'fleet console: an exec approval raised on the protocol-3 gateway (no exec.approval.list) is seen live and approved on it',
  NEEDS_BOTH,
  async () => {
    if (second === undefined) return;
    const tok = testToken();
    const sessionKey = `agent:main:fleet-old-${tok}`;
    const marker = `OCT_FLEET_OLD_EXEC_${tok}`;
    // The command leaves a file: 4.1 reports its output only in a later turn of its own, so
    // the file is what shows that the approved command ran (the gateway runs on this host).
    const ranFile = path.join(os.tmpdir(), `oct-fleet-old-exec-${tok}`);
    const command = `echo ${marker} > ${ranFile}`;
    const fleet = await openNewAndOld(second);
    const writer = await connectWriter(second, 'oct-fleet-old-exec');
    try {
      const since = writer.mark();
      await sendChat(writer, sessionKey, fakeLlmScript.exec(command));
      const seen = await fleet.waitForState(
        (s) => execApprovalFor(s, 'old', sessionKey) !== undefined,
        `the exec approval of ${sessionKey} on old`,
        120_000,
      );
      const id = execApprovalFor(seen, 'old', sessionKey) as string;
      assert.equal(seen.gateways.new?.inbox.items[id], undefined, 'only under old');
      fleet.press('2');
      await fleet.waitForState((s) => s.ui.pane === 'inbox', 'the Inbox pane');
      await fleet.filter(tok);
      await fleet.waitFor(
        (f) => /\bold\s+exec approval/.test(f) && f.includes(command),
        "old's exec approval on screen",
        15_000,
      );
      const dialog = await approveOn(fleet, 'old', id);
      assert.match(dialog, /Allow this command to run once\? — on gateway old/);
      // Checked on old itself: the gateway broadcasts the resolution, decided by the console
      // (resolvedBy names the deciding client: "openclaw-tui console (host)"), allow-once.
      const resolved = await writer.waitEvent(
        (e) => e.event === 'exec.approval.resolved' && isRecord(e.payload) && e.payload.id === id,
        30_000,
        since,
      );
      assert.ok(isRecord(resolved.payload));
      assert.equal(resolved.payload.decision, 'allow-once');
      assert.match(String(resolved.payload.resolvedBy), /^openclaw-tui console/);
      assert.equal(fleet.store.getState().gateways.new?.inbox.items[id], undefined);
      // And old ran it, once approved.
      const deadline = Date.now() + 60_000;
      while (!fs.existsSync(ranFile) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      assert.equal(fs.readFileSync(ranFile, 'utf8').trim(), marker, 'old ran the approved command');
    } finally {
      fs.rmSync(ranFile, {force: true});
      writer.close();
      await fleet.close();
    }
  },
);

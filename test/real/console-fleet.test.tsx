// Layer 3, the fleet console over BOTH real gateways the runner starts: the pinned openclaw
// (protocol 4, OCT_REAL_*) as "new" and the older one (protocol 3, OCT_REAL2_*) as "old", read
// from a real gateways.json5 with tokenEnv, one link and one device identity per gateway. The
// Fleet pane shows each gateway's own version and protocol; one fresh device asks to pair with
// both, and each request, approved from the one merged inbox, reaches the gateway it came from
// only (checked on each gateway: the device gets in there and not yet on the other).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {selectFleetInbox} from '../../source/state/fleet-selectors.ts';
import type {AppState} from '../../source/state/reducer.ts';
import {
  pairingRequestId,
  remoteDevice,
  testToken,
  type RemoteDevice,
} from '../support/console-harness.tsx';
import {
  fleetRow,
  startFleetConsole,
  type FleetConsoleUnderTest,
} from '../support/fleet-console.tsx';
import {readRealGatewayEnv, readSecondRealGatewayEnv} from '../support/real-gateway.ts';

const primary = readRealGatewayEnv();
const second = readSecondRealGatewayEnv();

const connected = (state: AppState, id: string): boolean =>
  state.gateways[id]?.gateway.phase === 'connected';

/** Select the one inbox row of `gateway` holding request `id` and approve it with a then y. */
const approveOn = async (
  fleet: FleetConsoleUnderTest,
  gateway: string,
  id: string,
): Promise<string> => {
  const index = selectFleetInbox(fleet.store.getState()).findIndex(
    (entry) => entry.gateway === gateway && entry.value.id === id,
  );
  assert.ok(index >= 0, `request ${id} of ${gateway} is not in the merged inbox`);
  fleet.press('g');
  for (let i = 0; i < index; i++) fleet.press('j');
  await fleet.waitForState(
    (s) => (s.ui.cursors.inbox?.index ?? 0) === index,
    `the cursor on ${gateway}'s request`,
  );
  fleet.press('a');
  const dialog = await fleet.waitForText(`— on gateway ${gateway}`, 10_000);
  fleet.press('y');
  await fleet.waitForState(
    (s) => s.gateways[gateway]?.inbox.items[id]?.state.phase === 'resolved',
    `${gateway}'s request resolved`,
  );
  return dialog;
};

const pairingRefused = async (device: RemoteDevice): Promise<boolean> => {
  const res = await device.connect(['operator.read']);
  return !res.ok && res.error?.details?.code === 'PAIRING_REQUIRED';
};

test(
  'fleet console over two real gateways: versions and protocols per row; a pairing is approved on the gateway it came from only',
  {skip: second === undefined ? 'the runner started one gateway (OCT_REAL_SECOND=0)' : false},
  async () => {
    if (second === undefined) return;
    const fleet = await startFleetConsole({
      gateways: [
        {name: 'new', url: primary.url, token: primary.token},
        {name: 'old', url: second.url, token: second.token},
      ],
    });
    try {
      await fleet.waitForState(
        (s) => connected(s, 'new') && connected(s, 'old'),
        'both real gateways connected',
        120_000,
      );
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

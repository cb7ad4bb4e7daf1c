// Layer 3, device pairing decided from the interactive console against the real gateway. A second
// device that looks remote (X-Forwarded-For through the trusted loopback proxy) gets
// PAIRING_REQUIRED; the console's inbox shows the request, `a` opens a confirmation naming the
// exact request id and the scopes, `y` sends it, and the device's next connect gets hello-ok.
// Another device is rejected with `d` `y` and stays out. A paired device asking for more scopes
// shows what it asks for against what it holds, and the upgrade is approved the same way.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
  isRecord,
  lineWith,
  selectedLineWith,
  pairingRequestId,
  remoteDevice,
  startConsole,
  testToken,
  type ConsoleUnderTest,
} from '../support/console-harness.tsx';
import {readRealGatewayEnv} from '../support/real-gateway.ts';
import {gw} from '../support/state.ts';

const gateway = readRealGatewayEnv();

/** Inbox, filtered to `name`, with its one request selected. */
const showRequest = async (tui: ConsoleUnderTest, name: string, id: string): Promise<string> => {
  tui.press('2');
  await tui.waitForState((s) => s.ui.pane === 'inbox', 'the inbox pane');
  await tui.filter(name);
  return tui.waitFor(
    (f) => selectedLineWith(f, name) !== '' && f.includes(id),
    `the request ${id} from ${name}, selected`,
    30_000,
  );
};

const phaseOf = (tui: ConsoleUnderTest, id: string): string | undefined =>
  gw(tui.store.getState()).inbox.items[id]?.state.phase;

test('console: approve a device pairing with a then y; the device then connects', async () => {
  const name = `oct-pair-${testToken()}`;
  const tui = await startConsole({url: gateway.url, token: gateway.token});
  try {
    const device = remoteDevice(gateway, name);
    const id = pairingRequestId(await device.connect(['operator.read']));

    const inbox = await showRequest(tui, name, id);
    assert.match(selectedLineWith(inbox, name), /device pairing\s+oct-pair-\w+ wants to pair/);

    tui.press('a');
    const dialog = await tui.waitForText('Pair this device?', 10_000);
    assert.match(dialog, new RegExp(`request id\\s+${id}\\b`), 'the exact request id is shown');
    assert.match(dialog, /grant\s+role operator; scopes operator\.read\b/);
    assert.match(dialog, /action\s+allow-once/);
    assert.equal(phaseOf(tui, id), 'pending', 'nothing is sent before y');

    tui.press('y');
    await tui.waitForState((s) => gw(s).inbox.items[id]?.state.phase === 'resolved', 'resolved');
    await tui.waitForText(`allow-once: sent for ${id}`, 10_000);

    const again = await device.connect(['operator.read']);
    assert.equal(
      again.ok,
      true,
      `the approved device still cannot connect: ${JSON.stringify(again.error)}`,
    );
  } finally {
    await tui.close();
  }
});

test('console: reject a device pairing with d then y; the device stays out', async () => {
  const name = `oct-reject-${testToken()}`;
  const tui = await startConsole({url: gateway.url, token: gateway.token});
  try {
    const device = remoteDevice(gateway, name);
    const id = pairingRequestId(await device.connect(['operator.read']));
    await showRequest(tui, name, id);

    tui.press('d');
    const dialog = await tui.waitForText('Reject this device pairing request?', 10_000);
    assert.match(dialog, new RegExp(`request id\\s+${id}\\b`), 'the exact request id is shown');
    assert.match(dialog, /action\s+deny/);
    assert.equal(phaseOf(tui, id), 'pending', 'nothing is sent before y');

    tui.press('y');
    const state = await tui.waitForState(
      (s) => gw(s).inbox.items[id]?.state.phase === 'resolved',
      'the request resolved',
    );
    const resolved = gw(state).inbox.items[id]?.state;
    assert.ok(
      resolved?.phase === 'resolved' && /^(rejected|deny)$/.test(resolved.decision),
      JSON.stringify(resolved),
    );
    await tui.waitForText(`deny: sent for ${id}`, 10_000);

    const again = await device.connect(['operator.read']);
    assert.equal(again.ok, false, 'a rejected device was admitted');
    assert.equal(again.error?.details?.code, 'PAIRING_REQUIRED', JSON.stringify(again.error));
  } finally {
    await tui.close();
  }
});

test('console: a paired device asking for more scopes shows requested vs approved; approve it', async () => {
  const name = `oct-upgrade-${testToken()}`;
  const tui = await startConsole({url: gateway.url, token: gateway.token});
  try {
    const device = remoteDevice(gateway, name);
    const first = pairingRequestId(await device.connect(['operator.read']));
    await showRequest(tui, name, first);
    tui.press('a');
    await tui.waitForText('Pair this device?', 10_000);
    tui.press('y');
    await tui.waitForState((s) => gw(s).inbox.items[first]?.state.phase === 'resolved', 'paired');
    assert.equal((await device.connect(['operator.read'])).ok, true, 'pairing did not take');

    const upgrade = await device.connect(['operator.read', 'operator.write']);
    assert.equal(upgrade.error?.details?.reason, 'scope-upgrade', JSON.stringify(upgrade.error));
    const id = pairingRequestId(upgrade);
    await showRequest(tui, name, id);
    // The detail's grant table: read is held already, write is what the upgrade adds.
    const inbox = await tui.waitFor(
      (f) => /operator\.read\s+✓\s+✓/.test(lineWith(f, 'operator.read')),
      'operator.read shown as requested and approved',
      15_000,
    );
    assert.match(selectedLineWith(inbox, name), /wants more access/);
    assert.match(lineWith(inbox, 'requested'), /requested\s+approved now/);
    assert.doesNotMatch(lineWith(inbox, 'operator.read'), /NEW/);
    assert.match(lineWith(inbox, 'operator.write'), /operator\.write\s+✓\s+·\s+NEW/);

    tui.press('a');
    const dialog = await tui.waitForText('Approve this access upgrade?', 10_000);
    assert.match(dialog, new RegExp(`request id\\s+${id}\\b`));
    assert.match(dialog, /grant\s+role operator; scopes operator\.read, operator\.write\b/);
    assert.match(dialog, /new\s+operator\.write\s+│/, `only write is new:\n${dialog}`);
    tui.press('y');
    await tui.waitForState((s) => gw(s).inbox.items[id]?.state.phase === 'resolved', 'upgraded');

    const after = await device.connect(['operator.read', 'operator.write']);
    assert.equal(after.ok, true, JSON.stringify(after.error));
    const auth = isRecord(after.payload) && isRecord(after.payload.auth) ? after.payload.auth : {};
    assert.deepEqual(auth.scopes, ['operator.read', 'operator.write']);
  } finally {
    await tui.close();
  }
});

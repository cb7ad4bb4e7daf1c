// Layer 3, a fleet with a REAL wss:// gateway, killed and started again. This file starts ONE
// gateway of its own (the pinned openclaw, gateway.tls enabled, its self-signed certificate
// generated under its state dir) beside the shared one, because the shared gateways must not be
// killed while other files use them. Always stopped in `finally` (and by the exit hooks of
// real-gateway.ts if the test process dies); the test asserts that none of its processes is left.
// - The console reaches it as a wss:// entry pinned with the certificate's SHA-256 fingerprint;
//   a second entry to the same gateway with a wrong pin is refused on its own row (why + fix),
//   while the others are live.
// - SIGKILL of the TLS gateway: its row says it is reconnecting and why; the shared gateway's tree
//   and inbox stay live (a new session and a new pairing request show up meanwhile).
// - Started again on the same port with the same state dir (same certificate): the row reconnects
//   through the same pin; the wrong pin is still refused.
import assert from 'node:assert/strict';
import {X509Certificate} from 'node:crypto';
import {test} from 'node:test';
import type {AppState} from '../../source/state/reducer.ts';
import {fakeLlmScript} from '../support/fake-llm.ts';
import {pairingRequestId, remoteDevice, sendChat, testToken} from '../support/console-harness.tsx';
import {
  fleetRow,
  startFleetConsole,
  type FleetConsoleUnderTest,
} from '../support/fleet-console.tsx';
import {gatewayProcesses} from '../support/process-tree.ts';
import {connectReady, type RawClient} from '../support/raw-client.ts';
import {readRealGatewayEnv, startRealGateway, type RealGateway} from '../support/real-gateway.ts';
import {twinsAgainst} from '../support/real-twins.ts';
import {sessionEntryOf} from '../../source/state/sessions-slice.ts';

const shared = readRealGatewayEnv();
const twins = twinsAgainst(shared);

const phaseOf = (state: AppState, id: string): string | undefined =>
  state.gateways[id]?.gateway.phase;

/** The same fingerprint with its last hex digit changed: a pin of some other certificate. */
const otherPin = (pin: string): string =>
  pin.slice(0, -1) + (pin.slice(-1).toLowerCase() === '0' ? '1' : '0');

test('fleet console with a real wss:// gateway: connects through the tlsFingerprint pin, a wrong pin is refused on its row; killed, the other gateway stays live and the row says so; started again on its port, it reconnects', async () => {
  const tok = testToken();
  let tls: RealGateway | undefined;
  let fleet: FleetConsoleUnderTest | undefined;
  let writer: RawClient | undefined;
  let pairingToReject: string | undefined;
  try {
    tls = await startRealGateway({tls: true, readyTimeoutMs: 300_000, ttlSeconds: 900});
    assert.match(tls.url, /^wss:\/\/127\.0\.0\.1:\d+$/);
    const pin = new X509Certificate(tls.certPem()).fingerprint256; // "AB:CD:…", as openssl prints
    const version = tls.paths.openclawVersion;
    fleet = await startFleetConsole({
      gateways: [
        {name: 'tls', url: tls.url, token: tls.token, tlsFingerprint: pin},
        {name: 'badpin', url: tls.url, token: tls.token, tlsFingerprint: otherPin(pin)},
        {name: 'shared', url: shared.url, token: shared.token},
      ],
      columns: 220,
    });
    const console_ = fleet;

    // Through the pin: connected, with the gateway's own version on its row.
    await console_.waitForState(
      (s) => phaseOf(s, 'tls') === 'connected' && phaseOf(s, 'shared') === 'connected',
      'the TLS gateway (pinned) and the shared one connected',
      120_000,
    );
    const refused = await console_.waitForState(
      (s) => {
        const problem = s.gateways.badpin?.gateway.problem;
        return problem?.kind === 'other' && problem.code === 'TLS_PIN_MISMATCH';
      },
      'the wrong pin refused',
      60_000,
    );
    assert.notEqual(phaseOf(refused, 'badpin'), 'connected');
    console_.press('0');
    const rows = await console_.waitFor(
      (f) =>
        fleetRow(f, 'tls').includes(version) &&
        /\bconnected\b/.test(fleetRow(f, 'shared')) &&
        f.includes('TLS_PIN_MISMATCH'),
      'the Fleet rows: tls connected, badpin refused with why and fix',
      30_000,
    );
    assert.match(fleetRow(rows, 'tls'), /\bconnected\b/);
    assert.doesNotMatch(fleetRow(rows, 'badpin'), /\bconnected\b/);
    assert.match(rows, /why\s+TLS_PIN_MISMATCH: .*does not match the pinned fingerprint/);
    assert.match(rows, /fix\s+compare tlsFingerprint of the "badpin" entry in gateways\.json5/);

    // One gateway without a fleet: --tls-fingerprint pins it the same way.
    const target = {url: tls.url, token: tls.token};
    const pinned = await twins.run({name: 'status'}, {gateway: target, tlsFingerprint: pin});
    assert.equal(pinned.code, 0, pinned.out.stderr.text);
    const status = pinned.out.json()[0] as {connection?: {serverVersion?: unknown}};
    assert.ok(String(status.connection?.serverVersion).includes(version), JSON.stringify(status));
    const wrong = await twins.run(
      {name: 'status'},
      {gateway: target, tlsFingerprint: otherPin(pin), json: false},
    );
    assert.equal(wrong.code, 1);
    assert.match(wrong.out.stderr.text, /TLS_PIN_MISMATCH.*it serves SHA-256/);

    // Kill the TLS gateway (SIGKILL: no shutdown event, the socket just dies).
    const killed = await tls.kill('SIGKILL');
    assert.deepEqual(killed.leftovers, []);
    await console_.waitForState(
      (s) => phaseOf(s, 'tls') !== 'connected',
      'the TLS gateway seen gone',
      60_000,
    );
    const dead = await console_.waitFor(
      (f) => /reconnecting/.test(fleetRow(f, 'tls')) && f.includes('ECONNREFUSED'),
      "the dead gateway's row: reconnecting, and why",
      60_000,
    );
    assert.match(fleetRow(dead, 'shared'), /\bconnected\b/);

    // Meanwhile the shared gateway's tree and inbox stay live: a new session, a new request.
    // (a client of its own with operator.pairing too, to reject the request when done)
    writer = await connectReady(shared.url, {
      token: shared.token,
      displayName: 'oct-fleet-tls-writer',
      scopes: ['operator.read', 'operator.write', 'operator.pairing'],
    });
    const sessionKey = `agent:main:tls-${tok}`;
    await sendChat(writer, sessionKey, fakeLlmScript.reply(`OCT_TLS_${tok}`));
    const device = remoteDevice(shared, `oct-fleet-tls-${tok}`);
    const requestId = pairingRequestId(await device.connect(['operator.read']));
    pairingToReject = requestId;
    await console_.waitForState(
      (s) =>
        s.gateways.shared !== undefined &&
        sessionEntryOf(s.gateways.shared.sessions, sessionKey) !== undefined &&
        s.gateways.shared?.inbox.items[requestId]?.state.phase === 'pending',
      "the shared gateway's new session and request in the console",
      60_000,
    );
    console_.press('1');
    await console_.waitForState((s) => s.ui.pane === 'sessions', 'the Sessions pane');
    const tree = await console_.waitFor(
      (f) => f.includes(tok) && /⬢ shared/.test(f) && /⬢ tls/.test(f),
      "the new session under the shared gateway's head, the dead gateway's head still there",
      30_000,
    );
    assert.ok(tree.indexOf('⬢ shared') < tree.indexOf(tok), `the session under shared:\n${tree}`);
    console_.press('2');
    await console_.waitForState((s) => s.ui.pane === 'inbox', 'the Inbox pane');
    await console_.waitFor(
      (f) => /\bshared\s+device pairing/.test(f) && f.includes(`oct-fleet-tls-${tok}`),
      "the shared gateway's new request in the merged inbox",
      30_000,
    );
    assert.notEqual(phaseOf(console_.store.getState(), 'tls'), 'connected');

    // Started again on the same port, same state dir and certificate: back through the pin.
    await tls.restart();
    await console_.waitForState(
      (s) => phaseOf(s, 'tls') === 'connected',
      'the TLS gateway reconnected after its restart',
      180_000,
    );
    console_.press('0');
    const back = await console_.waitFor(
      (f) => /\bconnected\b/.test(fleetRow(f, 'tls')) && fleetRow(f, 'tls').includes(version),
      'the tls row connected again',
      30_000,
    );
    assert.match(fleetRow(back, 'shared'), /\bconnected\b/);
    assert.notEqual(phaseOf(console_.store.getState(), 'badpin'), 'connected');
  } finally {
    if (writer && pairingToReject) {
      await writer.request('device.pair.reject', {requestId: pairingToReject}).catch(() => {});
    }
    writer?.close();
    await fleet?.close();
    if (tls) {
      const pid = tls.pid;
      const report = await tls.stop();
      assert.deepEqual(report.leftovers, [], 'a process of the TLS gateway survived stop()');
      assert.deepEqual(gatewayProcesses(pid), [], 'a process of the TLS gateway is left');
    }
  }
});

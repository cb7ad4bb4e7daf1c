// Layer 3: the policy flow against the real gateway, through the project's own client. The console
// reads config.get into the policy slice, allows one sender on a Telegram DM allowlist with
// allow-sender (config.patch with the base hash), sees exactly that entry added and the
// `config.changed` event, gets a conflict for a change prepared against an older hash, and puts
// the config back as it was in `finally` (every later test shares this gateway).
// Telegram is a bundled channel, so its config block validates; OPENCLAW_SKIP_CHANNELS=1 keeps the
// gateway from starting it.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {EventFrame} from '../../source/protocol/frames.ts';
import {
  applyAllowSender,
  planAllowSender,
  prepareAllowSender,
} from '../../source/control/allow-sender.ts';
import {
  applyConfigChange,
  loadPolicy,
  prepareConfigChange,
  readConfig,
  valueAt,
  type PrepareResult,
  type PreparedConfigChange,
} from '../../source/control/config-change.ts';
import {selectPolicyView} from '../../source/state/policy-selectors.ts';
import {createInitialState} from '../../source/state/reducer.ts';
import {createStore, gatewayDispatch} from '../../source/state/store.ts';
import {readRealGatewayEnv} from '../support/real-gateway.ts';
import {GW} from '../support/state.ts';
import {openAdminLink} from '../support/admin-link.ts';

const gateway = readRealGatewayEnv();

const readyOf = (result: {readonly status: string}): PreparedConfigChange => {
  assert.equal(result.status, 'ready', JSON.stringify(result));
  return (result as Extract<PrepareResult, {status: 'ready'}>).prepared;
};

const waitFor = async (check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

test('allow one sender on a channel allowlist through config.patch, then restore', async () => {
  const admin = openAdminLink(gateway, 'oct-policy-test');
  const {connection} = admin;
  const events: EventFrame[] = [];
  connection.on('event', (frame) => events.push(frame));

  let original: {readonly channels: unknown; readonly hadChannels: boolean} | undefined;
  try {
    await connection.ready();
    const before = await readConfig(connection);
    assert.ok(before.hash, 'config.get sent no hash');
    original = {
      channels: valueAt(before.config, ['channels']),
      hadChannels: valueAt(before.config, ['channels']) !== undefined,
    };
    assert.equal(
      valueAt(before.config, ['channels', 'telegram']),
      undefined,
      'the shared gateway already has a telegram block; this test expects to own it',
    );

    // Set-up: a disabled Telegram block with an allowlist of one.
    const setup = readyOf(
      prepareConfigChange(
        before,
        [
          {
            path: ['channels', 'telegram'],
            value: {enabled: false, dmPolicy: 'allowlist', allowFrom: ['1001']},
          },
        ],
        {summary: 'test set-up'},
      ),
    );
    const setupResult = await applyConfigChange(connection, setup, {note: 'oct policy test'});
    assert.equal(setupResult.status, 'applied', JSON.stringify(setupResult));

    // The console's view of it, through the slice and selector.
    const store = createStore(
      createInitialState({
        url: gateway.url,
        urlSource: 'test',
        credentialSource: 'test',
        host: '127.0.0.1',
      }),
    );
    const loaded = await loadPolicy(connection, gatewayDispatch(store, GW));
    assert.ok(loaded);
    const telegram = selectPolicyView(store.getState(), GW).channels.find(
      (c) => c.channel === 'telegram',
    );
    assert.deepEqual(telegram, {
      channel: 'telegram',
      dmPolicy: 'allowlist',
      allowFrom: ['1001'],
      candidates: [],
    });

    // Step 1 + 2: allow exactly one more sender.
    const prepared = readyOf(
      await prepareAllowSender(connection, {channel: 'telegram', senderId: '1002'}),
    );
    assert.deepEqual(prepared.patch, {channels: {telegram: {allowFrom: ['1001', '1002']}}});
    assert.deepEqual(
      prepared.diff.map((line) => line.text),
      ['channels.telegram.allowFrom: ["1001"] → ["1001","1002"]'],
    );
    const since = events.length;
    const applied = await applyAllowSender(connection, prepared, {
      dispatch: gatewayDispatch(store, GW),
      note: 'oct policy test',
    });
    assert.equal(applied.status, 'applied', JSON.stringify(applied));
    assert.ok(applied.status === 'applied' && applied.hash, 'config.patch sent no new hash');
    assert.deepEqual(applied.changedPaths, ['channels.telegram.allowFrom']);

    const after = await readConfig(connection);
    assert.deepEqual(valueAt(after.config, ['channels', 'telegram']), {
      enabled: false,
      dmPolicy: 'allowlist',
      allowFrom: ['1001', '1002'],
    });
    assert.equal(after.hash, applied.hash);

    // The gateway announces the change: config.changed {path, hash, ts}.
    await waitFor(
      () => events.slice(since).some((e) => e.event === 'config.changed'),
      'config.changed',
    );
    const changed = events.slice(since).find((e) => e.event === 'config.changed');
    assert.equal((changed?.payload as {hash?: unknown} | undefined)?.hash, applied.hash);

    // Already there: nothing to send.
    assert.equal(planAllowSender(after, {channel: 'telegram', senderId: '1002'}).status, 'no-op');

    // A change prepared against the old hash is a conflict, and writes nothing.
    const stale = readyOf(planAllowSender(before, {channel: 'telegram', senderId: '1003'}));
    const conflict = await applyAllowSender(connection, stale);
    assert.equal(conflict.status, 'conflict', JSON.stringify(conflict));
    const unchanged = await readConfig(connection);
    assert.equal(unchanged.hash, after.hash);
  } finally {
    if (original !== undefined) {
      const current = await readConfig(connection);
      const restore = prepareConfigChange(
        current,
        [{path: ['channels'], value: original.hadChannels ? original.channels : null}],
        {summary: 'restore'},
      );
      if (restore.status === 'ready') {
        const restored = await applyConfigChange(connection, restore.prepared, {
          note: 'oct policy test: restore',
        });
        assert.equal(restored.status, 'applied', JSON.stringify(restored));
      }
      const final = await readConfig(connection);
      assert.deepEqual(valueAt(final.config, ['channels']), original.channels);
    }
    await admin.remove();
  }
});

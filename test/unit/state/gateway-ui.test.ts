import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {GatewayHello} from '../../../source/state/action-types/gateway.ts';
import {selectTreeRows} from '../../../source/state/selectors.ts';
import {makeRow, makeState, run, snapshot, stateText, upsert} from './factories.ts';
import {gw, GW} from '../../support/state.ts';

const hello: GatewayHello = {
  protocol: 4,
  serverVersion: '2026.9.6',
  methods: ['sessions.list'],
  events: ['tick'],
  scopes: ['operator.read'],
  tickIntervalMs: 30_000,
  mainSessionKey: 'agent:main:main',
};

test('gateway: connect lifecycle, problem cleared on connect, token never copied', () => {
  const withToken = {...hello, deviceToken: 'dt-secret'};
  const state = run([
    {type: 'gateway/connecting', attempt: 1, at: 1},
    {
      type: 'gateway/problem',
      problem: {kind: 'unreachable', url: 'ws://x', detail: 'ECONNREFUSED'},
      at: 2,
    },
    {
      type: 'gateway/disconnected',
      code: 1006,
      reason: '',
      next: 'reconnecting',
      retryInMs: 2_000,
      at: 3,
    },
    {type: 'gateway/connecting', attempt: 2, at: 5_000},
    {type: 'gateway/connected', hello: withToken, at: 5_100},
  ]);
  const {gateway} = gw(state);
  assert.equal(gateway.phase, 'connected');
  assert.equal(gateway.problem, undefined);
  assert.equal(gateway.retryAt, undefined);
  assert.equal(gateway.serverVersion, '2026.9.6');
  assert.equal(gateway.mainSessionKey, 'agent:main:main');
  assert.deepEqual(gateway.scopes, ['operator.read']);
  assert.equal(gateway.connectedAt, 5_100);
  assert.equal(stateText(state).includes('dt-secret'), false);
});

test('gateway: disconnect schedules a retry; shutdown and gaps are remembered', () => {
  const state = run([
    {
      type: 'gateway/shutdown-announced',
      notice: {reason: 'update', restartExpectedMs: 4_000},
      at: 10,
    },
    {
      type: 'gateway/disconnected',
      code: 1012,
      reason: 'service restart',
      next: 'reconnecting',
      retryInMs: 1_000,
      at: 20,
    },
    {type: 'gateway/gap-detected', expected: 3, received: 7, at: 30},
  ]);
  assert.equal(gw(state).gateway.phase, 'reconnecting');
  assert.equal(gw(state).gateway.retryAt, 1_020);
  assert.deepEqual(gw(state).gateway.lastClose, {code: 1012, reason: 'service restart', at: 20});
  assert.deepEqual(gw(state).gateway.shutdown, {
    reason: 'update',
    restartExpectedMs: 4_000,
    at: 10,
  });
  assert.deepEqual(gw(state).gateway.lastGap, {expected: 3, received: 7, at: 30});
  assert.equal(gw(makeState()).gateway.host, '127.0.0.1:18789');
});

test('ui: modes are exclusive and return to normal', () => {
  const cases = [
    [[{type: 'ui/help-toggled'}], 'help'],
    [[{type: 'ui/help-toggled'}, {type: 'ui/help-toggled'}], 'normal'],
    [[{type: 'ui/filter-opened'}], 'filter'],
    [
      [
        {type: 'ui/filter-opened'},
        {
          type: 'ui/confirm-opened',
          confirm: {action: 'decide', id: 'e1', decision: 'deny', text: 'Deny?'},
        },
      ],
      'confirm',
    ],
    [
      [
        {type: 'ui/confirm-opened', confirm: {action: 'abort-session', key: 'k', text: 'Abort?'}},
        {type: 'ui/confirm-closed'},
      ],
      'normal',
    ],
    [[{type: 'ui/input-opened', purpose: 'steer', target: 'k'}], 'input'],
    [
      [
        {type: 'ui/input-opened', purpose: 'steer'},
        {type: 'ui/pane-selected', pane: 'inbox'},
      ],
      'normal',
    ],
  ] as const;
  for (const [actions, mode] of cases) {
    const state = run(actions);
    assert.equal(state.ui.mode, mode, JSON.stringify(actions));
    if (mode === 'normal') {
      assert.equal(state.ui.confirm, undefined);
      assert.equal(state.ui.input, undefined);
    }
  }
  const typing = run([
    {type: 'ui/input-opened', purpose: 'steer', target: 'k'},
    {type: 'ui/input-changed', text: 'stop'},
  ]);
  assert.deepEqual(typing.ui.input, {purpose: 'steer', target: 'k', text: 'stop'});
});

test('ui: filter text is per pane; Esc clears it, Enter keeps it', () => {
  const typed = run([
    {type: 'ui/pane-selected', pane: 'events'},
    {type: 'ui/filter-opened'},
    {type: 'ui/filter-changed', text: 'spawn'},
  ]);
  assert.deepEqual(typed.ui.filters, {events: 'spawn'});
  assert.equal(run([{type: 'ui/filter-closed', keep: true}], typed).ui.filters.events, 'spawn');
  assert.equal(run([{type: 'ui/filter-closed', keep: false}], typed).ui.filters.events, '');
});

test('ui: notices expire with the clock or on dismiss', () => {
  const shown = run([
    {type: 'ui/notice-shown', text: 'approved', tone: 'info', at: 100, ttlMs: 3_000},
  ]);
  assert.equal(run([{type: 'clock/ticked', now: 3_000}], shown).ui.notice?.text, 'approved');
  assert.equal(run([{type: 'clock/ticked', now: 3_100}], shown).ui.notice, undefined);
  const sticky = run([{type: 'ui/notice-shown', text: 'error', tone: 'error', at: 100}]);
  assert.ok(run([{type: 'clock/ticked', now: 1e9}], sticky).ui.notice);
  assert.equal(run([{type: 'ui/notice-dismissed'}], sticky).ui.notice, undefined);
});

test('10,000 sessions through the store path: snapshot, change, rows', () => {
  const rows = [makeRow({key: 'agent:main:main', isMain: true})];
  for (let index = 0; index < 9_999; index++) {
    rows.push(
      makeRow({
        key: `agent:main:subagent:${index}`,
        parent: index < 100 ? 'agent:main:main' : `agent:main:subagent:${index % 100}`,
        createdAt: index,
        status: 'done',
      }),
    );
  }
  const loaded = run([snapshot(rows, 1)]);
  assert.equal(selectTreeRows(loaded, GW).length, 10_000);
  const changed = run(
    [
      upsert(
        makeRow({
          key: 'agent:main:subagent:5000',
          parent: 'agent:main:subagent:0',
          hasActiveRun: true,
        }),
        10,
      ),
    ],
    loaded,
  );
  const rowsAfter = selectTreeRows(changed, GW);
  assert.equal(rowsAfter.length, 10_000);
  assert.equal(
    rowsAfter.find((row) => row.key === 'agent:main:subagent:5000')?.session.status,
    'running',
  );
});

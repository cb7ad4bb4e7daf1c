// What the fleet console shows across gateways, as pure selectors over a state of two gateway
// records: the same request id on both is two items with two uids (and two cursor keys), a tree
// with one top level per gateway, Fleet rows counting each gateway's own waiting items, and no
// "last event" age for a gateway we never heard from (our own connection lines do not count).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {forGateway, type Action, type GatewayEvent} from '../../../source/state/actions.ts';
import {
  fleetKey,
  selectFleetEvents,
  selectFleetInbox,
  selectFleetInboxCount,
  selectFleetPaneKeys,
  selectFleetRows,
  selectFleetTreeRows,
} from '../../../source/state/fleet-selectors.ts';
import {createGatewayRecord} from '../../../source/state/gateway-record.ts';
import {rootReducer, type AppState} from '../../../source/state/reducer.ts';
import {initialUiState} from '../../../source/state/ui-slice.ts';
import {makeApproval, makeRow, snapshot} from './factories.ts';

const twoGateways = (): AppState => ({
  gateways: {
    a: createGatewayRecord({
      url: 'ws://10.0.0.1:18789',
      urlSource: 'test',
      credentialSource: 'test',
    }),
    b: createGatewayRecord({
      url: 'ws://10.0.0.2:18789',
      urlSource: 'test',
      credentialSource: 'test',
    }),
  },
  ui: initialUiState,
});

const on = (state: AppState, gateway: string, ...events: GatewayEvent[]): AppState =>
  events.reduce(
    (current, event) => rootReducer(current, forGateway(gateway, event) as Action),
    state,
  );

test('the same request id on two gateways is two items, each keyed by its gateway', () => {
  let state = twoGateways();
  state = on(state, 'a', {type: 'approval/requested', request: makeApproval({id: 'same'}), at: 1});
  state = on(state, 'b', {type: 'approval/requested', request: makeApproval({id: 'same'}), at: 2});
  const inbox = selectFleetInbox(state);
  assert.deepEqual(
    inbox.map((entry) => [entry.gateway, entry.value.id, entry.uid]),
    [
      ['a', 'same', fleetKey('a', 'same')],
      ['b', 'same', fleetKey('b', 'same')],
    ],
  );
  assert.deepEqual(selectFleetPaneKeys(state, 'inbox'), [
    fleetKey('a', 'same'),
    fleetKey('b', 'same'),
  ]);
  assert.equal(selectFleetInboxCount(state), 2);
  // b's item resolved: a's stays open, and each row counts its own.
  state = on(state, 'b', {
    type: 'approval/resolved',
    resolved: {kind: 'exec', id: 'same', decision: 'deny'},
    at: 3,
  });
  assert.equal(selectFleetInboxCount(state), 1);
  assert.deepEqual(
    selectFleetRows(state).map((row) => [row.id, row.waiting]),
    [
      ['a', 1],
      ['b', 0],
    ],
  );
});

test('the tree has one top level per gateway, and their sessions below', () => {
  let state = twoGateways();
  state = on(state, 'a', snapshot([makeRow({key: 'agent:main:main'})], 1));
  state = on(state, 'b', snapshot([makeRow({key: 'agent:main:main'})], 1));
  const rows = selectFleetTreeRows(state);
  assert.deepEqual(
    rows.map((row) => [row.gateway, row.head === undefined ? row.key : 'head', row.depth]),
    [
      ['a', 'head', 0],
      ['a', 'agent:main:main', 1],
      ['b', 'head', 0],
      ['b', 'agent:main:main', 1],
    ],
  );
  assert.equal(new Set(rows.map((row) => row.uid)).size, 4, 'every row its own uid');
});

test('a gateway never heard from has no last-event age; one that spoke has', () => {
  let state = twoGateways();
  state = on(state, 'a', {
    type: 'gateway/disconnected',
    code: 1006,
    reason: '',
    next: 'reconnecting',
    at: 5,
  });
  state = on(state, 'b', {type: 'approval/requested', request: makeApproval({id: 'x'}), at: 7});
  assert.ok(
    state.gateways.a?.events.items.some((event) => event.kind === 'gateway'),
    'the drop is on a’s tail (our own line)',
  );
  const rows = selectFleetRows(state);
  assert.equal(rows.find((row) => row.id === 'a')?.lastEventAt, undefined);
  assert.equal(rows.find((row) => row.id === 'b')?.lastEventAt, 7);
});

test('events merge in time order (a tie keeps the gateways in order), each line wrapped once', () => {
  let state = twoGateways();
  const request = (gateway: string, id: string, at: number): void => {
    state = on(state, gateway, {type: 'approval/requested', request: makeApproval({id}), at});
  };
  request('a', 'a1', 1);
  request('b', 'b2', 2);
  request('b', 'b3', 3);
  request('a', 'a3', 3);
  request('a', 'a5', 5);
  request('b', 'b6', 6);
  const lines = (gateway: string) =>
    (state.gateways[gateway]?.events.items ?? []).map((event) => ({gateway, event}));
  const expected = [...lines('a'), ...lines('b')]
    .sort((x, y) => x.event.ts - y.event.ts)
    .map(({gateway, event}) => [gateway, event.id, event.ts]);
  const merged = selectFleetEvents(state);
  assert.deepEqual(
    merged.map((entry) => [entry.gateway, entry.value.id, entry.value.ts]),
    expected,
  );
  assert.deepEqual(
    merged.map((entry) => entry.value.ts),
    [...merged.map((entry) => entry.value.ts)].sort((x, y) => x - y),
  );
  assert.equal(new Set(merged.map((entry) => entry.uid)).size, merged.length);
  // A new line on b: the lines already shown keep their wrappers.
  request('b', 'b7', 7);
  const after = selectFleetEvents(state);
  assert.equal(after.length > merged.length, true);
  for (const entry of merged) {
    assert.ok(after.includes(entry), `${entry.uid} kept its wrapper`);
  }
});

test('events merged frame after frame: the k-way merge of every tail (rings dropping lines, equal times, a clock going back, a filter)', () => {
  const ids = ['a', 'b', 'c'];
  let state: AppState = {
    gateways: Object.fromEntries(
      ids.map((id) => [
        id,
        createGatewayRecord({
          url: `ws://${id}:1`,
          urlSource: 'test',
          credentialSource: 'test',
          tailCapacity: 6,
        }),
      ]),
    ),
    ui: {...initialUiState, pane: 'events'},
  };
  let seed = 7;
  const next = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  let at = 1;
  let n = 0;
  for (let frame = 0; frame < 400; frame++) {
    for (let k = Math.floor(next() * 5); k > 0; k--) {
      // Mostly forward, sometimes the same millisecond; now and then a clock that went back.
      const roll = next();
      at += roll < 0.3 ? 0 : roll < 0.97 ? 1 : -2;
      const gateway = ids[Math.floor(next() * ids.length)] as string;
      state = on(state, gateway, {
        type: 'approval/requested',
        request: makeApproval({id: `r${n++}`}),
        at,
      });
    }
    if (next() < 0.05) {
      state = rootReducer(state, {type: 'ui/filter-changed', text: next() < 0.5 ? '' : 'b'});
    }
    const word = (state.ui.filters.events ?? '').trim();
    const expected = kWayMerge(
      ids.map((id) =>
        (state.gateways[id]?.events.items ?? [])
          .filter((event) =>
            `${event.kind}\n${event.summary}\n${event.sessionKey ?? ''}\n${id}`
              .toLowerCase()
              .includes(word),
          )
          .map((event) => `${id}:${event.id}@${event.ts}`),
      ),
    );
    assert.deepEqual(
      selectFleetEvents(state).map(
        (entry) => `${entry.gateway}:${entry.value.id}@${entry.value.ts}`,
      ),
      expected,
      `frame ${frame}`,
    );
  }
});

/** The merge the selector promises: the head with the smallest time first, the lower gateway on a tie. */
const kWayMerge = (lists: readonly (readonly string[])[]): string[] => {
  const time = (line: string): number => Number(line.slice(line.indexOf('@') + 1));
  const at = lists.map(() => 0);
  const out: string[] = [];
  for (;;) {
    let best = -1;
    lists.forEach((list, i) => {
      const head = list[at[i] as number];
      if (head === undefined) return;
      const bestHead = best < 0 ? undefined : lists[best]?.[at[best] as number];
      if (bestHead === undefined || time(head) < time(bestHead)) best = i;
    });
    if (best < 0) return out;
    out.push(lists[best]?.[at[best] as number] as string);
    at[best] = (at[best] as number) + 1;
  }
};

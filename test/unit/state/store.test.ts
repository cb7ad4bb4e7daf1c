import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Action} from '../../../source/state/actions.ts';
import {createStore} from '../../../source/state/store.ts';
import {makeState} from './factories.ts';
import {addressed, gw} from '../../support/state.ts';
import {tableSize} from '../../../source/state/slot-table.ts';

test('listeners run after a dispatch that changed the state, and can unsubscribe', () => {
  const store = createStore(makeState());
  const seen: string[] = [];
  const unsubscribe = store.subscribe(() => seen.push(store.getState().ui.pane));
  store.dispatch({type: 'ui/pane-selected', pane: 'inbox'});
  store.dispatch({type: 'ui/pane-selected', pane: 'inbox'}); // no change: no notification
  unsubscribe();
  store.dispatch({type: 'ui/pane-selected', pane: 'events'});
  assert.deepEqual(seen, ['inbox']);
  assert.equal(store.getState().ui.pane, 'events');
});

test('a dispatch from a listener runs after the current one, in order', () => {
  const store = createStore(makeState());
  const log: string[] = [];
  store.subscribe(() => {
    const {pane} = store.getState().ui;
    log.push(`a:${pane}`);
    if (pane === 'inbox') store.dispatch({type: 'ui/pane-selected', pane: 'events'});
  });
  store.subscribe(() => log.push(`b:${store.getState().ui.pane}`));
  store.dispatch({type: 'ui/pane-selected', pane: 'inbox'});
  assert.deepEqual(log, ['a:inbox', 'b:inbox', 'a:events', 'b:events']);
});

test('actions that change nothing leave the state identical', () => {
  const initial = makeState();
  const store = createStore(initial);
  // (A clock tick is not one of them: it moves ui.now, which is what redraws the ages.)
  store.dispatch({type: 'ui/notice-dismissed'} satisfies Action);
  store.dispatch({type: 'ui/pane-selected', pane: initial.ui.pane} satisfies Action);
  assert.equal(store.getState(), initial);
});

test('a clock tick moves ui.now; gateway records with nothing to expire keep their objects', () => {
  const initial = makeState();
  const store = createStore(initial);
  store.dispatch({type: 'clock/ticked', now: initial.ui.now + 1} satisfies Action);
  assert.equal(store.getState().ui.now, initial.ui.now + 1);
  assert.equal(store.getState().gateways, initial.gateways);
});

test('the state is plain data: a structured clone is equal to it', () => {
  // Records, arrays, primitives and Maps (sessions by key): no functions, no class instances.
  const store = createStore(makeState());
  store.dispatch({type: 'ui/row-collapsed', key: 'a'});
  store.dispatch({type: 'ui/notice-shown', text: 'hi', tone: 'info', at: 1, ttlMs: 10});
  store.dispatch(
    addressed({
      type: 'sessions/snapshot-loaded',
      rows: [{key: 'agent:main:main', label: 'main'}],
      complete: true,
      requestedAt: 1,
      at: 2,
    }),
  );
  assert.equal(tableSize(gw(store.getState()).sessions.byKey), 1);
  assert.deepEqual(structuredClone(store.getState()), store.getState());
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Action} from '../../../source/state/actions.ts';
import {coalesceStore} from '../../../source/state/coalesce.ts';
import {rootReducer, type AppState} from '../../../source/state/reducer.ts';
import {createStore} from '../../../source/state/store.ts';
import {makeState} from './factories.ts';

// Gateway-like actions that change the state (clock/ticked stands in for any event): a reducer
// that returns a new object for them, the real one for everything else.
const reducer = (state: AppState, action: Action): AppState =>
  action.type === 'clock/ticked' ? {...state} : rootReducer(state, action);
const tick = (now: number): Action => ({type: 'clock/ticked', now});

const manualTimers = () => {
  let clock = 0;
  const timers = new Map<number, {at: number; run: () => void}>();
  let ids = 0;
  return {
    now: () => clock,
    setTimer: (run: () => void, ms: number) => {
      ids += 1;
      timers.set(ids, {at: clock + ms, run});
      return ids;
    },
    clearTimer: (handle: unknown) => {
      timers.delete(handle as number);
    },
    advance(ms: number) {
      clock += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at <= clock) {
          timers.delete(id);
          timer.run();
        }
      }
    },
    pending: () => timers.size,
  };
};

test('the first change is announced at once, a burst after it once per interval', () => {
  const timers = manualTimers();
  const store = coalesceStore(createStore(makeState(), reducer), {intervalMs: 50, ...timers});
  let notified = 0;
  store.subscribe(() => notified++);
  store.dispatch(tick(1));
  assert.equal(notified, 1);
  for (let i = 0; i < 100; i++) store.dispatch(tick(i));
  assert.equal(notified, 1, 'the burst waits for the next slot');
  timers.advance(49);
  assert.equal(notified, 1);
  timers.advance(1);
  assert.equal(notified, 2, 'one notification for the whole burst');
  timers.advance(500);
  assert.equal(notified, 2, 'nothing pending: nothing more');
  assert.equal(timers.pending(), 0);
});

test('getState is current even while the notification waits', () => {
  const timers = manualTimers();
  const base = createStore(makeState(), reducer);
  const store = coalesceStore(base, {intervalMs: 50, ...timers});
  store.dispatch(tick(1));
  store.dispatch({type: 'ui/pane-selected', pane: 'inbox'});
  assert.equal(store.getState().ui.pane, 'inbox');
  assert.equal(store.getState(), base.getState());
});

test('ui actions are announced at once, even inside a busy interval', () => {
  const timers = manualTimers();
  const store = coalesceStore(createStore(makeState(), reducer), {intervalMs: 50, ...timers});
  const panes: string[] = [];
  store.subscribe(() => panes.push(store.getState().ui.pane));
  store.dispatch(tick(1));
  store.dispatch(tick(2));
  store.dispatch({type: 'ui/pane-selected', pane: 'events'});
  assert.deepEqual(panes, ['sessions', 'events']);
  timers.advance(50);
  assert.deepEqual(panes, ['sessions', 'events'], 'the urgent notification covered the burst');
});

test('an action that changes nothing announces nothing', () => {
  const timers = manualTimers();
  const store = coalesceStore(createStore(makeState()), {intervalMs: 50, ...timers});
  let notified = 0;
  store.subscribe(() => notified++);
  store.dispatch({type: 'ui/pane-selected', pane: 'sessions'});
  store.dispatch(tick(5));
  timers.advance(100);
  assert.equal(notified, 0);
});

test('flush announces a waiting change; dispose drops it and stops listening', () => {
  const timers = manualTimers();
  const store = coalesceStore(createStore(makeState(), reducer), {intervalMs: 50, ...timers});
  let notified = 0;
  store.subscribe(() => notified++);
  store.dispatch(tick(1));
  store.dispatch(tick(2));
  store.flush();
  assert.equal(notified, 2);
  store.dispatch(tick(3));
  store.dispose();
  timers.advance(100);
  store.dispatch(tick(4));
  assert.equal(notified, 2);
  assert.equal(timers.pending(), 0);
});

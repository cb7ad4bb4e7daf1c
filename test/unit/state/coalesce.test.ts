import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Action} from '../../../source/state/actions.ts';
import {coalesceStore} from '../../../source/state/coalesce.ts';
import {rootReducer, type AppState} from '../../../source/state/reducer.ts';
import {createStore} from '../../../source/state/store.ts';
import {makeState} from './factories.ts';
import {addressed} from '../../support/state.ts';

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
    /** Time passing inside a callback (a render), without running timers. */
    spend(ms: number) {
      clock += ms;
    },
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
  store.dispatch({type: 'ui/notice-dismissed'});
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

test('costly frames space notifications out (drawing takes at most renderShare), within bounds', () => {
  const timers = manualTimers();
  let frameCost = 40;
  const store = coalesceStore(createStore(makeState(), reducer), {
    intervalMs: 50,
    maxIntervalMs: 150,
    renderShare: 0.5,
    afterRender: (done) => done(),
    ...timers,
  });
  const at: number[] = [];
  store.subscribe(() => {
    at.push(timers.now());
    timers.spend(frameCost);
  });
  store.dispatch(tick(1));
  assert.equal(store.intervalMs(), 80, '40 ms frames at half the time: one every 80 ms');
  // The frame took the clock to 40; the next may begin 80 ms after the last one began.
  store.dispatch(tick(2));
  timers.advance(39);
  assert.equal(at.length, 1, 'not yet: 79 ms since the last frame began');
  timers.advance(1);
  assert.deepEqual(at, [0, 80]);

  frameCost = 400;
  store.dispatch(tick(3));
  timers.advance(1_000);
  assert.equal(store.intervalMs(), 150, 'never slower than maxIntervalMs');

  frameCost = 1;
  for (let i = 0; i < 20; i++) {
    store.dispatch(tick(10 + i));
    timers.advance(200);
  }
  assert.equal(store.intervalMs(), 50, 'cheap frames again: back to the shortest interval');
});

test('an urgent action is announced at once however slow frames have been', () => {
  const timers = manualTimers();
  const store = coalesceStore(createStore(makeState(), reducer), {
    intervalMs: 50,
    afterRender: (done) => done(),
    ...timers,
  });
  let notified = 0;
  store.subscribe(() => {
    notified++;
    timers.spend(100);
  });
  store.dispatch(tick(1));
  store.dispatch(tick(2));
  assert.equal(notified, 1);
  store.dispatch({type: 'ui/pane-selected', pane: 'events'});
  assert.equal(notified, 2);
});

test('the milestones of a connection (connected, sessions loaded) are drawn at once, not a slot later', () => {
  const timers = manualTimers();
  const store = coalesceStore(createStore(makeState(), reducer), {
    intervalMs: 50,
    maxIntervalMs: 200,
    afterRender: (done) => done(),
    ...timers,
  });
  let notified = 0;
  store.subscribe(() => {
    notified++;
    // Start-up frames are costly: the interval grows to its maximum.
    timers.spend(100);
  });
  store.dispatch(tick(1));
  assert.equal(store.intervalMs(), 200);
  store.dispatch(tick(2));
  assert.equal(notified, 1, 'an ordinary change waits for the next slot');
  store.dispatch(
    addressed({
      type: 'sessions/snapshot-loaded',
      rows: [],
      complete: true,
      requestedAt: 0,
      at: 0,
    }),
  );
  assert.equal(notified, 2, 'the loaded list is announced at once');
  assert.equal(timers.pending(), 0, 'and it carried the pending change with it');
});

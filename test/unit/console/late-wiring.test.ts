// The console draws its first frame before its wiring exists (run-console.tsx): the App's
// commands and gateway-log source forward to the real ones once handed over. A call made before
// then waits for the real command (a `q` typed at once still quits); one made after goes straight
// through (a command that returns synchronously still does).

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {lateCommands, lateSource} from '../../../source/console/late-wiring.ts';
import type {Commands} from '../../../source/views/commands.ts';

const recordingCommands = (calls: string[]): Commands => {
  const record =
    (name: string) =>
    (...args: unknown[]): string => {
      calls.push(`${name}(${args.join(',')})`);
      return `${name} done`;
    };
  // Not a thenable: a promise resolved with these commands must not take them for one.
  return new Proxy({} as Commands, {
    get: (_, key) => (key === 'then' ? undefined : record(String(key))),
  });
};

test('a command called before the wiring waits for it, then runs once with its arguments', async () => {
  const late = lateCommands();
  const calls: string[] = [];
  const pending = late.value.stopRun('agent:main', 'run-1');
  const quitting = late.value.quit();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(calls, [], 'nothing can run before the real commands exist');
  late.resolve(recordingCommands(calls));
  assert.equal(await pending, 'stopRun done');
  assert.equal(await quitting, 'quit done');
  assert.deepEqual(calls, ['stopRun(agent:main,run-1)', 'quit()']);
});

test('after the wiring, commands go straight through (synchronous results stay synchronous)', () => {
  const late = lateCommands();
  const calls: string[] = [];
  late.resolve(recordingCommands(calls));
  assert.equal(late.value.discardPrepared('token-1'), 'discard' + 'Prepared done');
  assert.deepEqual(calls, ['discardPrepared(token-1)']);
  // A second hand-over is ignored: the first real commands stay.
  late.resolve(recordingCommands([]));
  late.value.retryConnect();
  assert.deepEqual(calls, ['discardPrepared(token-1)', 'retryConnect()']);
});

test('the late source reads its initial value, then the real source; subscribers move over', () => {
  const late = lateSource<readonly string[]>([]);
  let seen = 0;
  const unsubscribe = late.value.subscribe(() => (seen += 1));
  assert.deepEqual(late.value.getSnapshot(), []);

  let lines: readonly string[] = ['one'];
  const listeners = new Set<() => void>();
  late.resolve({
    getSnapshot: () => lines,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  assert.equal(seen, 1, 'told once that the snapshot changed');
  assert.deepEqual(late.value.getSnapshot(), ['one']);
  lines = ['one', 'two'];
  for (const listener of listeners) listener();
  assert.equal(seen, 2, 'the real source reaches the early subscriber');
  unsubscribe();
  assert.equal(listeners.size, 0, 'unsubscribing reaches the real source');
});

test('a hand-over to a source as empty as the initial one tells nobody (no extra render)', () => {
  const none: readonly string[] = [];
  const late = lateSource(none, (real, initial) => real.length === initial.length);
  let seen = 0;
  late.value.subscribe(() => (seen += 1));
  let lines: readonly string[] = [];
  const listeners = new Set<() => void>();
  late.resolve({
    getSnapshot: () => lines,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  assert.equal(seen, 0);
  assert.equal(late.value.getSnapshot(), none, 'the same snapshot as before: React sees no change');
  lines = ['first line'];
  for (const listener of listeners) listener();
  assert.equal(seen, 1);
  assert.deepEqual(late.value.getSnapshot(), ['first line']);
});

// The console draws its first frame before its gateway wiring is loaded (run-console.tsx): the
// App gets commands and a gateway-log source at once, which forward to the real ones as soon as
// the wiring exists. A command called before then (a `q` typed within the first ~100 ms) waits
// for the real one instead of being lost.

import type {Commands} from '../views/commands.ts';
import type {Source} from '../views/app-context.ts';

export type Late<T> = {
  readonly value: T;
  /** Hand over the real one; calls and subscribers made so far move to it. Once only. */
  resolve(real: T): void;
};

export const lateCommands = (): Late<Commands> => {
  let real: Commands | undefined;
  let ready!: (commands: Commands) => void;
  const whenReady = new Promise<Commands>((resolve) => (ready = resolve));
  const forward = <K extends keyof Commands>(key: K): Commands[K] =>
    ((...args: unknown[]) => {
      const call = (commands: Commands): unknown =>
        (commands[key] as (...a: unknown[]) => unknown)(...args);
      return real === undefined ? whenReady.then(call) : call(real);
    }) as Commands[K];
  // Every key by name: a new command that is not forwarded here fails the type check.
  const value: Commands = {
    decide: forward('decide'),
    answer: forward('answer'),
    prepareAllowSender: forward('prepareAllowSender'),
    prepareAllowAgent: forward('prepareAllowAgent'),
    applyPrepared: forward('applyPrepared'),
    discardPrepared: forward('discardPrepared'),
    readAudit: forward('readAudit'),
    stopRun: forward('stopRun'),
    stopSubtree: forward('stopSubtree'),
    steer: forward('steer'),
    taskAction: forward('taskAction'),
    peek: forward('peek'),
    retryConnect: forward('retryConnect'),
    startEmbedded: forward('startEmbedded'),
    openDemo: forward('openDemo'),
    quit: forward('quit'),
  };
  return {
    value,
    resolve: (commands) => {
      if (real !== undefined) return;
      real = commands;
      ready(commands);
    },
  };
};

/**
 * A source that reads `initial` until the real source is handed over. `same` says when the real
 * source's snapshot is as good as `initial` (both empty): then `initial` itself is read and the
 * hand-over tells no subscriber, so it costs the App no render of its own.
 */
export const lateSource = <T>(
  initial: T,
  same: (real: T, initial: T) => boolean = Object.is,
): Late<Source<T>> => {
  let real: Source<T> | undefined;
  // Each subscriber, with its subscription to the real source once there is one.
  const listeners = new Map<() => void, (() => void) | undefined>();
  const getSnapshot = (): T => {
    if (real === undefined) return initial;
    const snapshot = real.getSnapshot();
    return same(snapshot, initial) ? initial : snapshot;
  };
  return {
    value: {
      getSnapshot,
      subscribe: (listener) => {
        listeners.set(listener, real?.subscribe(listener));
        return () => {
          listeners.get(listener)?.();
          listeners.delete(listener);
        };
      },
    },
    resolve: (source) => {
      if (real !== undefined) return;
      real = source;
      const changed = getSnapshot() !== initial;
      for (const listener of [...listeners.keys()]) {
        listeners.set(listener, source.subscribe(listener));
        if (changed) listener();
      }
    },
  };
};

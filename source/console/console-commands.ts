// The Commands the App calls, implemented against one gateway connection: decisions by exact id,
// session control, and the switches of the problem screen. Outcomes come back as notices in the
// store (one line each), never as exceptions that could reach the terminal as a stack trace.

import type {GatewayConnection} from '../client/types.ts';
import type {createDecider} from '../control/decide.ts';
import type {SessionControl} from '../control/session-control.ts';
import type {Store} from '../state/store.ts';
import type {Commands} from '../views/commands.ts';

export type ConsoleCommandDeps = {
  readonly store: Store;
  readonly connection: GatewayConnection;
  readonly decide: ReturnType<typeof createDecider>;
  readonly sessions: SessionControl;
  readonly allowSender: Commands['allowSender'];
  readonly now?: () => number;
  /** Leave the console and start it again with these extra flags (`--demo`, `--embed`). */
  readonly relaunch: (flags: readonly string[]) => void;
  readonly quit: () => Promise<void>;
};

const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export const createConsoleCommands = (deps: ConsoleCommandDeps): Commands => {
  const now = deps.now ?? Date.now;
  const notice = (text: string, tone: 'info' | 'warn' | 'error'): void =>
    deps.store.dispatch({type: 'ui/notice-shown', text, tone, at: now(), ttlMs: 8000});

  const report = async (what: string, run: () => Promise<string>): Promise<void> => {
    try {
      notice(await run(), 'info');
    } catch (error) {
      notice(`${what} failed: ${message(error)}`, 'error');
    }
  };

  const isRunning = (sessionKey: string): boolean =>
    deps.store.getState().sessions.byKey[sessionKey]?.session.status === 'running';

  return {
    async decide(itemId, decision) {
      const result = await deps.decide(itemId, decision);
      if (result.status === 'applied') notice(`${decision}: sent for ${itemId}`, 'info');
      else notice(result.message, result.status === 'unknown' ? 'warn' : 'error');
    },
    allowSender: deps.allowSender,
    stopRun: (sessionKey, runId) =>
      report('stop run', () => deps.sessions.stopRun(sessionKey, runId)),
    stopSubtree: (sessionKey) =>
      report('stop subtree', () => deps.sessions.stopSubtree(sessionKey)),
    steer: (sessionKey, text) =>
      report('steer', () => deps.sessions.steer(sessionKey, text, isRunning(sessionKey))),
    peek: (sessionKey) => deps.sessions.peek(sessionKey),
    retryConnect: () => deps.connection.retryNow(),
    startEmbedded: () => deps.relaunch(['--embed']),
    openDemo: () => deps.relaunch(['--demo']),
    quit: deps.quit,
  };
};

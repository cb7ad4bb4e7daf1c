// The Commands the App calls, implemented against one gateway link (link/gateway-link.ts):
// decisions by exact id, session control, config changes and the audit log (policy-commands.ts),
// and the switches of the problem screen. Outcomes come back as notices in the store (one line each), or as the result of
// a config change for the App to word; never as exceptions that could reach the terminal as a
// stack trace.

import type {GatewayLink} from '../link/gateway-link.ts';
import {selectSession} from '../state/selectors.ts';
import type {Store} from '../state/store.ts';
import type {Commands} from '../views/commands.ts';

export type ConsoleCommandDeps = {
  readonly store: Store;
  /** The gateway the commands act on: its decider, answerer, session control and config changes. */
  readonly link: Pick<
    GatewayLink,
    'id' | 'connection' | 'decide' | 'answer' | 'sessions' | 'tasks' | 'policy'
  >;
  readonly now?: () => number;
  /** In a fleet: the gateway's name, added to every notice so it says where a decision went. */
  readonly gatewayName?: string;
  /** Leave the console and start it again with these extra flags (`--demo`, `--embed`). */
  readonly relaunch: (flags: readonly string[]) => void;
  readonly quit: () => Promise<void>;
};

const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export const createConsoleCommands = (deps: ConsoleCommandDeps): Commands => {
  const now = deps.now ?? Date.now;
  const on = deps.gatewayName === undefined ? '' : ` (on ${deps.gatewayName})`;
  const notice = (text: string, tone: 'info' | 'warn' | 'error'): void =>
    deps.store.dispatch({type: 'ui/notice-shown', text: text + on, tone, at: now(), ttlMs: 8000});

  const report = async (what: string, run: () => Promise<string>): Promise<void> => {
    try {
      notice(await run(), 'info');
    } catch (error) {
      notice(`${what} failed: ${message(error)}`, 'error');
    }
  };

  const {link} = deps;
  const isRunning = (sessionKey: string): boolean =>
    selectSession(deps.store.getState(), link.id, sessionKey)?.status === 'running';

  return {
    async decide(itemId, decision) {
      const result = await link.decide(itemId, decision);
      if (result.status === 'applied') notice(`${decision}: sent for ${itemId}`, 'info');
      else notice(result.message, result.status === 'unknown' ? 'warn' : 'error');
    },
    async answer(itemId, answers) {
      const result = await link.answer(itemId, answers);
      if (result.status === 'applied') notice(`answer sent for question ${itemId}`, 'info');
      else notice(result.message, result.status === 'unknown' ? 'warn' : 'error');
    },
    ...link.policy,
    stopRun: (sessionKey, runId) =>
      report('stop run', () => link.sessions.stopRun(sessionKey, runId)),
    stopSubtree: (sessionKey) =>
      report('stop subtree', () => link.sessions.stopSubtree(sessionKey)),
    steer: (sessionKey, text) =>
      report('steer', () => link.sessions.steer(sessionKey, text, isRunning(sessionKey))),
    taskAction: (taskId, action) => report(`task ${action}`, () => link.tasks.act(taskId, action)),
    peek: (sessionKey) => link.sessions.peek(sessionKey),
    retryConnect: () => link.connection.retryNow(),
    startEmbedded: () => deps.relaunch(['--embed']),
    openDemo: () => deps.relaunch(['--demo']),
    quit: deps.quit,
  };
};

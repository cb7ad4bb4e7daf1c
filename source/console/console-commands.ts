// The Commands the App calls, implemented against one gateway connection: decisions by exact id,
// session control, config changes and the audit log (policy-commands.ts), and the switches of the
// problem screen. Outcomes come back as notices in the store (one line each), or as the result of
// a config change for the App to word; never as exceptions that could reach the terminal as a
// stack trace.

import type {GatewayConnection} from '../client/types.ts';
import type {createDecider} from '../control/decide.ts';
import type {SessionControl} from '../control/session-control.ts';
import type {Store} from '../state/store.ts';
import type {Commands} from '../views/commands.ts';
import type {AuditLog} from '../audit/audit-log.ts';
import {createPolicyCommands} from './policy-commands.ts';

export type ConsoleCommandDeps = {
  readonly store: Store;
  readonly connection: GatewayConnection;
  readonly decide: ReturnType<typeof createDecider>;
  readonly sessions: SessionControl;
  /** Where config changes (allow sender, allow agent) are recorded, and `L` reads from. */
  readonly audit?: AuditLog;
  /** The gateway as named in audit entries (its URL). */
  readonly gatewayLabel?: string;
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

  const policy = createPolicyCommands({
    connection: deps.connection,
    store: deps.store,
    ...(deps.audit === undefined ? {} : {audit: deps.audit}),
    gatewayLabel: deps.gatewayLabel ?? '',
    now,
  });

  const isRunning = (sessionKey: string): boolean =>
    deps.store.getState().sessions.byKey.get(sessionKey)?.session.status === 'running';

  return {
    async decide(itemId, decision) {
      const result = await deps.decide(itemId, decision);
      if (result.status === 'applied') notice(`${decision}: sent for ${itemId}`, 'info');
      else notice(result.message, result.status === 'unknown' ? 'warn' : 'error');
    },
    ...policy,
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

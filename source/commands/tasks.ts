// `openclaw-tui tasks [--json] [--status S] [--runtime R]`: the gateway's task ledger (subagent,
// ACP, cron and CLI runs), newest first, with what each is doing in the console's words
// (`state`: blocked-delivery, waiting-approval, …). Each entry is the same object `tail --kind
// task` prints as a line's `detail`. A gateway without tasks.* (2026.4.1) is a failure with its
// own kind, never an empty list.

import type {Options} from '../config/options.ts';
import {taskEntry, type TaskEntry} from '../state/task-entry.ts';
import {selectTasks, selectTasksState} from '../state/task-selectors.ts';
import {ledgerUnavailableText} from '../state/task-state.ts';
import {safe} from '../text/sanitize.ts';
import {reportFailure} from './command-failure.ts';
import {EXIT, writeJson, writeLine, type CommandIo, type ExitCode} from './command-io.ts';
import type {SessionDeps} from './gateway-session.ts';
import {withOneShotSession} from './one-shot.ts';

export type TasksFilter = {readonly status?: string; readonly runtime?: string};

/** `blocked` is what `openclaw tasks list --status blocked` calls a blocked delivery. */
const ALIASES: Readonly<Record<string, string>> = {blocked: 'blocked-delivery'};

export const matchesTaskFilter = (entry: TaskEntry, filter: TasksFilter): boolean => {
  if (filter.status !== undefined) {
    const wanted = ALIASES[filter.status] ?? filter.status;
    if (entry.status !== wanted && entry.state !== wanted) return false;
  }
  return filter.runtime === undefined || entry.runtime === filter.runtime;
};

const ago = (iso: string | null): string => (iso === null ? '—' : iso.replace(/\.\d+Z$/, 'Z'));

const textLine = (entry: TaskEntry): string => {
  const title = entry.title === null ? entry.taskId : safe(entry.title);
  const parts = [
    `${title}  [${entry.stateLabel}]`,
    entry.runtime === null ? undefined : safe(entry.runtime),
    entry.delivery === null ? undefined : `delivery ${safe(entry.delivery)}`,
    `started ${ago(entry.startedAt)}`,
    `last ${ago(entry.lastActivityAt)}`,
    entry.toolUseCount === null ? undefined : `${entry.toolUseCount} tools`,
    entry.childSessionKey === null ? undefined : safe(entry.childSessionKey),
    `id ${safe(entry.taskId)}`,
  ].filter((part): part is string => part !== undefined);
  const why = entry.error === null ? '' : `\n    ${safe(entry.error)}`;
  return `${parts.join('  ')}${why}`;
};

export const runTasks = (
  options: Options,
  io: CommandIo,
  deps: SessionDeps,
  filter: TasksFilter,
): Promise<ExitCode> =>
  withOneShotSession(options, io, deps, async (session) => {
    const state = session.store.getState();
    const ledger = selectTasksState(state, session.gateway);
    const support = ledger.support;
    if (support.state === 'not-offered') {
      return reportFailure(
        io,
        options,
        {kind: 'not-offered', message: ledgerUnavailableText('tasks', support) ?? 'tasks'},
        EXIT.failed,
      );
    }
    if (support.state !== 'offered') {
      return reportFailure(
        io,
        options,
        {
          kind: 'read-failed',
          message: ledgerUnavailableText('tasks', support) ?? 'tasks: the ledger was not read',
        },
        EXIT.failed,
      );
    }
    const entries = selectTasks(state, session.gateway)
      .map(taskEntry)
      .filter((entry) => matchesTaskFilter(entry, filter));
    if (options.json) {
      writeJson(io, {
        ok: true,
        complete: ledger.complete,
        count: entries.length,
        tasks: entries,
      });
      return EXIT.ok;
    }
    if (entries.length === 0) writeLine(io, 'no tasks');
    for (const entry of entries) writeLine(io, textLine(entry));
    if (!ledger.complete) writeLine(io, '(the gateway has more tasks than were read)');
    return EXIT.ok;
  });

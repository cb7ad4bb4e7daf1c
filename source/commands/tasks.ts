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
import {failed} from './command-failure.ts';
import {EXIT} from './command-io.ts';
import type {SessionDeps} from './gateway-session.ts';
import {readOneShot} from './one-shot.ts';
import {documentView, printedTwin, succeeded, type TwinResult} from './twin-result.ts';

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

/** `tasks --json` (schema in the readme). */
export type TasksDoc = {
  readonly ok: true;
  readonly complete: boolean;
  readonly count: number;
  readonly tasks: readonly TaskEntry[];
};

export const readTasks = (
  options: Options,
  deps: SessionDeps,
  filter: TasksFilter,
): Promise<TwinResult<TasksDoc>> =>
  readOneShot(options, deps, (session) => {
    const state = session.store.getState();
    const ledger = selectTasksState(state, session.gateway);
    const support = ledger.support;
    if (support.state === 'not-offered') {
      return failed(
        {kind: 'not-offered', message: ledgerUnavailableText('tasks', support) ?? 'tasks'},
        EXIT.failed,
      );
    }
    if (support.state !== 'offered') {
      return failed(
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
    return succeeded({ok: true, complete: ledger.complete, count: entries.length, tasks: entries});
  });

const tasksLines = (doc: TasksDoc): readonly string[] => {
  const lines = doc.tasks.length === 0 ? ['no tasks'] : doc.tasks.map(textLine);
  if (!doc.complete) lines.push('(the gateway has more tasks than were read)');
  return lines;
};

export const tasksView = documentView(tasksLines);

export const runTasks = printedTwin(readTasks, tasksView);

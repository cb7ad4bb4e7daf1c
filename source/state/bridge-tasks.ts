// The bridge's reads of the task ledger and the cron jobs (part of state/bridge.ts, which calls
// these after every hello-ok, on a seq gap and when the gateway says its ledger was restored).
// A gateway without the method (2026.4.1 has no tasks.*) is said to lack it, once; a read that
// fails otherwise is said to have failed: never an empty list.

import type {HelloInfo} from '../protocol/types.ts';
import {parseCronList} from '../protocol/parse-cron.ts';
import {parseTaskList} from '../protocol/parse-task.ts';
import type {CronJob, TaskSummary} from '../protocol/types.ts';
import type {GatewayDispatch} from './actions.ts';

/** 500 is tasks.list's own maximum; four pages cover the newest 2,000 (what the slice keeps). */
const TASK_PAGE = 500;
const MAX_TASK_PAGES = 4;
const CRON_PAGE = 200;
const MAX_CRON_PAGES = 5;

export type LedgerReadContext = {
  readonly hello: HelloInfo | undefined;
  readonly request: <T>(method: string, params?: unknown) => Promise<T>;
  readonly dispatch: GatewayDispatch;
  readonly now: () => number;
  readonly disposed: () => boolean;
};

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** features.methods lists it, or is empty (unknown: then the call itself tells). */
const listed = (hello: HelloInfo | undefined, method: string): boolean =>
  hello === undefined || hello.methods.length === 0 || hello.methods.includes(method);

/** The gateway answered that it has no such method (4.1 and older answer INVALID_REQUEST). */
export const isUnknownMethod = (error: unknown, method: string): boolean =>
  /unknown method/i.test(messageOf(error)) && messageOf(error).includes(method);

export const loadTasks = async (context: LedgerReadContext): Promise<void> => {
  const {hello, request, dispatch, now} = context;
  const version = hello?.serverVersion;
  const notOffered = (): void =>
    dispatch({type: 'tasks/not-offered', ...(version === undefined ? {} : {version}), at: now()});
  if (!listed(hello, 'tasks.list')) return notOffered();
  const requestedAt = now();
  const tasks: TaskSummary[] = [];
  let complete = true;
  try {
    let page = parseTaskList(await request<unknown>('tasks.list', {limit: TASK_PAGE}));
    for (let pages = 1; ; pages++) {
      tasks.push(...page.tasks);
      if (page.nextCursor === undefined) break;
      if (pages >= MAX_TASK_PAGES) {
        complete = false;
        break;
      }
      page = parseTaskList(
        await request<unknown>('tasks.list', {limit: TASK_PAGE, cursor: page.nextCursor}),
      );
    }
  } catch (error) {
    if (context.disposed()) return;
    if (isUnknownMethod(error, 'tasks.list')) return notOffered();
    dispatch({type: 'tasks/read-failed', reason: messageOf(error), at: now()});
    return;
  }
  if (context.disposed()) return;
  dispatch({type: 'tasks/listed', tasks, complete, requestedAt, at: now()});
};

export const loadCron = async (context: LedgerReadContext): Promise<void> => {
  const {hello, request, dispatch, now} = context;
  const version = hello?.serverVersion;
  const notOffered = (): void =>
    dispatch({type: 'cron/not-offered', ...(version === undefined ? {} : {version}), at: now()});
  if (!listed(hello, 'cron.list')) return notOffered();
  const requestedAt = now();
  const jobs: CronJob[] = [];
  let complete = true;
  try {
    // includeDisabled, limit and offset are accepted by 4.1's closed schema as well as 9.6's.
    for (let pages = 0, offset = 0; ; pages++) {
      const page = parseCronList(
        await request<unknown>('cron.list', {includeDisabled: true, limit: CRON_PAGE, offset}),
      );
      jobs.push(...page.jobs);
      if (!page.hasMore || page.nextOffset === undefined) break;
      if (pages + 1 >= MAX_CRON_PAGES) {
        complete = false;
        break;
      }
      offset = page.nextOffset;
    }
  } catch (error) {
    if (context.disposed()) return;
    if (isUnknownMethod(error, 'cron.list')) return notOffered();
    dispatch({type: 'cron/read-failed', reason: messageOf(error), at: now()});
    return;
  }
  if (context.disposed()) return;
  dispatch({type: 'cron/listed', jobs, complete, requestedAt, at: now()});
};

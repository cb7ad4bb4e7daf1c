// What views and twins read of one gateway's task ledger and cron jobs (the id comes second, like
// the other selectors of gateway data). Memoised on the tasks slice's identity.

import type {CronJob, TaskSummary} from '../protocol/types.ts';
import {memoizePerGateway} from './memo.ts';
import type {GatewayId} from './gateway-id.ts';
import {gatewayRecordOf, type AppState} from './reducer.ts';
import {isBlockedDelivery, summariseTasks, type TaskState} from './task-state.ts';
import type {LedgerSupport, TaskActionState, TasksState} from './tasks-slice.ts';

const newest = (task: TaskSummary): number =>
  task.updatedAt ?? task.endedAt ?? task.startedAt ?? task.createdAt ?? 0;

const byNewest = (a: TaskSummary, b: TaskSummary): number =>
  newest(b) - newest(a) || (a.id < b.id ? -1 : 1);

export const selectTasksState = (state: AppState, gateway: GatewayId): TasksState =>
  gatewayRecordOf(state, gateway).tasks;
export const selectTasksSupport = (state: AppState, gateway: GatewayId): LedgerSupport =>
  selectTasksState(state, gateway).support;
export const selectCronSupport = (state: AppState, gateway: GatewayId): LedgerSupport =>
  selectTasksState(state, gateway).cron.support;

/** Every task we hold, newest first. */
export const selectTasks = memoizePerGateway(
  (state: AppState, gateway: GatewayId) => [selectTasksState(state, gateway).byId] as const,
  ([byId]): readonly TaskSummary[] => Object.values(byId).sort(byNewest),
);

export const selectTask = (
  state: AppState,
  gateway: GatewayId,
  id: string,
): TaskSummary | undefined => selectTasksState(state, gateway).byId[id];

export const selectTaskAction = (
  state: AppState,
  gateway: GatewayId,
  id: string,
): TaskActionState | undefined => selectTasksState(state, gateway).actions[id];

/**
 * The session a task belongs to on the tree: where its work runs (childSessionKey), else the
 * requester when the work has no session of its own (a CLI run).
 */
export const taskHomeKey = (task: TaskSummary): string | undefined =>
  task.childSessionKey ?? task.sessionKey;

/** Session key → the state its row shows for its own tasks. */
export const selectSessionTaskStates = memoizePerGateway(
  (state: AppState, gateway: GatewayId) => [selectTasksState(state, gateway).byId] as const,
  ([byId]): ReadonlyMap<string, TaskState> => {
    const grouped = new Map<string, TaskSummary[]>();
    for (const task of Object.values(byId)) {
      const key = taskHomeKey(task);
      if (key === undefined) continue;
      const list = grouped.get(key);
      if (list) list.push(task);
      else grouped.set(key, [task]);
    }
    const states = new Map<string, TaskState>();
    for (const [key, tasks] of grouped) {
      const summary = summariseTasks(tasks);
      if (summary !== undefined) states.set(key, summary);
    }
    return states;
  },
);

/** The tasks `t` shows for a session: those it runs and those it requested, newest first. */
export const tasksOfSession = (tasks: readonly TaskSummary[], key: string): TaskSummary[] =>
  tasks.filter((task) => task.childSessionKey === key || task.sessionKey === key);

export const selectTasksOfSession = (
  state: AppState,
  gateway: GatewayId,
  key: string,
): readonly TaskSummary[] => tasksOfSession(selectTasks(state, gateway), key);

/** Completed work whose result did not reach its requester: oldest first, like the inbox. */
export const selectBlockedDeliveries = memoizePerGateway(
  (state: AppState, gateway: GatewayId) => [selectTasksState(state, gateway).byId] as const,
  ([byId]): readonly TaskSummary[] =>
    Object.values(byId)
      .filter(isBlockedDelivery)
      .sort(
        (a, b) => (a.endedAt ?? newest(a)) - (b.endedAt ?? newest(b)) || (a.id < b.id ? -1 : 1),
      ),
);

/** Inbox key of a blocked delivery (request ids never look like this). */
export const deliveryInboxKey = (taskId: string): string => `task:${taskId}`;

/** The blocked deliveries the Inbox lists after the requests, through the Inbox filter. */
export const selectInboxDeliveries = memoizePerGateway(
  (state: AppState, gateway: GatewayId) =>
    [selectBlockedDeliveries(state, gateway), state.ui.filters.inbox ?? ''] as const,
  ([deliveries, filterText]): readonly TaskSummary[] => {
    const words = filterText
      .trim()
      .toLowerCase()
      .split(/\s+/)
      .filter((word) => word !== '');
    if (words.length === 0) return deliveries;
    return deliveries.filter((task) => {
      const text = [
        'blocked delivery task',
        task.id,
        task.title,
        task.runtime,
        task.sessionKey,
        task.childSessionKey,
        task.agentId,
      ]
        .filter((part) => part !== undefined)
        .join(' ')
        .toLowerCase();
      return words.every((word) => text.includes(word));
    });
  },
);

/** Cron jobs by next run (soonest first; jobs with no next run last, by name). */
export const selectCronJobs = memoizePerGateway(
  (state: AppState, gateway: GatewayId) => [selectTasksState(state, gateway).cron.jobs] as const,
  ([jobs]): readonly CronJob[] =>
    Object.values(jobs).sort(
      (a, b) =>
        (a.nextRunAt ?? Infinity) - (b.nextRunAt ?? Infinity) ||
        a.name.localeCompare(b.name) ||
        (a.id < b.id ? -1 : 1),
    ),
);

// The gateway's task ledger and cron jobs, as this console last saw them. Gateway-agnostic: it
// reduces its own sub-state; the root reducer decides which gateway's record it lives in.
//
// A tasks.list answer replaces what we hold, except tasks an event told us about after the list
// was requested (the event is newer) and tasks an event deleted meanwhile (a stale list cannot
// bring them back). Operator actions (cancel, retry, dismiss) are tracked per task id so the
// panel and the inbox can say "cancelling…", then what the gateway answered.

import type {CronEvent, CronJob, TaskSummary} from '../protocol/types.ts';
import type {GatewayRecordAction} from './actions.ts';
import type {TaskActionKind, TasksAction} from './action-types/tasks.ts';
import {RACE_MEMORY_MS} from './clock.ts';
import type {TaskUpdated} from './action-types/events.ts';

/** Whether this gateway offers a ledger, and if it could be read. Never guessed as empty. */
export type LedgerSupport =
  | {readonly state: 'unknown'}
  | {readonly state: 'offered'}
  /** The method is not in hello-ok features.methods (2026.4.1 has no tasks.*). */
  | {readonly state: 'not-offered'; readonly version?: string}
  /** Offered, but the read failed (missing scope, unavailable): the reason, one line. */
  | {readonly state: 'unread'; readonly reason: string};

export type TaskActionState =
  | {readonly phase: 'sending'; readonly action: TaskActionKind; readonly at: number}
  | {
      readonly phase: 'done' | 'refused';
      readonly action: TaskActionKind;
      /** What the gateway said, one line (raw gateway text inside; views sanitise). */
      readonly message: string;
      readonly at: number;
    };

export type CronState = {
  readonly support: LedgerSupport;
  readonly jobs: Readonly<Record<string, CronJob>>;
  readonly listedAt?: number;
  /** The last list held every job (no further page). */
  readonly complete: boolean;
};

export type TasksState = {
  readonly support: LedgerSupport;
  readonly byId: Readonly<Record<string, TaskSummary>>;
  /** Task id → when an event last wrote it (a list requested before that cannot overwrite it). */
  readonly eventAt: Readonly<Record<string, number>>;
  /** Task id → when an event deleted it. Pruned after RACE_MEMORY_MS. */
  readonly deletedAt: Readonly<Record<string, number>>;
  readonly listedAt?: number;
  /** The last list held every task (no nextCursor left unread). */
  readonly complete: boolean;
  readonly actions: Readonly<Record<string, TaskActionState>>;
  readonly cron: CronState;
};

/** How long "retried ✓" / "refused: …" stays next to a task. */
export const TASK_ACTION_MEMORY_MS = 60_000;
/** Tasks kept at most (the newest by last update); the gateway keeps terminal rows for 7 days. */
export const TASK_MEMORY = 2_000;

export const initialTasksState: TasksState = {
  support: {state: 'unknown'},
  byId: {},
  eventAt: {},
  deletedAt: {},
  complete: false,
  actions: {},
  cron: {support: {state: 'unknown'}, jobs: {}, complete: false},
};

const without = <T>(
  record: Readonly<Record<string, T>>,
  key: string,
): Readonly<Record<string, T>> => {
  if (!(key in record)) return record;
  const next = {...record};
  delete next[key];
  return next;
};

const stamp = (task: TaskSummary): number => task.updatedAt ?? task.endedAt ?? task.createdAt ?? 0;

/** Keeps the newest TASK_MEMORY tasks: a long-lived gateway's ledger must not grow the console. */
const bounded = (byId: Record<string, TaskSummary>): Record<string, TaskSummary> => {
  const ids = Object.keys(byId);
  if (ids.length <= TASK_MEMORY) return byId;
  const keep = new Set(ids.sort((a, b) => stamp(byId[b]!) - stamp(byId[a]!)).slice(0, TASK_MEMORY));
  for (const id of ids) if (!keep.has(id)) delete byId[id];
  return byId;
};

const listed = (
  state: TasksState,
  action: Extract<TasksAction, {type: 'tasks/listed'}>,
): TasksState => {
  const byId: Record<string, TaskSummary> = {};
  for (const task of action.tasks) {
    const deleted = state.deletedAt[task.id];
    if (deleted !== undefined && deleted >= action.requestedAt) continue;
    const newer = (state.eventAt[task.id] ?? -Infinity) >= action.requestedAt;
    byId[task.id] = newer ? (state.byId[task.id] ?? task) : task;
  }
  for (const [id, task] of Object.entries(state.byId)) {
    if (byId[id] !== undefined) continue;
    // Kept: written by an event after the request, or the list was only a first page.
    if ((state.eventAt[id] ?? -Infinity) >= action.requestedAt || !action.complete) byId[id] = task;
  }
  return {
    ...state,
    support: {state: 'offered'},
    byId: bounded(byId),
    listedAt: action.at,
    complete: action.complete,
  };
};

const upserted = (state: TasksState, task: TaskSummary, at: number): TasksState => ({
  ...state,
  byId: bounded({...state.byId, [task.id]: task}),
  eventAt: {...state.eventAt, [task.id]: at},
  deletedAt: without(state.deletedAt, task.id),
});

const taskUpdated = (state: TasksState, action: TaskUpdated): TasksState => {
  const {event, at} = action;
  switch (event.action) {
    case 'upserted':
      return upserted(state, event.task, at);
    case 'deleted':
      return {
        ...state,
        byId: without(state.byId, event.taskId),
        eventAt: without(state.eventAt, event.taskId),
        deletedAt: {...state.deletedAt, [event.taskId]: at},
        actions: without(state.actions, event.taskId),
      };
    case 'restored':
      // The gateway reloaded its ledger; the bridge reads the list again. Until then what we
      // hold may be stale, and is said to be incomplete.
      return state.complete ? {...state, complete: false} : state;
  }
};

const cronChanged = (state: CronState, event: CronEvent): CronState => {
  if (event.action === 'removed') {
    if (!(event.jobId in state.jobs)) return state;
    return {...state, jobs: without(state.jobs, event.jobId)};
  }
  const known = state.jobs[event.jobId];
  const base = event.job ?? known;
  if (base === undefined) return state; // a run of a job we never listed: the next list has it
  const runStarted = event.action === 'started' && event.runAt !== undefined;
  const finished = event.action === 'finished';
  const job: CronJob = {
    ...base,
    ...(runStarted ? {runningAt: event.runAt} : {}),
    ...(finished && event.status !== undefined ? {lastRunStatus: event.status} : {}),
    ...(finished && event.runAt !== undefined ? {lastRunAt: event.runAt} : {}),
    ...(finished && event.error !== undefined ? {lastError: event.error} : {}),
    ...(event.nextRunAt === undefined ? {} : {nextRunAt: event.nextRunAt}),
  };
  if (finished && event.job === undefined) {
    const {runningAt: _running, ...rest} = job;
    return {...state, jobs: {...state.jobs, [event.jobId]: rest}};
  }
  return {...state, jobs: {...state.jobs, [event.jobId]: job}};
};

const cronReducer = (state: CronState, action: GatewayRecordAction): CronState => {
  switch (action.type) {
    case 'cron/listed':
      return {
        support: {state: 'offered'},
        jobs: Object.fromEntries(action.jobs.map((job) => [job.id, job])),
        listedAt: action.at,
        complete: action.complete,
      };
    case 'cron/not-offered':
      return {
        ...state,
        support:
          action.version === undefined
            ? {state: 'not-offered'}
            : {state: 'not-offered', version: action.version},
      };
    case 'cron/read-failed':
      return {...state, support: {state: 'unread', reason: action.reason}};
    case 'cron/changed':
      return cronChanged(state, action.event);
    default:
      return state;
  }
};

const prune = (state: TasksState, now: number): TasksState => {
  let actions = state.actions;
  for (const [id, entry] of Object.entries(state.actions)) {
    if (entry.phase !== 'sending' && now - entry.at > TASK_ACTION_MEMORY_MS)
      actions = without(actions, id);
  }
  let deletedAt = state.deletedAt;
  for (const [id, at] of Object.entries(state.deletedAt)) {
    if (now - at > RACE_MEMORY_MS) deletedAt = without(deletedAt, id);
  }
  let eventAt = state.eventAt;
  for (const [id, at] of Object.entries(state.eventAt)) {
    if (now - at > RACE_MEMORY_MS) eventAt = without(eventAt, id);
  }
  return actions === state.actions && deletedAt === state.deletedAt && eventAt === state.eventAt
    ? state
    : {...state, actions, deletedAt, eventAt};
};

export const tasksReducer = (state: TasksState, action: GatewayRecordAction): TasksState => {
  switch (action.type) {
    case 'tasks/listed':
      return listed(state, action);
    case 'tasks/not-offered':
      return {
        ...state,
        support:
          action.version === undefined
            ? {state: 'not-offered'}
            : {state: 'not-offered', version: action.version},
      };
    case 'tasks/read-failed':
      return {...state, support: {state: 'unread', reason: action.reason}};
    case 'task/updated':
      return taskUpdated(state, action);
    case 'task-action/started':
      return {
        ...state,
        actions: {
          ...state.actions,
          [action.taskId]: {phase: 'sending', action: action.action, at: action.at},
        },
      };
    case 'task-action/finished': {
      const next: TasksState = {
        ...state,
        actions: {
          ...state.actions,
          [action.taskId]: {
            phase: action.ok ? 'done' : 'refused',
            action: action.action,
            message: action.message,
            at: action.at,
          },
        },
      };
      return action.task === undefined ? next : upserted(next, action.task, action.at);
    }
    case 'cron/listed':
    case 'cron/not-offered':
    case 'cron/read-failed':
    case 'cron/changed': {
      const cron = cronReducer(state.cron, action);
      return cron === state.cron ? state : {...state, cron};
    }
    case 'clock/ticked':
      return prune(state, action.now);
    default:
      return state;
  }
};

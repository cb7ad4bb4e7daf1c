// What a task is doing, in the operator's words, from the ledger's separate facts: the stored
// status, the live execution observation, and the delivery of its result. Execution and
// delivery are separate in OpenClaw: a subagent can have `completed` and still leave its
// requester waiting (terminalOutcome "blocked"). Nothing is guessed: a state we cannot tell is
// 'unknown', never 'idle'.

import type {TaskSummary} from '../protocol/types.ts';
import type {SessionStatus} from './model.ts';
import type {LedgerSupport} from './tasks-slice.ts';

export type TaskState =
  | 'queued'
  | 'running'
  | 'waiting-approval'
  | 'waiting-input'
  | 'waiting-children'
  | 'waiting'
  | 'blocked-delivery'
  | 'failed'
  | 'timed-out'
  | 'cancelled'
  | 'done'
  | 'unknown';

export const TASK_STATES: readonly TaskState[] = [
  'queued',
  'running',
  'waiting-approval',
  'waiting-input',
  'waiting-children',
  'waiting',
  'blocked-delivery',
  'failed',
  'timed-out',
  'cancelled',
  'done',
  'unknown',
];

/** A completed task whose result did not reach its requester, and nobody dismissed that. */
export const isBlockedDelivery = (task: TaskSummary): boolean =>
  task.status === 'completed' &&
  task.deliveryStatus !== 'dismissed' &&
  task.deliveryStatus !== 'delivered' &&
  (task.terminalOutcome === 'blocked' || task.deliveryStatus === 'failed');

const waitingState = (kind: string | undefined): TaskState => {
  switch (kind) {
    case 'approval':
      return 'waiting-approval';
    case 'user_input':
      return 'waiting-input';
    case 'children':
      return 'waiting-children';
    default:
      return 'waiting';
  }
};

export const taskStateOf = (task: TaskSummary): TaskState => {
  switch (task.status) {
    case 'queued':
      return 'queued';
    case 'running':
      switch (task.execution?.state) {
        case 'waiting':
          return waitingState(task.execution.waitKind);
        case 'unknown':
          return 'unknown';
        case 'queued':
          return 'queued';
        default:
          // running, finished (the owner is still recording its outcome), or not observed (8.x)
          return 'running';
      }
    case 'completed':
      return isBlockedDelivery(task) ? 'blocked-delivery' : 'done';
    case 'failed':
      return 'failed';
    case 'timed_out':
      return 'timed-out';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'unknown';
  }
};

export const TASK_STATE_LABEL: Readonly<Record<TaskState, string>> = {
  queued: 'queued',
  running: 'running',
  'waiting-approval': 'waiting for approval',
  'waiting-input': 'waiting for input',
  'waiting-children': 'waiting for children',
  waiting: 'waiting',
  'blocked-delivery': 'blocked delivery',
  failed: 'failed',
  'timed-out': 'timed out',
  cancelled: 'cancelled',
  done: 'done',
  unknown: 'unknown',
};

/** The session status a task state reads the same as (so the row need not repeat it). */
const SAME_AS_SESSION: Readonly<Partial<Record<TaskState, readonly SessionStatus[]>>> = {
  queued: ['queued'],
  running: ['running'],
  failed: ['failed'],
  'timed-out': ['failed'],
  cancelled: ['stopped'],
  done: ['done', 'idle'],
};

export const sameAsSession = (state: TaskState, status: SessionStatus): boolean =>
  SAME_AS_SESSION[state]?.includes(status) ?? false;

/** Which state a row shows when a session has several tasks: what needs a human first. */
const PRIORITY: readonly TaskState[] = [
  'blocked-delivery',
  'waiting-approval',
  'waiting-input',
  'failed',
  'timed-out',
  'waiting-children',
  'waiting',
  'unknown',
  'running',
  'queued',
  'cancelled',
  'done',
];

export const isTerminalTask = (task: TaskSummary): boolean =>
  task.status === 'completed' ||
  task.status === 'failed' ||
  task.status === 'cancelled' ||
  task.status === 'timed_out';

const lastTouched = (task: TaskSummary): number =>
  task.updatedAt ?? task.endedAt ?? task.startedAt ?? task.createdAt ?? 0;

/**
 * The one state a session row shows for its tasks: every live or blocked task counts; when all
 * are over, only the most recent one does (an old failure must not haunt a session that ran
 * again successfully).
 */
export const summariseTasks = (tasks: readonly TaskSummary[]): TaskState | undefined => {
  if (tasks.length === 0) return undefined;
  const live = tasks.filter((task) => !isTerminalTask(task) || isBlockedDelivery(task));
  const counted =
    live.length > 0
      ? live
      : [tasks.reduce((latest, task) => (lastTouched(task) > lastTouched(latest) ? task : latest))];
  let best: TaskState | undefined;
  for (const task of counted) {
    const state = taskStateOf(task);
    if (best === undefined || PRIORITY.indexOf(state) < PRIORITY.indexOf(best)) best = state;
  }
  return best;
};

/** Cancel makes sense while the work has not ended. */
export const canCancel = (task: TaskSummary): boolean =>
  task.status === 'queued' || task.status === 'running';

/** "tasks: not offered by this gateway (version …)", or undefined while it is offered/unknown. */
export const ledgerUnavailableText = (what: string, support: LedgerSupport): string | undefined => {
  switch (support.state) {
    case 'not-offered':
      return `${what}: not offered by this gateway (version ${support.version ?? 'unknown'})`;
    case 'unread':
      return `${what}: could not be read (${support.reason})`;
    default:
      return undefined;
  }
};

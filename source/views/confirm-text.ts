// Confirmation texts for stopping runs and acting on tasks (config changes: config-change-text.ts).
// Like state/describe-grant.ts, they name the exact id the action goes to.

import type {TaskSummary} from '../protocol/types.ts';
import type {Session} from '../state/model.ts';
import {TASK_STATE_LABEL, taskStateOf} from '../state/task-state.ts';
import type {TaskActionKind} from '../state/action-types/tasks.ts';
import type {ConfirmSpec} from '../state/confirm-spec.ts';

/**
 * `runId` undefined: the gateway says the session is running but not which run (real 9.6 rows
 * carry hasActiveRun without activeRunIds); the abort then names the session only.
 */
export function describeStopRun(session: Session, runId: string | undefined): ConfirmSpec {
  return {
    title: 'Stop this run?',
    danger: true,
    action: 'stop run',
    target: runId === undefined ? {label: 'run of', id: session.key} : {label: 'run id', id: runId},
    fields: [
      {label: 'session', value: `${session.title} (${session.key})`},
      {label: 'agent', value: session.agentId},
      {label: 'effect', value: 'only this run is aborted; subagents it started keep running'},
    ],
  };
}

export function describeStopSubtree(session: Session, descendants: number): ConfirmSpec {
  return {
    title: 'Stop this session and every subagent below it?',
    danger: true,
    action: 'stop subtree',
    target: {label: 'session', id: session.key},
    fields: [
      {label: 'title', value: session.title},
      {
        label: 'below it',
        value: `${descendants} known subagent session${descendants === 1 ? '' : 's'}`,
      },
      {
        label: 'effect',
        value: 'the session’s run is aborted and the gateway cascades to the subagents it controls',
      },
    ],
  };
}

const TASK_ACTION_TITLE: Readonly<Record<TaskActionKind, string>> = {
  cancel: 'Cancel this task?',
  retry: 'Retry this blocked delivery?',
  dismiss: 'Dismiss this blocked delivery?',
};

/** What each task action does, exactly, in the gateway's terms (tasks.cancel/retry/dismiss). */
export const TASK_ACTION_EFFECT_TEXT: Readonly<Record<TaskActionKind, string>> = {
  cancel:
    'tasks.cancel: the gateway aborts this task’s run through its owner (a subagent’s child session run); the task ends as cancelled',
  retry:
    'tasks.retry: the finished result is handed to the requester again in a new delivery attempt; if an earlier attempt did arrive, the requester may see it twice',
  dismiss:
    'tasks.dismiss: the result is NOT delivered; the task stays completed with its result kept in the ledger, marked dismissed; nothing is deleted',
};

export function describeTaskAction(task: TaskSummary, action: TaskActionKind): ConfirmSpec {
  const state = taskStateOf(task);
  const result = task.terminalSummary ?? task.progressSummary;
  return {
    title: TASK_ACTION_TITLE[action],
    danger: action !== 'retry',
    action: action === 'cancel' ? 'cancel task' : `${action} delivery`,
    target: {label: 'task id', id: task.id},
    fields: [
      {label: 'task', value: task.title},
      {label: 'runtime', value: task.runtime},
      {
        label: 'status',
        value: `${TASK_STATE_LABEL[state]} (ledger: ${task.status}${task.deliveryStatus === undefined ? '' : `, delivery ${task.deliveryStatus}`})`,
      },
      {label: 'runs in', value: task.childSessionKey},
      {label: 'requester', value: task.sessionKey},
      ...(action === 'cancel' ? [] : [{label: 'result', value: result}]),
      {label: 'effect', value: TASK_ACTION_EFFECT_TEXT[action]},
    ],
  };
}

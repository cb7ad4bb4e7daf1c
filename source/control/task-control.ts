// Operator actions on the task ledger: cancel a task, retry or dismiss a blocked delivery. Each
// goes to the gateway once, by exact task id, and is recorded in the state (sending → what the
// gateway said) and in the audit log. A lost answer is reported as unknown and the ledger is read
// again: never re-sent blindly.

import type {AuditLog} from '../audit/audit-log.ts';
import {RequestError, type GatewayConnection} from '../client/types.ts';
import {parseTaskCancel, parseTaskRecovery} from '../protocol/parse-task.ts';
import type {TaskSummary} from '../protocol/types.ts';
import type {GatewayDispatch} from '../state/actions.ts';
import type {TaskActionKind} from '../state/action-types/tasks.ts';

export type TaskControl = {
  /** Sends the action for this exact task id; resolves with one line for the operator. */
  act(taskId: string, action: TaskActionKind): Promise<string>;
};

export type TaskControlDeps = {
  readonly connection: GatewayConnection;
  /** Addressed to the gateway these tasks belong to (gatewayDispatch(store, id)). */
  readonly dispatch: GatewayDispatch;
  /** Called after an answer that was lost: the ledger is read again. */
  readonly reread?: () => void;
  readonly audit?: AuditLog;
  readonly gatewayLabel?: string;
  readonly now?: () => number;
};

type Outcome = {
  readonly ok: boolean;
  readonly message: string;
  readonly task?: TaskSummary;
};

/** What `y` does, in the audit log's words (no gateway text: ids only). */
export const TASK_ACTION_EFFECT: Readonly<Record<TaskActionKind, string>> = {
  cancel: 'cancel the task through its owner (its run is aborted)',
  retry: 'deliver the finished result to its requester again (a new delivery attempt)',
  dismiss: 'stop delivering the finished result; the task keeps its result, marked dismissed',
};

const cancel = async (connection: GatewayConnection, taskId: string): Promise<Outcome> => {
  const answer = parseTaskCancel(
    await connection.request<unknown>('tasks.cancel', {
      taskId,
      reason: 'cancelled from openclaw-tui',
    }),
  );
  if (answer === undefined)
    return {ok: false, message: `tasks.cancel: unreadable answer for ${taskId}`};
  const task = answer.task === undefined ? {} : {task: answer.task};
  if (!answer.found)
    return {ok: false, message: `not cancelled: the gateway has no task ${taskId}`, ...task};
  if (!answer.cancelled)
    return {
      ok: false,
      message: `not cancelled: ${answer.reason ?? 'the gateway did not accept it'} (task ${taskId})`,
      ...task,
    };
  return {ok: true, message: `cancelled task ${taskId}`, ...task};
};

const recover = async (
  connection: GatewayConnection,
  taskId: string,
  action: 'retry' | 'dismiss',
): Promise<Outcome> => {
  const results = parseTaskRecovery(
    await connection.request<unknown>(`tasks.${action}`, {taskIds: [taskId]}),
  );
  const result = results.find((entry) => entry.taskId === taskId);
  if (result === undefined)
    return {ok: false, message: `tasks.${action}: no answer for ${taskId} in the result`};
  const task = result.task === undefined ? {} : {task: result.task};
  if (!result.ok)
    return {
      ok: false,
      message: `not ${action === 'retry' ? 'retried' : 'dismissed'}: ${result.reason ?? 'refused'} (task ${taskId})`,
      ...task,
    };
  if (action === 'dismiss')
    return {
      ok: true,
      message: `delivery dismissed for task ${taskId}; its result is kept`,
      ...task,
    };
  const twice = result.duplicateRisk === true ? ' (the requester may see the result twice)' : '';
  return {ok: true, message: `delivery retried for task ${taskId}${twice}`, ...task};
};

export const createTaskControl = (deps: TaskControlDeps): TaskControl => {
  const now = deps.now ?? Date.now;
  const inFlight = new Set<string>();
  const audit = (
    taskId: string,
    action: TaskActionKind,
    outcome: 'applied' | 'not-applied' | 'unknown',
    message: string,
  ) =>
    deps.audit?.append({
      ts: new Date(now()).toISOString(),
      gateway: deps.gatewayLabel ?? '',
      kind: 'task',
      id: taskId,
      decision: action,
      granted: TASK_ACTION_EFFECT[action],
      outcome,
      message,
    });

  return {
    async act(taskId, action) {
      // One request per task at a time: a second key while the first is out sends nothing.
      if (inFlight.has(taskId)) return `already sending an action for task ${taskId}`;
      inFlight.add(taskId);
      deps.dispatch({type: 'task-action/started', taskId, action, at: now()});
      try {
        const outcome =
          action === 'cancel'
            ? await cancel(deps.connection, taskId)
            : await recover(deps.connection, taskId, action);
        deps.dispatch({
          type: 'task-action/finished',
          taskId,
          action,
          ok: outcome.ok,
          message: outcome.message,
          ...(outcome.task === undefined ? {} : {task: outcome.task}),
          at: now(),
        });
        audit(taskId, action, outcome.ok ? 'applied' : 'not-applied', outcome.message);
        return outcome.message;
      } catch (error) {
        const lost = error instanceof RequestError && error.outcome !== 'rejected';
        const text = error instanceof Error ? error.message : String(error);
        const message = lost
          ? `${action} of task ${taskId}: no answer (${text}); it may have been done, the ledger is read again`
          : `${action} of task ${taskId} refused: ${text}`;
        deps.dispatch({
          type: 'task-action/finished',
          taskId,
          action,
          ok: false,
          message,
          at: now(),
        });
        audit(taskId, action, lost ? 'unknown' : 'not-applied', message);
        if (lost) deps.reread?.();
        return message;
      } finally {
        inFlight.delete(taskId);
      }
    },
  };
};

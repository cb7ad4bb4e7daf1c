// The task ledger (9.6): `task` events and tasks.list / tasks.get results
// (openclaw-protocol.md §10). Subagent runs are tasks with runtime "subagent" or "acp".

import {compact, isRecord, readId, readList, readNumber, readString} from './parse-fields.ts';
import type {TaskSummary} from './types.ts';

export type TaskEvent =
  | {readonly action: 'upserted'; readonly task: TaskSummary}
  | {readonly action: 'deleted'; readonly taskId: string}
  | {readonly action: 'restored'};

/** undefined without an id or a status. */
export const parseTaskSummary = (value: unknown): TaskSummary | undefined => {
  if (!isRecord(value)) return undefined;
  const id = readId(value.id) ?? readId(value.taskId);
  const status = readId(value.status);
  if (id === undefined || status === undefined) return undefined;
  return compact<TaskSummary>({
    id,
    status,
    kind: readString(value.kind),
    runtime: readString(value.runtime),
    title: readString(value.title),
    agentId: readId(value.agentId),
    sessionKey: readId(value.sessionKey),
    childSessionKey: readId(value.childSessionKey),
    runId: readId(value.runId),
    error: readString(value.error),
    progressSummary: readString(value.progressSummary),
    terminalSummary: readString(value.terminalSummary),
    deliveryStatus: readString(value.deliveryStatus),
    updatedAt: readNumber(value.updatedAt),
  });
};

export const parseTaskEvent = (value: unknown): TaskEvent | undefined => {
  if (!isRecord(value)) return undefined;
  switch (value.action) {
    case 'upserted': {
      const task = parseTaskSummary(value.task);
      return task ? {action: 'upserted', task} : undefined;
    }
    case 'deleted': {
      const taskId =
        readId(value.taskId) ?? (isRecord(value.task) ? readId(value.task.id) : undefined);
      return taskId ? {action: 'deleted', taskId} : undefined;
    }
    case 'restored':
      return {action: 'restored'};
    default:
      return undefined;
  }
};

/** tasks.list `{tasks, nextCursor?}`. */
export const parseTaskList = (
  value: unknown,
): {readonly tasks: readonly TaskSummary[]; readonly nextCursor?: string} => {
  if (!isRecord(value)) return {tasks: []};
  return compact({
    tasks: readList(value.tasks, parseTaskSummary),
    nextCursor: readId(value.nextCursor),
  });
};

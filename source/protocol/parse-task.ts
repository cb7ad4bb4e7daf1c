// The task ledger (9.6): `task` events and tasks.list / get / cancel / retry / dismiss results
// (openclaw docs gateway/protocol/ledgers.md; schema packages/gateway-protocol tasks.ts).
// Subagent runs are tasks with runtime "subagent" or "acp"; cron runs are runtime "cron".
// Timestamps come as epoch ms or ISO strings (the schema allows both): both become ms.

import {
  compact,
  isRecord,
  readBoolean,
  readEpochMs,
  readId,
  readList,
  readNumber,
  readString,
} from './parse-fields.ts';
import type {TaskCancelResult, TaskExecution, TaskRecoveryResult, TaskSummary} from './types.ts';

export type TaskEvent =
  | {readonly action: 'upserted'; readonly task: TaskSummary}
  | {readonly action: 'deleted'; readonly taskId: string}
  | {readonly action: 'restored'};

const parseExecution = (value: unknown): TaskExecution | undefined => {
  if (!isRecord(value)) return undefined;
  const state = readId(value.state);
  if (state === undefined) return undefined;
  const tool = isRecord(value.currentTool) ? value.currentTool : undefined;
  const toolName = tool === undefined ? undefined : readId(tool.name);
  const wait = isRecord(value.wait) ? value.wait : undefined;
  return compact<TaskExecution>({
    state,
    currentTool:
      tool === undefined || toolName === undefined
        ? undefined
        : compact({name: toolName, startedAt: readEpochMs(tool.startedAt)}),
    lastActivityAt: readEpochMs(value.lastActivityAt),
    waitKind: wait === undefined ? undefined : readId(wait.kind),
    pendingCount: wait === undefined ? undefined : readNumber(wait.pendingCount),
  });
};

/** undefined without an id or a status. */
export const parseTaskSummary = (value: unknown): TaskSummary | undefined => {
  if (!isRecord(value)) return undefined;
  const id = readId(value.id) ?? readId(value.taskId);
  const status = readId(value.status);
  if (id === undefined || status === undefined) return undefined;
  const toolUseCount = readNumber(value.toolUseCount);
  return compact<TaskSummary>({
    id,
    status,
    kind: readString(value.kind),
    runtime: readString(value.runtime),
    title: readString(value.title),
    agentId: readId(value.agentId),
    sessionKey: readId(value.sessionKey),
    childSessionKey: readId(value.childSessionKey),
    ownerKey: readId(value.ownerKey),
    runId: readId(value.runId),
    parentTaskId: readId(value.parentTaskId),
    flowId: readId(value.flowId),
    error: readString(value.error),
    progressSummary: readString(value.progressSummary),
    terminalSummary: readString(value.terminalSummary),
    deliveryStatus: readId(value.deliveryStatus),
    terminalOutcome: readId(value.terminalOutcome),
    execution: parseExecution(value.execution),
    toolUseCount: toolUseCount === undefined || toolUseCount < 0 ? undefined : toolUseCount,
    lastToolName: readString(value.lastToolName),
    lastActivity: readString(value.lastActivity),
    createdAt: readEpochMs(value.createdAt),
    updatedAt: readEpochMs(value.updatedAt),
    startedAt: readEpochMs(value.startedAt),
    endedAt: readEpochMs(value.endedAt),
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

/** tasks.get `{task}`. */
export const parseTaskGet = (value: unknown): TaskSummary | undefined =>
  isRecord(value) ? parseTaskSummary(value.task) : undefined;

/** tasks.cancel: undefined when the answer has neither `found` nor `cancelled`. */
export const parseTaskCancel = (value: unknown): TaskCancelResult | undefined => {
  if (!isRecord(value)) return undefined;
  const found = readBoolean(value.found);
  const cancelled = readBoolean(value.cancelled);
  if (found === undefined && cancelled === undefined) return undefined;
  return compact<TaskCancelResult>({
    found: found ?? cancelled === true,
    cancelled: cancelled ?? false,
    reason: readString(value.reason),
    task: parseTaskSummary(value.task),
  });
};

const parseRecoveryItem = (value: unknown): TaskRecoveryResult | undefined => {
  if (!isRecord(value)) return undefined;
  const taskId = readId(value.taskId);
  const ok = readBoolean(value.ok);
  if (taskId === undefined || ok === undefined) return undefined;
  return compact<TaskRecoveryResult>({
    taskId,
    ok,
    reason: readString(value.reason),
    duplicateRisk: readBoolean(value.duplicateRisk),
    task: parseTaskSummary(value.task),
  });
};

/** tasks.retry / tasks.dismiss `{results: [{taskId, ok, reason?, duplicateRisk?, task?}]}`. */
export const parseTaskRecovery = (value: unknown): readonly TaskRecoveryResult[] =>
  isRecord(value) ? readList(value.results, parseRecoveryItem) : [];

// One task as the twins print it: `tasks --json` entries and the `detail` of `tail --kind task`
// lines are this same object. Keys are always present; an unknown value is null; times are ISO.

import type {TaskSummary} from '../protocol/types.ts';
import {taskStateOf, TASK_STATE_LABEL, type TaskState} from './task-state.ts';

export type TaskEntry = {
  readonly taskId: string;
  /** The ledger's own status, as sent (queued|running|completed|failed|cancelled|timed_out). */
  readonly status: string;
  /** What it is doing in our words (see TaskState): blocked-delivery, waiting-approval, … */
  readonly state: TaskState;
  readonly stateLabel: string;
  readonly runtime: string | null;
  readonly kind: string | null;
  readonly title: string | null;
  readonly agentId: string | null;
  readonly sessionKey: string | null;
  readonly childSessionKey: string | null;
  readonly runId: string | null;
  readonly execution: string | null;
  readonly waitingFor: string | null;
  readonly delivery: string | null;
  readonly terminalOutcome: string | null;
  readonly toolUseCount: number | null;
  readonly lastToolName: string | null;
  readonly lastActivity: string | null;
  readonly summary: string | null;
  readonly error: string | null;
  readonly createdAt: string | null;
  readonly startedAt: string | null;
  readonly lastActivityAt: string | null;
  readonly endedAt: string | null;
};

const iso = (ms: number | undefined): string | null =>
  ms === undefined ? null : new Date(ms).toISOString();

export const taskEntry = (task: TaskSummary): TaskEntry => {
  const state = taskStateOf(task);
  return {
    taskId: task.id,
    status: task.status,
    state,
    stateLabel: TASK_STATE_LABEL[state],
    runtime: task.runtime ?? null,
    kind: task.kind ?? null,
    title: task.title ?? null,
    agentId: task.agentId ?? null,
    sessionKey: task.sessionKey ?? null,
    childSessionKey: task.childSessionKey ?? null,
    runId: task.runId ?? null,
    execution: task.execution?.state ?? null,
    waitingFor: task.execution?.waitKind ?? null,
    delivery: task.deliveryStatus ?? null,
    terminalOutcome: task.terminalOutcome ?? null,
    toolUseCount: task.toolUseCount ?? null,
    lastToolName: task.lastToolName ?? null,
    lastActivity: task.lastActivity ?? null,
    summary: task.terminalSummary ?? task.progressSummary ?? null,
    error: task.error ?? null,
    createdAt: iso(task.createdAt),
    startedAt: iso(task.startedAt),
    lastActivityAt: iso(task.execution?.lastActivityAt ?? task.updatedAt),
    endedAt: iso(task.endedAt),
  };
};

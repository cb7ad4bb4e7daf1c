// Who asked and why, beyond what a request carries itself: the task its run belongs to (from the
// task ledger) and whether the channel it came from has its own approval actions switched off
// (qqbot's documented default `allowFrom: ["openclaw:approval-disabled"]`), which makes this
// console the approver for it.

import {APPROVAL_DISABLED_MARKER, DEFAULT_ACCOUNT_ID} from '../protocol/parse-config-policy.ts';
import type {TaskSummary} from '../protocol/types.ts';
import type {GatewayId} from './gateway-id.ts';
import type {InboxItem} from './model.ts';
import {gatewayRecordOf, type AppState} from './reducer.ts';

export type AskedContext = {
  /** The task whose run (or session) raised the request. */
  readonly task?: TaskSummary;
  /** "qqbot" or "qqbot / <account>": its own approval buttons are off, the console approves. */
  readonly approvalsOffOn?: string;
};

const NONE: AskedContext = {};

const newest = (task: TaskSummary): number =>
  task.updatedAt ?? task.endedAt ?? task.startedAt ?? task.createdAt ?? 0;

/**
 * The task of a run: the one whose runId is the request's; else the newest task whose work runs
 * in the request's session (a subagent's exec asks from the child session its task runs in).
 */
export const taskOfRequest = (
  tasks: Readonly<Record<string, TaskSummary>>,
  runId: string | undefined,
  sessionKey: string | undefined,
): TaskSummary | undefined => {
  const all = Object.values(tasks);
  if (runId !== undefined) {
    const byRun = all.find((task) => task.runId === runId);
    if (byRun) return byRun;
  }
  if (sessionKey === undefined) return undefined;
  return all
    .filter((task) => task.childSessionKey === sessionKey)
    .sort((a, b) => newest(b) - newest(a))[0];
};

export const selectAskedContext = (
  state: AppState,
  gateway: GatewayId,
  item: InboxItem | undefined,
): AskedContext => {
  if (
    item === undefined ||
    (item.kind !== 'exec-approval' &&
      item.kind !== 'plugin-approval' &&
      item.kind !== 'system-agent-approval' &&
      item.kind !== 'question')
  ) {
    return NONE;
  }
  const record = gatewayRecordOf(state, gateway);
  const r = item.request;
  const task = taskOfRequest(record.tasks.byId, r.runId, r.sessionKey);
  let approvalsOffOn: string | undefined;
  const channel = item.kind === 'question' ? undefined : item.request.turnSourceChannel;
  if (channel !== undefined && item.kind !== 'question') {
    const account = item.request.turnSourceAccountId ?? DEFAULT_ACCOUNT_ID;
    const scope = record.policy.policy?.channels.find(
      (c) => c.channel === channel && (c.accountId ?? DEFAULT_ACCOUNT_ID) === account,
    );
    if (scope?.allowFrom.includes(APPROVAL_DISABLED_MARKER)) {
      approvalsOffOn = scope.accountId ? `${scope.channel} / ${scope.accountId}` : scope.channel;
    }
  }
  if (task === undefined && approvalsOffOn === undefined) return NONE;
  return {
    ...(task === undefined ? {} : {task}),
    ...(approvalsOffOn === undefined ? {} : {approvalsOffOn}),
  };
};

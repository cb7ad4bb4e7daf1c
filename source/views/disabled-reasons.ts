// Why a key cannot do its job right now (nothing selected, a scope the gateway did not grant, a
// decision this request does not allow). The keymap shows these instead of running the command.

import type {TaskSummary} from '../protocol/types.ts';
import type {InboxItem, TailEvent, TreeRow} from '../state/model.ts';
import {canCancel, isBlockedDelivery, TASK_STATE_LABEL, taskStateOf} from '../state/task-state.ts';
import {decisionDisabled} from '../state/inbox-describe.ts';
import {DECISION_OF, type DecisionKey} from './inbox-text.ts';
import type {CommandId, PaneId} from './keymap.ts';
import type {PolicyRow} from './policy-view.ts';
import {fixReason, jumpReason} from './spawn-fix.ts';

export const hasScope = (scopes: readonly string[], ...wanted: string[]): boolean =>
  scopes.includes('operator.admin') || wanted.some((w) => scopes.includes(w));

/** Why the inbox item cannot be decided with our scopes, or undefined. */
export function scopeReason(
  scopes: readonly string[],
  item: InboxItem | undefined,
): string | undefined {
  if (!item) return undefined;
  const needed =
    item.kind === 'question'
      ? 'operator.questions'
      : item.kind === 'exec-approval' ||
          item.kind === 'plugin-approval' ||
          item.kind === 'system-agent-approval'
        ? 'operator.approvals'
        : 'operator.pairing';
  return hasScope(scopes, needed) ? undefined : `disabled: the gateway did not grant ${needed}`;
}

export type DisabledInput = {
  readonly pane: PaneId;
  readonly scopes: readonly string[];
  readonly selectedRow?: TreeRow;
  readonly selectedItem?: InboxItem;
  readonly selectedPolicy?: PolicyRow;
  /** The selected Events line (undefined while the tail follows). */
  readonly selectedEvent?: TailEvent;
  readonly peekOpen: boolean;
  readonly demo: boolean;
  /** A fleet is configured (gateways.json5 or --gateway): the Fleet pane exists. */
  readonly fleet?: boolean;
  /** The task selected in the open tasks panel. */
  readonly selectedTask?: TaskSummary;
  /** The blocked delivery selected in the Inbox. */
  readonly selectedDelivery?: TaskSummary;
};

export const NO_FLEET_REASON =
  'no fleet configured: add gateways to gateways.json5 or pass --gateway NAME=URL';

const WRITE_REASON = 'disabled: the gateway did not grant operator.write';

/** Why c / r / D cannot act on the selected task, per key. */
function taskReasons(
  scopes: readonly string[],
  task: TaskSummary | undefined,
): Partial<Record<CommandId, string>> {
  const write = hasScope(scopes, 'operator.write') ? undefined : WRITE_REASON;
  if (!task) {
    const none = 'no task selected';
    return {'tasks.cancel': none, 'tasks.retry': none, 'tasks.dismiss': none};
  }
  const label = TASK_STATE_LABEL[taskStateOf(task)];
  const notBlocked = isBlockedDelivery(task)
    ? undefined
    : `only a blocked delivery can be retried or dismissed (this task: ${label})`;
  const out: Partial<Record<CommandId, string>> = {};
  const cancel =
    write ?? (canCancel(task) ? undefined : `this task is ${label}: nothing to cancel`);
  if (cancel) out['tasks.cancel'] = cancel;
  const recover = write ?? notBlocked;
  if (recover) {
    out['tasks.retry'] = recover;
    out['tasks.dismiss'] = recover;
  }
  return out;
}

export function disabledReasons(input: DisabledInput): Partial<Record<CommandId, string>> {
  const {pane, scopes, selectedRow, selectedItem, selectedPolicy} = input;
  const disabled: Partial<Record<CommandId, string>> = {};
  if (!input.fleet) disabled['pane.fleet'] = NO_FLEET_REASON;
  if (pane === 'inbox') {
    for (const id of Object.keys(DECISION_OF) as DecisionKey[]) {
      const reason =
        decisionDisabled(selectedItem, DECISION_OF[id]) ?? scopeReason(scopes, selectedItem);
      if (reason) disabled[id] = reason;
    }
  }
  if (pane === 'inbox') {
    const delivery = input.selectedDelivery;
    const write = hasScope(scopes, 'operator.write') ? undefined : WRITE_REASON;
    if (delivery) {
      // a / A are for requests; a blocked delivery takes r (retry) and d (dismiss).
      const keys = 'a blocked delivery: r delivers it again, d dismisses it';
      disabled['inbox.approve'] = keys;
      disabled['inbox.allow-always'] = keys;
      if (write) disabled['inbox.deny'] = write;
      else delete disabled['inbox.deny'];
      if (write) disabled['inbox.retry-delivery'] = write;
    } else {
      disabled['inbox.retry-delivery'] = 'select a blocked delivery first';
    }
  }
  if (pane === 'sessions') {
    Object.assign(disabled, taskReasons(scopes, input.selectedTask));
    const writeReason = hasScope(scopes, 'operator.write')
      ? undefined
      : 'disabled: the gateway did not grant operator.write';
    const none =
      selectedRow === undefined || selectedRow.parentMissing ? 'select a session first' : undefined;
    const noRun =
      selectedRow &&
      selectedRow.session.status !== 'running' &&
      selectedRow.session.activeRunIds.length === 0
        ? 'this session has no active run'
        : undefined;
    const set = (id: CommandId, reason: string | undefined) => {
      if (reason) disabled[id] = reason;
    };
    set('run.stop', none ?? writeReason ?? noRun);
    set('subtree.stop', none ?? writeReason);
    set('session.steer', none ?? writeReason);
    set('session.peek', none);
    set('session.tasks', none);
    set('peek.close', input.peekOpen ? undefined : 'no peek panel is open');
  }
  const adminReason = (what: string) =>
    hasScope(scopes, 'operator.admin')
      ? undefined
      : `disabled: changing ${what} needs operator.admin (config.patch)`;
  if (pane === 'policy') {
    const reason =
      selectedPolicy?.kind !== 'candidate'
        ? 'select a sender marked "not allowed" first'
        : adminReason('the allowlist');
    if (reason) disabled['policy.allow-sender'] = reason;
  }
  if (pane === 'inbox') {
    if (!selectedItem) disabled['inbox.open'] = 'nothing selected';
    const questionScope =
      selectedItem?.kind === 'question' ? scopeReason(scopes, selectedItem) : undefined;
    if (questionScope) {
      for (const id of ['answer.option', 'answer.text', 'answer.next'] as const) {
        disabled[id] = questionScope;
      }
    }
    const reason =
      selectedItem?.kind !== 'dm-access'
        ? 'select a DM access request first (it names the sender)'
        : adminReason('the allowlist');
    if (reason) disabled['inbox.allow-sender'] = reason;
  }
  if (pane === 'events') {
    const jump = jumpReason(input.selectedEvent);
    if (jump) disabled['events.jump-inbox'] = jump;
    const fix = fixReason(input.selectedEvent) ?? adminReason('allowAgents');
    if (fix) disabled['events.fix-agent'] = fix;
  }
  if (input.demo) disabled['problem.demo'] = 'this is the demo already';
  return disabled;
}

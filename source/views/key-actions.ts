// What each keymap command does. Gateway work goes to the injected Commands; everything else is
// a ui action on the store or a change of view-local state. Failures become a one-line notice.

import type {GatewayId} from '../state/gateway-id.ts';
import type {Store} from '../state/store.ts';
import type {TaskSummary} from '../protocol/types.ts';
import type {InboxItem, TailEvent, TreeRow} from '../state/model.ts';
import {selectConfirm, selectInboxItem} from '../state/selectors.ts';
import {
  fleetKey,
  selectFleetCursorTarget,
  selectFleetInbox,
  type CursorMove,
} from '../state/fleet-selectors.ts';
import {canCancel, isBlockedDelivery} from '../state/task-state.ts';
import type {TaskActionKind} from '../state/action-types/tasks.ts';
import type {PaneId as StatePane} from '../state/action-types/ui.ts';
import type {Commands} from './commands.ts';
import {ANSWER_TEXT_INPUT, answerBlocked, createAnswerFlow} from './answer-flow.ts';
import {createConfigChangeFlow, WILDCARD_INPUT} from './config-change-flow.ts';
import {describeStopRun, describeTaskAction} from './confirm-text.ts';
import {decisionDisabled} from '../state/inbox-describe.ts';
import type {ConfirmSpec} from '../state/confirm-spec.ts';
import {describeGrant, type Grants} from '../state/describe-grant.ts';
import {DECISION_OF} from './inbox-text.ts';
import {PANES, READ_ONLY_REASON, keysOf, type CommandId, type PaneId} from './keymap.ts';
import type {PolicyRow} from './policy-view.ts';
import {fixRequest} from './spawn-fix.ts';
import {newestFirst} from './audit-panel.tsx';
import {withConfirm, withLocal, withPeek, type ViewLocal} from './view-local.ts';

export type CommandContext = {
  readonly store: Store;
  /** The gateway the panes show (its record in the store). */
  readonly gateway: GatewayId;
  /** What is not about one gateway (audit log, quit, the problem screen's switches). */
  readonly commands: Commands;
  /**
   * The commands of one gateway: everything about an item, a session or a config goes to the
   * gateway it came from, through this. undefined: no link to that gateway (nothing is sent).
   */
  readonly commandsOn: (gateway: GatewayId) => Commands | undefined;
  readonly local: {
    readonly get: () => ViewLocal;
    readonly update: (change: (local: ViewLocal) => ViewLocal) => void;
  };
  /** What the body shows ('problem' while the gateway cannot be reached). */
  readonly pane: PaneId;
  readonly readOnly: boolean;
  /** More than the single gateway of old: the Fleet pane is in the tab cycle. */
  readonly fleet?: boolean;
  /** The gateway id under the Fleet pane's cursor. */
  readonly selectedGateway?: string;
  readonly selectedRow?: TreeRow;
  readonly selectedItem?: InboxItem;
  /** The gateway the selected inbox item came from. */
  readonly selectedItemGateway?: GatewayId;
  readonly approved?: Grants;
  readonly selectedPolicy?: PolicyRow;
  /** The selected Events line (undefined while the tail follows). */
  readonly selectedEvent?: TailEvent;
  /** The task selected in the open tasks panel. */
  readonly selectedTask?: TaskSummary;
  /** How many tasks the open tasks panel lists (its cursor's range). */
  readonly taskCount?: number;
  /** The blocked delivery selected in the Inbox (listed after the requests). */
  readonly selectedDelivery?: TaskSummary;
  /** The gateway the open tasks panel reads (the tree row's it was opened on). */
  readonly selectedTaskGateway?: GatewayId;
  /** The gateway the selected blocked delivery ran on. */
  readonly selectedDeliveryGateway?: GatewayId;
  /** Reads a task as the store holds it now (a confirmation re-checks before sending). */
  readonly liveTask?: (gateway: GatewayId, taskId: string) => TaskSummary | undefined;
  readonly selectedEventGateway?: GatewayId;
  /** Set when quitting would stop an embedded gateway: q asks this first. */
  readonly quitQuestion?: ConfirmSpec;
  readonly policyRowCount: number;
  readonly logLineCount: number;
  /** Rows per page for pgup/pgdn. */
  readonly page: number;
  /** Scroll positions of the open approval detail (top lines 0 … n-1 that still fill its window). */
  readonly detailLineCount?: number;
  readonly exit: () => void;
};

const NOTICE_MS = 5000;

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Where a move lands in a list of `length` rows from `from`. */
export function step(how: CursorMove, from: number, length: number): number {
  const last = Math.max(0, length - 1);
  const wanted =
    how === 'first'
      ? 0
      : how === 'last'
        ? last
        : from + (how === 'up' ? -1 : how === 'down' ? 1 : how.by);
  return Math.max(0, Math.min(last, wanted));
}

/** One line of feedback in the footer for a few seconds. */
export const notifier =
  (store: Store) =>
  (text: string, tone: 'info' | 'warn' | 'error' = 'info'): void =>
    store.dispatch({type: 'ui/notice-shown', text, tone, at: Date.now(), ttlMs: NOTICE_MS});

export function createCommandRunner(
  ctx: CommandContext,
): (id: CommandId, pressed?: string) => void {
  const {store, commands, local} = ctx;
  const dispatch = store.dispatch;
  const notify = notifier(store);

  /** The commands of the gateway something came from; never another gateway's. */
  const on = (gateway: GatewayId | undefined): Commands | undefined => {
    const id = gateway ?? ctx.gateway;
    const found = ctx.commandsOn(id);
    if (!found) notify(`not sent: this console holds no connection to gateway ${id}`, 'error');
    return found;
  };

  const attempt = (what: string, run: () => void | Promise<unknown>) => {
    try {
      const result = run();
      if (result instanceof Promise) {
        result.catch((error: unknown) => notify(`${what} failed: ${messageOf(error)}`, 'error'));
      }
    } catch (error) {
      notify(`${what} failed: ${messageOf(error)}`, 'error');
    }
  };

  // Reads the latest state, not the render's: a burst of keys runs several moves in one go.
  const move = (how: CursorMove) => {
    const detail = local.get().detail;
    if (detail) {
      // The full detail scrolls by lines; the pane keeps its rows for the decision keys.
      const lines = Math.max(1, ctx.detailLineCount ?? 1);
      const top = step(how, detail.top, lines);
      local.update((l) => withLocal(l, 'detail', {...detail, top}));
      return;
    }
    const tasks = local.get().tasks;
    if (tasks) {
      const count = ctx.taskCount ?? 0;
      const selected = step(how, Math.min(tasks.selected, Math.max(0, count - 1)), count);
      local.update((l) => withLocal(l, 'tasks', {...tasks, selected}));
      return;
    }
    const audit = local.get().audit;
    if (audit) {
      if (audit.phase !== 'ready') return;
      const rows = newestFirst(audit.rows).length;
      const top = step(how, Math.min(audit.top, Math.max(0, rows - ctx.page)), rows);
      local.update((l) => withLocal(l, 'audit', {...audit, top}));
      return;
    }
    const pane = ctx.pane;
    if (pane === 'problem') return;
    if (pane === 'policy') {
      const stored = store.getState().ui.cursors.policy?.index ?? 0;
      const index = step(how, Math.min(stored, ctx.policyRowCount - 1), ctx.policyRowCount);
      dispatch({type: 'ui/cursor-moved', pane: 'policy', key: String(index), index});
      return;
    }
    if (pane === 'gateway') {
      local.update((l) => {
        const from = l.follow.gateway ? ctx.logLineCount - 1 : l.logSelected;
        return {
          ...l,
          logSelected: step(how, Math.max(0, from), ctx.logLineCount),
          follow: {...l.follow, gateway: false},
        };
      });
      return;
    }
    if (pane === 'events' && local.get().follow.events) {
      // Moving in a followed tail pauses it where the operator is looking: at the newest line.
      local.update((l) => ({...l, follow: {...l.follow, events: false}}));
      const target = selectFleetCursorTarget(store.getState(), 'events', 'last');
      if (target) dispatch({type: 'ui/cursor-moved', pane: 'events', ...target});
      if (how === 'down' || how === 'last') return;
    }
    const target = selectFleetCursorTarget(store.getState(), pane, how);
    if (target) dispatch({type: 'ui/cursor-moved', pane, ...target});
  };

  const peek = (row: TreeRow) => {
    const {key, session} = row;
    if (local.get().peek?.sessionKey === key) {
      local.update((l) => withPeek(l, undefined));
      return;
    }
    const title = session.title;
    // A late answer for a panel that was closed or moved on is dropped.
    const settle = (next: ViewLocal['peek']) =>
      local.update((l) => (l.peek?.sessionKey === key ? withPeek(l, next) : l));
    const target = on(row.gateway);
    if (!target) return;
    local.update((l) => withPeek(l, {phase: 'loading', sessionKey: key, title}));
    target.peek(key).then(
      (lines) => settle({phase: 'ready', sessionKey: key, title, lines}),
      (error: unknown) =>
        settle({phase: 'failed', sessionKey: key, title, message: messageOf(error)}),
    );
  };

  /** The config-change steps against one gateway's config (prepare, apply, discard go there). */
  const flowOn = (gateway: GatewayId | undefined) => {
    const id = gateway ?? ctx.gateway;
    const target = on(id);
    if (!target) return undefined;
    return createConfigChangeFlow({
      commands: target,
      gateway: id,
      local,
      dispatch,
      notify,
      idle: () =>
        local.get().confirm === undefined &&
        local.get().audit === undefined &&
        store.getState().ui.mode === 'normal',
    });
  };

  // A question is answered on the gateway it came from (the draft keeps it while it is open).
  const answers = createAnswerFlow({
    store,
    gateway: ctx.selectedItemGateway ?? ctx.gateway,
    local,
    notify,
  });

  const quit = () => {
    ctx.exit();
    attempt('quit', commands.quit);
  };

  const askQuit = (question: ConfirmSpec) => {
    const held = local.get().confirm;
    // A second ctrl+c while asking keeps asking: only y stops the gateway.
    if (held?.kind === 'quit') return;
    if (held?.kind === 'config-change') flowOn(held.gateway)?.cancel(held);
    local.update((l) => withConfirm(l, {kind: 'quit', spec: question}));
  };

  const closeLocalConfirm = () => {
    const held = local.get().confirm;
    local.update((l) => withConfirm(l, undefined));
    if (held?.kind === 'config-change') flowOn(held.gateway)?.cancel(held);
  };

  const openAudit = () => {
    local.update((l) => withLocal(l, 'audit', {phase: 'loading'}));
    // A late answer for a panel that was closed is dropped.
    const settle = (next: NonNullable<ViewLocal['audit']>) =>
      local.update((l) => (l.audit?.phase === 'loading' ? withLocal(l, 'audit', next) : l));
    commands.readAudit().then(
      (rows) => settle({phase: 'ready', rows, top: 0}),
      (error: unknown) => settle({phase: 'failed', message: messageOf(error)}),
    );
  };

  /** Opens the confirmation for a task action, or says why it does not apply to this task. */
  const askTask = (
    task: TaskSummary | undefined,
    action: TaskActionKind,
    gateway: GatewayId | undefined,
  ) => {
    if (!task) return;
    const confirm = {
      kind: 'task-action',
      ...(gateway === undefined ? {} : {gateway}),
      taskId: task.id,
      action,
      spec: describeTaskAction(task, action),
    } as const;
    local.update((l) => withConfirm(l, confirm));
  };

  /** Why the task (as it is now) no longer takes the action, or undefined. */
  const taskActionGone = (
    gateway: GatewayId,
    taskId: string,
    action: TaskActionKind,
  ): string | undefined => {
    const task = ctx.liveTask?.(gateway, taskId);
    if (!task) return 'the task is gone from the ledger';
    if (action === 'cancel') return canCancel(task) ? undefined : `the task is ${task.status} now`;
    return isBlockedDelivery(task) ? undefined : 'its delivery is no longer blocked';
  };

  const confirmYes = () => {
    const held = local.get().confirm;
    if (held) {
      local.update((l) => withConfirm(l, undefined));
      if (held.kind === 'quit') return quit();
      if (ctx.readOnly) {
        if (held.kind === 'config-change') flowOn(held.gateway)?.cancel(held);
        return notify(READ_ONLY_REASON, 'warn');
      }
      if (held.kind === 'stop-run') {
        const target = on(held.gateway);
        if (target) attempt('stop run', () => target.stopRun(held.sessionKey, held.runId));
      } else if (held.kind === 'answer') {
        // Re-check the live question: it may have been answered elsewhere while the dialog was up.
        // Re-read on the gateway the question came from: the same id elsewhere is another one.
        const gateway = held.gateway ?? ctx.gateway;
        const state = store.getState();
        const live = state.gateways[gateway] && selectInboxItem(state, gateway, held.id);
        if (live?.kind !== 'question') return notify('not sent: the question is gone', 'warn');
        const blocked = answerBlocked(live);
        if (blocked) return notify(`not sent: ${blocked}`, 'warn');
        const target = on(gateway);
        if (target) attempt('answer', () => target.answer(held.id, held.answers));
      } else if (held.kind === 'task-action') {
        // Re-checked against the live ledger of its gateway: it may have changed meanwhile.
        const gateway = held.gateway ?? ctx.gateway;
        const gone = taskActionGone(gateway, held.taskId, held.action);
        if (gone) return notify(`not sent: ${gone}`, 'warn');
        const target = on(gateway);
        if (target) {
          attempt(`task ${held.action}`, () => target.taskAction(held.taskId, held.action));
        }
      } else {
        flowOn(held.gateway)?.confirm(held);
      }
      return;
    }
    const state = store.getState();
    const confirm = selectConfirm(state);
    dispatch({type: 'ui/confirm-closed'});
    if (!confirm) return;
    if (ctx.readOnly) return notify(READ_ONLY_REASON, 'warn');
    if (confirm.action === 'decide') {
      // Re-check the live item: it may have been decided elsewhere while the dialog was up.
      // Re-read on the gateway the item came from: the same id elsewhere is another request.
      const gateway = confirm.gateway ?? ctx.gateway;
      const item = state.gateways[gateway] && selectInboxItem(state, gateway, confirm.id);
      if (!item) return notify('not sent: the request is gone (resolved or expired)', 'warn');
      const reason = decisionDisabled(item, confirm.decision);
      if (reason) return notify(`not sent: ${reason}`, 'warn');
      const target = on(gateway);
      if (target) attempt(confirm.decision, () => target.decide(confirm.id, confirm.decision));
    } else {
      const target = on(confirm.gateway);
      if (target) attempt('stop subtree', () => target.stopSubtree(confirm.key));
    }
  };

  /** A failed spawn's pairing request, selected in the Inbox (on the gateway it waits on). */
  const jumpToInbox = (gateway: GatewayId, id: string): string | undefined => {
    const state = store.getState();
    const item = state.gateways[gateway] && selectInboxItem(state, gateway, id);
    if (!item) {
      return `pairing request ${id} is no longer in the Inbox (approved, rejected or expired)`;
    }
    dispatch({type: 'ui/pane-selected', pane: 'inbox'});
    const uid = fleetKey(gateway, id);
    let entries = selectFleetInbox(store.getState());
    if (!entries.some((entry) => entry.uid === uid)) {
      dispatch({type: 'ui/filter-changed', text: ''});
      entries = selectFleetInbox(store.getState());
    }
    const index = entries.findIndex((entry) => entry.uid === uid);
    if (index >= 0) dispatch({type: 'ui/cursor-moved', pane: 'inbox', key: uid, index});
    return item.state.phase === 'pending'
      ? undefined
      : `pairing request ${id} is ${item.state.phase}`;
  };

  /** `pressed`: the key itself, for commands bound to a range of keys (the options 1-9). */
  return (id: CommandId, pressed?: string) => {
    // A gateway's own row in the fleet tree only expands and collapses.
    const row = ctx.selectedRow?.head === undefined ? ctx.selectedRow : undefined;
    const item = ctx.selectedItem;
    switch (id) {
      case 'pane.fleet':
      case 'pane.sessions':
      case 'pane.inbox':
      case 'pane.events':
      case 'pane.gateway':
      case 'pane.policy':
        return dispatch({type: 'ui/pane-selected', pane: id.slice('pane.'.length) as StatePane});
      case 'pane.next':
      case 'pane.prev': {
        const panes = ctx.fleet ? PANES : PANES.filter((p) => p !== 'fleet');
        const at = panes.indexOf(store.getState().ui.pane);
        const by = id === 'pane.next' ? 1 : panes.length - 1;
        return dispatch({type: 'ui/pane-selected', pane: panes[(at + by) % panes.length]!});
      }
      case 'fleet.focus': {
        const gateway = ctx.selectedGateway;
        if (gateway === undefined) return;
        dispatch({type: 'ui/gateway-focused', gateway});
        return notify(
          `focus: ${gateway} — ${keysOf('pane.gateway')} Gateway and ${keysOf('pane.policy')} Policy show it`,
          'info',
        );
      }
      case 'cursor.down':
        return move('down');
      case 'cursor.up':
        return move('up');
      case 'cursor.page-down':
        return move({by: ctx.page});
      case 'cursor.page-up':
        return move({by: -ctx.page});
      case 'cursor.top':
        return move('first');
      case 'cursor.bottom':
        return move('last');
      case 'filter.open':
        return dispatch({type: 'ui/filter-opened'});
      case 'help.open':
      case 'help.close':
        return dispatch({type: 'ui/help-toggled'});
      case 'app.quit':
      case 'app.interrupt':
        if (ctx.quitQuestion) return askQuit(ctx.quitQuestion);
        return quit();
      case 'tree.toggle':
        if (ctx.selectedRow?.hasChildren) {
          dispatch({type: 'ui/row-toggled', key: ctx.selectedRow.uid ?? ctx.selectedRow.key});
        }
        return;
      case 'session.peek':
        if (row) peek(row);
        return;
      case 'peek.close':
        return local.update((l) => withPeek(l, undefined));
      case 'session.tasks':
        if (!row || row.parentMissing) return;
        return local.update((l) =>
          withLocal(l, 'tasks', {
            sessionKey: row.key,
            title: row.session.title,
            selected: 0,
            ...(row.gateway === undefined ? {} : {gateway: row.gateway}),
          }),
        );
      case 'tasks.close':
        return local.update((l) => withLocal(l, 'tasks', undefined));
      case 'tasks.cancel':
        return askTask(ctx.selectedTask, 'cancel', ctx.selectedTaskGateway);
      case 'tasks.retry':
        return askTask(ctx.selectedTask, 'retry', ctx.selectedTaskGateway);
      case 'tasks.dismiss':
        return askTask(ctx.selectedTask, 'dismiss', ctx.selectedTaskGateway);
      case 'inbox.retry-delivery':
        return askTask(ctx.selectedDelivery, 'retry', ctx.selectedDeliveryGateway);
      case 'session.steer':
        if (row) {
          dispatch({
            type: 'ui/input-opened',
            purpose: 'steer',
            target: row.key,
            ...(row.gateway === undefined ? {} : {gateway: row.gateway}),
          });
        }
        return;
      case 'run.stop': {
        if (!row || row.session.status !== 'running') return;
        const runId = row.session.activeRunIds[0];
        const confirm = {
          kind: 'stop-run',
          ...(row.gateway === undefined ? {} : {gateway: row.gateway}),
          sessionKey: row.key,
          runId,
          spec: describeStopRun(row.session, runId),
        } as const;
        return local.update((l) => withConfirm(l, confirm));
      }
      case 'subtree.stop':
        if (!row) return;
        return dispatch({
          type: 'ui/confirm-opened',
          confirm: {
            action: 'abort-session',
            key: row.key,
            ...(row.gateway === undefined ? {} : {gateway: row.gateway}),
            text: `stop ${row.session.title} and its subagents`,
          },
        });
      case 'inbox.open':
        if (!item) return;
        if (item.kind === 'question') return answers.open(item);
        return local.update((l) =>
          withLocal(l, 'detail', {
            id: item.id,
            top: 0,
            ...(ctx.selectedItemGateway === undefined ? {} : {gateway: ctx.selectedItemGateway}),
          }),
        );
      case 'detail.close':
        return local.update((l) => withLocal(l, 'detail', undefined));
      case 'answer.option':
        return answers.option(Number(pressed));
      case 'answer.next':
        return answers.next();
      case 'answer.text':
        return answers.typeText();
      case 'answer.close':
        return answers.close();
      case 'inbox.approve':
      case 'inbox.allow-always':
      case 'inbox.deny': {
        // A blocked delivery listed in the Inbox: d dismisses it (a and A do not apply).
        if (!item && id === 'inbox.deny') {
          return askTask(ctx.selectedDelivery, 'dismiss', ctx.selectedDeliveryGateway);
        }
        if (!item) return;
        const decision = DECISION_OF[id];
        const text = describeGrant(item, decision, ctx.approved).title;
        return dispatch({
          type: 'ui/confirm-opened',
          confirm: {
            action: 'decide',
            id: item.id,
            decision,
            text,
            ...(ctx.selectedItemGateway === undefined ? {} : {gateway: ctx.selectedItemGateway}),
          },
        });
      }
      case 'follow.toggle': {
        const which =
          ctx.pane === 'events' ? 'events' : ctx.pane === 'gateway' ? 'gateway' : undefined;
        if (!which) return;
        return local.update((l) => ({...l, follow: {...l.follow, [which]: !l.follow[which]}}));
      }
      case 'policy.allow-sender': {
        const picked = ctx.selectedPolicy;
        if (picked?.kind !== 'candidate') return;
        return flowOn(ctx.gateway)?.start({
          kind: 'allow-sender',
          channel: picked.channel.channel,
          accountId: picked.channel.accountId ?? 'default',
          senderId: picked.sender.senderId,
          ...(picked.sender.label === undefined ? {} : {label: picked.sender.label}),
          again: id,
        });
      }
      case 'inbox.allow-sender': {
        if (item?.kind !== 'dm-access') return;
        const r = item.request;
        return flowOn(ctx.selectedItemGateway)?.start({
          kind: 'allow-sender',
          channel: r.channel,
          accountId: r.accountId,
          senderId: r.senderId,
          ...(r.senderLabel === undefined ? {} : {label: r.senderLabel}),
          again: id,
        });
      }
      case 'events.jump-inbox': {
        const inboxId = ctx.selectedEvent?.diagnosis?.inboxId;
        if (inboxId === undefined) return;
        const problem = jumpToInbox(ctx.selectedEventGateway ?? ctx.gateway, inboxId);
        if (problem) return notify(problem, 'warn');
        return notify(
          `pairing request ${inboxId}: ${keysOf('inbox.approve')} approves, ${keysOf('inbox.deny')} rejects`,
          'info',
        );
      }
      case 'events.fix-agent': {
        const request = fixRequest(ctx.selectedEvent);
        if (request) flowOn(ctx.selectedEventGateway)?.start(request);
        return;
      }
      case 'audit.open':
        return openAudit();
      case 'audit.close':
        return local.update((l) => withLocal(l, 'audit', undefined));
      case 'problem.retry':
        return attempt('retry', commands.retryConnect);
      case 'problem.embed':
        return attempt('starting the embedded gateway', commands.startEmbedded);
      case 'problem.demo':
        return attempt('opening the demo', commands.openDemo);
      case 'confirm.yes':
        return confirmYes();
      case 'confirm.no':
        closeLocalConfirm();
        if (store.getState().ui.mode === 'confirm') dispatch({type: 'ui/confirm-closed'});
        return;
      case 'filter.apply':
        return dispatch({type: 'ui/filter-closed', keep: true});
      case 'filter.cancel':
        return dispatch({type: 'ui/filter-closed', keep: false});
      case 'input.submit': {
        const input = store.getState().ui.input;
        dispatch({type: 'ui/input-closed'});
        if (input?.purpose === WILDCARD_INPUT) {
          const typedOn = flowOn(local.get().typed?.gateway);
          if (ctx.readOnly) return typedOn?.cancelTyped();
          return typedOn?.submitTyped(input.text);
        }
        if (input?.purpose === ANSWER_TEXT_INPUT) {
          if (ctx.readOnly) return notify(READ_ONLY_REASON, 'warn');
          return answers.submitText(input.text);
        }
        if (input?.purpose !== 'steer' || !input.target || input.text.trim() === '') return;
        const {target, text} = input;
        const steerOn = on(input.gateway);
        if (!steerOn) return;
        return attempt('steer', () => steerOn.steer(target, text));
      }
      case 'input.cancel':
        if (store.getState().ui.input?.purpose === WILDCARD_INPUT) {
          flowOn(local.get().typed?.gateway)?.cancelTyped();
        }
        return dispatch({type: 'ui/input-closed'});
    }
  };
}

// What the open confirmation says, read from the store (inbox decisions, stopping a subtree) or
// held by the app (stopping one run, a prepared config change, quitting with an embedded gateway:
// the ui slice has no variant for those).

import type {GatewayId} from '../state/gateway-id.ts';
import type {QuestionAnswers} from '../protocol/types.ts';
import type {AppState} from '../state/reducer.ts';
import type {InboxItem} from '../state/model.ts';
import {
  selectForest,
  selectInboxItem,
  selectPairedDevices,
  selectSession,
} from '../state/selectors.ts';
import type {TaskActionKind} from '../state/action-types/tasks.ts';
import {describeStopSubtree} from './confirm-text.ts';
import type {ConfirmSpec} from '../state/confirm-spec.ts';
import {describeGrant, type Grants} from '../state/describe-grant.ts';
import type {CommandId} from './keymap.ts';

export type LocalConfirm =
  | {
      readonly kind: 'stop-run';
      /** The gateway the session runs on. */
      readonly gateway?: string;
      readonly sessionKey: string;
      readonly runId: string | undefined;
      readonly spec: ConfirmSpec;
    }
  | {
      /** A prepared config change (allow sender, allow agent): the dialog shows its exact diff. */
      readonly kind: 'config-change';
      /** The gateway whose config the change is for (its commands hold the token). */
      readonly gateway?: string;
      readonly token: string;
      readonly spec: ConfirmSpec;
      /** "*": y leads to a second, typed confirmation instead of writing. */
      readonly wildcard: boolean;
      /** The key that starts this change again (named in the conflict message). */
      readonly again: CommandId;
    }
  | {
      /** Quitting would stop the embedded gateway and every agent run on it. */
      readonly kind: 'quit';
      readonly spec: ConfirmSpec;
    }
  | {
      /** The exact answer to an agent question, sent on y. */
      readonly kind: 'answer';
      /** The gateway the question came from: the answer goes there only. */
      readonly gateway?: string;
      readonly id: string;
      readonly answers: QuestionAnswers;
      readonly spec: ConfirmSpec;
    }
  | {
      /** Cancel a task, or retry / dismiss its blocked delivery (exact task id). */
      readonly kind: 'task-action';
      /** The gateway whose ledger holds the task: the action goes there only. */
      readonly gateway?: string;
      readonly taskId: string;
      readonly action: TaskActionKind;
      readonly spec: ConfirmSpec;
    };

/** The second confirmation of a "*" sender: the operator types the word, then enter. */
export type TypedConfirm = {
  readonly gateway?: string;
  readonly token: string;
  readonly spec: ConfirmSpec;
  readonly word: string;
  readonly again: CommandId;
};

/** What a device asking for more access already holds, from the paired-device list. */
export function grantsOf(
  state: AppState,
  gateway: GatewayId,
  item: InboxItem | undefined,
): Grants | undefined {
  if (item?.kind !== 'device-pairing') return undefined;
  const device = selectPairedDevices(state, gateway).find(
    (d) => d.deviceId === item.request.deviceId,
  );
  if (!device) return undefined;
  return {roles: device.roles ?? (device.role ? [device.role] : []), scopes: device.scopes ?? []};
}

/** Every session below `key` in the tree (iterative: chains can be deep). */
export function countDescendants(state: AppState, gateway: GatewayId, key: string): number {
  const nodes = selectForest(state, gateway).nodes;
  let count = 0;
  const stack = [...(nodes.get(key)?.children ?? [])];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    count++;
    stack.push(...(nodes.get(next)?.children ?? []));
  }
  return count;
}

/** The dialog for the confirmation held in the ui slice, described from live data. */
export function confirmSpecFromState(state: AppState, gateway: GatewayId): ConfirmSpec | undefined {
  const confirm = state.ui.confirm;
  if (!confirm) return undefined;
  // The gateway the confirmation was opened for, never whichever one the panes show now.
  const on = confirm.gateway ?? gateway;
  if (confirm.action === 'decide') {
    const item = selectInboxItem(state, on, confirm.id);
    if (!item) {
      return {
        title: 'This request is gone',
        danger: false,
        action: confirm.decision,
        target: {label: 'request id', id: confirm.id},
        fields: [
          {
            label: 'note',
            value: 'it was resolved or expired while this dialog was open; y does nothing',
          },
        ],
      };
    }
    return describeGrant(item, confirm.decision, grantsOf(state, on, item));
  }
  const session = selectSession(state, on, confirm.key);
  if (!session) {
    return {
      title: 'Stop this session and every subagent below it?',
      danger: true,
      action: 'stop subtree',
      target: {label: 'session', id: confirm.key},
      fields: [],
    };
  }
  return describeStopSubtree(session, countDescendants(state, on, confirm.key));
}

// What the operator does in the console (reduced by ui-slice.ts), and the shapes those actions
// carry.

import type {ApprovalDecision} from '../../protocol/types.ts';

export type PaneId = 'fleet' | 'sessions' | 'inbox' | 'events' | 'gateway' | 'policy';

/** What a confirm overlay is asking about. */
export type ConfirmRequest =
  | {
      readonly action: 'decide';
      /** The exact inbox item id the decision will be sent for. */
      readonly id: string;
      readonly decision: ApprovalDecision;
      readonly text: string;
      /** The gateway the item came from: the only one the decision may go to. */
      readonly gateway?: string;
    }
  | {
      readonly action: 'abort-session';
      readonly key: string;
      readonly text: string;
      /** The gateway the session runs on. */
      readonly gateway?: string;
    };

export type Notice = {
  readonly text: string;
  readonly tone: 'info' | 'warn' | 'error';
  readonly at: number;
  /** Cleared by the first clock tick at or after this time; undefined = until dismissed. */
  readonly until?: number;
};

export type UiAction =
  | {readonly type: 'ui/pane-selected'; readonly pane: PaneId}
  | {
      readonly type: 'ui/cursor-moved';
      readonly pane: PaneId;
      readonly key: string;
      readonly index: number;
    }
  | {readonly type: 'ui/row-toggled'; readonly key: string}
  | {readonly type: 'ui/row-expanded'; readonly key: string}
  | {readonly type: 'ui/row-collapsed'; readonly key: string}
  | {readonly type: 'ui/filter-opened'}
  | {readonly type: 'ui/filter-changed'; readonly text: string}
  /** keep: Enter keeps the filter applied; Esc (keep false) clears it. */
  | {readonly type: 'ui/filter-closed'; readonly keep: boolean}
  | {readonly type: 'ui/help-toggled'}
  | {readonly type: 'ui/confirm-opened'; readonly confirm: ConfirmRequest}
  | {readonly type: 'ui/confirm-closed'}
  | {
      readonly type: 'ui/input-opened';
      readonly purpose: string;
      readonly target?: string;
      readonly gateway?: string;
    }
  | {readonly type: 'ui/input-changed'; readonly text: string}
  | {readonly type: 'ui/input-closed'}
  | {
      readonly type: 'ui/notice-shown';
      readonly text: string;
      readonly tone: Notice['tone'];
      readonly at: number;
      readonly ttlMs?: number;
    }
  | {readonly type: 'ui/notice-dismissed'}
  | {readonly type: 'ui/gateway-focused'; readonly gateway: string};

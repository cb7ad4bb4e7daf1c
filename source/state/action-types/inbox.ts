// Everything waiting for a human: lists, requests, resolutions and our own decisions (reduced by
// inbox-slice.ts).

import type {
  ApprovalDecision,
  ApprovalKind,
  ApprovalRequest,
  ApprovalResolved,
  DevicePairList,
  DmAccessList,
  PairResolved,
  PendingDevice,
  PendingNode,
} from '../../protocol/types.ts';
import type {Listed} from './listed.ts';
import type {QuestionAction} from './questions.ts';

export type InboxAction =
  | QuestionAction
  | ({readonly type: 'device-pairing/listed'; readonly list: DevicePairList} & Listed)
  | {
      readonly type: 'device-pairing/requested';
      readonly request: PendingDevice;
      readonly at: number;
    }
  | {readonly type: 'device-pairing/resolved'; readonly resolved: PairResolved; readonly at: number}
  | ({readonly type: 'node-pairing/listed'; readonly pending: readonly PendingNode[]} & Listed)
  | {readonly type: 'node-pairing/requested'; readonly request: PendingNode; readonly at: number}
  | {readonly type: 'node-pairing/resolved'; readonly resolved: PairResolved; readonly at: number}
  | ({
      readonly type: 'approvals/listed';
      readonly kind: ApprovalKind;
      readonly approvals: readonly ApprovalRequest[];
    } & Listed)
  | {readonly type: 'approval/requested'; readonly request: ApprovalRequest; readonly at: number}
  | {readonly type: 'approval/resolved'; readonly resolved: ApprovalResolved; readonly at: number}
  | ({readonly type: 'dm-access/listed'; readonly list: DmAccessList} & Listed)
  /** channels.pairing.list is missing (4.1) or refused: the DM section says why. */
  | {readonly type: 'dm-access/unsupported'; readonly reason: string; readonly at: number}
  /**
   * The operator sent a decision for this exact id. Pairing and DM access use the same words:
   * approve = 'allow-once', reject/dismiss = 'deny'.
   */
  | {
      readonly type: 'decision/started';
      readonly id: string;
      readonly decision: ApprovalDecision;
      readonly at: number;
    }
  | {
      readonly type: 'decision/succeeded';
      readonly id: string;
      readonly decision: ApprovalDecision;
      readonly at: number;
    }
  | {
      readonly type: 'decision/failed';
      readonly id: string;
      readonly decision: ApprovalDecision;
      /** not-applied: the gateway refused, safe to offer again; unknown: re-read before retrying. */
      readonly outcome: 'not-applied' | 'unknown';
      readonly message: string;
      readonly at: number;
    };

// What the console can ask of the outside world. The app calls these; the lead's bridge implements
// them against the gateway client (or the demo fixture). Types only: views never reach the client.

import type {ApprovalDecision} from '../protocol/types.ts';
import type {PeekLine} from './peek-panel.tsx';

/**
 * Every method may be async; a rejected promise is shown to the operator as a one-line message
 * (its `message`, sanitised). Outcomes that change state (a decision applied, a run stopped) come
 * back through the store, not through the return value.
 */
export type Commands = {
  /** Send `decision` for the inbox item with exactly this id (the bridge maps it per kind:
   * pairing approve/reject, exec/plugin allow-once/allow-always/deny, DM approve/dismiss). */
  readonly decide: (itemId: string, decision: ApprovalDecision) => void | Promise<unknown>;
  readonly allowSender: (
    channel: string,
    accountId: string,
    senderId: string,
  ) => void | Promise<unknown>;
  readonly stopRun: (sessionKey: string, runId: string) => void | Promise<unknown>;
  /** Key-only abort: the gateway cascades to the subagents the session controls. */
  readonly stopSubtree: (sessionKey: string) => void | Promise<unknown>;
  readonly steer: (sessionKey: string, text: string) => void | Promise<unknown>;
  /** Recent messages of a session, for the peek panel. */
  readonly peek: (sessionKey: string) => Promise<readonly PeekLine[]>;
  readonly retryConnect: () => void;
  readonly startEmbedded: () => void | Promise<unknown>;
  readonly openDemo: () => void | Promise<unknown>;
  /** Called after Ink has exited (terminal restored): stop the client, the embed, timers. */
  readonly quit: () => void | Promise<unknown>;
};

// What the console can ask of the outside world. The app calls these; the lead's bridge implements
// them against the gateway client (or the demo fixture). Types only: views never reach the client.

import type {AuditEntry} from '../audit/audit-log.ts';
import type {ApprovalDecision, QuestionAnswers} from '../protocol/types.ts';
import type {TaskActionKind} from '../state/action-types/tasks.ts';
import type {PeekLine} from './peek-panel.tsx';

/**
 * A config change read and planned against the gateway's config right now, held by the commands
 * under `token` until it is applied once or discarded. The app shows `diff` (exact, one line per
 * changed path) and `notes` in the confirmation; nothing is written before applyPrepared.
 */
export type PreparedView =
  | {
      readonly status: 'ready';
      readonly token: string;
      /** One line, e.g. `allow sender 20417 on qqbot`. */
      readonly summary: string;
      /** `path: before → after`, one per changed path. Raw gateway text inside. */
      readonly diff: readonly string[];
      readonly notes: readonly string[];
    }
  /** The sender is "*": ask the operator a second, explicit time, then prepare with confirmWildcard. */
  | {readonly status: 'needs-wildcard-confirmation'; readonly message: string}
  /** Already so: nothing to write. */
  | {readonly status: 'no-op'; readonly message: string}
  /** Cannot be done (bad id, unknown account, the config could not be read, …). */
  | {readonly status: 'refused'; readonly message: string};

/** What happened to one applyPrepared. `message` is one line for the operator. */
export type ApplyView = {
  readonly status:
    | 'applied'
    /** The config changed since it was read: nothing was written. */
    | 'conflict'
    | 'rate-limited'
    /** Written to the config file, not active until the gateway restarts. */
    | 'persisted'
    | 'refused'
    /** No answer: it may or may not have been written. */
    | 'unknown'
    /** The token is not held (already applied or discarded): nothing was sent. */
    | 'expired';
  readonly message: string;
};

export type AuditRow = Pick<AuditEntry, 'ts' | 'kind' | 'id' | 'decision' | 'outcome'> &
  Partial<Pick<AuditEntry, 'granted' | 'message' | 'gateway'>>;

/**
 * Every method may be async; a rejected promise is shown to the operator as a one-line message
 * (its `message`, sanitised). Outcomes that change state (a decision applied, a run stopped) come
 * back through the store, not through the return value.
 */
export type Commands = {
  /** Send `decision` for the inbox item with exactly this id (the bridge maps it per kind:
   * pairing approve/reject, exec/plugin allow-once/allow-always/deny, DM approve/dismiss). */
  readonly decide: (itemId: string, decision: ApprovalDecision) => void | Promise<unknown>;
  /** Send this exact answer to the agent question with exactly this id, once. */
  readonly answer: (itemId: string, answers: QuestionAnswers) => void | Promise<unknown>;
  /** Step 1 of "let this sender DM the bot": read the config and plan the allowFrom change. */
  readonly prepareAllowSender: (
    channel: string,
    accountId: string,
    senderId: string,
    options: {readonly confirmWildcard: boolean},
  ) => Promise<PreparedView>;
  /** Step 1 of the fix for "agentId is not allowed": plan the requester's allowAgents change. */
  readonly prepareAllowAgent: (
    requesterAgentId: string,
    targetAgentId: string,
  ) => Promise<PreparedView>;
  /** Step 2: send the prepared change exactly once (config.patch with its baseHash). */
  readonly applyPrepared: (token: string) => Promise<ApplyView>;
  /** The operator said no: forget the prepared change. */
  readonly discardPrepared: (token: string) => void;
  /** The newest entries of the local audit log (oldest first). */
  readonly readAudit: () => Promise<readonly AuditRow[]>;
  /** runId undefined: abort whatever runs in the session (the gateway did not say which). */
  readonly stopRun: (sessionKey: string, runId: string | undefined) => void | Promise<unknown>;
  /** Key-only abort: the gateway cascades to the subagents the session controls. */
  readonly stopSubtree: (sessionKey: string) => void | Promise<unknown>;
  readonly steer: (sessionKey: string, text: string) => void | Promise<unknown>;
  /** Cancel a task, or retry / dismiss its blocked delivery, by exact task id (once). */
  readonly taskAction: (taskId: string, action: TaskActionKind) => void | Promise<unknown>;
  /** Recent messages of a session, for the peek panel. */
  readonly peek: (sessionKey: string) => Promise<readonly PeekLine[]>;
  readonly retryConnect: () => void;
  readonly startEmbedded: () => void | Promise<unknown>;
  readonly openDemo: () => void | Promise<unknown>;
  /** Called after Ink has exited (terminal restored): stop the client, the embed, timers. */
  readonly quit: () => void | Promise<unknown>;
};

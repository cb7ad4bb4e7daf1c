// The console's domain model: what the reducer keeps and what selectors hand to views.
// Serialisable (no sockets, no timers, no class instances); time comes in through actions.

import type {ConnectProblem} from '../client/types.ts';
import type {
  ApprovalDecision,
  ApprovalRequest,
  DmAccessRequest,
  PendingDevice,
  PendingNode,
  QuestionAnswers,
  QuestionRecord,
} from '../protocol/types.ts';

// Re-exported so the rest of state/ names the client's problem type through the model only.
export type {ConnectProblem};

// ── sessions ────────────────────────────────────────────────────────────────────────────────

/** Never guessed: a row whose run state we cannot tell is 'unknown'. */
/** `stopped`: the last run was aborted (an operator's stop, or the gateway killed it). */
export type SessionStatus =
  'running' | 'queued' | 'idle' | 'done' | 'failed' | 'stopped' | 'unknown';

export type SessionRole = 'main' | 'subagent' | 'acp' | 'cron' | 'channel' | 'other';

export type Session = {
  readonly key: string;
  readonly sessionId?: string;
  readonly agentId?: string;
  readonly role: SessionRole;
  /** label, else displayName, else derivedTitle, else the key's last segment. */
  readonly title: string;
  readonly channel?: string;
  /** parentSessionKey, else spawnedBy, else the parent that lists this key in childSessions. */
  readonly parentKey?: string;
  readonly childKeys: readonly string[];
  readonly status: SessionStatus;
  readonly activeRunIds: readonly string[];
  readonly lastRunId?: string;
  readonly lastRunError?: string;
  readonly model?: string;
  readonly totalTokens?: number;
  readonly createdAt?: number;
  readonly updatedAt?: number;
  readonly spawnDepth?: number;
  /** lastActivityAt (else lastInteractionAt) from the row: what "most recent activity" sorts by. */
  readonly lastActivityAt?: number;
  readonly isMain?: boolean;
};

/** One visible line of the tree, in display order. */
export type TreeRow = {
  readonly key: string;
  readonly session: Session;
  readonly depth: number;
  readonly hasChildren: boolean;
  readonly expanded: boolean;
  readonly childCount: number;
  /**
   * This row is the synthetic placeholder for a parent key that is known (some session names it)
   * but whose session is not in the list: "parent not visible". Its children are the orphans.
   */
  readonly parentMissing: boolean;
  /** An inbox item (approval, pairing) names this session. */
  readonly waitingForYou: boolean;
  /** `main › research › fetch-docs` */
  readonly path: string;
  /** The gateway the row belongs to, in the console's merged tree (fleet-selectors.ts). */
  readonly gateway?: string;
  /** Unique across gateways (gateway + key): the cursor's and the screen's key for the row. */
  readonly uid?: string;
  /** A fleet's top-level row for one gateway: its sessions hang below it. */
  readonly head?: GatewayHead;
};

/** What a gateway's top-level tree row says about it. */
export type GatewayHead = {
  readonly name: string;
  /** The Fleet pane's state word: connected, reconnecting 3, auth error… */
  readonly state: string;
  readonly connected: boolean;
  readonly running: number;
  readonly total: number;
  readonly waiting: number;
};

// ── inbox ───────────────────────────────────────────────────────────────────────────────────

export type InboxKind =
  | 'device-pairing'
  | 'node-pairing'
  | 'exec-approval'
  | 'plugin-approval'
  | 'dm-access'
  | 'system-agent-approval'
  | 'question';

/** What the operator sent: an approval decision, or (for an agent question) an answer. */
export type InboxDecision = ApprovalDecision | 'answer';

export type InboxItemState =
  | {readonly phase: 'pending'}
  | {readonly phase: 'deciding'; readonly decision: InboxDecision}
  | {
      readonly phase: 'resolved';
      readonly decision: string;
      readonly by: 'console' | 'elsewhere';
      readonly at: number;
    }
  | {readonly phase: 'expired'; readonly at: number}
  | {readonly phase: 'superseded'; readonly by: string; readonly at: number}
  | {
      readonly phase: 'failed';
      readonly decision: InboxDecision;
      /** not-applied: safe to offer again; unknown: the gateway may have applied it, re-read first. */
      readonly outcome: 'not-applied' | 'unknown';
      readonly message: string;
      readonly at: number;
    };

type InboxBase = {
  /** Exact request id: the only thing a decision is ever sent for. */
  readonly id: string;
  readonly receivedAt: number;
  readonly expiresAt?: number;
  readonly state: InboxItemState;
  /** For device retries: the request id this one replaced. */
  readonly supersedes?: string;
};

export type InboxItem =
  | (InboxBase & {readonly kind: 'device-pairing'; readonly request: PendingDevice})
  | (InboxBase & {readonly kind: 'node-pairing'; readonly request: PendingNode})
  | (InboxBase & {readonly kind: 'exec-approval'; readonly request: ApprovalRequest})
  | (InboxBase & {readonly kind: 'plugin-approval'; readonly request: ApprovalRequest})
  | (InboxBase & {readonly kind: 'dm-access'; readonly request: DmAccessRequest})
  | (InboxBase & {readonly kind: 'system-agent-approval'; readonly request: ApprovalRequest})
  | (InboxBase & {
      readonly kind: 'question';
      readonly request: QuestionRecord;
      /** The exact answer this console sent (or is sending), once it sent one. */
      readonly answer?: QuestionAnswers;
      /** The answer the gateway recorded, when it said (question.resolved / a resolve reply). */
      readonly recorded?: QuestionAnswers;
    });

// ── events tail ─────────────────────────────────────────────────────────────────────────────

export type TailKind =
  'spawn' | 'run' | 'tool' | 'approval' | 'pairing' | 'task' | 'gap' | 'gateway';

export type SpawnDiagnosis = {
  readonly cause: string;
  readonly fix: string;
  /** e.g. the inbox item a pairing-required failure is waiting on */
  readonly inboxId?: string;
  readonly blockedAgentId?: string;
  readonly requesterAgentId?: string;
};

export type TailEvent = {
  readonly id: number;
  readonly ts: number;
  readonly kind: TailKind;
  readonly severity: 'info' | 'warn' | 'error';
  readonly sessionKey?: string;
  readonly parentKey?: string;
  readonly runId?: string;
  /** One line, human readable, raw gateway text inside (views sanitise). */
  readonly summary: string;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly diagnosis?: SpawnDiagnosis;
};

/** A tail line before the ring gives it its id. */
export type TailDraft = Omit<TailEvent, 'id'>;

// ── gateway connection ──────────────────────────────────────────────────────────────────────

export type ConnectionPhase =
  'idle' | 'connecting' | 'connected' | 'reconnecting' | 'paused' | 'stopped';

export type GatewayState = {
  readonly url: string;
  readonly urlSource: string;
  readonly credentialSource: string;
  /** Where the wss:// certificate pin came from; absent without a pin. */
  readonly tlsPinSource?: string;
  readonly demo: boolean;
  readonly readOnly: boolean;
  readonly phase: ConnectionPhase;
  readonly attempt: number;
  readonly retryAt?: number;
  readonly problem?: ConnectProblem;
  readonly lastClose?: {readonly code: number; readonly reason: string; readonly at: number};
  readonly serverVersion?: string;
  readonly protocol?: number;
  readonly scopes: readonly string[];
  readonly methods: readonly string[];
  /** hello-ok features.events and features.capabilities ([] / absent: the gateway did not say). */
  readonly events?: readonly string[];
  readonly capabilities?: readonly string[];
  readonly connectedAt?: number;
  readonly host: string;
  readonly mainSessionKey?: string;
  /** The last `shutdown` notice, until the next successful connect. */
  readonly shutdown?: {
    readonly reason: string;
    readonly restartExpectedMs?: number;
    readonly at: number;
  };
  /** The last event-sequence gap on this connection (state was re-read after it). */
  readonly lastGap?: {
    readonly expected: number;
    readonly received: number;
    readonly at: number;
  };
};

// Typed views of the gateway payloads the console uses (see ../shared/openclaw-protocol.md).
// Everything optional is optional on the wire too; parsers in this folder build these from
// unknown JSON and never throw. Strings here are still raw gateway text: views sanitise them.

export type Scope =
  | 'operator.read'
  | 'operator.write'
  | 'operator.admin'
  | 'operator.approvals'
  | 'operator.pairing'
  | 'operator.questions'
  | 'operator.talk'
  | 'operator.talk.secrets';

export type HelloInfo = {
  readonly protocol: number;
  readonly serverVersion?: string;
  readonly connId?: string;
  readonly methods: readonly string[];
  readonly events: readonly string[];
  /** hello-ok `features.capabilities` (9.6); [] when the gateway does not say. */
  readonly capabilities?: readonly string[];
  readonly role?: string;
  readonly scopes: readonly string[];
  readonly authMethod?: string;
  /** Present only in the client layer; never copied into state or output. */
  readonly deviceToken?: string;
  readonly tickIntervalMs: number;
  readonly maxPayload?: number;
  readonly uptimeMs?: number;
  readonly mainSessionKey?: string;
  readonly defaultAgentId?: string;
  readonly configPath?: string;
  readonly stateDir?: string;
  readonly authMode?: string;
};

export type SessionRunStatus = 'queued' | 'running' | 'done' | 'failed' | 'killed' | 'timeout';

/** One row of sessions.list / sessions.changed `session`. Only `key` is guaranteed. */
export type SessionRow = {
  readonly key: string;
  readonly sessionId?: string;
  readonly agentId?: string;
  readonly kind?: string;
  readonly classification?: string;
  readonly label?: string;
  readonly displayName?: string;
  readonly derivedTitle?: string;
  readonly channel?: string;
  readonly chatType?: string;
  readonly accountId?: string;
  readonly isMain?: boolean;
  readonly createdVia?: string;
  readonly spawnedBy?: string;
  readonly parentSessionKey?: string;
  readonly childSessions?: readonly string[];
  readonly hasActiveSubagentRun?: boolean;
  readonly spawnDepth?: number;
  readonly subagentRole?: string;
  readonly subagentRunState?: string;
  readonly status?: SessionRunStatus | string;
  readonly hasActiveRun?: boolean;
  /** undefined = unknown/unchanged, [] = idle. */
  readonly activeRunIds?: readonly string[] | null;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly lastRunId?: string;
  readonly lastRunError?: string;
  readonly abortedLastRun?: boolean;
  readonly updatedAt?: number | null;
  readonly createdAt?: number;
  readonly lastActivityAt?: number;
  readonly model?: string;
  readonly modelProvider?: string;
  readonly totalTokens?: number;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly archived?: boolean;
};

export type SessionsChanged = {
  readonly sessionKey?: string;
  readonly sessionId?: string;
  readonly agentId?: string;
  readonly reason?: string;
  readonly phase?: string;
  readonly runId?: string;
  readonly ts?: number;
  /** Full row: nested values win over flattened top-level fields (merged by the parser). */
  readonly session?: SessionRow;
  /** undefined = unknown (refetch); [] = none visible. */
  readonly ancestorSessions?: readonly SessionRow[];
};

export type SessionsSnapshot = {
  readonly sessions: readonly SessionRow[];
  readonly hasMore: boolean;
  readonly nextOffset?: number;
  readonly ts?: number;
};

export type PendingDevice = {
  readonly requestId: string;
  readonly deviceId: string;
  readonly publicKey?: string;
  readonly ts?: number;
  readonly displayName?: string;
  readonly platform?: string;
  readonly deviceFamily?: string;
  readonly clientId?: string;
  readonly clientMode?: string;
  readonly role?: string;
  readonly roles?: readonly string[];
  readonly scopes?: readonly string[];
  readonly remoteIp?: string;
  readonly silent?: boolean;
  readonly isRepair?: boolean;
};

export type PairedDevice = {
  readonly deviceId: string;
  readonly displayName?: string;
  readonly platform?: string;
  readonly clientId?: string;
  readonly clientMode?: string;
  readonly role?: string;
  readonly roles?: readonly string[];
  readonly scopes?: readonly string[];
  readonly approvedVia?: string;
  readonly connected?: boolean;
};

export type DevicePairList = {
  readonly pending: readonly PendingDevice[];
  readonly paired: readonly PairedDevice[];
};

export type PairResolved = {
  readonly requestId: string;
  readonly deviceId?: string;
  readonly nodeId?: string;
  readonly decision?: string;
  readonly ts?: number;
};

export type PendingNode = {
  readonly requestId: string;
  readonly nodeId: string;
  readonly ts?: number;
  readonly clientId?: string;
  readonly clientMode?: string;
  readonly displayName?: string;
  readonly platform?: string;
  readonly version?: string;
  readonly caps?: readonly string[];
  readonly commands?: readonly string[];
  readonly requiredApproveScopes?: readonly string[];
  readonly remoteIp?: string;
};

export type ApprovalDecision = 'allow-once' | 'allow-always' | 'deny';

/** 'system-agent': openclaw.approval.* (the gateway's own setup agent asking to change config). */
export type ApprovalKind = 'exec' | 'plugin' | 'system-agent';

/** exec.approval.* and plugin.approval.* share this envelope. */
export type ApprovalRequest = {
  readonly kind: ApprovalKind;
  readonly id: string;
  readonly createdAtMs?: number;
  readonly expiresAtMs?: number;
  // exec
  readonly command?: string;
  readonly commandPreview?: string;
  readonly cwd?: string;
  readonly host?: string;
  readonly nodeId?: string;
  readonly security?: string;
  readonly ask?: string;
  readonly resolvedPath?: string;
  readonly warningText?: string;
  // plugin
  readonly title?: string;
  readonly description?: string;
  readonly severity?: string;
  readonly pluginId?: string;
  readonly toolName?: string;
  // both
  readonly allowedDecisions?: readonly ApprovalDecision[];
  readonly agentId?: string;
  readonly sessionKey?: string;
  readonly runId?: string;
  readonly sessionId?: string;
  readonly toolCallId?: string;
  readonly turnSourceChannel?: string;
  readonly turnSourceTo?: string;
  readonly turnSourceAccountId?: string;
};

export type ApprovalResolved = {
  readonly kind: ApprovalKind;
  readonly id: string;
  readonly decision?: string;
  readonly resolvedBy?: string;
  readonly ts?: number;
};

export type DmAccessRequest = {
  readonly requestId: string;
  readonly channel: string;
  readonly channelLabel?: string;
  readonly accountId: string;
  readonly accountLabel?: string;
  readonly senderId: string;
  readonly senderLabel?: string;
  readonly createdAt?: number;
  readonly lastSeenAt?: number;
  readonly expiresAt?: number;
};

export type DmAccessList = {
  readonly requests: readonly DmAccessRequest[];
  readonly accounts: readonly {readonly channel: string; readonly accountId: string}[];
};

/** `agent` and `session.tool` events (the latter carries flattened session fields too). */
export type AgentEvent = {
  readonly runId?: string;
  readonly seq?: number;
  readonly stream: string;
  readonly ts?: number;
  readonly sessionKey?: string;
  readonly agentId?: string;
  readonly spawnedBy?: string;
  readonly data: Readonly<Record<string, unknown>>;
};

/**
 * What the gateway observes of a task's execution right now (9.6: `execution`). `unknown` means
 * it cannot tell; it never means failed or idle.
 */
export type TaskExecution = {
  /** queued | running | waiting | finished | unknown (other values kept as sent). */
  readonly state: string;
  readonly currentTool?: {readonly name: string; readonly startedAt?: number};
  readonly lastActivityAt?: number;
  /** children | external | agent_messages | approval | user_input (others kept). */
  readonly waitKind?: string;
  readonly pendingCount?: number;
};

/**
 * One task ledger row (tasks.list/get/cancel and the `task` event). Every field but the id and
 * the status may be missing; unknown status and delivery values are kept as sent.
 */
export type TaskSummary = {
  readonly id: string;
  /** queued | running | completed | failed | cancelled | timed_out (others kept). */
  readonly status: string;
  readonly kind?: string;
  /** subagent | acp | cron | cli (others kept). */
  readonly runtime?: string;
  readonly title?: string;
  readonly agentId?: string;
  /** The requester session. */
  readonly sessionKey?: string;
  /** Where the work runs. */
  readonly childSessionKey?: string;
  readonly ownerKey?: string;
  readonly runId?: string;
  readonly parentTaskId?: string;
  readonly flowId?: string;
  readonly error?: string;
  readonly progressSummary?: string;
  readonly terminalSummary?: string;
  /** pending | delivered | session_queued | failed | dismissed | parent_missing | not_applicable. */
  readonly deliveryStatus?: string;
  /** succeeded | blocked: the work finished; blocked = its result could not be handed back. */
  readonly terminalOutcome?: string;
  readonly execution?: TaskExecution;
  readonly toolUseCount?: number;
  readonly lastToolName?: string;
  /** One line the gateway keeps about the latest activity (9.8+). */
  readonly lastActivity?: string;
  readonly createdAt?: number;
  readonly updatedAt?: number;
  readonly startedAt?: number;
  readonly endedAt?: number;
};

/** tasks.cancel `{found, cancelled, reason?, task?}`. */
export type TaskCancelResult = {
  readonly found: boolean;
  readonly cancelled: boolean;
  readonly reason?: string;
  readonly task?: TaskSummary;
};

/** One entry of tasks.retry / tasks.dismiss `{results: [...]}`. */
export type TaskRecoveryResult = {
  readonly taskId: string;
  readonly ok: boolean;
  readonly reason?: string;
  readonly duplicateRisk?: boolean;
  readonly task?: TaskSummary;
};

/** A cron (automation) job as cron.list reports it; only id and name are certain. */
export type CronJob = {
  readonly id: string;
  readonly name: string;
  readonly enabled?: boolean;
  readonly agentId?: string;
  /** at | every | cron | on-exit | stream (others kept). */
  readonly scheduleKind?: string;
  /** The schedule in one line: the cron expression, "every 5m", the date, the command. */
  readonly schedule?: string;
  readonly nextRunAt?: number;
  readonly runningAt?: number;
  readonly lastRunAt?: number;
  /** ok | error | skipped (others kept). */
  readonly lastRunStatus?: string;
  readonly lastError?: string;
  readonly lastDurationMs?: number;
  /** delivered | not-delivered | unknown | not-requested. */
  readonly lastDeliveryStatus?: string;
  readonly consecutiveErrors?: number;
};

/** The `cron` event: a job added, updated, removed, started or finished. */
export type CronEvent = {
  readonly action: string;
  readonly jobId: string;
  readonly job?: CronJob;
  readonly status?: string;
  readonly error?: string;
  readonly runAt?: number;
  readonly durationMs?: number;
  readonly nextRunAt?: number;
};

export type ShutdownNotice = {
  readonly reason: string;
  readonly restartExpectedMs?: number;
};

// ── agent questions (ask_user; question.* since 2026.7) ─────────────────────────────────────

export type QuestionOption = {readonly label: string; readonly description?: string};

export type Question = {
  /** The answer key (snake_case), unique within its record. */
  readonly questionId: string;
  readonly header: string;
  readonly question: string;
  readonly options: readonly QuestionOption[];
  readonly multiSelect: boolean;
  /** `isOther`: a free-text answer is accepted (ask_user always sets it). */
  readonly allowsText: boolean;
  /** A secret prompt: never answered from a terminal console. */
  readonly isSecret: boolean;
  readonly url?: string;
};

export type QuestionStatus = 'pending' | 'answered' | 'cancelled' | 'expired';

/** questionId → the chosen values (an array even for single-select). */
export type QuestionAnswers = Readonly<Record<string, readonly string[]>>;

export type QuestionRecord = {
  readonly id: string;
  readonly questions: readonly Question[];
  readonly agentId?: string;
  readonly sessionKey?: string;
  readonly runId?: string;
  readonly createdAtMs?: number;
  readonly expiresAtMs?: number;
  readonly status: QuestionStatus;
  readonly answers?: QuestionAnswers;
  readonly resolvedBy?: string;
};

export type QuestionResolved = {
  readonly id: string;
  readonly status: Exclude<QuestionStatus, 'pending'>;
  readonly answers?: QuestionAnswers;
};

// Which actions become lines in the event tail, and what those lines say. Pure: given the action
// and the state around it, returns the new lines plus the small bookkeeping the tail keeps
// (open sessions_spawn calls by toolCallId, last seen task status by task id).

import {isRecord, readBoolean, readId, readString} from '../protocol/parse-fields.ts';
import type {AgentEvent, TaskSummary} from '../protocol/types.ts';
import type {GatewayRecordAction} from './actions.ts';
import {diagnoseSpawnError} from './diagnose-spawn.ts';
import type {EventsState, SpawnCall} from './events-slice.ts';
import {isOpen, type InboxState} from './inbox-items.ts';
import type {ConnectProblem, GatewayState, InboxItem, TailDraft} from './model.ts';
import {lastKeySegment} from './session-derive.ts';
import {sessionEntryOf, type SessionsState} from './sessions-slice.ts';
import {clockTime, oneLine, shortId} from './tail-format.ts';
import {taskEntry} from './task-entry.ts';
import {
  ledgerUnavailableText,
  TASK_STATE_LABEL,
  taskStateOf,
  type TaskState,
} from './task-state.ts';
import type {LedgerSupport, TasksState} from './tasks-slice.ts';

export type TailContext = {
  readonly events: EventsState;
  readonly sessions: SessionsState;
  readonly previousInbox: InboxState;
  readonly inbox: InboxState;
  readonly gateway: GatewayState;
  readonly previousTasks?: TasksState;
  readonly tasks?: TasksState;
};

export type TailResult = {
  readonly drafts: readonly TailDraft[];
  readonly spawnCalls?: Readonly<Record<string, SpawnCall>>;
  readonly taskStatus?: Readonly<Record<string, string>>;
};

const NOTHING: TailResult = {drafts: []};

/** How far back a spawn line for the same child counts as "already said". */
const SPAWN_DEDUP_WINDOW = 50;

const draft = (
  at: number,
  kind: TailDraft['kind'],
  severity: TailDraft['severity'],
  summary: string,
  extra: Partial<Pick<TailDraft, 'sessionKey' | 'parentKey' | 'runId' | 'diagnosis'>> = {},
  detail: Readonly<Record<string, unknown>> = {},
): TailDraft => {
  const fields: Record<string, unknown> = {ts: at, kind, severity, summary, detail};
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) fields[name] = value;
  return fields as TailDraft;
};

const titleOf = (sessions: SessionsState, key: string | undefined): string | undefined =>
  key === undefined
    ? undefined
    : (sessionEntryOf(sessions, key)?.session.title ?? lastKeySegment(key));

const whoOf = (sessions: SessionsState, event: AgentEvent): string =>
  titleOf(sessions, event.sessionKey) ??
  (event.runId === undefined ? 'agent' : `run ${shortId(event.runId)}`);

const spawnAlreadyShown = (events: EventsState, childKey: string): boolean => {
  const {items} = events;
  for (
    let index = items.length - 1;
    index >= Math.max(0, items.length - SPAWN_DEDUP_WINDOW);
    index--
  ) {
    const item = items[index];
    if (item?.kind === 'spawn' && item.sessionKey === childKey && item.severity !== 'error')
      return true;
  }
  return false;
};

/** Text of a tool result: `{content:[{type:"text",text}]}`. */
const resultText = (result: unknown): string | undefined => {
  if (!isRecord(result) || !Array.isArray(result.content)) return undefined;
  for (const part of result.content) {
    if (isRecord(part) && typeof part.text === 'string' && part.text !== '') return part.text;
  }
  return undefined;
};

/** The newest open device-pairing request: what a "pairing required" spawn is waiting on. */
const newestPendingDevice = (inbox: InboxState): string | undefined => {
  let newest: InboxItem | undefined;
  for (const item of Object.values(inbox.items)) {
    if (item.kind !== 'device-pairing' || !isOpen(item)) continue;
    if (newest === undefined || item.receivedAt > newest.receivedAt) newest = item;
  }
  return newest?.id;
};

const withoutKey = <V>(record: Readonly<Record<string, V>>, key: string): Record<string, V> => {
  const next = {...record};
  delete next[key];
  return next;
};

// ── agent runs ───────────────────────────────────────────────────────────────────────────────

const fromLifecycle = (event: AgentEvent, at: number, who: string): TailResult => {
  const phase = readString(event.data.phase);
  const where = {sessionKey: event.sessionKey, runId: event.runId};
  switch (phase) {
    case 'start':
      return {drafts: [draft(at, 'run', 'info', `${who}: run started`, where)]};
    case 'end': {
      const stopReason = readString(event.data.stopReason);
      if (readBoolean(event.data.aborted) === true) {
        return {drafts: [draft(at, 'run', 'warn', `${who}: run aborted`, where, {stopReason})]};
      }
      const why = stopReason !== undefined && stopReason !== 'stop' ? ` (${stopReason})` : '';
      return {drafts: [draft(at, 'run', 'info', `${who}: run finished${why}`, where)]};
    }
    case 'error': {
      const error = readString(event.data.error) ?? 'unknown error';
      // A run killed by a stop (ours or a cascade from its parent) ends as this error: it is a
      // stop, not a failure.
      if (/^agent run aborted\b/i.test(error)) {
        return {
          drafts: [draft(at, 'run', 'warn', `${who}: run aborted (stopped)`, where, {error})],
        };
      }
      return {
        drafts: [
          draft(at, 'run', 'error', `${who}: run failed: ${oneLine(error)}`, where, {error}),
        ],
      };
    }
    case 'waiting-approval': {
      const approvalId = readId(event.data.approvalId);
      const which = approvalId === undefined ? '' : ` ${shortId(approvalId)}`;
      return {
        drafts: [
          draft(at, 'run', 'warn', `${who}: waiting for approval${which}`, where, {approvalId}),
        ],
      };
    }
    default:
      return NOTHING;
  }
};

const fromSpawnTool = (
  event: AgentEvent,
  at: number,
  who: string,
  context: TailContext,
): TailResult => {
  const {data} = event;
  const phase = readString(data.phase);
  const toolCallId = readId(data.toolCallId);
  const calls = context.events.spawnCalls;
  if (phase === 'start') {
    const args = isRecord(data.args) ? data.args : {};
    const label = readString(args.label) ?? readString(args.taskName);
    const agentId = readId(args.agentId);
    const task = readString(args.task);
    const call: SpawnCall = {
      at,
      ...(event.sessionKey === undefined ? {} : {sessionKey: event.sessionKey}),
      ...(event.agentId === undefined ? {} : {requesterAgentId: event.agentId}),
      ...(agentId === undefined ? {} : {requestedAgentId: agentId}),
      ...(label === undefined ? {} : {label}),
    };
    const what = label === undefined ? 'a subagent' : `"${label}"`;
    const target = agentId === undefined ? '' : ` (agent ${agentId})`;
    const about = task === undefined ? '' : `: ${oneLine(task, 60)}`;
    return {
      drafts: [
        // The request is a tool line: the one `spawn` line per sessions_spawn is the outcome
        // (accepted with parent and child keys, or failed with its diagnosis).
        draft(
          at,
          'tool',
          'info',
          `${who}: spawning ${what}${target}${about}`,
          {
            sessionKey: event.sessionKey,
            runId: event.runId,
          },
          {toolCallId, agentId, label},
        ),
      ],
      ...(toolCallId === undefined ? {} : {spawnCalls: {...calls, [toolCallId]: call}}),
    };
  }
  if (phase !== 'result') return NOTHING;

  const call = toolCallId === undefined ? undefined : calls[toolCallId];
  const spawnCalls =
    toolCallId === undefined || call === undefined ? undefined : withoutKey(calls, toolCallId);
  const details = isRecord(data.result) && isRecord(data.result.details) ? data.result.details : {};
  const status = readString(details.status);
  const childKey = readId(details.childSessionKey);
  const isError = readBoolean(data.isError) === true;

  if (childKey !== undefined && (status === 'accepted' || (status === undefined && !isError))) {
    if (spawnAlreadyShown(context.events, childKey))
      return {drafts: [], ...(spawnCalls ? {spawnCalls} : {})};
    const child =
      call?.label !== undefined ? `"${call.label}"` : titleOf(context.sessions, childKey);
    const runId = readId(details.runId);
    return {
      drafts: [
        draft(
          at,
          'spawn',
          'info',
          `${who}: spawned ${child}`,
          {
            sessionKey: childKey,
            parentKey: event.sessionKey,
            runId,
          },
          {toolCallId, childSessionKey: childKey, mode: readString(details.mode)},
        ),
      ],
      ...(spawnCalls ? {spawnCalls} : {}),
    };
  }

  if (status === 'error' || status === 'forbidden' || isError) {
    const error =
      readString(details.error) ??
      readString(data.toolErrorSummary) ??
      resultText(data.result) ??
      'unknown error';
    const requesterAgentId = event.agentId ?? call?.requesterAgentId;
    const pendingDeviceRequestId = newestPendingDevice(context.inbox);
    const diagnosis = diagnoseSpawnError(error, {
      ...(call?.requestedAgentId === undefined ? {} : {requestedAgentId: call.requestedAgentId}),
      ...(requesterAgentId === undefined ? {} : {requesterAgentId}),
      ...(pendingDeviceRequestId === undefined ? {} : {pendingDeviceRequestId}),
    });
    return {
      drafts: [
        draft(
          at,
          'spawn',
          'error',
          `${who}: spawn failed: ${oneLine(error)}`,
          {
            sessionKey: event.sessionKey,
            runId: event.runId,
            diagnosis,
          },
          {toolCallId, status, error},
        ),
      ],
      ...(spawnCalls ? {spawnCalls} : {}),
    };
  }

  const said = status === undefined ? 'returned' : `returned ${status}`;
  return {
    drafts: [
      draft(
        at,
        'spawn',
        'warn',
        `${who}: sessions_spawn ${said}`,
        {
          sessionKey: event.sessionKey,
          runId: event.runId,
        },
        {toolCallId, status},
      ),
    ],
    ...(spawnCalls ? {spawnCalls} : {}),
  };
};

const fromTool = (event: AgentEvent, at: number, who: string, context: TailContext): TailResult => {
  const name = readString(event.data.name) ?? 'tool';
  if (name === 'sessions_spawn') return fromSpawnTool(event, at, who, context);
  if (readString(event.data.phase) !== 'result') return NOTHING;
  const where = {sessionKey: event.sessionKey, runId: event.runId};
  const toolCallId = readId(event.data.toolCallId);
  if (readBoolean(event.data.isError) === true) {
    const why = readString(event.data.toolErrorSummary) ?? resultText(event.data.result) ?? 'error';
    return {
      drafts: [
        draft(at, 'tool', 'warn', `${who}: ${name} failed: ${oneLine(why)}`, where, {
          toolCallId,
          name,
        }),
      ],
    };
  }
  return {drafts: [draft(at, 'tool', 'info', `${who}: ${name} ok`, where, {toolCallId, name})]};
};

const fromAgentEvent = (event: AgentEvent, at: number, context: TailContext): TailResult => {
  const who = whoOf(context.sessions, event);
  switch (event.stream) {
    case 'lifecycle':
      return fromLifecycle(event, at, who);
    case 'tool':
      return fromTool(event, at, who, context);
    case 'error': {
      const reason = readString(event.data.reason) ?? 'stream error';
      return {
        drafts: [
          draft(
            at,
            'run',
            'warn',
            `${who}: run stream ${reason}`,
            {
              sessionKey: event.sessionKey,
              runId: event.runId,
            },
            {expected: event.data.expected, received: event.data.received},
          ),
        ],
      };
    }
    default:
      return NOTHING;
  }
};

// ── tasks ────────────────────────────────────────────────────────────────────────────────────

const TASK_MEMORY = 2_000;

const taskSeverity = (status: string): TailDraft['severity'] => {
  if (status === 'failed' || status === 'timed_out' || status === 'lost') return 'error';
  if (status === 'cancelled') return 'warn';
  return 'info';
};

const PLAIN_STATES: ReadonlySet<TaskState> = new Set([
  'queued',
  'running',
  'done',
  'failed',
  'timed-out',
  'cancelled',
]);

/** A task line is written when what it is doing changes, in our words (blocked included). */
const fromTask = (task: TaskSummary, at: number, context: TailContext): TailResult => {
  const known = context.events.taskStatus;
  const state = taskStateOf(task);
  const seen = `${task.status}/${state}`;
  if (known[task.id] === seen) return NOTHING;
  const taskStatus: Record<string, string> = {...known, [task.id]: seen};
  const ids = Object.keys(taskStatus);
  for (let index = 0; index < ids.length - TASK_MEMORY; index++)
    delete taskStatus[ids[index] as string];
  const name = task.title === undefined ? shortId(task.id) : `"${oneLine(task.title, 40)}"`;
  const error = task.error === undefined ? '' : `: ${oneLine(task.error)}`;
  const child = task.childSessionKey !== undefined && task.childSessionKey !== task.sessionKey;
  // The ledger's own status, plus what it hides: a wait, an unobservable run, a blocked result.
  const what =
    state === 'blocked-delivery'
      ? `${task.status}, but its result was not delivered (blocked delivery)`
      : PLAIN_STATES.has(state)
        ? task.status
        : `${task.status} (${TASK_STATE_LABEL[state]})`;
  return {
    drafts: [
      draft(
        at,
        'task',
        state === 'blocked-delivery' ? 'warn' : taskSeverity(task.status),
        `task ${name} ${what}${error}`,
        {
          sessionKey: child ? task.childSessionKey : task.sessionKey,
          parentKey: child ? task.sessionKey : undefined,
          runId: task.runId,
        },
        taskEntry(task),
      ),
    ],
    taskStatus,
  };
};

/** Said once per gateway and version: the ledger (or cron) is not there on this gateway. */
const notOffered = (
  what: string,
  before: LedgerSupport | undefined,
  version: string | undefined,
  at: number,
): TailResult => {
  if (before?.state === 'not-offered' && before.version === version) return NOTHING;
  const text = ledgerUnavailableText(what, {
    state: 'not-offered',
    ...(version === undefined ? {} : {version}),
  });
  return text === undefined ? NOTHING : {drafts: [draft(at, 'gateway', 'info', text)]};
};

// ── inbox ────────────────────────────────────────────────────────────────────────────────────

const isNew = (context: TailContext, id: string): boolean =>
  context.previousInbox.items[id] === undefined && context.inbox.items[id] !== undefined;

const tailKindOf = (item: InboxItem): TailDraft['kind'] =>
  item.kind === 'exec-approval' || item.kind === 'plugin-approval' ? 'approval' : 'pairing';

const problemText = (problem: ConnectProblem): string => {
  switch (problem.kind) {
    case 'unreachable':
      return `cannot reach ${problem.url}: ${problem.detail}`;
    case 'pairing-required':
      return problem.requestId === undefined
        ? `pairing required: ${problem.message}`
        : `pairing required (request ${shortId(problem.requestId)}): ${problem.message}`;
    default:
      return `${problem.kind}: ${problem.message}`;
  }
};

/** The tail lines (and bookkeeping) an action produces. */
export const tailEventsFor = (action: GatewayRecordAction, context: TailContext): TailResult => {
  switch (action.type) {
    case 'agent/event':
      return fromAgentEvent(action.event, action.at, context);

    case 'session/changed': {
      const {change, at} = action;
      const key = change.sessionKey ?? change.session?.key;
      if (change.reason !== 'create' || key === undefined) return NOTHING;
      const parentKey =
        sessionEntryOf(context.sessions, key)?.session.parentKey ??
        change.session?.parentSessionKey ??
        change.session?.spawnedBy;
      if (parentKey === undefined || spawnAlreadyShown(context.events, key)) return NOTHING;
      const parent = titleOf(context.sessions, parentKey) ?? parentKey;
      const child = titleOf(context.sessions, key) ?? key;
      return {
        drafts: [
          draft(
            at,
            'spawn',
            'info',
            `${parent}: spawned "${child}"`,
            {sessionKey: key, parentKey},
            {
              reason: 'create',
            },
          ),
        ],
      };
    }

    case 'task/updated':
      if (action.event.action === 'upserted')
        return fromTask(action.event.task, action.at, context);
      if (action.event.action === 'deleted' && context.events.taskStatus[action.event.taskId]) {
        return {drafts: [], taskStatus: withoutKey(context.events.taskStatus, action.event.taskId)};
      }
      return NOTHING;

    case 'task-action/finished':
      return action.task === undefined ? NOTHING : fromTask(action.task, action.at, context);

    case 'tasks/not-offered':
      return notOffered('tasks', context.previousTasks?.support, action.version, action.at);

    case 'cron/not-offered':
      return notOffered('cron', context.previousTasks?.cron.support, action.version, action.at);

    case 'approval/requested': {
      const {request, at} = action;
      if (!isNew(context, request.id)) return NOTHING;
      const from =
        request.turnSourceChannel === undefined ? '' : ` (from ${request.turnSourceChannel})`;
      const what =
        request.kind === 'plugin'
          ? `plugin approval requested: ${oneLine(request.title ?? request.toolName ?? request.id)}`
          : `exec approval requested: ${oneLine(request.command ?? request.commandPreview ?? request.id)}`;
      return {
        drafts: [
          draft(
            at,
            'approval',
            'warn',
            `${what}${from}`,
            {
              sessionKey: request.sessionKey,
              runId: request.runId,
            },
            {id: request.id, agentId: request.agentId, host: request.host},
          ),
        ],
      };
    }

    case 'approval/resolved': {
      const {resolved, at} = action;
      const by = resolved.resolvedBy === undefined ? '' : ` by ${resolved.resolvedBy}`;
      const item = context.inbox.items[resolved.id];
      const sessionKey =
        item?.kind === 'exec-approval' || item?.kind === 'plugin-approval'
          ? item.request.sessionKey
          : undefined;
      return {
        drafts: [
          draft(
            at,
            'approval',
            'info',
            `${resolved.kind} approval ${shortId(resolved.id)} ${resolved.decision ?? 'resolved'}${by}`,
            {sessionKey},
            {id: resolved.id, decision: resolved.decision},
          ),
        ],
      };
    }

    case 'device-pairing/requested':
    case 'node-pairing/requested': {
      const {request, at} = action;
      if (!isNew(context, request.requestId)) return NOTHING;
      const item = context.inbox.items[request.requestId];
      const replacing =
        item?.supersedes === undefined ? '' : `; replaces ${shortId(item.supersedes)}`;
      if (action.type === 'device-pairing/requested') {
        const device = action.request;
        const name = device.displayName ?? shortId(device.deviceId);
        const what = device.isRepair === true ? 'an upgrade' : 'pairing';
        const scopes = device.scopes === undefined ? '' : ` (${device.scopes.join(', ')})`;
        return {
          drafts: [
            draft(
              at,
              'pairing',
              'warn',
              `device "${name}" requests ${what}${scopes}${replacing}`,
              {},
              {
                id: device.requestId,
                deviceId: device.deviceId,
                remoteIp: device.remoteIp,
              },
            ),
          ],
        };
      }
      const node = action.request;
      const name = node.displayName ?? shortId(node.nodeId);
      return {
        drafts: [
          draft(
            at,
            'pairing',
            'warn',
            `node "${name}" requests approval`,
            {},
            {
              id: node.requestId,
              nodeId: node.nodeId,
            },
          ),
        ],
      };
    }

    case 'device-pairing/resolved':
    case 'node-pairing/resolved': {
      const {resolved, at} = action;
      // The gateway rejects a superseded request; the retry's line already said "replaces".
      if (context.previousInbox.items[resolved.requestId]?.state.phase === 'superseded')
        return NOTHING;
      const what = action.type === 'device-pairing/resolved' ? 'device' : 'node';
      return {
        drafts: [
          draft(
            at,
            'pairing',
            'info',
            `${what} request ${shortId(resolved.requestId)} ${resolved.decision ?? 'resolved'}`,
            {},
            {id: resolved.requestId, decision: resolved.decision},
          ),
        ],
      };
    }

    case 'decision/failed': {
      const item = context.inbox.items[action.id];
      if (item?.state.phase !== 'failed') return NOTHING;
      const outcome = action.outcome === 'unknown' ? ' (outcome unknown; re-reading)' : '';
      return {
        drafts: [
          draft(
            action.at,
            tailKindOf(item),
            'warn',
            `${action.decision} for ${shortId(action.id)} failed: ${oneLine(action.message)}${outcome}`,
            {},
            {id: action.id, outcome: action.outcome},
          ),
        ],
      };
    }

    case 'decision/succeeded': {
      // DM access has no resolved event on the wire: the console's own answer is the record.
      const item = context.inbox.items[action.id];
      if (item?.kind !== 'dm-access' || item.state.phase !== 'resolved') return NOTHING;
      const sender = item.request.senderLabel ?? item.request.senderId;
      return {
        drafts: [
          draft(
            action.at,
            'pairing',
            'info',
            `DM access for ${sender} on ${item.request.channel} ${item.state.decision}`,
            {},
            {
              id: item.id,
            },
          ),
        ],
      };
    }

    case 'gateway/connected': {
      const version = action.hello.serverVersion ?? 'unknown version';
      const connected = draft(
        action.at,
        'gateway',
        'info',
        `connected to ${context.gateway.host} (gateway ${version}, protocol ${action.hello.protocol})`,
      );
      const from = action.missedSince;
      if (from === undefined) return {drafts: [connected]};
      // Nothing sent while the console was away will ever arrive: say so, like a seq gap.
      const gap = draft(
        action.at,
        'gap',
        'warn',
        `missed events between ${clockTime(from)} and ${clockTime(action.at)} (reconnected); state re-read`,
        {},
        {from, to: action.at, reconnected: true},
      );
      return {drafts: [connected, gap]};
    }

    case 'gateway/disconnected': {
      const reason = action.reason === '' ? '' : ` ${oneLine(action.reason)}`;
      const next =
        action.next === 'reconnecting'
          ? action.retryInMs === undefined
            ? '; reconnecting'
            : `; retrying in ${Math.max(1, Math.round(action.retryInMs / 1000))} s`
          : action.next === 'paused'
            ? '; paused'
            : '';
      return {
        drafts: [
          draft(
            action.at,
            'gateway',
            'warn',
            `disconnected (${action.code}${reason})${next}`,
            {},
            {
              code: action.code,
            },
          ),
        ],
      };
    }

    case 'gateway/problem':
      return {
        drafts: [draft(action.at, 'gateway', 'error', oneLine(problemText(action.problem), 160))],
      };

    case 'gateway/shutdown-announced': {
      const {reason, restartExpectedMs} = action.notice;
      const restart =
        restartExpectedMs === undefined
          ? ''
          : `; restart expected in ${Math.max(1, Math.round(restartExpectedMs / 1000))} s`;
      return {
        drafts: [
          draft(
            action.at,
            'gateway',
            'warn',
            `gateway shutting down: ${oneLine(reason)}${restart}`,
          ),
        ],
      };
    }

    case 'gateway/gap-detected': {
      const last = context.events.items[context.events.items.length - 1];
      const from = action.since ?? last?.ts ?? context.gateway.connectedAt ?? action.at;
      return {
        drafts: [
          draft(
            action.at,
            'gap',
            'warn',
            `missed events between ${clockTime(from)} and ${clockTime(action.at)}; state re-read`,
            {},
            {expected: action.expected, received: action.received, from, to: action.at},
          ),
        ],
      };
    }

    default:
      return NOTHING;
  }
};

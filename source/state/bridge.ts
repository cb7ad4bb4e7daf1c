// The one place that joins the protocol client and the state: connection status, hello-ok and
// events become actions; after every hello-ok and every seq gap, every list is read again so the
// reducer can reconcile what it holds with what the gateway has.

import {describeConnectProblem} from '../client/connect-problem.ts';
import type {GatewayConnection, ClientStatus} from '../client/types.ts';
import type {EventFrame, InvalidFrame} from '../protocol/frames.ts';
import {parseAgentEvent} from '../protocol/parse-agent.ts';
import {
  parseApprovalList,
  parseApprovalRequest,
  parseApprovalResolved,
} from '../protocol/parse-approvals.ts';
import {loadPolicy} from '../control/config-change.ts';
import {parseConfigChanged} from '../protocol/parse-config-policy.ts';
import {parseDmAccessList} from '../protocol/parse-dm-access.ts';
import {
  parseQuestionList,
  parseQuestionRecord,
  parseQuestionResolved,
} from '../protocol/parse-questions.ts';
import {
  parseDevicePairList,
  parseNodePairList,
  parsePairResolved,
  parsePendingDevice,
  parsePendingNode,
} from '../protocol/parse-pairing.ts';
import {
  parseSessionsChanged,
  parseSessionsSnapshot,
  type HeldRows,
} from '../protocol/parse-sessions.ts';
import {parseShutdownNotice} from '../protocol/parse-shutdown.ts';
import {parseCronEvent} from '../protocol/parse-cron.ts';
import {parseTaskEvent} from '../protocol/parse-task.ts';
import type {ApprovalKind, HelloInfo, SessionRow, SessionsChanged} from '../protocol/types.ts';
import type {GatewayDispatch} from './actions.ts';
import type {GatewayId} from './gateway-id.ts';
import {loadCron, loadTasks, type LedgerReadContext} from './bridge-tasks.ts';
import {selectPolicyNeedsReload} from './policy-selectors.ts';
import {selectSessionsNeedRefetch} from './selectors.ts';
import {sessionEntryOf} from './sessions-slice.ts';
import {gatewayDispatch, type Store} from './store.ts';

/** Sessions are read in pages; beyond this many the tree says it is partial. */
const SESSION_PAGE = 500;
const MAX_SESSION_PAGES = 40;

export type BridgeLog = (level: 'info' | 'warn' | 'error', message: string) => void;

export type BridgeOptions = {
  readonly connection: GatewayConnection;
  readonly store: Store;
  /** The record this connection feeds: every action is addressed to it. */
  readonly gateway: GatewayId;
  readonly now?: () => number;
  /** The console's own log (never the screen): malformed frames, unknown events, failed reads. */
  readonly log?: BridgeLog;
  /**
   * What hello-ok reads: everything (the console, status, sessions, tasks), or only the inbox's
   * lists (pending, approve, deny, answer: they print nothing else, and sessions.list, the task
   * ledger and config.get would only make them wait).
   */
  readonly reads?: BridgeReads;
};

export type BridgeReads = 'everything' | 'inbox';

export type GatewayBridge = {
  /** Read every list again (sessions, pairing, approvals, DM access). */
  resync(): Promise<void>;
  /** The reads started by the latest hello-ok (or a fresh resync when none ran yet). */
  whenSynced(): Promise<void>;
  /** Read sessions again (a keyless sessions.changed asked for it). */
  refetchSessions(): Promise<void>;
  /** Read the task ledger again (an action's answer was lost). */
  refetchTasks(): Promise<void>;
  dispose(): void;
};

const hasScope = (hello: HelloInfo | undefined, scope: string): boolean =>
  hello !== undefined && (hello.scopes.includes(scope) || hello.scopes.includes('operator.admin'));

/** features.methods is a conservative list: an empty one means "unknown", so we try. */
const offers = (hello: HelloInfo | undefined, method: string): boolean =>
  hello === undefined || hello.methods.length === 0 || hello.methods.includes(method);

/** exec.* / plugin.* / openclaw.* (the system agent) approval events → the kind they carry. */
const approvalEventKind = (event: string): ApprovalKind =>
  event.startsWith('plugin.') ? 'plugin' : event.startsWith('openclaw.') ? 'system-agent' : 'exec';

const describe = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export const bridgeGateway = (options: BridgeOptions): GatewayBridge => {
  const {connection, store, gateway} = options;
  const now = options.now ?? Date.now;
  const log: BridgeLog = options.log ?? (() => {});
  const inboxOnly = options.reads === 'inbox';
  const dispatch: GatewayDispatch = gatewayDispatch(store, gateway);
  let disposed = false;
  let lastEventAt: number | undefined;
  let sessionsInFlight: Promise<void> | undefined;
  let policyInFlight = false;
  let lastResync: Promise<void> | undefined;
  let sessionsAgain = false;

  const request = async <T>(method: string, params?: unknown): Promise<T> =>
    connection.request<T>(method, params);

  const loadSessions = async (): Promise<void> => {
    const hello = connection.hello;
    const requestedAt = now();
    const rows: SessionRow[] = [];
    let complete = true;
    const subscribeResult = await request<unknown>(
      'sessions.subscribe',
      hello && hello.protocol >= 4 ? {limit: SESSION_PAGE} : undefined,
    );
    let page = parseSessionsSnapshot(
      typeof subscribeResult === 'object' && subscribeResult !== null && 'list' in subscribeResult
        ? (subscribeResult as {list: unknown}).list
        : undefined,
    );
    if (page === undefined) {
      page = parseSessionsSnapshot(
        await request<unknown>(
          'sessions.list',
          hello && hello.protocol >= 4 ? {limit: SESSION_PAGE} : {},
        ),
      );
    }
    for (let pages = 0; page !== undefined; pages++) {
      rows.push(...page.sessions);
      if (!page.hasMore) break;
      if (page.nextOffset === undefined || pages + 1 >= MAX_SESSION_PAGES) {
        complete = false;
        break;
      }
      page = parseSessionsSnapshot(
        await request<unknown>('sessions.list', {limit: SESSION_PAGE, offset: page.nextOffset}),
      );
    }
    if (disposed) return;
    dispatch({type: 'sessions/snapshot-loaded', rows, complete, requestedAt, at: now()});
  };

  // One sessions read at a time; a request while one runs schedules exactly one more after it,
  // so a burst of invalidations costs two reads, not twenty.
  const refetchSessions = async (): Promise<void> => {
    if (sessionsInFlight) {
      sessionsAgain = true;
      return sessionsInFlight;
    }
    sessionsInFlight = (async () => {
      try {
        do {
          sessionsAgain = false;
          await loadSessions();
        } while (sessionsAgain && !disposed);
      } catch (error) {
        log('warn', `sessions read failed: ${describe(error)}`);
      } finally {
        sessionsInFlight = undefined;
      }
    })();
    return sessionsInFlight;
  };

  const loadDevicePairing = async (): Promise<void> => {
    const requestedAt = now();
    const list = parseDevicePairList(await request<unknown>('device.pair.list', {}));
    dispatch({type: 'device-pairing/listed', list, requestedAt, at: now()});
  };

  const loadNodePairing = async (): Promise<void> => {
    const requestedAt = now();
    const {pending} = parseNodePairList(await request<unknown>('node.pair.list', {}));
    dispatch({type: 'node-pairing/listed', pending, requestedAt, at: now()});
  };

  const loadApprovals = async (kind: ApprovalKind): Promise<void> => {
    const requestedAt = now();
    const method = kind === 'system-agent' ? 'openclaw.approval.list' : `${kind}.approval.list`;
    const approvals = parseApprovalList(await request<unknown>(method, {}), kind);
    dispatch({type: 'approvals/listed', kind, approvals, requestedAt, at: now()});
  };

  // Pending questions only: after a reconnect this is how the ones asked meanwhile come back.
  const loadQuestions = async (): Promise<void> => {
    const requestedAt = now();
    const questions = parseQuestionList(await request<unknown>('question.list', {}));
    dispatch({type: 'questions/listed', questions, requestedAt, at: now()});
  };

  const loadDmAccess = async (): Promise<void> => {
    const hello = connection.hello;
    if (hello && hello.methods.length > 0 && !hello.methods.includes('channels.pairing.list')) {
      dispatch({
        type: 'dm-access/unsupported',
        reason:
          'this gateway has no channels.pairing.* methods; on the gateway host run `openclaw pairing list <channel>` and `openclaw pairing approve <channel> <code>`',
        at: now(),
      });
      return;
    }
    const requestedAt = now();
    try {
      const list = parseDmAccessList(await request<unknown>('channels.pairing.list', {}));
      dispatch({type: 'dm-access/listed', list, requestedAt, at: now()});
    } catch (error) {
      dispatch({type: 'dm-access/unsupported', reason: describe(error), at: now()});
    }
  };

  const ledger = (): LedgerReadContext => ({
    hello: connection.hello,
    request,
    dispatch,
    now,
    disposed: () => disposed,
  });

  const resync = async (): Promise<void> => {
    const hello = connection.hello;
    const reads: Promise<void>[] = inboxOnly
      ? []
      : [refetchSessions(), loadTasks(ledger()), loadCron(ledger())];
    const guarded = (what: string, read: () => Promise<void>): Promise<void> =>
      read().catch((error: unknown) => log('warn', `${what} read failed: ${describe(error)}`));
    if (hasScope(hello, 'operator.pairing')) {
      if (offers(hello, 'device.pair.list'))
        reads.push(guarded('device pairing', loadDevicePairing));
      if (offers(hello, 'node.pair.list')) reads.push(guarded('node pairing', loadNodePairing));
      reads.push(guarded('DM access', loadDmAccess));
    }
    if (hasScope(hello, 'operator.approvals')) {
      if (offers(hello, 'exec.approval.list'))
        reads.push(guarded('exec approvals', () => loadApprovals('exec')));
      if (offers(hello, 'plugin.approval.list'))
        reads.push(guarded('plugin approvals', () => loadApprovals('plugin')));
      if (offers(hello, 'openclaw.approval.list'))
        reads.push(guarded('system-agent approvals', () => loadApprovals('system-agent')));
    }
    if (hasScope(hello, 'operator.questions') && offers(hello, 'question.list')) {
      reads.push(guarded('agent questions', loadQuestions));
    }
    await Promise.all(reads);
  };

  // The policy (config.get) is re-read whenever the state says it is stale: after every hello,
  // after a config.changed event, after a change made here. One read at a time.
  const reloadPolicyIfStale = (): void => {
    if (inboxOnly || policyInFlight || disposed || connection.status.phase !== 'connected') return;
    if (!selectPolicyNeedsReload(store.getState(), gateway)) return;
    policyInFlight = true;
    void loadPolicy(connection, dispatch, now).finally(() => {
      policyInFlight = false;
      reloadPolicyIfStale();
    });
  };

  const onStatus = (status: ClientStatus): void => {
    const at = now();
    if (status.phase === 'connecting') {
      dispatch({type: 'gateway/connecting', attempt: status.attempt, at});
      return;
    }
    if (status.phase === 'connected') return; // hello carries the details
    if (status.problem) {
      dispatch({type: 'gateway/problem', problem: status.problem, at});
      log('warn', `connection ${status.phase}: ${describeConnectProblem(status.problem)}`);
    }
    dispatch({
      type: 'gateway/disconnected',
      code: status.lastClose?.code ?? 0,
      reason: status.lastClose?.reason ?? '',
      next: status.phase,
      ...(status.retryInMs === undefined ? {} : {retryInMs: status.retryInMs}),
      at,
    });
  };

  const onHello = (hello: HelloInfo): void => {
    // Strip the device token explicitly: it must never reach state, the screen or output.
    const {deviceToken: _token, ...rest} = hello;
    // lastEventAt is only set once a hello came before: this is a reconnect, with a blind window.
    const missedSince = lastEventAt;
    dispatch({
      type: 'gateway/connected',
      hello: rest,
      ...(missedSince === undefined ? {} : {missedSince}),
      at: now(),
    });
    lastEventAt = now();
    lastResync = resync();
    reloadPolicyIfStale();
  };

  // A row a frame repeats exactly as we hold it is parsed into the row we hold (no new object).
  const heldRow: HeldRows = (key) => {
    const record = store.getState().gateways[gateway];
    return record === undefined ? undefined : sessionEntryOf(record.sessions, key)?.row;
  };

  let pendingChanges: SessionsChanged[] = [];
  let flushTimer: ReturnType<typeof setImmediate> | undefined;
  const flushChanges = (): void => {
    if (flushTimer !== undefined) clearImmediate(flushTimer);
    flushTimer = undefined;
    if (pendingChanges.length === 0 || disposed) return;
    const changes = pendingChanges;
    pendingChanges = [];
    dispatch(
      changes.length === 1 && changes[0]
        ? {type: 'session/changed', change: changes[0], at: now()}
        : {type: 'sessions/changed-together', changes, at: now()},
    );
    if (!inboxOnly && selectSessionsNeedRefetch(store.getState(), gateway)) void refetchSessions();
  };

  const onEvent = (frame: EventFrame): void => {
    // Session changes are reduced together at the end of this event-loop turn; the other events
    // of the turn go straight through (nothing they do depends on a row changed a frame ago, and
    // flushing before each of them would make batches of one under a flood of run events).
    const at = now();
    lastEventAt = at;
    const {payload} = frame;
    const ignored = (): void => log('warn', `ignored malformed ${frame.event} event`);
    switch (frame.event) {
      case 'sessions.changed': {
        const change = parseSessionsChanged(payload, heldRow);
        if (!change) return ignored();
        pendingChanges.push(change);
        // Frames of one socket read arrive in one turn of the event loop: reduce them together.
        flushTimer ??= setImmediate(flushChanges);
        return;
      }
      case 'device.pair.requested': {
        const request = parsePendingDevice(payload);
        return request ? dispatch({type: 'device-pairing/requested', request, at}) : ignored();
      }
      case 'device.pair.resolved': {
        const resolved = parsePairResolved(payload);
        if (!resolved) return ignored();
        dispatch({type: 'device-pairing/resolved', resolved, at});
        // An approval changes the paired list (no device.pair.changed follows it): re-read it, or
        // the device's next upgrade request would be compared against a stale "approved now".
        if (resolved.decision !== 'rejected' && resolved.decision !== 'deny') {
          void loadDevicePairing().catch((error: unknown) => log('warn', describe(error)));
        }
        return;
      }
      case 'device.pair.changed':
        void loadDevicePairing().catch((error: unknown) => log('warn', describe(error)));
        return;
      case 'node.pair.requested': {
        const request = parsePendingNode(payload);
        return request ? dispatch({type: 'node-pairing/requested', request, at}) : ignored();
      }
      case 'node.pair.resolved': {
        const resolved = parsePairResolved(payload);
        return resolved ? dispatch({type: 'node-pairing/resolved', resolved, at}) : ignored();
      }
      case 'exec.approval.requested':
      case 'plugin.approval.requested':
      case 'openclaw.approval.requested': {
        const request = parseApprovalRequest(payload, approvalEventKind(frame.event));
        return request ? dispatch({type: 'approval/requested', request, at}) : ignored();
      }
      case 'exec.approval.resolved':
      case 'plugin.approval.resolved':
      case 'openclaw.approval.resolved': {
        const resolved = parseApprovalResolved(payload, approvalEventKind(frame.event));
        return resolved ? dispatch({type: 'approval/resolved', resolved, at}) : ignored();
      }
      case 'question.requested': {
        const question = parseQuestionRecord(payload);
        return question ? dispatch({type: 'question/requested', question, at}) : ignored();
      }
      case 'question.resolved': {
        const resolved = parseQuestionResolved(payload);
        return resolved ? dispatch({type: 'question/resolved', resolved, at}) : ignored();
      }
      case 'agent':
      case 'session.tool': {
        const event = parseAgentEvent(payload);
        return event ? dispatch({type: 'agent/event', event, at}) : ignored();
      }
      case 'task': {
        const event = parseTaskEvent(payload);
        if (!event) return ignored();
        dispatch({type: 'task/updated', event, at});
        // The gateway reloaded its ledger: what we hold may be stale.
        if (!inboxOnly && event.action === 'restored') void loadTasks(ledger());
        return;
      }
      case 'cron': {
        const event = parseCronEvent(payload);
        return event ? dispatch({type: 'cron/changed', event, at}) : ignored();
      }
      case 'config.changed': {
        const changed = parseConfigChanged(payload);
        dispatch({
          type: 'policy/changed',
          by: 'gateway',
          ...(changed?.hash === undefined ? {} : {hash: changed.hash}),
          at,
        });
        return;
      }
      case 'shutdown':
        dispatch({type: 'gateway/shutdown-announced', notice: parseShutdownNotice(payload), at});
        return;
      case 'tick':
      case 'health':
      case 'presence':
      case 'heartbeat':
      case 'chat':
        return;
      default:
        // Unknown events are expected as the gateway grows; they are noted, never fatal.
        log('info', `unhandled event ${frame.event}`);
    }
  };

  const onGap = (gap: {expected: number; received: number; at: number}): void => {
    flushChanges();
    dispatch({
      type: 'gateway/gap-detected',
      expected: gap.expected,
      received: gap.received,
      ...(lastEventAt === undefined ? {} : {since: lastEventAt}),
      at: now(),
    });
    void resync();
  };

  const onInvalid = (frame: InvalidFrame): void => {
    log('warn', `ignored invalid frame (${frame.reason}): ${JSON.stringify(frame.excerpt)}`);
  };

  const unsubscribers = [
    store.subscribe(reloadPolicyIfStale),
    connection.on('status', onStatus),
    connection.on('hello', onHello),
    connection.on('event', onEvent),
    connection.on('gap', onGap),
    connection.on('invalidFrame', onInvalid),
  ];

  return {
    resync,
    whenSynced: () => lastResync ?? resync(),
    refetchSessions,
    refetchTasks: () => loadTasks(ledger()),
    dispose() {
      disposed = true;
      if (flushTimer !== undefined) clearImmediate(flushTimer);
      for (const unsubscribe of unsubscribers) unsubscribe();
    },
  };
};

// Sending an operator's decision for one inbox item, by its exact id, exactly once.
// A decision is never re-sent automatically: if the gateway's answer is lost (timeout, dropped
// socket) the outcome is 'unknown' and the next list read tells whether it was applied.

import type {AuditLog} from '../audit/audit-log.ts';
import {RequestError, type GatewayConnection} from '../client/types.ts';
import type {ApprovalDecision} from '../protocol/types.ts';
import type {InboxItem} from '../state/model.ts';
import {forGateway} from '../state/actions.ts';
import type {GatewayId} from '../state/gateway-id.ts';
import {selectInboxItem} from '../state/selectors.ts';
import type {Store} from '../state/store.ts';
import {describeGrant} from '../state/describe-grant.ts';
import {sendAudited} from './send-audited.ts';

export type DecisionResult =
  | {readonly status: 'applied'}
  | {readonly status: 'not-found'; readonly message: string}
  | {readonly status: 'already-resolved'; readonly message: string}
  | {readonly status: 'refused'; readonly message: string}
  | {readonly status: 'unknown'; readonly message: string};

export type DecisionFailure = Exclude<DecisionResult, {readonly status: 'applied'}>;

/** The gateway method and params that carry a decision for this item. */
export const decisionRequest = (
  item: InboxItem,
  decision: ApprovalDecision,
): {readonly method: string; readonly params: Record<string, unknown>} => {
  const approve = decision !== 'deny';
  switch (item.kind) {
    case 'device-pairing':
      return {
        method: approve ? 'device.pair.approve' : 'device.pair.reject',
        params: {requestId: item.id},
      };
    case 'node-pairing':
      return {
        method: approve ? 'node.pair.approve' : 'node.pair.reject',
        params: {requestId: item.id},
      };
    case 'exec-approval':
      return {method: 'exec.approval.resolve', params: {id: item.id, decision}};
    case 'plugin-approval':
      return {method: 'plugin.approval.resolve', params: {id: item.id, decision}};
    case 'system-agent-approval':
      // No openclaw.approval.resolve exists: the kind-agnostic resolver takes the owner kind.
      return {method: 'approval.resolve', params: {id: item.id, kind: 'system-agent', decision}};
    case 'question':
      // Never reached: createDecider refuses questions (they are answered, see answer.ts).
      throw new Error('agent questions are answered, not decided');
    case 'dm-access':
      return {
        method: approve ? 'channels.pairing.approve' : 'channels.pairing.dismiss',
        params: {
          channel: item.request.channel,
          accountId: item.request.accountId,
          requestId: item.id,
        },
      };
  }
};

const text = (error: RequestError): string =>
  `${error.message} ${JSON.stringify(error.details ?? {})}`.toLowerCase();

/** Sorts a refusal into what the operator needs to know. */
export const classifyDecisionError = (error: unknown): DecisionFailure => {
  if (!(error instanceof RequestError)) {
    return {status: 'unknown', message: error instanceof Error ? error.message : String(error)};
  }
  // Refused by the client before anything left it (no socket): certainly not applied.
  if (error.code === 'NOT_CONNECTED') {
    return {
      status: 'refused',
      message:
        'not connected to the gateway: the decision was not sent — decide again once reconnected',
    };
  }
  if (error.outcome !== 'rejected') {
    return {
      status: 'unknown',
      message:
        error.outcome === 'timeout'
          ? 'the gateway did not answer in time; it may or may not have applied the decision — re-reading'
          : 'the connection dropped before the gateway answered; it may or may not have applied the decision — re-reading',
    };
  }
  const details = text(error);
  if (details.includes('already_resolved') || details.includes('already resolved')) {
    return {status: 'already-resolved', message: 'already resolved elsewhere (first answer wins)'};
  }
  if (
    error.code === 'APPROVAL_NOT_FOUND' ||
    details.includes('approval_not_found') ||
    details.includes('unknown requestid') ||
    details.includes('no longer exists') ||
    details.includes('not found') ||
    details.includes('expired')
  ) {
    return {
      status: 'not-found',
      message: 'no such pending request: it expired or was resolved elsewhere',
    };
  }
  return {status: 'refused', message: error.message || error.code};
};

/** `{applied: false}` from approval.resolve: someone else's decision won. */
const firstAnswerLost = (reply: unknown): boolean =>
  typeof reply === 'object' && reply !== null && (reply as {applied?: unknown}).applied === false;

export type DecideOptions = {
  readonly connection: GatewayConnection;
  readonly store: Store;
  /** The gateway (record in the store) this connection belongs to. */
  readonly gateway: GatewayId;
  readonly audit?: AuditLog;
  readonly gatewayLabel: string;
  readonly now?: () => number;
  /** Called after an unknown outcome, to re-read the lists (the bridge's resync). */
  readonly resync?: () => Promise<void>;
};

export type Decider = (id: string, decision: ApprovalDecision) => Promise<DecisionResult>;

export const createDecider = (options: DecideOptions): Decider => {
  const now = options.now ?? Date.now;
  const inFlight = new Set<string>();
  const {store, gateway} = options;

  return async (id: string, decision: ApprovalDecision): Promise<DecisionResult> => {
    const item = selectInboxItem(store.getState(), gateway, id);
    if (!item) {
      return {status: 'not-found', message: `no pending request with id ${id}`};
    }
    if (item.kind === 'question') {
      return {status: 'refused', message: 'an agent question is answered, not approved or denied'};
    }
    // A second key press while the first decision is on its way must not send it twice.
    if (inFlight.has(id) || item.state.phase === 'deciding') {
      return {status: 'refused', message: 'a decision for this request is already on its way'};
    }
    inFlight.add(id);
    const {method, params} = decisionRequest(item, decision);
    store.dispatch(forGateway(gateway, {type: 'decision/started', id, decision, at: now()}));
    try {
      return await sendAudited({
        send: async () => {
          const reply = await options.connection.request<unknown>(method, params);
          if (firstAnswerLost(reply)) {
            // approval.resolve answers ok with applied:false when another answer came first.
            throw new RequestError('already resolved elsewhere', {
              code: 'APPROVAL_ALREADY_RESOLVED',
              outcome: 'rejected',
              details: {reason: 'APPROVAL_ALREADY_RESOLVED'},
            });
          }
          store.dispatch(
            forGateway(gateway, {type: 'decision/succeeded', id, decision, at: now()}),
          );
        },
        classify: classifyDecisionError,
        failed: (failure) =>
          store.dispatch(
            forGateway(gateway, {
              type: 'decision/failed',
              id,
              decision,
              outcome: failure.status === 'unknown' ? 'unknown' : 'not-applied',
              message: failure.message,
              at: now(),
            }),
          ),
        ...(options.resync === undefined ? {} : {resync: options.resync}),
        ...(options.audit === undefined ? {} : {audit: options.audit}),
        entry: () => ({
          ts: new Date(now()).toISOString(),
          gateway: options.gatewayLabel,
          kind: item.kind,
          id,
          decision,
          granted: describeGrant(item, decision).sentence,
        }),
      });
    } finally {
      inFlight.delete(id);
    }
  };
};

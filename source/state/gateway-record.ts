// Everything the console knows about one gateway: its connection, sessions, inbox, event tail and
// policy. The slices stay gateway-agnostic (each reduces its own sub-state); this record reduces
// one gateway's events through all of them, and the root reducer keeps one record per gateway.
//
// A new per-gateway slice: add its field to GatewayRecord, its initial value to
// createGatewayRecord and its reducer call (plus the identity check) to reduceGatewayRecord.

import type {GatewayRecordAction} from './actions.ts';
import {createEventsState, appendTail, type EventsState} from './events-slice.ts';
import {createGatewayState, gatewayReducer, type GatewayOptions} from './gateway-slice.ts';
import {initialInboxState, type InboxState} from './inbox-items.ts';
import {inboxReducer} from './inbox-slice.ts';
import type {GatewayState} from './model.ts';
import {initialPolicyState, policyReducer, type PolicyState} from './policy-slice.ts';
import {initialSessionsState, sessionsReducer, type SessionsState} from './sessions-slice.ts';
import {tailEventsFor} from './tail-events.ts';
import {initialTasksState, tasksReducer, type TasksState} from './tasks-slice.ts';
import type {TunnelState} from './action-types/tunnel.ts';
import {tunnelReducer} from './tunnel-slice.ts';

export type GatewayRecord = {
  readonly gateway: GatewayState;
  readonly sessions: SessionsState;
  readonly inbox: InboxState;
  readonly events: EventsState;
  readonly policy: PolicyState;
  readonly tasks: TasksState;
  /** The SSH forward this gateway is reached through (fleet entries with `ssh`). */
  readonly tunnel?: TunnelState;
};

export type GatewayRecordOptions = GatewayOptions & {
  /** Event tail ring size (default 2,000). */
  readonly tailCapacity?: number;
};

export const createGatewayRecord = (options: GatewayRecordOptions): GatewayRecord => ({
  gateway: createGatewayState(options),
  sessions: initialSessionsState,
  inbox: initialInboxState,
  events: createEventsState(options.tailCapacity),
  policy: initialPolicyState,
  tasks: initialTasksState,
});

/**
 * Each slice reduces the action on its own; then the tail, which describes what just happened,
 * reads the other slices' new state (a spawn failure links the pending device request in the
 * inbox, a spawn line names sessions by title). Unchanged: the same record object.
 */
export const reduceGatewayRecord = (
  record: GatewayRecord,
  action: GatewayRecordAction,
): GatewayRecord => {
  const gateway = gatewayReducer(record.gateway, action);
  const sessions = sessionsReducer(record.sessions, action);
  const inbox = inboxReducer(record.inbox, action);
  const policy = policyReducer(record.policy, action);
  const tasks = tasksReducer(record.tasks, action);
  const tunnel = tunnelReducer(record.tunnel, action);
  const context = {
    events: record.events,
    sessions,
    previousInbox: record.inbox,
    inbox,
    gateway,
    previousTasks: record.tasks,
    tasks,
  };
  // A batch tells the same story as its events one by one (a create is a spawn line).
  const tail =
    action.type === 'sessions/changed-together'
      ? {
          drafts: action.changes.flatMap(
            (change) =>
              tailEventsFor({type: 'session/changed', change, at: action.at}, context).drafts,
          ),
        }
      : tailEventsFor(action, context);
  const events = appendTail(record.events, tail.drafts, tail);
  if (
    gateway === record.gateway &&
    sessions === record.sessions &&
    inbox === record.inbox &&
    events === record.events &&
    policy === record.policy &&
    tasks === record.tasks &&
    tunnel === record.tunnel
  ) {
    return record;
  }
  return {
    gateway,
    sessions,
    inbox,
    events,
    policy,
    tasks,
    ...(tunnel === undefined ? {} : {tunnel}),
  };
};

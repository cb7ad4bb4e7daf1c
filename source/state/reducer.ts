// The root reducer: each slice reduces the action on its own; then the tail, which describes
// what just happened, reads the other slices' new state (a spawn failure links the pending device
// request in the inbox, a spawn line names sessions by title).

import type {Action} from './actions.ts';
import {createEventsState, appendTail, type EventsState} from './events-slice.ts';
import {createGatewayState, gatewayReducer, type GatewayOptions} from './gateway-slice.ts';
import {inboxReducer, initialInboxState, type InboxState} from './inbox-slice.ts';
import type {GatewayState} from './model.ts';
import {initialPolicyState, policyReducer, type PolicyState} from './policy-slice.ts';
import {initialSessionsState, sessionsReducer, type SessionsState} from './sessions-slice.ts';
import {tailEventsFor} from './tail-events.ts';
import {initialUiState, uiReducer, type UiState} from './ui-slice.ts';

export type AppState = {
  readonly gateway: GatewayState;
  readonly sessions: SessionsState;
  readonly inbox: InboxState;
  readonly events: EventsState;
  readonly ui: UiState;
  readonly policy: PolicyState;
};

export type InitialStateOptions = GatewayOptions & {
  /** Event tail ring size (default 2,000). */
  readonly tailCapacity?: number;
};

export const createInitialState = (options: InitialStateOptions): AppState => ({
  gateway: createGatewayState(options),
  sessions: initialSessionsState,
  inbox: initialInboxState,
  events: createEventsState(options.tailCapacity),
  ui: initialUiState,
  policy: initialPolicyState,
});

export const rootReducer = (state: AppState, action: Action): AppState => {
  const gateway = gatewayReducer(state.gateway, action);
  const sessions = sessionsReducer(state.sessions, action);
  const inbox = inboxReducer(state.inbox, action);
  const ui = uiReducer(state.ui, action);
  const policy = policyReducer(state.policy, action);
  const context = {events: state.events, sessions, previousInbox: state.inbox, inbox, gateway};
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
  const events = appendTail(state.events, tail.drafts, tail);
  if (
    gateway === state.gateway &&
    sessions === state.sessions &&
    inbox === state.inbox &&
    events === state.events &&
    ui === state.ui &&
    policy === state.policy
  ) {
    return state;
  }
  return {gateway, sessions, inbox, events, ui, policy};
};

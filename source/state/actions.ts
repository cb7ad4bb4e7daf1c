// Every action the console's reducer understands, named as events ("what happened"), never as
// commands. Each slice's actions are declared in action-types/ (types only, importing no slice),
// so the slices can import this union without a circle through each other.
//
// What happens on a gateway (a GatewayEvent) reaches the store with the id of that gateway, and
// the root reducer hands it to that gateway's record only; ui actions and the clock are global.

import type {ClockTicked} from './clock.ts';
import type {EventsAction} from './action-types/events.ts';
import type {GatewayAction} from './action-types/gateway.ts';
import type {InboxAction} from './action-types/inbox.ts';
import type {PolicyAction} from './action-types/policy.ts';
import type {SessionsAction} from './action-types/sessions.ts';
import type {UiAction} from './action-types/ui.ts';
import type {GatewayId} from './gateway-id.ts';
import type {TasksAction} from './action-types/tasks.ts';
import type {TunnelAction} from './action-types/tunnel.ts';

/** Something that happened on one gateway, before it is addressed to that gateway's record. */
export type GatewayEvent =
  | GatewayAction
  | SessionsAction
  | InboxAction
  | EventsAction
  | PolicyAction
  | TasksAction
  | TunnelAction;

/** What a per-gateway slice reduces: its gateway's events and the clock. */
export type GatewayRecordAction = GatewayEvent | ClockTicked;

/** A gateway's event addressed to that gateway (`gateway` is its id in AppState.gateways). */
export type ForGateway<E extends GatewayEvent = GatewayEvent> = E & {readonly gateway: GatewayId};

export type Action = ForGateway | UiAction | ClockTicked;

export type ActionType = Action['type'];

/** Dispatches one gateway's events into the store, addressed to that gateway. */
export type GatewayDispatch = (event: GatewayEvent) => void;

/** `event`, addressed to gateway `gateway`. */
export const forGateway = (gateway: GatewayId, event: GatewayEvent): ForGateway => ({
  ...event,
  gateway,
});

export const isForGateway = (action: Action): action is ForGateway => 'gateway' in action;

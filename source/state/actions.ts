// Every action the console's reducer understands, named as events ("what happened"), never as
// commands. Each slice declares its own; cross-slice ones live with their main owner.

import type {ClockTicked} from './clock.ts';
import type {EventsAction} from './events-slice.ts';
import type {GatewayAction} from './gateway-slice.ts';
import type {InboxAction} from './inbox-slice.ts';
import type {PolicyAction} from './policy-slice.ts';
import type {SessionsAction} from './sessions-slice.ts';
import type {UiAction} from './ui-slice.ts';

export type Action =
  | GatewayAction
  | SessionsAction
  | InboxAction
  | EventsAction
  | UiAction
  | PolicyAction
  | ClockTicked;

export type ActionType = Action['type'];

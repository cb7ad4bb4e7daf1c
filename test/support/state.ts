// Reading and feeding the state of the one gateway most tests link: its record (AppState keys
// records by gateway id) and actions addressed to it, so a test says what it checks, not where.

import {forGateway, type Action, type GatewayEvent} from '../../source/state/actions.ts';
import {DEFAULT_GATEWAY_ID} from '../../source/state/gateway-id.ts';
import type {GatewayRecord} from '../../source/state/gateway-record.ts';
import {gatewayRecordOf, type AppState} from '../../source/state/reducer.ts';

export {DEFAULT_GATEWAY_ID as GW};

/** The default gateway's record: connection, sessions, inbox, events, policy. */
export const gw = (state: AppState): GatewayRecord => gatewayRecordOf(state, DEFAULT_GATEWAY_ID);

/** An action as a test writes it: a gateway's event, or a ui / clock action. */
export type TestAction = Action | GatewayEvent;

const isGlobal = (action: TestAction): action is Action =>
  'gateway' in action || action.type === 'clock/ticked' || action.type.startsWith('ui/');

/** The action as the store takes it: a gateway's event is addressed to the default gateway. */
export const addressed = (action: TestAction): Action =>
  isGlobal(action) ? action : forGateway(DEFAULT_GATEWAY_ID, action as GatewayEvent);

/** `state` with the default gateway's record changed by `change` (set-ups that skip the reducer). */
export const withGw = (
  state: AppState,
  change: (record: GatewayRecord) => GatewayRecord,
): AppState => ({
  ...state,
  gateways: {...state.gateways, [DEFAULT_GATEWAY_ID]: change(gw(state))},
});

// The root reducer: one record per gateway (gateway-record.ts) plus the global ui slice. An
// action addressed to a gateway reduces that gateway's record only — the other records keep
// their objects, so a flood on one gateway costs nothing for the rest; the clock reaches every
// record; ui actions reach the ui slice.

import {isForGateway, type Action} from './actions.ts';
import {DEFAULT_GATEWAY_ID, type GatewayId} from './gateway-id.ts';
import {
  createGatewayRecord,
  reduceGatewayRecord,
  type GatewayRecord,
  type GatewayRecordOptions,
} from './gateway-record.ts';
import {initialUiState, uiReducer, type UiState} from './ui-slice.ts';

export type AppState = {
  readonly gateways: Readonly<Record<GatewayId, GatewayRecord>>;
  readonly ui: UiState;
};

export type InitialStateOptions = GatewayRecordOptions & {
  /** The id of the one gateway (default DEFAULT_GATEWAY_ID). */
  readonly id?: GatewayId;
  /** The clock's first reading (ticks move it on); ages are drawn against it. */
  readonly now?: number;
};

export const createInitialState = (options: InitialStateOptions): AppState => {
  const {id = DEFAULT_GATEWAY_ID, now = 0, ...record} = options;
  return {gateways: {[id]: createGatewayRecord(record)}, ui: {...initialUiState, now}};
};

/** The record of gateway `id`. A missing id is a wiring bug, never something to show. */
export const gatewayRecordOf = (state: AppState, id: GatewayId): GatewayRecord => {
  const record = state.gateways[id];
  if (record === undefined) throw new Error(`no gateway "${id}" in the state`);
  return record;
};

const reduceGateways = (gateways: AppState['gateways'], action: Action): AppState['gateways'] => {
  if (isForGateway(action)) {
    const record = gateways[action.gateway];
    // An event for a gateway the state does not hold (already removed): nothing to update.
    if (record === undefined) return gateways;
    const next = reduceGatewayRecord(record, action);
    return next === record ? gateways : {...gateways, [action.gateway]: next};
  }
  if (action.type !== 'clock/ticked') return gateways;
  let changed: Record<GatewayId, GatewayRecord> | undefined;
  for (const [id, record] of Object.entries(gateways)) {
    const next = reduceGatewayRecord(record, action);
    if (next === record) continue;
    changed ??= {...gateways};
    changed[id] = next;
  }
  return changed ?? gateways;
};

export const rootReducer = (state: AppState, action: Action): AppState => {
  const gateways = reduceGateways(state.gateways, action);
  const ui = uiReducer(state.ui, action);
  if (gateways === state.gateways && ui === state.ui) return state;
  return {gateways, ui};
};

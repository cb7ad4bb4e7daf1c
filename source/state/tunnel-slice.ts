// The SSH tunnel a fleet entry with `ssh` is reached through, as the console's supervisor reports
// it (the tunnel lives outside the gateway, so only the console can tell). Absent for a gateway
// reached directly.

import type {TunnelChanged, TunnelState} from './action-types/tunnel.ts';

export const tunnelReducer = (
  state: TunnelState | undefined,
  action: {readonly type: string},
): TunnelState | undefined =>
  action.type === 'tunnel/changed' ? (action as TunnelChanged).tunnel : state;

// The SSH forward of a fleet entry with `ssh`, as the console's supervisor reports it (reduced by
// tunnel-slice.ts). Only the console can tell: the tunnel lives outside the gateway.

export type TunnelState = {
  readonly phase: 'starting' | 'up' | 'restarting' | 'failed' | 'stopped';
  /** user@host as configured (never a secret). */
  readonly target: string;
  readonly localPort?: number;
  readonly attempt?: number;
  readonly retryAt?: number;
  readonly error?: string;
};

export type TunnelChanged = {
  readonly type: 'tunnel/changed';
  readonly tunnel: TunnelState;
  readonly at: number;
};

export type TunnelAction = TunnelChanged;

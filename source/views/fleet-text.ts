// The words of the Fleet pane: a short state for the column, and for a gateway that is not
// working, why (in the gateway's or ssh's own words) and what to do about it — named for that
// gateway, since the operator reads this with four others beside it. Raw gateway/ssh text inside:
// the pane sanitises.

import type {FleetRow, FleetRowState} from '../state/fleet-rows.ts';
import type {TunnelState} from '../state/action-types/tunnel.ts';
import {formatClockDuration} from './format.ts';

export function fleetStateLabel(state: FleetRowState, now: number): string {
  switch (state.kind) {
    case 'connected':
      return 'connected';
    case 'connecting':
      return state.attempt > 1 ? `connecting ${state.attempt}` : 'connecting';
    case 'reconnecting': {
      const next =
        state.retryAt === undefined
          ? ''
          : ` (${formatClockDuration(Math.max(0, state.retryAt - now))})`;
      return `reconnecting ${state.attempt}${next}`;
    }
    case 'pairing-required':
      return 'pairing required';
    case 'auth-error':
      return 'auth error';
    case 'unreachable':
      return 'unreachable';
    case 'refused':
      return state.problem.kind === 'protocol-mismatch' ? 'protocol mismatch' : 'refused';
    case 'stopped':
      return 'stopped';
  }
}

/** The theme's status name for the state column's colour. */
export function fleetStateTone(state: FleetRowState): string {
  switch (state.kind) {
    case 'connected':
      return 'connected';
    case 'connecting':
      return 'connecting';
    case 'reconnecting':
    case 'unreachable':
      return 'reconnecting';
    case 'pairing-required':
      return 'pending';
    case 'stopped':
      return 'stopped';
    default:
      return 'failed';
  }
}

export function tunnelLabel(tunnel: TunnelState | undefined): string {
  if (tunnel === undefined) return '';
  switch (tunnel.phase) {
    case 'up':
      return tunnel.localPort === undefined ? 'ssh up' : `ssh :${tunnel.localPort}`;
    case 'restarting':
      return tunnel.attempt === undefined ? 'ssh restarting' : `ssh retry ${tunnel.attempt}`;
    default:
      return `ssh ${tunnel.phase}`;
  }
}

export type FleetExplanation = {
  /** What is wrong, one line. */
  readonly why: string;
  /** What to do, one line; names the gateway's own host or config entry. */
  readonly fix: string;
};

const tunnelDown = (t: TunnelState | undefined): boolean =>
  t !== undefined && t.phase !== 'up' && t.phase !== 'starting';

/** undefined for a gateway that works (or is still on its first attempt with nothing to say). */
export function explainFleetRow(row: FleetRow): FleetExplanation | undefined {
  const entry = `the "${row.name}" entry in gateways.json5`;
  // The tunnel comes first: while ssh fails, the gateway behind it is only "unreachable".
  if (row.tunnel?.phase === 'starting' && row.state.kind !== 'connected') {
    // The link dials the forward while ssh is still logging in: its "connection refused" says
    // nothing about the gateway yet.
    const t = row.tunnel;
    return {
      why: `ssh to ${t.target} is starting: the forward is not up yet${t.error === undefined ? '' : ` (last: ${t.error})`}`,
      fix: `wait; if it stays, check that \`ssh -o BatchMode=yes ${t.target} true\` works from this machine`,
    };
  }
  if (tunnelDown(row.tunnel) && row.state.kind !== 'connected') {
    const t = row.tunnel!;
    return {
      why: `ssh to ${t.target}: ${t.error ?? `tunnel ${t.phase}`}`,
      fix: `check that \`ssh -o BatchMode=yes ${t.target} true\` works from this machine (known host key, key-based login)`,
    };
  }
  const p = row.problem;
  if (p === undefined || row.state.kind === 'connected') return undefined;
  switch (p.kind) {
    case 'unreachable':
      return {
        why: `cannot reach ${p.url || row.url}: ${p.detail}`,
        fix: `is it running on ${row.host}? (openclaw gateway status); else fix the url of ${entry}; retried by itself`,
      };
    case 'auth':
      return {
        why: `${p.code}: ${p.message}`,
        fix:
          p.code === 'AUTH_SCOPE_MISMATCH'
            ? `approve this console's scope upgrade on ${row.name} (openclaw devices list there), or give it --read-only`
            : `check the token source (tokenEnv / tokenFile) of ${entry} against gateway.auth on ${row.host}`,
      };
    case 'pairing-required':
      return {
        why: `this console waits to be paired on ${row.name}${p.requestId === undefined ? '' : ` (request ${p.requestId})`}`,
        fix:
          p.requestId === undefined
            ? `on ${row.host}: openclaw devices list, then approve this console's request; retried by itself`
            : `on ${row.host}: openclaw devices approve ${p.requestId} (or approve it from another paired console); retried by itself`,
      };
    case 'protocol-mismatch':
      return {
        why: `${p.message}${p.expectedProtocol === undefined ? '' : ` (it speaks protocol ${p.expectedProtocol}, we speak 3 to 4)`}`,
        fix: `update openclaw-tui or the gateway on ${row.host} so their protocols overlap`,
      };
    case 'device-rejected':
      return {
        why: `${p.code}: ${p.message}`,
        fix: `check the clocks of this machine and ${row.host}; a damaged identity for ${row.name} must be removed and paired again`,
      };
    case 'auth-changed':
      return {
        why: `authentication changed: ${p.message}`,
        fix: `the token was rotated or this device removed on ${row.name}: update ${entry}'s token source, or pair again`,
      };
    case 'other':
      return {
        why: `${p.code}: ${p.message}`,
        fix:
          p.code === 'TLS_PIN_MISMATCH'
            ? `compare tlsFingerprint of ${entry} with the certificate ${row.host} serves (openssl x509 -fingerprint -sha256); a new certificate needs a new pin`
            : `retried by itself; if it persists, read the gateway log on ${row.host} (openclaw logs)`,
      };
  }
}

// Who may reach the agents, as the gateway's config says: DM policy and allowlists per channel
// (account), subagent allowAgents per agent. Read with config.get; the config's hash decides
// whether what we hold is current.
//
// Races: a config.get answer can be older than a change we already heard of (the `config.changed`
// event, or our own config.patch answer). The answer's hash tells: when it differs from the newest
// hash we know and the read was sent before that change, the data is kept (better than nothing)
// but marked stale so the bridge reads again. An answer to an older read never replaces a newer.

import type {ConfigPolicy} from '../protocol/parse-config-policy.ts';
import type {GatewayRecordAction} from './actions.ts';

export type PolicyState = {
  readonly policy?: ConfigPolicy;
  /** The config hash the policy was read at (config.patch's baseHash). */
  readonly hash?: string;
  /** When the config.get that produced `policy` was sent. */
  readonly requestedAt?: number;
  readonly loadedAt?: number;
  /** The last read failed (the old policy, if any, is still shown). */
  readonly error?: {readonly message: string; readonly at: number};
  /** The gateway's config is (or may be) newer than `policy`: read it again. */
  readonly stale: boolean;
  /** The newest config hash we heard of (config.changed / config.patch answer). */
  readonly latestHash?: string;
  readonly changedAt?: number;
};

export const initialPolicyState: PolicyState = {stale: true};

export const policyReducer = (state: PolicyState, action: GatewayRecordAction): PolicyState => {
  switch (action.type) {
    case 'policy/loaded': {
      if (state.requestedAt !== undefined && action.requestedAt < state.requestedAt) return state;
      const missedChange =
        state.changedAt !== undefined &&
        action.requestedAt < state.changedAt &&
        (state.latestHash === undefined || action.hash !== state.latestHash);
      const {error: _error, ...rest} = state;
      return {
        ...rest,
        policy: action.policy,
        ...(action.hash === undefined ? {} : {hash: action.hash}),
        requestedAt: action.requestedAt,
        loadedAt: action.at,
        stale: missedChange,
      };
    }
    case 'policy/load-failed':
      return {...state, error: {message: action.message, at: action.at}};
    case 'policy/changed': {
      const same = action.hash !== undefined && action.hash === state.hash;
      return {
        ...state,
        ...(action.hash === undefined ? {} : {latestHash: action.hash}),
        changedAt: action.at,
        stale: state.stale || !same,
      };
    }
    case 'gateway/connected':
      // Another connection may be another gateway, or the config moved while we were away.
      return state.stale ? state : {...state, stale: true};
    default:
      return state;
  }
};

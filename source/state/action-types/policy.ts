// The gateway's config as policy: reads and changes (reduced by policy-slice.ts).

import type {ConfigPolicy} from '../../protocol/parse-config-policy.ts';

export type PolicyAction =
  | {
      readonly type: 'policy/loaded';
      readonly policy: ConfigPolicy;
      readonly hash?: string;
      readonly requestedAt: number;
      readonly at: number;
    }
  | {readonly type: 'policy/load-failed'; readonly message: string; readonly at: number}
  /**
   * The config changed: our own config.patch succeeded (by 'console', with the new hash and
   * changed paths) or the gateway announced `config.changed {path, hash, ts}` (by 'gateway').
   */
  | {
      readonly type: 'policy/changed';
      readonly by: 'console' | 'gateway';
      readonly hash?: string;
      readonly changedPaths?: readonly string[];
      readonly at: number;
    };

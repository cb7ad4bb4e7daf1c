import type {Scope} from '../protocol/types.ts';

/** Everything an operator console does: watch, steer, approve, pair, and edit policy (admin). */
export const FULL_SCOPES: readonly Scope[] = [
  'operator.read',
  'operator.write',
  'operator.approvals',
  'operator.pairing',
  'operator.admin',
];

/**
 * --read-only asks the gateway for read alone, so the gateway itself refuses any mutation; the
 * console hiding its keys is a courtesy on top, not the guarantee.
 */
export const READ_ONLY_SCOPES: readonly Scope[] = ['operator.read'];

export const scopesFor = (readOnly: boolean): readonly Scope[] =>
  readOnly ? READ_ONLY_SCOPES : FULL_SCOPES;

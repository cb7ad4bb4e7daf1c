// The part of a decision and of an answer that must be the same: one request, its outcome
// sorted (applied, refused, gone, unknown), the lists re-read when the item may have moved on,
// and exactly one audit entry, whatever happened.

import type {AuditEntry, AuditLog} from '../audit/audit-log.ts';
import type {DecisionFailure, DecisionResult} from './decide.ts';

export type AuditedSend = {
  /** Sends the request; resolves once the gateway applied it, throws otherwise. */
  readonly send: () => Promise<void>;
  readonly classify: (error: unknown) => DecisionFailure;
  /** Records a failed outcome in the store. */
  readonly failed: (failure: DecisionFailure) => void;
  /** Re-reads the lists: after an unknown outcome, or a refusal that means "gone". */
  readonly resync?: () => Promise<void>;
  readonly audit?: AuditLog;
  /** The audit entry, without its outcome. */
  readonly entry: () => Omit<AuditEntry, 'outcome' | 'message'>;
};

export const sendAudited = async (options: AuditedSend): Promise<DecisionResult> => {
  let result: DecisionResult;
  try {
    await options.send();
    result = {status: 'applied'};
  } catch (error) {
    const failure = options.classify(error);
    result = failure;
    options.failed(failure);
    if (failure.status !== 'refused' && options.resync) void options.resync().catch(() => {});
  }
  options.audit?.append({
    ...options.entry(),
    outcome: result.status === 'refused' ? 'not-applied' : result.status,
    ...(result.status === 'applied' ? {} : {message: result.message}),
  });
  return result;
};

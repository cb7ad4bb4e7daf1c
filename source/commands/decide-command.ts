// `openclaw-tui approve <id> [--decision allow-once|allow-always]` and `deny <id>`: one decision,
// for one exact id, sent once, audited. The id is looked up only after every list was read, so
// exit 3 means "not pending on the gateway" — never "a list we did not read".
//
// Exit codes: 0 applied · 1 failed (refused, outcome unknown, could not look) · 2 usage (a
// decision this request does not allow, --read-only) · 3 no such pending id.

import type {Options} from '../config/options.ts';
import {describeGrant} from '../state/describe-grant.ts';
import type {ApprovalDecision} from '../protocol/types.ts';
import {isOpen} from '../state/inbox-items.ts';
import {gatewayRecordOf} from '../state/reducer.ts';
import {selectGateway} from '../state/selectors.ts';
import {safe} from '../text/sanitize.ts';
import {decisionDisabled, KIND_LABEL} from '../state/inbox-describe.ts';
import type {InboxKind} from '../state/model.ts';
import {failed} from './command-failure.ts';
import {EXIT} from './command-io.ts';
import {
  openGuardedAudit,
  refuseReadOnly,
  resultCode,
  unreadListsFailure,
} from './decision-prologue.ts';
import type {SessionDeps} from './gateway-session.ts';
import {hasScope, scopeFor} from './inbox-coverage.ts';
import {readOneShot} from './one-shot.ts';
import {
  documentView,
  printedTwin,
  succeeded,
  withWarnings,
  type TwinResult,
} from './twin-result.ts';

export type DecideRequest = {
  readonly verb: 'approve' | 'deny';
  readonly id: string;
  readonly decision: ApprovalDecision;
};

/** `approve <id> --json` / `deny <id> --json` (schema in the readme). */
export type DecisionDoc = {
  readonly ok: true;
  readonly id: string;
  readonly kind: InboxKind;
  readonly decision: ApprovalDecision;
  readonly granted: string;
};

/** Decide one exact id on the gateway `options` point at; the outcome as data. */
export const decideOn = (
  options: Options,
  deps: SessionDeps,
  request: DecideRequest,
): Promise<TwinResult<DecisionDoc>> => {
  const {id, decision, verb} = request;
  const extra = {id, decision};
  if (options.readOnly) return Promise.resolve(refuseReadOnly(verb, extra));
  const audit = openGuardedAudit(options);
  return readOneShot(
    options,
    deps,
    async (session): Promise<TwinResult<DecisionDoc>> => {
      const state = gatewayRecordOf(session.store.getState(), session.gateway);
      const item = state.inbox.items[id];
      if (item === undefined || !isOpen(item)) {
        return (
          unreadListsFailure(state, session.warnings(), id, extra) ??
          failed(
            {
              kind: 'not-found',
              message: `no pending request with id ${id} (it expired, was resolved elsewhere, or never existed; ids must be exact)`,
            },
            EXIT.notFound,
            extra,
          )
        );
      }
      const disabled = decisionDisabled(item, decision);
      if (disabled !== undefined) {
        return failed(
          {kind: 'usage', message: `${decision} for ${KIND_LABEL[item.kind]} ${id}: ${disabled}`},
          EXIT.usage,
          {...extra, kind: item.kind},
        );
      }
      const needed = scopeFor(item.kind);
      if (!hasScope(selectGateway(session.store.getState(), session.gateway).scopes, needed)) {
        return failed(
          {kind: 'forbidden', message: `${verb} needs ${needed}, which the gateway did not grant`},
          EXIT.failed,
          {...extra, kind: item.kind},
        );
      }

      const granted = describeGrant(item, decision).sentence;
      const result = await session.decide(id, decision);
      const outcome: TwinResult<DecisionDoc> =
        result.status === 'applied'
          ? succeeded({ok: true, id, kind: item.kind, decision, granted})
          : failed(
              {kind: result.status, message: `${verb} ${id}: ${result.message}`},
              resultCode(result),
              {...extra, kind: item.kind, granted},
            );
      return withWarnings(outcome, audit.warnings());
    },
    {failureExtra: extra, reads: 'inbox', audit: audit.log},
  );
};

export const decisionView = documentView<DecisionDoc>((doc) => [
  `${doc.decision === 'deny' ? 'denied' : 'approved'} ${KIND_LABEL[doc.kind]} ${safe(doc.id)}: ${safe(doc.granted)}`,
]);

export const runDecide = printedTwin(decideOn, decisionView);

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
import {reportFailure} from './command-failure.ts';
import {EXIT, writeJson, writeLine, type CommandIo, type ExitCode} from './command-io.ts';
import {
  openGuardedAudit,
  refuseReadOnly,
  reportUnreadLists,
  resultCode,
} from './decision-prologue.ts';
import type {SessionDeps} from './gateway-session.ts';
import {hasScope, scopeFor} from './inbox-coverage.ts';
import {withOneShotSession} from './one-shot.ts';

export type DecideRequest = {
  readonly verb: 'approve' | 'deny';
  readonly id: string;
  readonly decision: ApprovalDecision;
};

export const runDecide = (
  options: Options,
  io: CommandIo,
  deps: SessionDeps,
  request: DecideRequest,
): Promise<ExitCode> => {
  const {id, decision, verb} = request;
  const extra = {id, decision};
  if (options.readOnly) return refuseReadOnly(io, options, verb, extra);
  const audit = openGuardedAudit(options);
  return withOneShotSession(
    options,
    io,
    deps,
    async (session) => {
      const state = gatewayRecordOf(session.store.getState(), session.gateway);
      const item = state.inbox.items[id];
      if (item === undefined || !isOpen(item)) {
        const unread = reportUnreadLists(io, options, state, session.warnings(), id, extra);
        if (unread !== undefined) return unread;
        return reportFailure(
          io,
          options,
          {
            kind: 'not-found',
            message: `no pending request with id ${id} (it expired, was resolved elsewhere, or never existed; ids must be exact)`,
          },
          EXIT.notFound,
          extra,
        );
      }
      const disabled = decisionDisabled(item, decision);
      if (disabled !== undefined) {
        return reportFailure(
          io,
          options,
          {kind: 'usage', message: `${decision} for ${KIND_LABEL[item.kind]} ${id}: ${disabled}`},
          EXIT.usage,
          {...extra, kind: item.kind},
        );
      }
      const needed = scopeFor(item.kind);
      if (!hasScope(selectGateway(session.store.getState(), session.gateway).scopes, needed)) {
        return reportFailure(
          io,
          options,
          {kind: 'forbidden', message: `${verb} needs ${needed}, which the gateway did not grant`},
          EXIT.failed,
          {...extra, kind: item.kind},
        );
      }

      const granted = describeGrant(item, decision).sentence;
      const result = await session.decide(id, decision);
      audit.warnFailures(io);
      const code = resultCode(result);
      if (result.status !== 'applied') {
        return reportFailure(
          io,
          options,
          {kind: result.status, message: `${verb} ${id}: ${result.message}`},
          code,
          {...extra, kind: item.kind, granted},
        );
      }
      if (options.json) {
        writeJson(io, {ok: true, id, kind: item.kind, decision, granted});
      } else {
        const done = verb === 'deny' ? 'denied' : 'approved';
        writeLine(io, `${done} ${KIND_LABEL[item.kind]} ${safe(id)}: ${safe(granted)}`);
      }
      return code;
    },
    {failureExtra: extra, reads: 'inbox', audit: audit.log},
  );
};

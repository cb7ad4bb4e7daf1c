// `openclaw-tui approve <id> [--decision allow-once|allow-always]` and `deny <id>`: one decision,
// for one exact id, sent once, audited. The id is looked up only after every list was read, so
// exit 3 means "not pending on the gateway" — never "a list we did not read".
//
// Exit codes: 0 applied · 1 failed (refused, outcome unknown, could not look) · 2 usage (a
// decision this request does not allow, --read-only) · 3 no such pending id.

import type {AuditEntry, AuditLog} from '../audit/audit-log.ts';
import {openAuditLog} from '../audit/audit-log.ts';
import type {Options} from '../config/options.ts';
import type {DecisionResult} from '../control/decide.ts';
import {describeGrant} from '../state/describe-grant.ts';
import type {ApprovalDecision} from '../protocol/types.ts';
import {isOpen} from '../state/inbox-items.ts';
import {gatewayRecordOf} from '../state/reducer.ts';
import {selectGateway} from '../state/selectors.ts';
import {safe} from '../text/sanitize.ts';
import {decisionDisabled, KIND_LABEL} from '../state/inbox-describe.ts';
import {reportFailure} from './command-failure.ts';
import {
  EXIT,
  writeJson,
  writeLine,
  writeWarning,
  type CommandIo,
  type ExitCode,
} from './command-io.ts';
import type {SessionDeps} from './gateway-session.ts';
import {blockingUnreadLists, hasScope, scopeFor, unreadLists} from './inbox-coverage.ts';
import {withOneShotSession} from './one-shot.ts';

export type DecideRequest = {
  readonly verb: 'approve' | 'deny';
  readonly id: string;
  readonly decision: ApprovalDecision;
};

/** Audit writes must not turn an applied decision into a crash; the failure is reported instead. */
const guardedAudit = (log: AuditLog, failures: string[]): AuditLog => ({
  file: log.file,
  readRecent: (limit) => log.readRecent(limit),
  append: (entry: AuditEntry) => {
    try {
      log.append(entry);
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  },
});

/** The exit code of a decision's (or an answer's) outcome; `answer` shares it. */
export const resultCode = (result: DecisionResult): ExitCode => {
  switch (result.status) {
    case 'applied':
      return EXIT.ok;
    case 'not-found':
    case 'already-resolved':
      return EXIT.notFound;
    case 'refused':
    case 'unknown':
      return EXIT.failed;
  }
};

export const runDecide = (
  options: Options,
  io: CommandIo,
  deps: SessionDeps,
  request: DecideRequest,
): Promise<ExitCode> => {
  const {id, decision, verb} = request;
  // Opening the log writes nothing: only an applied decision is appended (by the link's decider).
  const auditFailures: string[] = [];
  const audit = guardedAudit(openAuditLog(options.paths.auditLog), auditFailures);
  const extra = {id, decision};
  if (options.readOnly) {
    return Promise.resolve(
      reportFailure(
        io,
        options,
        {kind: 'usage', message: `${verb} needs write access: read-only (drop --read-only)`},
        EXIT.usage,
        extra,
      ),
    );
  }
  return withOneShotSession(
    options,
    io,
    deps,
    async (session) => {
      const state = gatewayRecordOf(session.store.getState(), session.gateway);
      const item = state.inbox.items[id];
      if (item === undefined || !isOpen(item)) {
        const blocking = blockingUnreadLists(unreadLists(state, session.warnings()));
        const unread = Object.entries(blocking);
        if (unread.length > 0) {
          // The id may sit in a list we could not read: that is not "no such request".
          const why = unread.map(([kind, reason]) => `${kind}: ${reason}`).join('; ');
          return reportFailure(
            io,
            options,
            {
              kind: 'lists-unread',
              message: `cannot look up ${id}: not every list was read (${why})`,
            },
            EXIT.failed,
            extra,
          );
        }
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
      for (const failure of auditFailures) {
        writeWarning(
          io,
          `the decision could not be written to ${options.paths.auditLog}: ${failure}`,
        );
      }
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
    {failureExtra: extra, reads: 'inbox', audit},
  );
};

// What approve, deny and answer share before and after the one request they send: refusing a
// read-only run, telling "a list we could not read" from "no such id", an audit log whose
// failure is a warning (never a crash after the gateway applied the decision), and the exit code
// of the outcome.

import type {AuditEntry, AuditLog} from '../audit/audit-log.ts';
import {openAuditLog} from '../audit/audit-log.ts';
import type {Options} from '../config/options.ts';
import type {DecisionResult} from '../control/decide.ts';
import type {GatewayRecord} from '../state/gateway-record.ts';
import {failed, type Failed} from './command-failure.ts';
import {EXIT, type ExitCode} from './command-io.ts';
import {blockingUnreadLists, unreadLists} from './inbox-coverage.ts';

type Extra = Readonly<Record<string, unknown>>;

/** The exit code of a decision's (or an answer's) outcome. */
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

/** `verb` sends a decision: a read-only run refuses it before connecting (exit 2). */
export const refuseReadOnly = (verb: string, extra: Extra): Failed =>
  failed(
    {kind: 'usage', message: `${verb} needs write access: read-only (drop --read-only)`},
    EXIT.usage,
    extra,
  );

/**
 * When `id` is not among what was read and a list that could hold it was not read, the answer
 * is "cannot look", never "no such request": that failure (exit 1), or undefined when every
 * such list was read.
 */
export const unreadListsFailure = (
  state: GatewayRecord,
  warnings: readonly string[],
  id: string,
  extra: Extra,
): Failed | undefined => {
  const unread = Object.entries(blockingUnreadLists(unreadLists(state, warnings)));
  if (unread.length === 0) return undefined;
  const why = unread.map(([kind, reason]) => `${kind}: ${reason}`).join('; ');
  return failed(
    {kind: 'lists-unread', message: `cannot look up ${id}: not every list was read (${why})`},
    EXIT.failed,
    extra,
  );
};

export type GuardedAudit = {
  /** Handed to the link, which appends only an applied decision. */
  readonly log: AuditLog;
  /** One warning per append that failed; read after the decision's outcome is known. */
  readonly warnings: () => readonly string[];
};

/** The audit log at `options.paths.auditLog`; opening it writes nothing. */
export const openGuardedAudit = (options: Options): GuardedAudit => {
  const log = openAuditLog(options.paths.auditLog);
  const failures: string[] = [];
  return {
    log: {
      file: log.file,
      readRecent: (limit) => log.readRecent(limit),
      append: (entry: AuditEntry) => {
        try {
          log.append(entry);
        } catch (error) {
          failures.push(error instanceof Error ? error.message : String(error));
        }
      },
    },
    warnings: () =>
      failures.map(
        (failure) => `the decision could not be written to ${options.paths.auditLog}: ${failure}`,
      ),
  };
};

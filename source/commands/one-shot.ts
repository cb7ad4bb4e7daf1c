// The frame around every one-shot twin: open the session (lists read), run the body, always close,
// and turn a session failure into the one-line report and its exit code.

import type {Options} from '../config/options.ts';
import {reportSessionFailure} from './command-failure.ts';
import type {AuditLog} from '../audit/audit-log.ts';
import type {BridgeReads} from '../state/bridge.ts';
import type {CommandIo, ExitCode} from './command-io.ts';
import {
  openGatewaySession,
  SessionError,
  type GatewaySession,
  type SessionDeps,
} from './gateway-session.ts';

export const withOneShotSession = async (
  options: Options,
  io: CommandIo,
  deps: SessionDeps,
  body: (session: GatewaySession) => Promise<ExitCode>,
  {
    failureExtra = {},
    reads,
    audit,
  }: {
    readonly failureExtra?: Readonly<Record<string, unknown>>;
    /** 'inbox' for the twins that print only the inbox (pending, approve, deny, answer). */
    readonly reads?: BridgeReads;
    /** Where decisions and answers are recorded. */
    readonly audit?: AuditLog;
  } = {},
): Promise<ExitCode> => {
  let session: GatewaySession;
  try {
    session = await openGatewaySession(
      options,
      {
        reconnect: false,
        readLists: true,
        ...(reads === undefined ? {} : {reads}),
        ...(audit === undefined ? {} : {audit}),
      },
      deps,
    );
  } catch (error) {
    if (error instanceof SessionError) {
      return reportSessionFailure(io, options, error.failure, failureExtra);
    }
    throw error;
  }
  try {
    return await body(session);
  } finally {
    await session.close();
  }
};

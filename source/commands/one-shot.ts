// The frame around every one-shot twin: open the session (lists read), run the body, always close,
// and turn a session failure into the one-line report and its exit code.

import type {Options} from '../config/options.ts';
import {reportSessionFailure} from './command-failure.ts';
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
  failureExtra: Readonly<Record<string, unknown>> = {},
): Promise<ExitCode> => {
  let session: GatewaySession;
  try {
    session = await openGatewaySession(options, {reconnect: false, readLists: true}, deps);
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

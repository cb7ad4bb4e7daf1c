// The frame around every one-shot twin's read: open the session (lists read), run the body,
// always close, and turn a session failure into its failure document and exit code. What comes
// back is data (twin-result.ts): the single-gateway twin prints it, the fleet merges several.

import type {AuditLog} from '../audit/audit-log.ts';
import type {Options} from '../config/options.ts';
import type {BridgeReads} from '../state/bridge.ts';
import {sessionFailed} from './command-failure.ts';
import {
  openGatewaySession,
  SessionError,
  type GatewaySession,
  type SessionDeps,
} from './gateway-session.ts';
import {startMark} from '../start-marks.ts';
import type {TwinResult} from './twin-result.ts';

export const readOneShot = async <Value>(
  options: Options,
  deps: SessionDeps,
  body: (session: GatewaySession) => TwinResult<Value> | Promise<TwinResult<Value>>,
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
): Promise<TwinResult<Value>> => {
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
    if (error instanceof SessionError) return sessionFailed(options, error.failure, failureExtra);
    throw error;
  }
  try {
    return await body(session);
  } finally {
    await session.close();
    startMark('closed');
  }
};

// Small factories for state tests: a row from the few fields a case cares about.

import type {
  ApprovalRequest,
  PendingDevice,
  SessionRow,
  SessionsChanged,
} from '../../../source/protocol/types.ts';
import type {GatewayEvent} from '../../../source/state/actions.ts';
import {createInitialState, rootReducer, type AppState} from '../../../source/state/reducer.ts';
import {addressed, type TestAction} from '../../support/state.ts';
import {toSession} from '../../../source/state/session-derive.ts';
import type {Session} from '../../../source/state/model.ts';

export type RowSpec = Partial<Omit<SessionRow, 'key'>> & {
  readonly key: string;
  /** Shorthand for parentSessionKey. */
  readonly parent?: string;
};

export const makeRow = ({key, parent, ...rest}: RowSpec): SessionRow => ({
  key,
  ...(parent === undefined ? {} : {parentSessionKey: parent}),
  ...rest,
});

export const makeSession = (spec: RowSpec): Session => toSession(makeRow(spec));

export const makeState = (overrides: {readonly tailCapacity?: number} = {}): AppState =>
  createInitialState({
    url: 'ws://127.0.0.1:18789',
    urlSource: 'default',
    credentialSource: 'none',
    host: '127.0.0.1:18789',
    ...overrides,
  });

/** Reduce `actions` (gateway events go to the default gateway) from `state`. */
export const run = (actions: readonly TestAction[], state: AppState = makeState()): AppState =>
  actions.reduce((current, action) => rootReducer(current, addressed(action)), state);

export const snapshot = (
  rows: readonly SessionRow[],
  requestedAt: number,
  at = requestedAt + 5,
  complete = true,
): GatewayEvent => ({type: 'sessions/snapshot-loaded', rows, complete, requestedAt, at});

export const changed = (change: SessionsChanged, at: number): GatewayEvent => ({
  type: 'session/changed',
  change,
  at,
});

export const upsert = (
  row: SessionRow,
  at: number,
  extra: Partial<SessionsChanged> = {},
): GatewayEvent => changed({sessionKey: row.key, session: row, ancestorSessions: [], ...extra}, at);

export const makeDevice = (
  spec: Partial<PendingDevice> & {readonly requestId: string},
): PendingDevice => ({
  deviceId: `device-${spec.requestId}`,
  ts: 1_000,
  displayName: 'laptop',
  role: 'operator',
  scopes: ['operator.read'],
  ...spec,
});

export const makeApproval = (
  spec: Partial<ApprovalRequest> & {readonly id: string},
): ApprovalRequest => ({
  kind: 'exec',
  command: 'echo hi',
  allowedDecisions: ['allow-once', 'deny'],
  ...spec,
});

/** The whole state as text, Maps included (JSON.stringify alone prints a Map as {}). */
export const stateText = (state: AppState): string =>
  JSON.stringify(state, (_key, value: unknown) =>
    value instanceof Map ? Object.fromEntries(value) : value,
  );

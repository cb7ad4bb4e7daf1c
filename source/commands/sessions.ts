// `openclaw-tui sessions`: every session in tree order (parents before their children, main
// first), as JSON records or an indented tree. A parent the gateway names but does not list shows
// as a placeholder row (`parentMissing`), so no child is ever dropped.

import type {Options} from '../config/options.ts';
import type {TreeRow} from '../state/model.ts';
import type {GatewayRecord} from '../state/gateway-record.ts';
import {sessionEntryOf} from '../state/sessions-slice.ts';
import {gatewayRecordOf} from '../state/reducer.ts';
import {selectTreeRows} from '../state/selectors.ts';
import {safe} from '../text/sanitize.ts';
import {failed} from './command-failure.ts';
import {EXIT, isoTime, orNull} from './command-io.ts';
import type {SessionDeps} from './gateway-session.ts';
import {readOneShot} from './one-shot.ts';
import {documentView, printedTwin, succeeded, type TwinResult} from './twin-result.ts';

export type SessionRecord = {
  readonly key: string;
  readonly parentKey: string | null;
  readonly depth: number;
  readonly status: string;
  readonly agentId: string | null;
  readonly channel: string | null;
  readonly label: string | null;
  readonly title: string;
  readonly role: string;
  readonly model: string | null;
  readonly activeRunIds: readonly string[];
  readonly childCount: number;
  readonly createdAt: string | null;
  readonly updatedAt: string | null;
  readonly parentMissing: boolean;
};

export const sessionRecord = (state: GatewayRecord, row: TreeRow): SessionRecord => {
  const {session} = row;
  const raw = sessionEntryOf(state.sessions, row.key)?.row;
  return {
    key: row.key,
    parentKey: orNull(session.parentKey),
    depth: row.depth,
    status: session.status,
    agentId: orNull(session.agentId),
    channel: orNull(session.channel),
    label: orNull(raw?.label),
    title: session.title,
    role: session.role,
    model: orNull(session.model),
    activeRunIds: session.activeRunIds,
    childCount: row.childCount,
    createdAt: isoTime(session.createdAt),
    updatedAt: isoTime(session.updatedAt),
    parentMissing: row.parentMissing,
  };
};

const treeLine = (record: SessionRecord): string => {
  const indent = record.depth === 0 ? '' : `${'  '.repeat(record.depth - 1)}└ `;
  const title = record.parentMissing
    ? `${safe(record.title)} (parent not visible)`
    : safe(record.title);
  const extras = [
    record.agentId === null ? undefined : `agent ${safe(record.agentId)}`,
    record.channel === null ? undefined : safe(record.channel),
    record.model === null ? undefined : safe(record.model),
  ].filter((part): part is string => part !== undefined);
  return `${indent}${title}  [${record.status}]  ${safe(record.key)}${extras.length > 0 ? `  (${extras.join(', ')})` : ''}`;
};

/** `sessions --json` (schema in the readme). */
export type SessionsDoc = {
  readonly ok: true;
  readonly complete: boolean;
  readonly count: number;
  readonly sessions: readonly SessionRecord[];
};

export const readSessions = (
  options: Options,
  deps: SessionDeps,
): Promise<TwinResult<SessionsDoc>> =>
  readOneShot(options, deps, (session) => {
    const appState = session.store.getState();
    const state = gatewayRecordOf(appState, session.gateway);
    if (!state.sessions.loaded) {
      const why = session.warnings().find((line) => line.startsWith('sessions read failed'));
      return failed(
        {kind: 'read-failed', message: why ?? 'sessions could not be read'},
        EXIT.failed,
      );
    }
    const records = selectTreeRows(appState, session.gateway).map((row) =>
      sessionRecord(state, row),
    );
    return succeeded({
      ok: true,
      complete: state.sessions.complete,
      count: records.filter((record) => !record.parentMissing).length,
      sessions: records,
    });
  });

const sessionsLines = (doc: SessionsDoc): readonly string[] => {
  if (doc.sessions.length === 0) return ['no sessions'];
  const lines = doc.sessions.map(treeLine);
  if (!doc.complete) lines.push('(the gateway has more sessions than were read)');
  return lines;
};

export const sessionsView = documentView(sessionsLines);

export const runSessions = printedTwin(readSessions, sessionsView);

// `openclaw-tui status`: where the gateway is and how it was found, whether we could connect,
// what it granted, and how many sessions and waiting items it has. Credentials are named by their
// source only. A failed connection is exit 1 with one line (and {ok:false,…} with --json).
// `readStatus` gives the document as data (the fleet lists one per gateway); the human lines are
// drawn from that same document.

import type {Options} from '../config/options.ts';
import type {InboxKind} from '../state/model.ts';
import {gatewayRecordOf} from '../state/reducer.ts';
import {
  selectInboxCountsByKind,
  selectSessionCounts,
  type SessionCounts,
} from '../state/selectors.ts';
import {safe} from '../text/sanitize.ts';
import {KIND_LABEL} from '../state/inbox-describe.ts';
import {orNull} from './command-io.ts';
import type {GatewayTarget, SessionDeps} from './gateway-session.ts';
import {INBOX_KINDS, unreadLists, type UnreadLists} from './inbox-coverage.ts';
import {readOneShot} from './one-shot.ts';
import {documentView, printedTwin, succeeded, type TwinResult} from './twin-result.ts';

/** `status --json` (schema in the readme). */
export type StatusDoc = {
  readonly ok: true;
  readonly gateway: GatewayTarget;
  readonly connection: {
    readonly ok: true;
    readonly problem: null;
    readonly serverVersion: string | null;
    readonly protocol: number | null;
    readonly scopes: readonly string[];
    readonly requestedScopes: readonly string[];
    readonly readOnly: boolean;
    readonly deviceId: string;
  };
  readonly sessions: SessionCounts & {readonly read: boolean; readonly complete: boolean};
  readonly inbox: {
    readonly total: number;
    readonly byKind: Readonly<Record<InboxKind, number>>;
    readonly unread: UnreadLists;
  };
  readonly warnings: readonly string[];
};

export const readStatus = (options: Options, deps: SessionDeps): Promise<TwinResult<StatusDoc>> =>
  readOneShot(options, deps, (session) => {
    const appState = session.store.getState();
    const state = gatewayRecordOf(appState, session.gateway);
    const {gateway} = state;
    const byKind = selectInboxCountsByKind(appState, session.gateway);
    const sessionsRead = state.sessions.loaded;
    return succeeded({
      ok: true,
      gateway: {
        url: session.target.url,
        urlSource: session.target.urlSource,
        credentialSource: session.target.credentialSource,
        demo: session.target.demo,
      },
      connection: {
        ok: true,
        problem: null,
        serverVersion: orNull(gateway.serverVersion),
        protocol: orNull(gateway.protocol),
        scopes: gateway.scopes,
        requestedScopes: session.requestedScopes,
        readOnly: options.readOnly,
        deviceId: session.deviceId,
      },
      sessions: {
        ...selectSessionCounts(appState, session.gateway),
        read: sessionsRead,
        complete: sessionsRead && state.sessions.complete,
      },
      inbox: {
        total: INBOX_KINDS.reduce((sum, kind) => sum + byKind[kind], 0),
        byKind,
        unread: unreadLists(state, session.warnings()),
      },
      warnings: options.warnings,
    });
  });

const statusLines = (doc: StatusDoc): readonly string[] => {
  const {gateway, connection, sessions, inbox} = doc;
  const {byKind, unread} = inbox;
  const scopes = connection.scopes.length > 0 ? connection.scopes.map(safe).join(', ') : 'none';
  // `complete` is only true when the sessions were read
  const sessionLine = sessions.read
    ? `${sessions.total}${sessions.complete ? '' : '+'} (${sessions.running} running, ${sessions.queued} queued, ${sessions.idle} idle, ${sessions.done} done, ${sessions.failed} failed, ${sessions.stopped} stopped, ${sessions.unknown} unknown)`
    : 'could not be read';
  const kinds = INBOX_KINDS.map((kind) =>
    unread[kind] === undefined
      ? `${byKind[kind]} ${KIND_LABEL[kind]}`
      : `${KIND_LABEL[kind]} not read`,
  );
  const rows: [string, string][] = [
    ['gateway', `${safe(gateway.url)}${gateway.demo ? ' (demo)' : ''}`],
    ['found via', safe(gateway.urlSource)],
    ['credential', safe(gateway.credentialSource)],
    [
      'connection',
      `ok · OpenClaw ${safe(connection.serverVersion ?? 'unknown version')} · protocol ${connection.protocol ?? '?'}`,
    ],
    ['scopes', `${scopes}${connection.readOnly ? ' (--read-only)' : ''}`],
    ['device', connection.deviceId],
    ['sessions', sessionLine],
    ['waiting', `${inbox.total} (${kinds.join(', ')})`],
  ];
  const lines = rows.map(([label, value]) => `${label.padEnd(11)}${value}`);
  for (const kind of INBOX_KINDS) {
    const why = unread[kind];
    if (why !== undefined) lines.push(`${''.padEnd(11)}${KIND_LABEL[kind]}: ${safe(why)}`);
  }
  return lines;
};

export const statusView = documentView(statusLines);

export const runStatus = printedTwin(readStatus, statusView);

// `openclaw-tui status`: where the gateway is and how it was found, whether we could connect,
// what it granted, and how many sessions and waiting items it has. Credentials are named by their
// source only. A failed connection is exit 1 with one line (and {ok:false,…} with --json).

import type {Options} from '../config/options.ts';
import {gatewayRecordOf} from '../state/reducer.ts';
import {selectInboxCountsByKind, selectSessionCounts} from '../state/selectors.ts';
import {safe} from '../text/sanitize.ts';
import {KIND_LABEL} from '../state/inbox-describe.ts';
import {EXIT, orNull, writeJson, writeLine, type CommandIo, type ExitCode} from './command-io.ts';
import type {SessionDeps} from './gateway-session.ts';
import {INBOX_KINDS, unreadLists} from './inbox-coverage.ts';
import {withOneShotSession} from './one-shot.ts';

export const runStatus = (options: Options, io: CommandIo, deps: SessionDeps): Promise<ExitCode> =>
  withOneShotSession(options, io, deps, async (session) => {
    const appState = session.store.getState();
    const state = gatewayRecordOf(appState, session.gateway);
    const {gateway} = state;
    const sessions = selectSessionCounts(appState, session.gateway);
    const byKind = selectInboxCountsByKind(appState, session.gateway);
    const unread = unreadLists(state, session.warnings());
    const inboxTotal = INBOX_KINDS.reduce((sum, kind) => sum + byKind[kind], 0);
    const sessionsRead = state.sessions.loaded;

    if (options.json) {
      writeJson(io, {
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
          ...sessions,
          read: sessionsRead,
          complete: sessionsRead && state.sessions.complete,
        },
        inbox: {total: inboxTotal, byKind, unread},
        warnings: options.warnings,
      });
      return EXIT.ok;
    }

    const scopes = gateway.scopes.length > 0 ? gateway.scopes.map(safe).join(', ') : 'none';
    const sessionLine = sessionsRead
      ? `${sessions.total}${state.sessions.complete ? '' : '+'} (${sessions.running} running, ${sessions.queued} queued, ${sessions.idle} idle, ${sessions.done} done, ${sessions.failed} failed, ${sessions.stopped} stopped, ${sessions.unknown} unknown)`
      : 'could not be read';
    const kinds = INBOX_KINDS.map((kind) =>
      unread[kind] === undefined
        ? `${byKind[kind]} ${KIND_LABEL[kind]}`
        : `${KIND_LABEL[kind]} not read`,
    );
    const rows: [string, string][] = [
      ['gateway', `${safe(session.target.url)}${session.target.demo ? ' (demo)' : ''}`],
      ['found via', safe(session.target.urlSource)],
      ['credential', safe(session.target.credentialSource)],
      [
        'connection',
        `ok · OpenClaw ${safe(gateway.serverVersion ?? 'unknown version')} · protocol ${gateway.protocol ?? '?'}`,
      ],
      ['scopes', `${scopes}${options.readOnly ? ' (--read-only)' : ''}`],
      ['device', session.deviceId],
      ['sessions', sessionLine],
      ['waiting', `${inboxTotal} (${kinds.join(', ')})`],
    ];
    for (const [label, value] of rows) writeLine(io, `${label.padEnd(11)}${value}`);
    for (const kind of INBOX_KINDS) {
      const why = unread[kind];
      if (why !== undefined) writeLine(io, `${''.padEnd(11)}${KIND_LABEL[kind]}: ${safe(why)}`);
    }
    return EXIT.ok;
  });

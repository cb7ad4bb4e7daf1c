// `openclaw-tui pending`: everything waiting for a human, oldest first, each with its exact id
// (the only thing approve/deny accept). Lists the console could not read are named, so "nothing
// pending" is never claimed for a list nobody looked at.

import type {Options} from '../config/options.ts';
import {gatewayRecordOf} from '../state/reducer.ts';
import {selectOpenInboxItems, selectPairedDevices} from '../state/selectors.ts';
import {safe} from '../text/sanitize.ts';
import {KIND_LABEL} from '../state/inbox-describe.ts';
import {EXIT, writeJson, writeLine, type CommandIo, type ExitCode} from './command-io.ts';
import type {SessionDeps} from './gateway-session.ts';
import {INBOX_KINDS, unreadLists} from './inbox-coverage.ts';
import {withOneShotSession} from './one-shot.ts';
import {pendingEntry, pendingLines} from './pending-entry.ts';

export const runPending = (
  options: Options,
  io: CommandIo,
  deps: SessionDeps,
  now: () => number = Date.now,
): Promise<ExitCode> =>
  withOneShotSession(
    options,
    io,
    deps,
    async (session) => {
      const state = session.store.getState();
      const items = selectOpenInboxItems(state, session.gateway);
      const paired = selectPairedDevices(state, session.gateway);
      const entries = items.map((item) => pendingEntry(item, paired));
      const unread = unreadLists(gatewayRecordOf(state, session.gateway), session.warnings());
      if (options.json) {
        writeJson(io, {ok: true, count: entries.length, pending: entries, unread});
        return EXIT.ok;
      }
      if (items.length === 0) writeLine(io, 'nothing is waiting for a decision');
      items.forEach((item, index) => {
        if (index > 0) writeLine(io, '');
        const entry = entries[index];
        if (entry) for (const line of pendingLines(item, entry, now())) writeLine(io, line);
      });
      for (const kind of INBOX_KINDS) {
        const why = unread[kind];
        if (why !== undefined) writeLine(io, `(${KIND_LABEL[kind]} not read: ${safe(why)})`);
      }
      return EXIT.ok;
    },
    {reads: 'inbox'},
  );

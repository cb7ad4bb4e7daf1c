// `openclaw-tui pending`: everything waiting for a human, oldest first, each with its exact id
// (the only thing approve/deny accept). Lists the console could not read are named, so "nothing
// pending" is never claimed for a list nobody looked at. `readPending` gives the document as
// data (the fleet merges it, and looks ids up in it); the human lines also need the items.

import type {Options} from '../config/options.ts';
import type {InboxItem} from '../state/model.ts';
import {gatewayRecordOf} from '../state/reducer.ts';
import {selectOpenInboxItems, selectPairedDevices} from '../state/selectors.ts';
import {safe} from '../text/sanitize.ts';
import {KIND_LABEL} from '../state/inbox-describe.ts';
import type {SessionDeps} from './gateway-session.ts';
import {INBOX_KINDS, unreadLists, type UnreadLists} from './inbox-coverage.ts';
import {readOneShot} from './one-shot.ts';
import {pendingEntry, pendingLines, type PendingEntry} from './pending-entry.ts';
import {printedTwin, succeeded, type TwinResult, type TwinView} from './twin-result.ts';

/** `pending --json` (schema in the readme). */
export type PendingDoc = {
  readonly ok: true;
  readonly count: number;
  readonly pending: readonly PendingEntry[];
  readonly unread: UnreadLists;
};

/** The document, and the open items it was made from (in the same order) for the human lines. */
export type PendingRead = {readonly doc: PendingDoc; readonly items: readonly InboxItem[]};

export const readPending = (
  options: Options,
  deps: SessionDeps,
): Promise<TwinResult<PendingRead>> =>
  readOneShot(
    options,
    deps,
    (session) => {
      const state = session.store.getState();
      const items = selectOpenInboxItems(state, session.gateway);
      const paired = selectPairedDevices(state, session.gateway);
      const entries = items.map((item) => pendingEntry(item, paired));
      const unread = unreadLists(gatewayRecordOf(state, session.gateway), session.warnings());
      return succeeded({doc: {ok: true, count: entries.length, pending: entries, unread}, items});
    },
    {reads: 'inbox'},
  );

export const pendingView = (now: () => number = Date.now): TwinView<PendingRead> => ({
  json: ({doc}) => doc,
  lines: ({doc, items}) => {
    const lines: string[] = [];
    if (items.length === 0) lines.push('nothing is waiting for a decision');
    items.forEach((item, index) => {
      if (index > 0) lines.push('');
      const entry = doc.pending[index];
      if (entry) lines.push(...pendingLines(item, entry, now()));
    });
    for (const kind of INBOX_KINDS) {
      const why = doc.unread[kind];
      if (why !== undefined) lines.push(`(${KIND_LABEL[kind]} not read: ${safe(why)})`);
    }
    return lines;
  },
});

export const runPending = printedTwin(readPending, pendingView());

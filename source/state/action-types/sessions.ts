// Session lists and changes (reduced by sessions-slice.ts).

import type {SessionRow, SessionsChanged} from '../../protocol/types.ts';

export type SessionsSnapshotLoaded = {
  readonly type: 'sessions/snapshot-loaded';
  readonly rows: readonly SessionRow[];
  /** false when the gateway said hasMore: rows we hold but the page lacks are kept. */
  readonly complete: boolean;
  /** When the bridge sent the request: events after this are newer than the snapshot. */
  readonly requestedAt: number;
  readonly at: number;
};

export type SessionChanged = {
  readonly type: 'session/changed';
  readonly change: SessionsChanged;
  readonly at: number;
};

/**
 * Several sessions.changed events that arrived together (one socket read), reduced as one: under
 * a flood the session map is copied once per batch instead of once per event.
 */
export type SessionsChangedTogether = {
  readonly type: 'sessions/changed-together';
  readonly changes: readonly SessionsChanged[];
  readonly at: number;
};

export type SessionsAction = SessionsSnapshotLoaded | SessionChanged | SessionsChangedTogether;

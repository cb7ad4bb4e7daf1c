// Probe (not part of `npm run bench`): the state side of the fleet console under a flood, without
// a screen, sockets or React: 10 gateway records × 1,000 sessions fed through the real reducer
// with what a flood sends (session changes in batches, run lifecycle lines for the tail), and per
// frame the selectors the App reads for every pane (merged tree, inbox, events, Fleet rows, the
// four cursors, tasks). Prints the reducer's cost per batch and the selectors' cost per frame.
// Run it from two checkouts in turn to compare them (the machine's load hits both alike).
import type {SessionRow, SessionsChanged} from '../../source/protocol/types.ts';
import {forGateway, type Action} from '../../source/state/actions.ts';
import {
  selectFleetCursor,
  selectFleetDeliveries,
  selectFleetEvents,
  selectFleetInbox,
  selectFleetInboxCount,
  selectFleetRows,
  selectFleetTaskActions,
  selectFleetTaskStates,
  selectFleetTreeRows,
} from '../../source/state/fleet-selectors.ts';
import {createGatewayRecord} from '../../source/state/gateway-record.ts';
import {rootReducer, type AppState} from '../../source/state/reducer.ts';
import {initialUiState} from '../../source/state/ui-slice.ts';

const GATEWAYS = Number(process.env.GATEWAYS ?? 10);
const SESSIONS = 1000;
const FRAMES = 150;
/** 2,000 events/s over the fleet at ~5 frames/s: ~400 events per frame, ~40 per gateway. */
const BATCHES_PER_GATEWAY = 10;
const LINES_PER_GATEWAY = 20;

let seed = 1;
const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;

const ids = Array.from({length: GATEWAYS}, (_, g) => `gw${g + 1}`);
let state: AppState = {
  gateways: Object.fromEntries(
    ids.map((id) => [
      id,
      createGatewayRecord({
        url: `ws://127.0.0.1:${20000 + ids.indexOf(id)}`,
        urlSource: 'probe',
        credentialSource: 'probe',
      }),
    ]),
  ),
  ui: initialUiState,
};
const rowsOf = new Map<string, Map<string, SessionRow>>();
let at = 1_000_000;
const dispatch = (action: Action): void => {
  state = rootReducer(state, action);
};
for (const id of ids) {
  const rows = new Map<string, SessionRow>();
  rows.set('agent:main:main', {key: 'agent:main:main', label: 'main', createdAt: 0, isMain: true});
  for (let i = 1; i < SESSIONS; i++) {
    const parent =
      i < 20 ? 'agent:main:main' : `agent:main:subagent:${1 + Math.floor(random() * (i - 1))}`;
    const key = `agent:main:subagent:${i}`;
    rows.set(key, {key, label: `s${i}`, parentSessionKey: parent, createdAt: i, status: 'done'});
  }
  rowsOf.set(id, rows);
  dispatch(
    forGateway(id, {
      type: 'sessions/snapshot-loaded',
      rows: [...rows.values()],
      complete: true,
      requestedAt: at,
      at,
    }) as Action,
  );
}

const ancestorsOf = (rows: Map<string, SessionRow>, key: string): SessionRow[] => {
  const out: SessionRow[] = [];
  let parent = rows.get(key)?.parentSessionKey;
  while (parent !== undefined && out.length < 5) {
    const row = rows.get(parent);
    if (row === undefined) break;
    out.push(row);
    parent = row.parentSessionKey;
  }
  return out;
};

const selectors: readonly (readonly [string, () => unknown])[] = [
  ['fleet rows', () => selectFleetRows(state)],
  ['tree rows', () => selectFleetTreeRows(state)],
  ['inbox', () => selectFleetInbox(state)],
  ['events', () => selectFleetEvents(state)],
  ['inbox count', () => selectFleetInboxCount(state)],
  ['deliveries', () => selectFleetDeliveries(state)],
  ['task states', () => selectFleetTaskStates(state)],
  ['task actions', () => selectFleetTaskActions(state)],
  ...(['fleet', 'sessions', 'inbox', 'events'] as const).map(
    (pane) => [`cursor ${pane}`, () => selectFleetCursor(state, pane)] as const,
  ),
];
const spent = new Map<string, number>();
const frameSelectors = (): void => {
  for (const [name, select] of selectors) {
    const startedAt = performance.now();
    select();
    spent.set(name, (spent.get(name) ?? 0) + performance.now() - startedAt);
  }
};
frameSelectors();
spent.clear();

let reduceMs = 0;
let batches = 0;
let selectMs = 0;
for (let frame = 0; frame < FRAMES; frame++) {
  const startedReduce = performance.now();
  for (const id of ids) {
    const rows = rowsOf.get(id) as Map<string, SessionRow>;
    for (let b = 0; b < BATCHES_PER_GATEWAY; b++) {
      at += 1;
      const key = `agent:main:subagent:${1 + Math.floor(random() * (SESSIONS - 1))}`;
      const row = {
        ...(rows.get(key) as SessionRow),
        status: random() < 0.5 ? 'running' : 'done',
        updatedAt: at,
      };
      rows.set(key, row);
      const change: SessionsChanged = {
        sessionKey: key,
        reason: 'changed',
        session: row,
        ancestorSessions: ancestorsOf(rows, key),
      };
      dispatch(
        forGateway(id, {
          type: 'sessions/changed-together',
          changes: [change, change],
          at,
        }) as Action,
      );
      batches++;
    }
    for (let l = 0; l < LINES_PER_GATEWAY; l++) {
      const key = `agent:main:subagent:${1 + Math.floor(random() * (SESSIONS - 1))}`;
      dispatch(
        forGateway(id, {
          type: 'agent/event',
          event: {
            runId: `r${at}`,
            stream: 'lifecycle',
            sessionKey: key,
            data: {phase: l % 2 === 0 ? 'start' : 'end'},
          },
          at,
        }) as Action,
      );
    }
  }
  reduceMs += performance.now() - startedReduce;
  const startedSelect = performance.now();
  frameSelectors();
  selectMs += performance.now() - startedSelect;
}
console.log(
  `${GATEWAYS} gateways × ${SESSIONS} sessions: selectors ${(selectMs / FRAMES).toFixed(2)} ms per frame; reducer ${((reduceMs / batches) * 1000).toFixed(0)} µs per session batch (lines included), ${(reduceMs / FRAMES).toFixed(1)} ms per frame's worth of events`,
);
if (process.env.DETAIL === '1') {
  for (const [name, ms] of spent)
    console.log(`  ${name}: ${(ms / FRAMES).toFixed(2)} ms per frame`);
}

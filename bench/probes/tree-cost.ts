// Probe (not part of `npm run bench`): what the Sessions tree of a fleet costs per frame under a
// flood, without a screen or sockets: 10 gateways × 1,000 sessions, a few sessions of every
// gateway changed between two frames (as 2,000 events/s over 10 gateways do at ~5 frames/s).
// "rebuild" builds each gateway's forest and rows anew (the code before the fleet's perf work);
// "patch" is what fleet-selectors.ts does (updateForest + updateVisibleRows). Interleaved, so
// the machine's load hits both alike.
import type {SessionRow} from '../../source/protocol/types.ts';
import {toSession} from '../../source/state/session-derive.ts';
import {TableDraft, tableOf, tableValues, type SlotTable} from '../../source/state/slot-table.ts';
import {
  buildForest,
  updateForest,
  updateVisibleRows,
  visibleRows,
  type BuiltForest,
  type TreeView,
  type VisibleTree,
} from '../../source/state/tree.ts';

const GATEWAYS = Number(process.env.GATEWAYS ?? 10);
const SESSIONS = 1000;
const FRAMES = 200;
const CHANGED_PER_GATEWAY = 8;

let seed = 1;
const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
type Entry = {readonly row: SessionRow; readonly session: ReturnType<typeof toSession>};

const gateways = Array.from({length: GATEWAYS}, (_, g) => {
  const rows: SessionRow[] = [{key: 'agent:main:main', label: 'main', createdAt: 0}];
  for (let i = 1; i < SESSIONS; i++) {
    const parent =
      i < 20 ? 'agent:main:main' : `agent:main:subagent:${1 + Math.floor(random() * (i - 1))}`;
    rows.push({
      key: `agent:main:subagent:${i}`,
      label: `s${i}`,
      parentSessionKey: parent,
      createdAt: i,
      status: 'done',
    });
  }
  const map: SlotTable<Entry> = tableOf(
    rows.map((row) => [row.key, {row, session: toSession(row)}]),
  );
  const view: TreeView = {collapsed: {}, waiting: new Set(), gateway: {id: `gw${g}`, depth: 1}};
  return {map, view};
});

/** What the flood does between two frames: runs start and end, activity moves. */
const flood = (): void => {
  for (const gateway of gateways) {
    const map = new TableDraft(gateway.map);
    for (let c = 0; c < CHANGED_PER_GATEWAY; c++) {
      const key = `agent:main:subagent:${1 + Math.floor(random() * (SESSIONS - 1))}`;
      const entry = map.get(key) as Entry;
      const row = {
        ...entry.row,
        status: random() < 0.5 ? 'running' : 'done',
        updatedAt: Math.floor(random() * 1e6),
      };
      map.set(key, {row, session: toSession(row)});
    }
    gateway.map = map.finish();
  }
};

const run = (mode: 'rebuild' | 'patch'): number => {
  const forests: (BuiltForest | undefined)[] = [];
  const trees: (VisibleTree | undefined)[] = [];
  let ms = 0;
  for (let frame = 0; frame < FRAMES; frame++) {
    flood();
    const startedAt = performance.now();
    gateways.forEach((gateway, g) => {
      if (mode === 'rebuild') {
        visibleRows(
          buildForest(Array.from(tableValues(gateway.map), (e) => e.session)),
          gateway.view,
        );
        return;
      }
      const forest = updateForest(forests[g], gateway.map);
      forests[g] = {sessions: gateway.map, forest};
      trees[g] = updateVisibleRows(trees[g], forest, gateway.view);
    });
    ms += performance.now() - startedAt;
  }
  return ms / FRAMES;
};

for (const mode of ['rebuild', 'patch', 'rebuild', 'patch'] as const) {
  console.log(
    `${mode}: ${run(mode).toFixed(2)} ms per frame (${GATEWAYS} gateways × ${SESSIONS} sessions, ${CHANGED_PER_GATEWAY} changed on each)`,
  );
}

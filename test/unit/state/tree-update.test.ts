// updateForest and updateVisibleRows patch the previous forest and rows instead of building them
// again: whatever the changes, the result must equal building from scratch.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Session} from '../../../source/state/model.ts';
import {
  buildForest,
  updateForest,
  updateVisibleRows,
  visibleRows,
  type BuiltForest,
  type Forest,
  type SessionSource,
  type TreeView,
  type VisibleTree,
} from '../../../source/state/tree.ts';
import {
  TableDraft,
  tableEntries,
  tableGet,
  tableOf,
  tableValues,
} from '../../../source/state/slot-table.ts';
import {makeSession, type RowSpec} from './factories.ts';
import {mulberry32} from '../../../source/fixture/fixture-ids.ts';

/** The same cases every run. */
const random = mulberry32;

type Entries = SessionSource;

const entriesOf = (specs: ReadonlyMap<string, RowSpec>): Entries =>
  tableOf([...specs].map(([key, spec]) => [key, {session: makeSession(spec)}]));

/**
 * `previous` written as the sessions slice writes it: changed specs get a new session, the others
 * keep their objects, gone keys are deleted (same slots while no key comes or goes).
 */
const changedEntries = (
  previous: Entries,
  specs: ReadonlyMap<string, RowSpec>,
  before: ReadonlyMap<string, RowSpec>,
): Entries => {
  const draft = new TableDraft(previous);
  for (const [key] of tableEntries(previous)) if (!specs.has(key)) draft.delete(key);
  for (const [key, spec] of specs) {
    if (tableGet(previous, key) === undefined || before.get(key) !== spec) {
      draft.set(key, {session: makeSession(spec)});
    }
  }
  return draft.finish();
};

const comparable = (forest: Forest) => ({nodes: new Map(forest.nodes), roots: forest.roots});

const listOf = (entries: Entries): Session[] => Array.from(tableValues(entries), (e) => e.session);

/** A swarm with what makes trees hard: missing parents, back-links, cycles, non-main roots. */
const startSpecs = (next: () => number): Map<string, RowSpec> => {
  const specs = new Map<string, RowSpec>();
  const add = (spec: RowSpec): void => void specs.set(spec.key, spec);
  add({key: 'agent:main:main', label: 'main', createdAt: 0, lastActivityAt: 5});
  add({key: 'agent:ops:main', label: 'ops', createdAt: 1, lastActivityAt: 9});
  add({key: 'agent:main:cron:a', label: 'cron a', createdAt: 2, lastActivityAt: 3});
  add({key: 'agent:main:cron:b', label: 'cron b', createdAt: 3, lastActivityAt: 4});
  add({key: 'cyc:1', label: 'c1', childSessions: ['cyc:2']});
  add({key: 'cyc:2', label: 'c2', childSessions: ['cyc:1']});
  for (let i = 0; i < 60; i++) {
    const keys = [...specs.keys()];
    const roll = next();
    const parent =
      roll < 0.1
        ? `agent:main:subagent:gone-${i % 3}`
        : (keys[Math.floor(next() * keys.length)] as string);
    add({
      key: `agent:main:subagent:${i}`,
      label: `s${i}`,
      createdAt: 10 + Math.floor(next() * 50),
      lastActivityAt: Math.floor(next() * 100),
      ...(roll > 0.85 ? {spawnedBy: parent} : {parent}),
    });
  }
  // A parent listing its children (in another order than by creation): a back-link and a copy.
  add({
    key: 'agent:main:subagent:lister',
    label: 'lister',
    parent: 'agent:main:main',
    createdAt: 5,
    childSessions: ['agent:main:subagent:listed-b', 'agent:main:subagent:listed-a'],
  });
  add({key: 'agent:main:subagent:listed-a', label: 'la', createdAt: 6});
  add({key: 'agent:main:subagent:listed-b', label: 'lb', createdAt: 7});
  return specs;
};

/** Mostly what a flood does (a run starts or ends, activity); now and then a change of shape. */
const mutate = (specs: Map<string, RowSpec>, next: () => number): 'content' | 'shape' => {
  const keys = [...specs.keys()];
  const key = keys[Math.floor(next() * keys.length)] as string;
  const spec = specs.get(key) as RowSpec;
  const roll = next();
  if (roll < 0.7) {
    specs.set(key, {
      ...spec,
      status: next() < 0.5 ? 'running' : 'done',
      lastActivityAt: Math.floor(next() * 200),
      totalTokens: Math.floor(next() * 1000),
    });
    return 'content';
  }
  if (roll < 0.78) {
    specs.set(key, {...spec, label: `renamed ${Math.floor(next() * 1000)}`});
    return 'content';
  }
  if (roll < 0.84) {
    specs.set(key, {...spec, createdAt: Math.floor(next() * 80)});
  } else if (roll < 0.9) {
    const parent = keys[Math.floor(next() * keys.length)] as string;
    specs.set(key, {...spec, parent});
  } else if (roll < 0.95) {
    specs.set(`agent:main:subagent:new-${Math.floor(next() * 1e9)}`, {
      key: `agent:main:subagent:new-${Math.floor(next() * 1e9)}`,
      label: 'new',
      parent: key,
      createdAt: 70,
    });
  } else if (key !== 'agent:main:main') {
    specs.delete(key);
  }
  return 'shape';
};

test('updateForest equals buildForest after every change, and keeps its shape on content changes', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const next = random(seed);
    const specs = startSpecs(next);
    let entries = entriesOf(specs);
    let built: BuiltForest = {sessions: entries, forest: updateForest(undefined, entries)};
    assert.deepEqual(comparable(built.forest), comparable(buildForest(listOf(entries))));
    let patched = 0;
    for (let step = 0; step < 400; step++) {
      // Several changes between two frames, as under a flood; unchanged rows keep their objects.
      const kinds = new Set<string>();
      const before = new Map(specs);
      for (let n = Math.floor(next() * 4); n >= 0; n--) kinds.add(mutate(specs, next));
      entries = changedEntries(entries, specs, before);
      const forest = updateForest(built, entries);
      assert.deepEqual(
        comparable(forest),
        comparable(buildForest(listOf(entries))),
        `seed ${seed} step ${step}`,
      );
      if (!kinds.has('shape') && forest.shape === built.forest.shape) patched++;
      built = {sessions: entries, forest};
    }
    assert.ok(patched > 40, `seed ${seed}: content changes patched the forest (${patched} times)`);
  }
});

test('the same sessions give the same forest; a new table with the same sessions too', () => {
  const entries = entriesOf(new Map([['a', {key: 'a'}]]));
  const forest = updateForest(undefined, entries);
  assert.equal(updateForest({sessions: entries, forest}, entries), forest);
  assert.equal(updateForest({sessions: entries, forest}, tableOf(tableEntries(entries))), forest);
});

test('updateVisibleRows equals visibleRows after every change and view, and keeps unchanged rows', () => {
  for (const seed of [11, 12, 13]) {
    const next = random(seed);
    const specs = startSpecs(next);
    let entries = entriesOf(specs);
    let built: BuiltForest = {sessions: entries, forest: updateForest(undefined, entries)};
    let view: TreeView = {collapsed: {}, waiting: new Set(), gateway: {id: 'gw', depth: 1}};
    let tree: VisibleTree | undefined;
    let kept = 0;
    for (let step = 0; step < 300; step++) {
      if (next() < 0.05) {
        const keys = [...specs.keys()];
        const some = keys[Math.floor(next() * keys.length)] as string;
        view = {
          ...view,
          collapsed: next() < 0.5 ? {} : {[`gw\u001f${some}`]: true},
          waiting: new Set(next() < 0.5 ? [] : [some]),
        };
      }
      const before = new Map(specs);
      mutate(specs, next);
      entries = changedEntries(entries, specs, before);
      built = {sessions: entries, forest: updateForest(built, entries)};
      const last: VisibleTree | undefined = tree;
      tree = updateVisibleRows(last, built.forest, view);
      const expected = visibleRows(buildForest(listOf(entries)), view);
      assert.deepEqual(tree.rows, expected, `seed ${seed} step ${step}`);
      assert.deepEqual(
        tree.uids,
        expected.map((row) => row.uid),
        `seed ${seed} step ${step}: uids`,
      );
      tree.rows.forEach((row, i) => assert.equal(tree?.index.get(row.key), i));
      if (last !== undefined && last.rows !== tree.rows && last.uids === tree.uids) {
        // Patched: every row whose session did not change is the same object as before.
        const same = tree.rows.filter((row, i) => row === last.rows[i]).length;
        assert.ok(same >= tree.rows.length - 1, `seed ${seed} step ${step}: rows kept`);
        kept++;
      }
    }
    assert.ok(kept > 50, `seed ${seed}: rows were patched (${kept} times)`);
  }
});

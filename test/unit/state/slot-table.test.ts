// The sessions' slot table reads like the Map it replaced (values, order, size) after any mix of
// writes and deletes, never changes a table once made, and copies only what a change writes.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {mulberry32} from '../../../source/fixture/fixture-ids.ts';
import {
  emptyTable,
  TableDraft,
  tableEntries,
  tableGet,
  tableHas,
  tableOf,
  tableSize,
  tableValues,
  type SlotTable,
} from '../../../source/state/slot-table.ts';

type Value = {readonly key: string; readonly n: number};

const read = (table: SlotTable<Value>) => ({
  entries: [...tableEntries(table)],
  values: [...tableValues(table)],
  size: tableSize(table),
});

const readMap = (map: ReadonlyMap<string, Value>) => ({
  entries: [...map],
  values: [...map.values()],
  size: map.size,
});

test('after any writes and deletes it reads as a Map does: values, insertion order, size', () => {
  for (const seed of [1, 2, 3, 4]) {
    const next = mulberry32(seed);
    let table = emptyTable<Value>();
    let map = new Map<string, Value>();
    const history: [SlotTable<Value>, ReturnType<typeof readMap>][] = [];
    for (let step = 0; step < 300; step++) {
      const draft = new TableDraft(table);
      const copy = new Map(map);
      // Mostly writes of known keys (a flood), some new keys, bursts of deletes (compaction).
      const burst = next() < 0.05;
      for (let n = Math.floor(next() * 6); n >= 0; n--) {
        const roll = next();
        const key = `k${Math.floor(next() * (roll < 0.7 ? 120 : 400))}`;
        if (burst || roll > 0.9) {
          draft.delete(key);
          copy.delete(key);
        } else {
          const value = {key, n: step * 10 + n};
          draft.set(key, value);
          copy.set(key, value);
        }
        assert.equal(draft.get(key), copy.get(key));
        assert.equal(draft.has(key), copy.has(key));
        assert.equal(draft.size, copy.size);
      }
      if (burst) {
        for (const key of [...copy.keys()].slice(0, Math.floor(copy.size * 0.8))) {
          draft.delete(key);
          copy.delete(key);
        }
      }
      table = draft.finish();
      map = copy;
      assert.deepEqual(read(table), readMap(map), `seed ${seed} step ${step}`);
      for (const key of ['k0', 'k7', 'k119', 'k399', 'nope']) {
        assert.equal(tableGet(table, key), map.get(key));
        assert.equal(tableHas(table, key), map.has(key));
      }
      history.push([table, readMap(map)]);
    }
    // Tables made earlier never changed.
    for (const [old, expected] of history) assert.deepEqual(read(old), expected);
  }
});

test('a change copies the chunks it writes and shares the others; no write, the same table', () => {
  const table = tableOf(Array.from({length: 1000}, (_, i) => [`k${i}`, {key: `k${i}`, n: i}]));
  const draft = new TableDraft(table);
  draft.set('k500', {key: 'k500', n: -1});
  draft.set('k501', {key: 'k501', n: -1});
  const next = draft.finish();
  assert.equal(next.slots, table.slots, 'same keys: the slot Map is shared');
  const copied = next.chunks.filter((chunk, i) => chunk !== table.chunks[i]).length;
  assert.equal(copied, 1, 'one chunk written, one copied');
  assert.equal(tableGet(table, 'k500')?.n, 500, 'the base is unchanged');
  assert.equal(tableGet(next, 'k500')?.n, -1);
  assert.equal(new TableDraft(next).finish(), next);
  const added = new TableDraft(next);
  added.set('new', {key: 'new', n: 0});
  assert.notEqual(added.finish().slots, next.slots, 'a new key copies the slot Map');
});

test('it is plain data: a structured clone is equal to it', () => {
  const draft = new TableDraft(tableOf([['a', {key: 'a', n: 1}]]));
  draft.set('b', {key: 'b', n: 2});
  draft.delete('a');
  const table = draft.finish();
  assert.deepEqual(structuredClone(table), table);
});

// A PatchMap must read exactly like the Map it stands for (values, size, iteration order) after
// any sequence of changes, and leave the map it was made from unchanged.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {PatchMap} from '../../../source/state/patch-map.ts';
import {mulberry32} from '../../../source/fixture/fixture-ids.ts';

/** The same cases every run. */
const random = mulberry32;

const same = (actual: PatchMap<number>, expected: Map<string, number>, what: string): void => {
  assert.equal(actual.size, expected.size, `${what}: size`);
  assert.deepEqual([...actual], [...expected], `${what}: entries in order`);
  assert.deepEqual([...actual.keys()], [...expected.keys()], `${what}: keys`);
  assert.deepEqual([...actual.values()], [...expected.values()], `${what}: values`);
  for (const key of ['k0', 'k7', 'k42', 'nope']) {
    assert.equal(actual.get(key), expected.get(key), `${what}: get ${key}`);
    assert.equal(actual.has(key), expected.has(key), `${what}: has ${key}`);
  }
};

test('a PatchMap reads like a Map after any writes and deletes, and its origin is unchanged', () => {
  for (const seed of [1, 2, 3]) {
    const next = random(seed);
    const start = Array.from({length: 200}, (_, i) => [`k${i}`, i] as const);
    let reference = new Map<string, number>(start);
    let map = PatchMap.of(start);
    const history: {map: PatchMap<number>; reference: Map<string, number>}[] = [];
    for (let step = 0; step < 600; step++) {
      const ops: (readonly [string, number] | readonly [string])[] = [];
      const deletes = next() < 0.05;
      for (let n = 1 + Math.floor(next() * 6); n > 0; n--) {
        const key = `k${Math.floor(next() * (next() < 0.1 ? 400 : 60))}`;
        ops.push(deletes && next() < 0.4 ? [key] : [key, Math.floor(next() * 1000)]);
      }
      const expected = new Map(reference);
      const seen: (number | undefined)[] = [];
      for (const op of ops) {
        if (op.length === 1) expected.delete(op[0]);
        else expected.set(op[0], op[1]);
      }
      const changed = map.with((draft) => {
        for (const op of ops) {
          if (op.length === 1) draft.delete(op[0]);
          else draft.set(op[0], op[1]);
          seen.push(draft.get(op[0]));
          assert.equal(draft.has(op[0]), op.length === 2);
        }
      });
      assert.deepEqual(
        seen,
        ops.map((op) => (op.length === 1 ? undefined : op[1])),
        'the draft reads its own writes',
      );
      same(changed, expected, `seed ${seed} step ${step}`);
      history.push({map, reference});
      map = changed;
      reference = expected;
    }
    // Every earlier map still reads as it did.
    for (const [i, old] of history.entries()) {
      if (i % 50 === 0) same(old.map, old.reference, `seed ${seed}: map ${i} unchanged`);
    }
  }
});

test('patchedSince names every key that may differ from an earlier map of the same base', () => {
  const base = PatchMap.of(Array.from({length: 100}, (_, i) => [`k${i}`, i] as const));
  const a = base.with((draft) => draft.set('k1', -1));
  const b = a.with((draft) => {
    draft.set('k2', -2);
    draft.set('new', 5);
  });
  assert.deepEqual([...(b.patchedSince(a) ?? [])].sort(), ['k1', 'k2', 'new']);
  for (const key of a.keys()) {
    if (!(b.patchedSince(a) ?? []).includes(key)) assert.equal(a.get(key), b.get(key));
  }
  // A map folded into a new base (or a plain Map) has no common base: compare everything.
  assert.equal(b.patchedSince(new Map(b)), undefined);
  const deleted = b.with((draft) => draft.delete('k3'));
  assert.equal(deleted.patchedSince(b), undefined);
});

test('no write gives the same map; a write never changes the map it came from', () => {
  const map = PatchMap.of([['a', 1]]);
  assert.equal(
    map.with(() => {}),
    map,
  );
  const changed = map.with((draft) => draft.set('a', 2));
  assert.equal(map.get('a'), 1);
  assert.equal(changed.get('a'), 2);
});

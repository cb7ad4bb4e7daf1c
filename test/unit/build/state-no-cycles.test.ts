// state/ has no import circle, type imports included: the action union lives in action-types/
// so the slices can import it, and shared inbox helpers live apart from the reducers that use
// them. ESLint guards actions.ts; this guards the whole folder, whatever a new slice adds.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';

const STATE = path.resolve(import.meta.dirname, '../../../source/state');

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, {withFileTypes: true}).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(path.join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [path.join(dir, entry.name)]
        : [],
  );

const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)]
    .map((match) => path.resolve(path.dirname(file), match[1] ?? ''))
    .filter((target) => target.startsWith(STATE));

/** One import circle, as the files along it, or undefined. */
export const findCycle = (graph: ReadonlyMap<string, readonly string[]>): string[] | undefined => {
  const done = new Set<string>();
  const visit = (file: string, trail: string[]): string[] | undefined => {
    const at = trail.indexOf(file);
    if (at >= 0) return [...trail.slice(at), file];
    if (done.has(file)) return undefined;
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next, [...trail, file]);
      if (cycle) return cycle;
    }
    done.add(file);
    return undefined;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file, []);
    if (cycle) return cycle;
  }
  return undefined;
};

test('the cycle finder finds a circle and passes a tree', () => {
  assert.deepEqual(
    findCycle(
      new Map([
        ['a', ['b']],
        ['b', ['c']],
        ['c', ['a']],
      ]),
    ),
    ['a', 'b', 'c', 'a'],
  );
  assert.equal(
    findCycle(
      new Map([
        ['a', ['b', 'c']],
        ['b', ['c']],
        ['c', []],
      ]),
    ),
    undefined,
  );
});

test('no file in source/state imports itself back through others (type imports count)', () => {
  const graph = new Map(filesUnder(STATE).map((file) => [file, importsOf(file)]));
  const cycle = findCycle(graph);
  assert.equal(cycle?.map((file) => path.relative(STATE, file)).join(' → '), undefined);
});

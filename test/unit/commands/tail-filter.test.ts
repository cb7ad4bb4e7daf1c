// tail --session: lines of the subtree pass even when the gateway's (debounced) sessions.changed
// has not listed the sessions yet, because the spawn lines themselves say who spawned whom.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
  noteSpawn,
  tailEventMatches,
  type SpawnParents,
} from '../../../source/commands/tail-filter.ts';
import type {TailEvent} from '../../../source/state/model.ts';
import {makeRow, run, snapshot} from '../state/factories.ts';
import {GW} from '../../support/state.ts';

const MAIN = 'agent:main:main';
const ORCH = 'agent:main:subagent:orch';
const CHILD = 'agent:main:subagent:child';
const GRAND = 'agent:main:subagent:grand';
const OTHER = 'agent:main:subagent:other';

let ids = 0;
const spawnLine = (child: string, parent: string): TailEvent => ({
  id: ++ids,
  ts: ids,
  kind: 'spawn',
  severity: 'info',
  sessionKey: child,
  parentKey: parent,
  summary: `spawned ${child}`,
  detail: {},
});

test('a grandchild spawned before any sessions.changed listed its parent still passes', () => {
  // The store knows main and the orchestrator; child and grandchild are not listed yet.
  const state = run([snapshot([makeRow({key: MAIN}), makeRow({key: ORCH, parent: MAIN})], 1)]);
  const filter = {kinds: [], session: ORCH};
  const spawned: SpawnParents = new Map();
  const printed = [spawnLine(CHILD, ORCH), spawnLine(GRAND, CHILD), spawnLine(OTHER, MAIN)].filter(
    (line) => {
      noteSpawn(spawned, line);
      return tailEventMatches(state, GW, line, filter, spawned);
    },
  );
  assert.deepEqual(
    printed.map((line) => line.sessionKey),
    [CHILD, GRAND],
  );
  // Without what the spawn lines taught, the grandchild would have been dropped for good.
  assert.equal(tailEventMatches(state, GW, spawnLine(GRAND, CHILD), filter), false);
});

test('spawn memory is bounded and a spawn naming itself is ignored', () => {
  const spawned: SpawnParents = new Map();
  noteSpawn(spawned, spawnLine(ORCH, ORCH));
  assert.equal(spawned.size, 0);
  for (let i = 0; i < 10_050; i++) noteSpawn(spawned, spawnLine(`k${i}`, MAIN));
  assert.equal(spawned.size, 10_000);
  assert.equal(spawned.has('k0'), false, 'the oldest forgotten first');
  assert.equal(spawned.get('k10049'), MAIN);
});

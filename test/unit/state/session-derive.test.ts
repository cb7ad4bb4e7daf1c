import assert from 'node:assert/strict';
import {test} from 'node:test';
import {isDeepStrictEqual} from 'node:util';
import type {SessionRow} from '../../../source/protocol/types.ts';
import {
  mergeChangesNothing,
  mergeSessionRow,
  sessionRole,
  sessionStatus,
  sessionTitle,
  toSession,
} from '../../../source/state/session-derive.ts';
import {makeRow} from './factories.ts';

const K = 'agent:main:subagent:1';

test('status is read from the row, never guessed', () => {
  const cases = [
    [{hasActiveRun: true}, 'running'],
    [{activeRunIds: ['r1']}, 'running'],
    [{hasActiveRun: false, activeRunIds: ['stale'], status: 'done'}, 'done'],
    [{hasActiveRun: false, status: 'running'}, 'idle'],
    [{status: 'running'}, 'running'],
    [{status: 'queued'}, 'queued'],
    [{status: 'done', activeRunIds: []}, 'done'],
    [{status: 'failed'}, 'failed'],
    [{status: 'killed'}, 'stopped'],
    [{status: 'failed', abortedLastRun: true}, 'stopped'],
    [{status: 'failed', abortedLastRun: false}, 'failed'],
    [{status: 'timeout'}, 'failed'],
    [{activeRunIds: []}, 'idle'],
    [{hasActiveRun: false}, 'idle'],
    [{activeRunIds: null}, 'unknown'],
    [{status: 'something-new'}, 'unknown'],
    [{}, 'unknown'],
  ] as const;
  for (const [fields, expected] of cases) {
    assert.equal(sessionStatus(makeRow({key: K, ...fields})), expected, JSON.stringify(fields));
  }
});

test('role from key shape first, then the row', () => {
  const cases = [
    [{key: 'agent:main:main'}, 'main'],
    [{key: 'agent:ops:home', isMain: true}, 'main'],
    [{key: 'agent:ops:home', classification: 'main'}, 'main'],
    [{key: 'agent:main:subagent:9'}, 'subagent'],
    [{key: 'agent:main:acp:9'}, 'acp'],
    [{key: 'agent:main:cron:nightly'}, 'cron'],
    [{key: 'agent:main:x', createdVia: 'cron'}, 'cron'],
    [{key: 'agent:main:x', spawnedBy: 'agent:main:main'}, 'subagent'],
    [{key: 'agent:main:telegram:dm:42', channel: 'telegram'}, 'channel'],
    [{key: 'global'}, 'other'],
  ] as const;
  for (const [spec, expected] of cases) {
    assert.equal(sessionRole(makeRow(spec)), expected, JSON.stringify(spec));
  }
});

test('title: label, displayName, derivedTitle, then the key tail', () => {
  assert.equal(sessionTitle(makeRow({key: K, label: 'fix tests', displayName: 'x'})), 'fix tests');
  assert.equal(sessionTitle(makeRow({key: K, label: '  ', displayName: 'shown'})), 'shown');
  assert.equal(sessionTitle(makeRow({key: K, derivedTitle: 'derived'})), 'derived');
  assert.equal(sessionTitle(makeRow({key: K})), '1');
});

test('parent: parentSessionKey, else spawnedBy; never itself', () => {
  assert.equal(toSession(makeRow({key: K, parent: 'p', spawnedBy: 's'})).parentKey, 'p');
  assert.equal(toSession(makeRow({key: K, spawnedBy: 's'})).parentKey, 's');
  assert.equal(toSession(makeRow({key: K, parent: K})).parentKey, undefined);
});

test('merge keeps unmentioned fields; activeRunIds null clears to unknown', () => {
  const before = makeRow({key: K, label: 'a', activeRunIds: ['r1'], hasActiveRun: true});
  const kept = mergeSessionRow(before, makeRow({key: K, status: 'running'}));
  assert.deepEqual(kept.activeRunIds, ['r1']);
  assert.equal(kept.label, 'a');
  const cleared = mergeSessionRow(
    before,
    makeRow({key: K, activeRunIds: null, hasActiveRun: false}),
  );
  assert.equal('activeRunIds' in cleared, false);
  assert.equal(sessionStatus(cleared), 'idle');
  const emptied = mergeSessionRow(before, makeRow({key: K, activeRunIds: [], hasActiveRun: false}));
  assert.deepEqual(emptied.activeRunIds, []);
});

test('mergeChangesNothing says exactly when merging would leave the row as it was', () => {
  const previous = makeRow({
    key: K,
    label: 'a',
    status: 'running',
    activeRunIds: ['r1'],
    childSessions: ['c1', 'c2'],
  });
  const cases: readonly (readonly [Partial<SessionRow>, boolean])[] = [
    [{}, true],
    [{label: 'a'}, true],
    [{childSessions: ['c1', 'c2']}, true],
    [{label: 'b'}, false],
    [{childSessions: ['c1']}, false],
    [{model: 'new-field'}, false],
    [{activeRunIds: null}, false],
    [{activeRunIds: ['r1']}, true],
  ];
  for (const [fields, expected] of cases) {
    const next = makeRow({key: K, ...fields});
    assert.equal(mergeChangesNothing(previous, next), expected, JSON.stringify(fields));
    assert.equal(
      isDeepStrictEqual(mergeSessionRow(previous, next), previous),
      expected,
      `agrees with the merge: ${JSON.stringify(fields)}`,
    );
  }
  const cleared = makeRow({key: K, label: 'a'});
  assert.equal(mergeChangesNothing(cleared, makeRow({key: K, activeRunIds: null})), true);
});

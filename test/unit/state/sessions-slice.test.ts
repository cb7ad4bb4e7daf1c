import assert from 'node:assert/strict';
import {test} from 'node:test';
import {changed, makeRow, run, snapshot, upsert} from './factories.ts';
import {gw} from '../../support/state.ts';
import {sessionEntryOf} from '../../../source/state/sessions-slice.ts';
import {tableEntries} from '../../../source/state/slot-table.ts';

const MAIN = 'agent:main:main';
const A = 'agent:main:subagent:a';
const B = 'agent:main:subagent:b';

const keys = (state: ReturnType<typeof run>): string[] =>
  Array.from(tableEntries(gw(state).sessions.byKey), ([key]) => key).sort();

test('a complete snapshot replaces what we hold', () => {
  const state = run([
    snapshot([makeRow({key: MAIN}), makeRow({key: A, label: 'old'})], 100),
    snapshot([makeRow({key: MAIN}), makeRow({key: B})], 200),
  ]);
  assert.deepEqual(keys(state), [MAIN, B].sort());
  assert.equal(gw(state).sessions.loaded, true);
  assert.equal(gw(state).sessions.complete, true);
});

test('a snapshot row replaces the whole row (omitted = cleared)', () => {
  const state = run([
    snapshot([makeRow({key: A, label: 'old', lastRunError: 'boom'})], 100),
    snapshot([makeRow({key: A, label: 'new'})], 200),
  ]);
  assert.equal(sessionEntryOf(gw(state).sessions, A)?.row.lastRunError, undefined);
  assert.equal(sessionEntryOf(gw(state).sessions, A)?.session.title, 'new');
});

test('an incomplete snapshot (hasMore) merges without dropping', () => {
  const state = run([
    snapshot([makeRow({key: MAIN}), makeRow({key: A})], 100),
    snapshot([makeRow({key: B})], 200, 205, false),
  ]);
  assert.deepEqual(keys(state), [MAIN, A, B].sort());
  assert.equal(gw(state).sessions.complete, false);
});

test('events that raced the snapshot win over it', () => {
  // Request sent at 100; while it was in flight, A started running and B was created.
  const state = run([
    snapshot([makeRow({key: A, status: 'done', hasActiveRun: false})], 50),
    upsert(makeRow({key: A, status: 'running', hasActiveRun: true}), 110),
    upsert(makeRow({key: B, parent: A, status: 'running', hasActiveRun: true}), 120),
    snapshot([makeRow({key: A, status: 'done', hasActiveRun: false})], 100, 130),
  ]);
  assert.equal(sessionEntryOf(gw(state).sessions, A)?.session.status, 'running');
  assert.ok(
    sessionEntryOf(gw(state).sessions, B),
    'created after the request: kept although absent',
  );
});

test('events older than the snapshot request are replaced by it', () => {
  const state = run([
    upsert(makeRow({key: A, status: 'running', hasActiveRun: true}), 90),
    snapshot([makeRow({key: A, status: 'done', hasActiveRun: false})], 100),
  ]);
  assert.equal(sessionEntryOf(gw(state).sessions, A)?.session.status, 'done');
});

test('session/changed merges by key; nested row fields update the session', () => {
  const state = run([
    snapshot([makeRow({key: A, label: 'fix tests', status: 'running', hasActiveRun: true})], 100),
    upsert(makeRow({key: A, status: 'done', hasActiveRun: false, activeRunIds: []}), 200),
  ]);
  const entry = sessionEntryOf(gw(state).sessions, A);
  assert.equal(entry?.session.title, 'fix tests');
  assert.equal(entry?.session.status, 'done');
  assert.equal(entry?.changedAt, 200);
});

test('delete drops only when the sessionId matches (or none is given)', () => {
  const cases = [
    {deleteId: 's1', expectGone: true},
    {deleteId: undefined, expectGone: true},
    {deleteId: 'other', expectGone: false},
  ];
  for (const {deleteId, expectGone} of cases) {
    const state = run([
      snapshot([makeRow({key: A, sessionId: 's1'})], 100),
      changed({sessionKey: A, reason: 'delete', ...(deleteId ? {sessionId: deleteId} : {})}, 200),
    ]);
    assert.equal(sessionEntryOf(gw(state).sessions, A) === undefined, expectGone, String(deleteId));
  }
});

test('a stale snapshot does not revive a deleted session; a newer one may', () => {
  const stale = run([
    snapshot([makeRow({key: A})], 50),
    changed({sessionKey: A, reason: 'delete'}, 110),
    snapshot([makeRow({key: A})], 100, 120),
  ]);
  assert.equal(sessionEntryOf(gw(stale).sessions, A), undefined);
  const newer = run([snapshot([makeRow({key: A})], 130)], stale);
  assert.ok(sessionEntryOf(gw(newer).sessions, A));
  assert.deepEqual(gw(newer).sessions.tombstones, {});
});

test('a create after a delete brings the key back', () => {
  const state = run([
    snapshot([makeRow({key: A, sessionId: 's1'})], 100),
    changed({sessionKey: A, reason: 'delete', sessionId: 's1'}, 110),
    upsert(makeRow({key: A, sessionId: 's2'}), 120, {reason: 'create'}),
  ]);
  assert.equal(sessionEntryOf(gw(state).sessions, A)?.row.sessionId, 's2');
  assert.equal(gw(state).sessions.tombstones[A], undefined);
});

test('keyless and rowless changes ask for a refetch; a newer snapshot clears it', () => {
  const keyless = run([changed({reason: 'update'}, 100)]);
  assert.equal(gw(keyless).sessions.needsRefetch, true);
  const rowless = run([changed({sessionKey: A, reason: 'send'}, 100)]);
  assert.equal(gw(rowless).sessions.needsRefetch, true);
  assert.equal(gw(run([snapshot([], 150)], rowless)).sessions.needsRefetch, false);
  // A snapshot requested before the flag does not answer it.
  assert.equal(gw(run([snapshot([], 50, 160)], rowless)).sessions.needsRefetch, true);
});

test('ancestorSessions rows are merged too; [] vs omitted', () => {
  const withAncestors = run([
    changed(
      {
        sessionKey: A,
        reason: 'create',
        session: makeRow({key: A, parent: MAIN}),
        ancestorSessions: [makeRow({key: MAIN, childSessions: [A], isMain: true})],
      },
      100,
    ),
  ]);
  assert.deepEqual(keys(withAncestors), [MAIN, A].sort());
  assert.equal(gw(withAncestors).sessions.needsRefetch, false);

  // Omitted ancestors with a parent we do not hold: only a refetch can fill the gap.
  const unknown = run([changed({sessionKey: A, session: makeRow({key: A, parent: MAIN})}, 100)]);
  assert.equal(gw(unknown).sessions.needsRefetch, true);
  // Omitted ancestors but the parent is known (4.1 never sends them): no refetch storm.
  const known = run([
    snapshot([makeRow({key: MAIN})], 50),
    changed({sessionKey: A, session: makeRow({key: A, parent: MAIN})}, 100),
  ]);
  assert.equal(gw(known).sessions.needsRefetch, false);
});

test('a gap marks sessions for refetch; tombstones are pruned by the clock', () => {
  const gapped = run([{type: 'gateway/gap-detected', expected: 4, received: 9, at: 100}]);
  assert.equal(gw(gapped).sessions.needsRefetch, true);
  const deleted = run([changed({sessionKey: A, reason: 'delete'}, 100)]);
  assert.ok(gw(deleted).sessions.tombstones[A]);
  const later = run([{type: 'clock/ticked', now: 100 + 11 * 60_000}], deleted);
  assert.deepEqual(gw(later).sessions.tombstones, {});
  const unchanged = run([{type: 'clock/ticked', now: 200}], deleted);
  assert.equal(
    gw(unchanged).sessions,
    gw(deleted).sessions,
    'a tick that prunes nothing keeps identity',
  );
});

test('an ancestor repeated as it was keeps its objects; a changed one is derived again', () => {
  const main = makeRow({key: MAIN, label: 'main', childSessions: [A], hasActiveSubagentRun: true});
  const before = run([snapshot([main, makeRow({key: A, parent: MAIN, status: 'running'})], 100)]);
  const held = sessionEntryOf(gw(before).sessions, MAIN);
  const same = run(
    [
      changed(
        {
          sessionKey: A,
          session: makeRow({key: A, parent: MAIN, status: 'done'}),
          ancestorSessions: [{...main, childSessions: [A]}],
        },
        200,
      ),
    ],
    before,
  );
  assert.equal(
    sessionEntryOf(gw(same).sessions, MAIN)?.session,
    held?.session,
    'same Session object',
  );
  assert.equal(sessionEntryOf(gw(same).sessions, MAIN)?.changedAt, 200, 'but written now (races)');
  assert.equal(sessionEntryOf(gw(same).sessions, A)?.session.status, 'done');

  const moved = run(
    [
      changed(
        {
          sessionKey: A,
          session: makeRow({key: A, parent: MAIN, status: 'done'}),
          ancestorSessions: [{...main, hasActiveSubagentRun: false}],
        },
        300,
      ),
    ],
    same,
  );
  assert.notEqual(sessionEntryOf(gw(moved).sessions, MAIN)?.session, held?.session);
  assert.equal(sessionEntryOf(gw(moved).sessions, MAIN)?.row.hasActiveSubagentRun, false);
});

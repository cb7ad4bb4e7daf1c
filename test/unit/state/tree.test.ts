import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseSessionFilter} from '../../../source/state/session-filter.ts';
import {buildForest, visibleRows, type TreeView} from '../../../source/state/tree.ts';
import {makeSession, type RowSpec} from './factories.ts';

const rowsOf = (specs: readonly RowSpec[], view: Partial<TreeView> = {}) =>
  visibleRows(buildForest(specs.map(makeSession)), {collapsed: {}, ...view});

const outline = (specs: readonly RowSpec[], view: Partial<TreeView> = {}): string[] =>
  rowsOf(specs, view).map(
    (row) =>
      `${'  '.repeat(row.depth)}${row.session.title}${row.parentMissing ? ' (missing)' : ''}`,
  );

test('builds any depth from parentSessionKey, spawnedBy and childSessions', () => {
  const rows = rowsOf([
    {key: 'agent:main:main', label: 'main', createdAt: 1, childSessions: ['agent:main:subagent:c']},
    {key: 'agent:main:subagent:a', label: 'research', parent: 'agent:main:main', createdAt: 2},
    {
      key: 'agent:main:subagent:b',
      label: 'fetch-docs',
      spawnedBy: 'agent:main:subagent:a',
      createdAt: 3,
    },
    {key: 'agent:main:subagent:d', label: 'parse', parent: 'agent:main:subagent:b', createdAt: 4},
    // Only the parent's childSessions names this one.
    {key: 'agent:main:subagent:c', label: 'listed', createdAt: 5},
  ]);
  assert.deepEqual(
    rows.map((row) => [row.path, row.depth]),
    [
      ['main', 0],
      ['main › research', 1],
      ['main › research › fetch-docs', 2],
      ['main › research › fetch-docs › parse', 3],
      ['main › listed', 1],
    ],
  );
  const listed = rows.find((row) => row.key === 'agent:main:subagent:c');
  assert.equal(listed?.session.parentKey, 'agent:main:main', 'back-link resolved into the session');
  const main = rows[0];
  assert.equal(main?.childCount, 2);
  assert.deepEqual(main?.session.childKeys, ['agent:main:subagent:a', 'agent:main:subagent:c']);
});

test('main roots keep one order (default agent first, then by key), whatever their activity', () => {
  assert.deepEqual(
    outline([
      {key: 'agent:zeta:main', label: 'zeta', lastActivityAt: 90},
      {key: 'agent:alpha:main', label: 'alpha', lastActivityAt: 80},
      {key: 'agent:main:main', label: 'main', lastActivityAt: 1},
      {key: 'agent:x:cron:job', label: 'cron', lastActivityAt: 99},
    ]),
    ['main', 'alpha', 'zeta', 'cron'],
  );
});

test('roots: main first, then most recent activity; children oldest first', () => {
  assert.deepEqual(
    outline([
      {key: 'agent:x:cron:old', label: 'old', updatedAt: 10},
      {key: 'agent:x:cron:new', label: 'new', lastActivityAt: 50},
      {key: 'agent:main:main', label: 'main', updatedAt: 1},
      {key: 'agent:main:subagent:2', label: 'second', parent: 'agent:main:main', createdAt: 20},
      {key: 'agent:main:subagent:1', label: 'first', parent: 'agent:main:main', createdAt: 10},
    ]),
    ['main', '  first', '  second', 'new', 'old'],
  );
});

test('cycles: each member shown once, the cut one at the root level', () => {
  const cases: readonly {
    readonly name: string;
    readonly specs: readonly RowSpec[];
    readonly expected: string[];
  }[] = [
    {
      name: 'two-cycle',
      specs: [
        {key: 'b', label: 'b', parent: 'a'},
        {key: 'a', label: 'a', parent: 'b'},
      ],
      expected: ['a', '  b'],
    },
    {
      name: 'three-cycle with a tail',
      specs: [
        {key: 'c', label: 'c', parent: 'b'},
        {key: 'b', label: 'b', parent: 'a'},
        {key: 'a', label: 'a', parent: 'c'},
        {key: 't', label: 'tail', parent: 'c'},
      ],
      expected: ['a', '  b', '    c', '      tail'],
    },
    {name: 'self parent', specs: [{key: 'a', label: 'a', parent: 'a'}], expected: ['a']},
    {
      name: 'childSessions loop',
      specs: [
        {key: 'a', label: 'a', childSessions: ['b']},
        {key: 'b', label: 'b', childSessions: ['a']},
      ],
      expected: ['a', '  b'],
    },
  ];
  for (const {name, specs, expected} of cases) {
    const lines = outline(specs);
    assert.deepEqual(
      lines.map((line) => line.trimEnd()).sort(),
      expected.map((line) => line.trimEnd()).sort(),
      name,
    );
    assert.equal(
      new Set(lines.map((line) => line.trim())).size,
      lines.length,
      `${name}: no duplicates`,
    );
  }
});

test('orphans hang under one placeholder for their missing parent', () => {
  const rows = rowsOf([
    {key: 'agent:main:main', label: 'main', updatedAt: 100},
    {key: 'agent:main:subagent:x', label: 'x', parent: 'agent:main:subagent:gone', createdAt: 1},
    {key: 'agent:main:subagent:y', label: 'y', spawnedBy: 'agent:main:subagent:gone', createdAt: 2},
  ]);
  assert.deepEqual(
    rows.map((row) => [row.key, row.depth, row.parentMissing]),
    [
      ['agent:main:main', 0, false],
      ['agent:main:subagent:gone', 0, true],
      ['agent:main:subagent:x', 1, false],
      ['agent:main:subagent:y', 1, false],
    ],
  );
  assert.equal(rows[1]?.session.status, 'unknown');
});

test('a visible back-link beats a declared parent we do not hold', () => {
  assert.deepEqual(
    outline([
      {key: 'p', label: 'p', childSessions: ['c']},
      {key: 'c', label: 'c', parent: 'not-here'},
    ]),
    ['p', '  c'],
  );
});

test('collapsed rows hide their subtree', () => {
  const specs: RowSpec[] = [
    {key: 'r', label: 'r'},
    {key: 'a', label: 'a', parent: 'r', createdAt: 1},
    {key: 'b', label: 'b', parent: 'a', createdAt: 2},
    {key: 'c', label: 'c', parent: 'r', createdAt: 3},
  ];
  const rows = rowsOf(specs, {collapsed: {a: true}});
  assert.deepEqual(
    rows.map((row) => row.key),
    ['r', 'a', 'c'],
  );
  assert.equal(rows[1]?.expanded, false);
  assert.equal(rows[1]?.hasChildren, true);
});

test('filter keeps matches and their ancestors, ignoring collapse', () => {
  const specs: RowSpec[] = [
    {key: 'agent:main:main', label: 'main', agentId: 'main', createdAt: 0},
    {
      key: 'agent:main:subagent:r',
      label: 'research',
      agentId: 'main',
      parent: 'agent:main:main',
      createdAt: 1,
    },
    {
      key: 'agent:ops:subagent:f',
      label: 'fetch-docs',
      agentId: 'ops',
      parent: 'agent:main:subagent:r',
      createdAt: 2,
      status: 'failed',
    },
    {
      key: 'agent:main:subagent:o',
      label: 'other',
      agentId: 'main',
      parent: 'agent:main:main',
      createdAt: 3,
      status: 'done',
    },
    {key: 'agent:main:telegram:1', label: 'tg chat', channel: 'telegram', agentId: 'main'},
  ];
  const cases = [
    ['fetch', ['main', 'research', 'fetch-docs']],
    ['agent:ops', ['main', 'research', 'fetch-docs']],
    ['status:failed', ['main', 'research', 'fetch-docs']],
    ['status:done other', ['main', 'other']],
    ['channel:telegram', ['tg chat']],
    ['role:main', ['main']],
    ['agent:main:subagent:o', ['main', 'other']],
    ['nothing-matches', []],
  ] as const;
  for (const [text, expected] of cases) {
    const filter = parseSessionFilter(text);
    const rows = rowsOf(specs, {collapsed: {'agent:main:main': true}, ...(filter ? {filter} : {})});
    assert.deepEqual(
      rows.map((row) => row.session.title),
      expected,
      text,
    );
  }
  assert.equal(parseSessionFilter('   '), undefined);
});

test('waitingForYou marks the sessions named by open approvals', () => {
  const rows = rowsOf([{key: 'a'}, {key: 'b'}], {waiting: new Set(['b'])});
  assert.deepEqual(
    rows.map((row) => [row.key, row.waitingForYou]),
    [
      ['a', false],
      ['b', true],
    ],
  );
});

test('10,000 sessions: a wide tree and a 10,000-deep chain both build', () => {
  const wide: RowSpec[] = [{key: 'agent:main:main', label: 'main'}];
  for (let index = 0; index < 9_999; index++) {
    const parent = index < 99 ? 'agent:main:main' : `agent:main:subagent:${index % 99}`;
    wide.push({key: `agent:main:subagent:${index}`, parent, createdAt: index, status: 'done'});
  }
  const wideRows = rowsOf(wide);
  assert.equal(wideRows.length, 10_000);
  assert.equal(new Set(wideRows.map((row) => row.key)).size, 10_000);

  const chain: RowSpec[] = [];
  for (let index = 0; index < 10_000; index++) {
    chain.push({
      key: `k${index}`,
      label: `n${index}`,
      ...(index > 0 ? {parent: `k${index - 1}`} : {}),
    });
  }
  const chainRows = rowsOf(chain);
  assert.equal(chainRows.length, 10_000);
  assert.equal(chainRows[9_999]?.depth, 9_999);
});

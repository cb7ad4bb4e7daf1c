import {test} from 'node:test';
import assert from 'node:assert/strict';
import type {Key} from 'ink';
import {
  KEYMAP,
  READ_ONLY_REASON,
  footerHints,
  helpSections,
  resolveKey,
  visibleBindings,
  type InputMode,
  type PaneId,
} from '../../source/views/keymap.ts';

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

const press = (input: string, key: Partial<Key> = {}) => [input, {...NO_KEY, ...key}] as const;

const MODES: readonly InputMode[] = ['normal', 'filter', 'confirm', 'help', 'input', 'audit'];
const PANES: readonly PaneId[] = [
  'fleet',
  'sessions',
  'inbox',
  'events',
  'gateway',
  'policy',
  'problem',
];

test('the product keys are bound as decided', () => {
  const table: ReadonlyArray<readonly [PaneId, InputMode, readonly [string, Key], string]> = [
    ['inbox', 'normal', press('0'), 'pane.fleet'],
    ['fleet', 'normal', press('', {return: true}), 'fleet.focus'],
    ['fleet', 'normal', press('j'), 'cursor.down'],
    ['fleet', 'normal', press('1'), 'pane.sessions'],
    ['inbox', 'normal', press('1'), 'pane.sessions'],
    ['sessions', 'normal', press('2'), 'pane.inbox'],
    ['sessions', 'normal', press('3'), 'pane.events'],
    ['sessions', 'normal', press('4'), 'pane.gateway'],
    ['sessions', 'normal', press('5'), 'pane.policy'],
    ['sessions', 'normal', press('', {tab: true}), 'pane.next'],
    ['sessions', 'normal', press('j'), 'cursor.down'],
    ['sessions', 'normal', press('', {downArrow: true}), 'cursor.down'],
    ['sessions', 'normal', press('k'), 'cursor.up'],
    ['sessions', 'normal', press('', {return: true}), 'tree.toggle'],
    ['sessions', 'normal', press(' '), 'tree.toggle'],
    ['events', 'normal', press('/'), 'filter.open'],
    ['events', 'normal', press('?'), 'help.open'],
    ['events', 'normal', press('q'), 'app.quit'],
    ['inbox', 'normal', press('a'), 'inbox.approve'],
    ['inbox', 'normal', press('A', {shift: true}), 'inbox.allow-always'],
    ['inbox', 'normal', press('d'), 'inbox.deny'],
    ['inbox', 'confirm', press('y'), 'confirm.yes'],
    ['inbox', 'confirm', press('n'), 'confirm.no'],
    ['inbox', 'confirm', press('', {escape: true}), 'confirm.no'],
    ['sessions', 'normal', press('x'), 'run.stop'],
    ['sessions', 'normal', press('X', {shift: true}), 'subtree.stop'],
    ['sessions', 'normal', press('s'), 'session.steer'],
    ['sessions', 'normal', press('p'), 'session.peek'],
    ['problem', 'normal', press('r'), 'problem.retry'],
    ['problem', 'normal', press('e'), 'problem.embed'],
    ['problem', 'normal', press('D', {shift: true}), 'problem.demo'],
    ['gateway', 'normal', press('f'), 'follow.toggle'],
    ['policy', 'normal', press('u'), 'policy.allow-sender'],
    ['inbox', 'normal', press('u'), 'inbox.allow-sender'],
    ['events', 'normal', press('i'), 'events.jump-inbox'],
    ['events', 'normal', press('', {return: true}), 'events.jump-inbox'],
    ['events', 'normal', press('F', {shift: true}), 'events.fix-agent'],
    ['gateway', 'normal', press('L', {shift: true}), 'audit.open'],
    ['gateway', 'audit', press('', {escape: true}), 'audit.close'],
    ['gateway', 'audit', press('q'), 'audit.close'],
    ['gateway', 'audit', press('j'), 'cursor.down'],
    ['gateway', 'audit', press('c', {ctrl: true}), 'app.interrupt'],
    ['events', 'filter', press('c', {ctrl: true}), 'app.interrupt'],
    ['problem', 'confirm', press('c', {ctrl: true}), 'app.interrupt'],
  ];
  for (const [pane, mode, [input, key], id] of table) {
    const got = resolveKey(input, key, {mode, pane, readOnly: false});
    assert.deepEqual(got, {kind: 'run', id}, `${pane}/${mode} ${JSON.stringify(input)}`);
  }
});

test('a key means nothing outside its pane and mode', () => {
  assert.equal(
    resolveKey(...press('a'), {mode: 'normal', pane: 'sessions', readOnly: false}),
    undefined,
  );
  assert.equal(
    resolveKey(...press('x'), {mode: 'normal', pane: 'inbox', readOnly: false}),
    undefined,
  );
  // Typing text in the filter must not switch panes or quit.
  assert.equal(
    resolveKey(...press('q'), {mode: 'filter', pane: 'events', readOnly: false}),
    undefined,
  );
  assert.equal(
    resolveKey(...press('2'), {mode: 'input', pane: 'sessions', readOnly: false}),
    undefined,
  );
  // The problem screen has no lists.
  assert.equal(
    resolveKey(...press('j'), {mode: 'normal', pane: 'problem', readOnly: false}),
    undefined,
  );
});

test('no two bindings claim the same key in the same mode and pane', () => {
  const samples: Array<readonly [string, Key]> = [
    ...'abcdefghijklmnopqrstuvwxyz0123456789/?'.split('').map((c) => press(c)),
    ...'ADFGLX'.split('').map((c) => press(c, {shift: true})),
    press('', {return: true}),
    press('', {escape: true}),
    press('', {tab: true}),
    press('', {tab: true, shift: true}),
    press('', {upArrow: true}),
    press('', {downArrow: true}),
    press(' '),
  ];
  for (const mode of MODES) {
    for (const pane of PANES) {
      for (const [input, key] of samples) {
        const claims = KEYMAP.filter(
          (b) =>
            b.modes.includes(mode) &&
            (b.panes ?? ['fleet', 'sessions', 'inbox', 'events', 'gateway', 'policy']).includes(
              pane,
            ) &&
            b.keys.some((k) => k.matches(input, key)),
        );
        assert.ok(
          claims.length <= 1,
          `${mode}/${pane} ${JSON.stringify(input)}: ${claims.map((c) => c.id).join(', ')}`,
        );
      }
    }
  }
});

test('read-only: dangerous commands are refused with the reason and hidden from help and footer', () => {
  const ctx = {mode: 'normal', pane: 'inbox', readOnly: true} as const;
  assert.deepEqual(resolveKey(...press('a'), ctx), {
    kind: 'disabled',
    id: 'inbox.approve',
    reason: READ_ONLY_REASON,
  });
  assert.equal(READ_ONLY_REASON, 'disabled: read-only (the gateway granted operator.read only)');
  assert.ok(!visibleBindings(ctx).some((b) => b.dangerous));
  assert.ok(!footerHints(ctx).some((h) => h.label === 'approve'));
  assert.ok(footerHints({...ctx, readOnly: false}).some((h) => h.label === 'approve'));
  const ids = helpSections(true).flatMap((s) => s.bindings.map((b) => b.id));
  assert.ok(!ids.includes('inbox.approve') && !ids.includes('run.stop'));
  assert.ok(ids.includes('pane.inbox'));
});

test('a reason supplied by the app disables a command', () => {
  const got = resolveKey(...press('A', {shift: true}), {
    mode: 'normal',
    pane: 'inbox',
    readOnly: false,
    disabled: {'inbox.allow-always': 'this request allows only: allow-once, deny'},
  });
  assert.deepEqual(got, {
    kind: 'disabled',
    id: 'inbox.allow-always',
    reason: 'this request allows only: allow-once, deny',
  });
});

test('every binding except help.close appears in exactly one help section', () => {
  const sections = helpSections(false);
  for (const binding of KEYMAP) {
    if (binding.id === 'help.close') continue;
    const found = sections.filter((s) => s.bindings.includes(binding));
    assert.equal(found.length, 1, `${binding.id} is in ${found.length} sections`);
  }
});

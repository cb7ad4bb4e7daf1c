import {test} from 'node:test';
import assert from 'node:assert/strict';
import {colorModeFromEnv, createTheme} from '../../source/views/theme.ts';
import {bellSequence} from '../../source/views/use-bell.ts';
import {balance} from '../../source/views/help-overlay.tsx';
import {helpSections} from '../../source/views/keymap.ts';
import {disabledReasons} from '../../source/views/disabled-reasons.ts';
import {makeDeviceItem, makeExecItem, makeRow, makeSession} from './helpers.tsx';

test('colour mode follows NO_COLOR, FORCE_COLOR and TERM=dumb', () => {
  const table: ReadonlyArray<readonly [Record<string, string>, string]> = [
    [{}, 'color'],
    [{NO_COLOR: '1'}, 'mono'],
    [{NO_COLOR: ''}, 'color'],
    [{NO_COLOR: '1', FORCE_COLOR: '1'}, 'color'],
    [{FORCE_COLOR: '0'}, 'mono'],
    [{FORCE_COLOR: 'false'}, 'mono'],
    [{TERM: 'dumb', FORCE_COLOR: '1'}, 'plain'],
  ];
  for (const [env, mode] of table) assert.equal(colorModeFromEnv(env), mode, JSON.stringify(env));
});

test('NO_COLOR keeps no colour property at all; plain keeps nothing', () => {
  const mono = createTheme('mono');
  for (const tone of ['accent', 'danger', 'warn', 'ok', 'badge-demo', 'selected'] as const) {
    const style = mono.tone(tone);
    assert.equal(style.color, undefined, tone);
    assert.equal(style.backgroundColor, undefined, tone);
    assert.equal(style.dimColor, undefined, tone);
  }
  assert.deepEqual(mono.tone('selected'), {inverse: true});
  assert.deepEqual(createTheme('plain').tone('danger'), {});
  assert.deepEqual(createTheme('plain').status('failed'), {});
  assert.equal(createTheme('color').status('failed').color, 'red');
});

test('bell: BEL always, OSC 9 only where the terminal shows it', () => {
  assert.equal(bellSequence(2, {}), '\x07');
  assert.equal(bellSequence(2, {TERM_PROGRAM: 'Apple_Terminal'}), '\x07');
  assert.equal(
    bellSequence(2, {TERM_PROGRAM: 'iTerm.app'}),
    '\x07\x1b]9;openclaw-tui: 2 waiting for you\x07',
  );
});

test('help columns: every section once, in order, the tallest column as short as possible', () => {
  const sections = helpSections(false);
  for (const count of [1, 2, 3]) {
    const columns = balance(sections, count);
    assert.deepEqual(columns.flat(), [...sections]);
    assert.ok(columns.length <= count);
  }
  const two = balance(sections, 2).map((c) => c.reduce((n, s) => n + s.bindings.length + 1, 0));
  const total = two.reduce((a, b) => a + b, 0);
  assert.ok(Math.max(...two) < total, 'two columns split the help');
});

test('disabled reasons: allow-always only where allowed, scopes, no active run', () => {
  const base = {
    scopes: ['operator.read', 'operator.write', 'operator.approvals', 'operator.pairing'],
    peekOpen: false,
    demo: false,
  };
  const device = disabledReasons({...base, pane: 'inbox', selectedItem: makeDeviceItem('d1')});
  assert.equal(
    device['inbox.allow-always'],
    'allow always exists only for exec and plugin approvals',
  );
  assert.equal(device['inbox.approve'], undefined);
  const onceOnly = disabledReasons({
    ...base,
    pane: 'inbox',
    selectedItem: makeExecItem('e1', 'ls', {allowedDecisions: ['allow-once', 'deny']}),
  });
  assert.equal(onceOnly['inbox.allow-always'], 'this request allows only: allow-once, deny');
  const noApprovals = disabledReasons({
    ...base,
    scopes: ['operator.read'],
    pane: 'inbox',
    selectedItem: makeExecItem('e2', 'ls'),
  });
  assert.equal(
    noApprovals['inbox.approve'],
    'disabled: the gateway did not grant operator.approvals',
  );
  const idle = disabledReasons({
    ...base,
    pane: 'sessions',
    selectedRow: makeRow(makeSession({key: 'k'})),
  });
  assert.equal(idle['run.stop'], 'this session has no active run');
  assert.equal(idle['subtree.stop'], undefined);
  const nothing = disabledReasons({...base, pane: 'sessions'});
  assert.equal(nothing['session.steer'], 'select a session first');
});

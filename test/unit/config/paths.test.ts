import assert from 'node:assert/strict';
import {test} from 'node:test';
import {resolveTuiPaths} from '../../../source/config/paths.ts';

const base = {osHome: '/home/op', cwd: '/work'} as const;

test('OPENCLAW_TUI_HOME wins, with ~ expanded', () => {
  const paths = resolveTuiPaths({
    ...base,
    platform: 'linux',
    env: {HOME: '/home/op', OPENCLAW_TUI_HOME: '~/oct', XDG_CONFIG_HOME: '/x'},
  });
  assert.deepEqual(paths, {
    dataDir: '/home/op/oct',
    dataDirSource: 'OPENCLAW_TUI_HOME',
    identityDir: '/home/op/oct/identity',
    auditLog: '/home/op/oct/audit.jsonl',
    embeddedGatewayLog: '/home/op/oct/logs/embedded-gateway.log',
    preferencesFile: '/home/op/oct/preferences.json',
  });
});

test('Linux: XDG_CONFIG_HOME (absolute only), else ~/.config', () => {
  const xdg = resolveTuiPaths({...base, platform: 'linux', env: {XDG_CONFIG_HOME: '/cfg'}});
  assert.equal(xdg.dataDir, '/cfg/openclaw-tui');
  assert.equal(xdg.dataDirSource, 'XDG_CONFIG_HOME');
  const relative = resolveTuiPaths({...base, platform: 'linux', env: {XDG_CONFIG_HOME: 'cfg'}});
  assert.equal(relative.dataDir, '/home/op/.config/openclaw-tui');
  assert.equal(relative.dataDirSource, 'default');
});

test('macOS and Windows use their conventional config directories', () => {
  assert.equal(
    resolveTuiPaths({...base, platform: 'darwin', env: {}}).dataDir,
    '/home/op/Library/Preferences/openclaw-tui',
  );
  const win = resolveTuiPaths({...base, platform: 'win32', env: {APPDATA: '/appdata'}});
  assert.equal(win.dataDirSource, 'APPDATA');
  assert.ok(win.auditLog.endsWith('audit.jsonl'));
});

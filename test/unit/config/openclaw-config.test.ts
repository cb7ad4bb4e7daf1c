import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import path from 'node:path';
import {test} from 'node:test';
import {
  collectConfigEnvVars,
  loadOpenClawConfig,
  parseDotEnv,
  readActiveGatewayPort,
  resolveOpenClawConfigPath,
  resolveOpenClawHome,
  resolveOpenClawStateDir,
  OpenClawConfigError,
  type LockProbe,
} from '../../../source/config/openclaw-config.ts';
import {memFiles} from './mem-files.ts';

const HOME = '/home/op';

test('home: OPENCLAW_HOME (with ~ = OS home), then HOME, USERPROFILE, the OS home, the cwd', () => {
  assert.equal(resolveOpenClawHome({OPENCLAW_HOME: '/srv/oc', HOME}, '/os', '/cwd'), '/srv/oc');
  assert.equal(resolveOpenClawHome({OPENCLAW_HOME: '~/sub', HOME}, '/os', '/cwd'), `${HOME}/sub`);
  assert.equal(resolveOpenClawHome({HOME}, '/os', '/cwd'), HOME);
  assert.equal(resolveOpenClawHome({HOME: 'undefined', USERPROFILE: '/u'}, '/os', '/cwd'), '/u');
  assert.equal(resolveOpenClawHome({}, '/os', '/cwd'), '/os');
  assert.equal(resolveOpenClawHome({}, '', '/cwd'), '/cwd');
});

test('state dir and config path follow the CLI, including legacy names', () => {
  const none = memFiles({});
  assert.equal(resolveOpenClawStateDir({}, HOME, none, '/'), `${HOME}/.openclaw`);
  assert.equal(
    resolveOpenClawStateDir({OPENCLAW_STATE_DIR: '~/st'}, HOME, none, '/'),
    `${HOME}/st`,
  );

  const legacy = memFiles({[`${HOME}/.clawdbot/clawdbot.json`]: '{}'});
  assert.equal(resolveOpenClawStateDir({}, HOME, legacy, '/'), `${HOME}/.clawdbot`);
  assert.deepEqual(resolveOpenClawConfigPath({}, HOME, legacy, '/'), {
    path: `${HOME}/.clawdbot/clawdbot.json`,
    source: 'default',
  });

  // ~/.openclaw exists but the only config is in the legacy dir: the candidate list finds it.
  const split = memFiles(
    {[`${HOME}/.clawdbot/openclaw.json`]: '{}'},
    {dirs: [`${HOME}/.openclaw`]},
  );
  assert.equal(
    resolveOpenClawConfigPath({}, HOME, split, '/').path,
    `${HOME}/.clawdbot/openclaw.json`,
  );

  assert.deepEqual(resolveOpenClawConfigPath({OPENCLAW_STATE_DIR: '/srv/st'}, HOME, none, '/'), {
    path: '/srv/st/openclaw.json',
    source: 'OPENCLAW_STATE_DIR',
  });
  assert.deepEqual(
    resolveOpenClawConfigPath({OPENCLAW_CONFIG_PATH: 'rel/c.json'}, HOME, none, '/w'),
    {
      path: '/w/rel/c.json',
      source: 'OPENCLAW_CONFIG_PATH',
    },
  );
});

test('parseDotEnv reads the dotenv grammar: export, quotes, comments, escapes', () => {
  const parsed = parseDotEnv(
    [
      '# comment',
      'export A=plain value # trailing comment',
      'B="double # not a comment\\nnext"',
      "C='single \\n stays'",
      'D=',
      '  E = spaced  ',
      'not a line',
    ].join('\r\n'),
  );
  assert.deepEqual(parsed, {
    A: 'plain value',
    B: 'double # not a comment\nnext',
    C: 'single \\n stays',
    D: '',
    E: 'spaced',
  });
});

test('$include: nested files merge; cycles, escapes and missing files are typed errors', () => {
  const dir = `${HOME}/.openclaw`;
  const files = memFiles({
    [`${dir}/openclaw.json`]: '{$include: ["./a.json5", "./b.json5"], gateway: {port: 3}}',
    [`${dir}/a.json5`]:
      '{gateway: {bind: "lan", port: 1}, agents: {$include: "./never-read.json5"}}',
    [`${dir}/b.json5`]: '{gateway: {$include: "./nested/c.json5"}}',
    [`${dir}/nested/c.json5`]: '{auth: {mode: "token"}}',
  });
  const loaded = loadOpenClawConfig(`${dir}/openclaw.json`, {files, home: HOME});
  assert.deepEqual(loaded.config, {
    gateway: {bind: 'lan', port: 3, auth: {mode: 'token'}},
  });

  const expectInclude = (text: Record<string, string>, pattern: RegExp): void => {
    assert.throws(
      () => loadOpenClawConfig(`${dir}/openclaw.json`, {files: memFiles(text), home: HOME}),
      (error: unknown) =>
        error instanceof OpenClawConfigError &&
        error.kind === 'include' &&
        pattern.test(error.message),
    );
  };
  expectInclude(
    {
      [`${dir}/openclaw.json`]: '{gateway: {$include: "./a.json5"}}',
      [`${dir}/a.json5`]: '{$include: "./openclaw.json"}',
    },
    /cycle through ~\/\.openclaw\/openclaw\.json/,
  );
  expectInclude(
    {[`${dir}/openclaw.json`]: '{gateway: {$include: "../../etc/passwd"}}'},
    /is outside the config directory/,
  );
  expectInclude(
    {[`${dir}/openclaw.json`]: '{gateway: {$include: "./gone.json5"}}'},
    /file ~\/\.openclaw\/gone\.json5 does not exist/,
  );

  // OPENCLAW_INCLUDE_ROOTS widens where includes may come from.
  const shared = memFiles({
    [`${dir}/openclaw.json`]: '{gateway: {$include: "/etc/openclaw/gw.json5"}}',
    '/etc/openclaw/gw.json5': '{port: 7}',
  });
  const widened = loadOpenClawConfig(`${dir}/openclaw.json`, {
    files: shared,
    home: HOME,
    includeRoots: ['/etc/openclaw'],
  });
  assert.deepEqual(widened.config, {gateway: {port: 7}});
});

test('a syntax error inside an included file names that file', () => {
  const dir = `${HOME}/.openclaw`;
  const files = memFiles({
    [`${dir}/openclaw.json`]: '{gateway: {$include: "./gw.json5"}}',
    [`${dir}/gw.json5`]: '{\n port: 1,\n port 2\n}',
  });
  assert.throws(
    () => loadOpenClawConfig(`${dir}/openclaw.json`, {files, home: HOME}),
    (error: unknown) =>
      error instanceof OpenClawConfigError &&
      error.file === `${dir}/gw.json5` &&
      error.line === 3 &&
      /^~\/\.openclaw\/gw\.json5: invalid JSON5 at line 3/.test(error.message),
  );
});

test('a config that is not an object is a shape error', () => {
  assert.throws(
    () => loadOpenClawConfig('/c.json', {files: memFiles({'/c.json': '[1, 2]'}), home: HOME}),
    (error: unknown) => error instanceof OpenClawConfigError && error.kind === 'shape',
  );
});

test('the config env block: vars and plain keys, minus blocked keys and ${} values', () => {
  assert.deepEqual(
    collectConfigEnvVars({
      env: {
        vars: {A: 'a', OPENCLAW_INCLUDE_ROOTS: '/etc', REF: '${OTHER}', EMPTY: ' '},
        B: 'b',
        shellEnv: {enabled: true},
        NUM: 3,
      },
    }),
    {A: 'a', B: 'b'},
  );
});

const lockProbe = (overrides: Partial<LockProbe> & {files: Record<string, string>}): LockProbe => ({
  readText: (file) => overrides.files[file],
  realpath: (file) => file,
  processArgv: () => ['/usr/bin/node', '/opt/oc/node_modules/openclaw/openclaw.mjs', 'gateway'],
  uid: 1000,
  ...overrides,
});

test('readActiveGatewayPort: the lock of a live `openclaw gateway` gives its port', () => {
  const configPath = `${HOME}/.openclaw/openclaw.json`;
  const hash = createHash('sha256').update(configPath).digest('hex').slice(0, 8);
  const lockDir = `${HOME}/.openclaw/tmp/openclaw-1000`;
  const payload = (extra: object): string =>
    JSON.stringify({
      pid: 4242,
      createdAt: '2026-01-01T00:00:00Z',
      configPath,
      port: 19123,
      ...extra,
    });
  const location = {stateDir: `${HOME}/.openclaw`, configPath};

  const live = lockProbe({files: {[path.join(lockDir, `gateway.${hash}.lock`)]: payload({})}});
  assert.equal(readActiveGatewayPort(location, live), 19123);

  const stateLock = lockProbe({files: {[path.join(lockDir, 'gateway.state.lock')]: payload({})}});
  assert.equal(readActiveGatewayPort(location, stateLock), 19123);

  const dead = lockProbe({
    files: {[path.join(lockDir, `gateway.${hash}.lock`)]: payload({})},
    processArgv: () => undefined,
  });
  assert.equal(readActiveGatewayPort(location, dead), undefined, 'pid gone');

  const reused = lockProbe({
    files: {[path.join(lockDir, `gateway.${hash}.lock`)]: payload({})},
    processArgv: () => ['/usr/bin/vim', 'notes.txt'],
  });
  assert.equal(readActiveGatewayPort(location, reused), undefined, 'pid reused by another program');

  const embedded = lockProbe({
    files: {[path.join(lockDir, `gateway.${hash}.lock`)]: payload({role: 'agent-embedded'})},
  });
  assert.equal(readActiveGatewayPort(location, embedded), undefined, 'not a gateway lock');

  const garbage = lockProbe({files: {[path.join(lockDir, `gateway.${hash}.lock`)]: '{nope'}});
  assert.equal(readActiveGatewayPort(location, garbage), undefined);
});

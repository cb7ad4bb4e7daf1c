import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseCli, type ParsedCli} from '../../../source/cli-flags.ts';
import {OpenClawConfigError} from '../../../source/config/openclaw-config.ts';
import {
  buildOptions,
  DEFAULT_TIMEOUT_MS,
  startupErrorMessage,
} from '../../../source/config/options.ts';
import {GatewayUrlError} from '../../../source/config/resolve-gateway.ts';
import {assertNoSecrets, memFiles} from './mem-files.ts';

const HOME = '/home/op';
const CONFIG = `${HOME}/.openclaw/openclaw.json`;

const cli = (argv: readonly string[]): ParsedCli => {
  const result = parseCli(argv);
  if (result.kind !== 'run') throw new Error(JSON.stringify(result));
  return result.cli;
};

const build = (
  argv: readonly string[],
  env: Record<string, string> = {},
  files: Record<string, string> = {},
  running?: number,
) =>
  buildOptions({
    cli: cli(argv),
    env: {HOME, ...env},
    osHome: HOME,
    cwd: '/work',
    platform: 'linux',
    files: memFiles(files),
    activeGatewayPort: () => running,
  });

test('attach: flags, env and the OpenClaw config merge into one options object', () => {
  const options = build(
    ['pending', '--json', '--read-only', '--no-bell', '--timeout', '3s'],
    {OPENCLAW_GATEWAY_TOKEN: 'tok-ENV-1', NO_COLOR: '1', OPENCLAW_TUI_HOME: '/data/oct'},
    {[CONFIG]: '{gateway: {port: 3000}}'},
  );
  assert.deepEqual(options.command, {name: 'pending'});
  assert.equal(options.target.kind, 'attach');
  assert.ok(options.target.kind === 'attach');
  assert.equal(options.target.gateway.url, 'ws://127.0.0.1:3000');
  assert.equal(options.target.gateway.urlSource, 'config ~/.openclaw/openclaw.json gateway.port');
  assert.deepEqual(options.target.gateway.auth, {token: 'tok-ENV-1'});
  assert.equal(options.json, true);
  assert.equal(options.readOnly, true);
  assert.equal(options.bell, false);
  assert.equal(options.timeoutMs, 3000);
  assert.equal(options.color, false);
  assert.equal(options.paths.auditLog, '/data/oct/audit.jsonl');
  assert.deepEqual(options.warnings, []);
  const {target, ...rest} = options;
  assertNoSecrets(rest, ['tok-ENV-1']);
  assert.ok(target.kind === 'attach');
  const {auth: _auth, ...gatewayRest} = target.gateway;
  assertNoSecrets(gatewayRest, ['tok-ENV-1']);
});

test('defaults: console, colour on, bell on, 10 s timeout, follows a running gateway', () => {
  const options = build([], {}, {}, 4100);
  assert.deepEqual(options.command, {name: 'console'});
  assert.equal(options.color, true);
  assert.equal(options.bell, true);
  assert.equal(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  assert.ok(options.target.kind === 'attach');
  assert.equal(options.target.gateway.url, 'ws://127.0.0.1:4100');
});

test('--demo reads no OpenClaw files at all (a broken config does not matter)', () => {
  const options = build(['--demo'], {}, {[CONFIG]: '{broken'});
  assert.deepEqual(options.target, {kind: 'demo'});
});

test('--embed carries the executables and ignores a running gateway lock', () => {
  const options = build(
    ['--embed', '--openclaw', '/opt/openclaw.mjs', '--node', '/opt/node', '--detach-on-exit'],
    {},
    {[CONFIG]: '{gateway: {port: 3000, auth: {token: "tok-CFG-2"}}}'},
    4100,
  );
  assert.ok(options.target.kind === 'embed');
  assert.equal(options.target.openclawPath, '/opt/openclaw.mjs');
  assert.equal(options.target.nodePath, '/opt/node');
  assert.equal(options.target.detachOnExit, true);
  assert.equal(options.target.gateway.url, 'ws://127.0.0.1:3000');
  assert.deepEqual(options.target.gateway.auth, {token: 'tok-CFG-2'});
});

test('resolution warnings reach options.warnings', () => {
  const options = build(['status'], {OPENCLAW_GATEWAY_PORT: 'nope'});
  assert.match(options.warnings.join('\n'), /OPENCLAW_GATEWAY_PORT is not a valid port/);
});

test('startup errors become one printable line; anything else is left to crash loudly', () => {
  let configError: unknown;
  try {
    build(['status'], {}, {[CONFIG]: '{gateway: {port: 1,, }}'});
  } catch (error) {
    configError = error;
  }
  assert.ok(configError instanceof OpenClawConfigError);
  assert.match(
    startupErrorMessage(configError) ?? '',
    /^openclaw-tui: ~\/\.openclaw\/openclaw\.json: invalid JSON5 at line 1, column \d+/,
  );

  let urlError: unknown;
  try {
    build(['status', '--url', 'ws://198.51.100.7:1']);
  } catch (error) {
    urlError = error;
  }
  assert.ok(urlError instanceof GatewayUrlError);
  assert.match(startupErrorMessage(urlError) ?? '', /^openclaw-tui: Refusing plaintext ws:\/\//);
  assert.equal(startupErrorMessage(new TypeError('bug')), undefined);
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseCli, type ParsedCli} from '../../../source/cli-flags.ts';
import {
  FleetConfigError,
  parseGatewayFlag,
  resolveFleet,
  type ResolveFleetInput,
} from '../../../source/config/fleet.ts';
import {OpenClawConfigError} from '../../../source/config/openclaw-config.ts';
import {
  buildOptions,
  FleetSelectionError,
  startupErrorExitCode,
  startupErrorMessage,
} from '../../../source/config/options.ts';
import {assertNoSecrets, memFiles} from './mem-files.ts';

const HOME = '/home/op';
const DATA = '/data/oct';
const FILE = `${DATA}/gateways.json5`;
const FINGERPRINT =
  'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';

const fleetOf = (
  text: string | undefined,
  env: Record<string, string> = {},
  more: Partial<ResolveFleetInput> & {readonly extraFiles?: Record<string, string>} = {},
) =>
  resolveFleet({
    dataDir: DATA,
    env,
    home: HOME,
    files: memFiles({...(text === undefined ? {} : {[FILE]: text}), ...more.extraFiles}),
    ...more,
  });

const refused = (text: string, pattern: RegExp, env: Record<string, string> = {}) => {
  assert.throws(
    () => fleetOf(text, env),
    (error: unknown) => error instanceof FleetConfigError && pattern.test(error.message),
  );
};

test('no file and no flags: no fleet (the single-gateway resolution stays in charge)', () => {
  assert.equal(fleetOf(undefined), undefined);
});

test('a worked file: each entry resolves its credential by reference and gets its own directory', () => {
  const fleet = fleetOf(
    `// my gateways
    {
      gateways: [
        {name: 'home', url: 'ws://127.0.0.1:18789', tokenEnv: 'HOME_TOKEN'},
        {name: 'Team', url: 'wss://team.example.com', token: {source: 'env', provider: 'default', id: 'TEAM_TOKEN'},
         tlsFingerprint: '${FINGERPRINT}', readOnly: true},
        {name: 'vps', ssh: 'me@vps.example.com', tokenFile: '~/.secrets/vps.token'},
        {name: 'pw', url: 'ws://10.0.0.2:18789', password: '\${PW_SECRET}'},
      ],
    }`,
    {HOME_TOKEN: 'tok-home-1', TEAM_TOKEN: 'tok-team-2', PW_SECRET: 'pw-3'},
    {extraFiles: {[`${HOME}/.secrets/vps.token`]: '  tok-vps-4\n'}},
  );
  assert.ok(fleet);
  assert.equal(fleet.fileFound, true);
  assert.deepEqual(
    fleet.gateways.map((g) => g.name),
    ['home', 'Team', 'vps', 'pw'],
  );
  const [home, team, vps, pw] = fleet.gateways;
  assert.deepEqual(home?.gateway.auth, {token: 'tok-home-1'});
  assert.equal(home?.gateway.credentialSource, 'env HOME_TOKEN');
  assert.equal(home?.identityDir, `${DATA}/gateways/home`);
  assert.equal(home?.readOnly, false);
  assert.equal(team?.gateway.url, 'wss://team.example.com');
  assert.deepEqual(team?.gateway.auth, {token: 'tok-team-2'});
  assert.equal(team?.gateway.credentialSource, 'SecretRef env:default:TEAM_TOKEN');
  assert.equal(team?.tlsFingerprint, FINGERPRINT.replaceAll(':', '').toLowerCase());
  assert.equal(team?.readOnly, true);
  assert.equal(team?.identityDir, `${DATA}/gateways/team`);
  assert.deepEqual(vps?.gateway.auth, {token: 'tok-vps-4'});
  assert.equal(vps?.gateway.credentialSource, 'file ~/.secrets/vps.token');
  assert.deepEqual(vps?.ssh, {
    destination: 'me@vps.example.com',
    remoteHost: '127.0.0.1',
    remotePort: 18789,
  });
  assert.match(vps?.gateway.urlSource ?? '', /default for ssh entries/);
  assert.deepEqual(pw?.gateway.auth, {password: 'pw-3'});
  assert.equal(pw?.gateway.credentialSource, 'SecretRef env:default:PW_SECRET');
  // every identity directory is its own: a pairing with one gateway is never shown to another
  assert.equal(new Set(fleet.gateways.map((g) => g.identityDir)).size, 4);
  // nothing but `auth` holds a secret
  const withoutAuth = fleet.gateways.map(({gateway: {auth: _auth, ...rest}, ...entry}) => ({
    ...entry,
    rest,
  }));
  assertNoSecrets({withoutAuth, warnings: fleet.warnings}, [
    'tok-home-1',
    'tok-team-2',
    'tok-vps-4',
    'pw-3',
  ]);
});

test('a plain-text token or password in the file is refused, without repeating it', () => {
  for (const field of ['token', 'password']) {
    const text = `{gateways: [{name: 'home', url: 'ws://127.0.0.1:1', ${field}: 'hunter2-secret'}]}`;
    assert.throws(
      () => fleetOf(text),
      (error: unknown) => {
        assert.ok(error instanceof FleetConfigError);
        assert.match(error.message, new RegExp(`gateway "home" ${field} is written in plain text`));
        assert.match(error.message, new RegExp(`${field}Env`));
        assert.doesNotMatch(error.message, /hunter2/);
        return true;
      },
    );
  }
});

test('a credential reference that does not resolve marks that entry only', () => {
  const fleet = fleetOf(
    `{gateways: [
      {name: 'a', url: 'ws://127.0.0.1:1', tokenEnv: 'MISSING_TOKEN'},
      {name: 'b', url: 'ws://127.0.0.1:2', tokenFile: '/nope/b.token'},
      {name: 'c', url: 'ws://127.0.0.1:3', token: {source: 'file', provider: 'default', id: '/x'}},
      {name: 'd', url: 'ws://127.0.0.1:4', tokenEnv: 'D_TOKEN'},
    ]}`,
    {D_TOKEN: 'tok-d'},
  );
  assert.ok(fleet);
  const [a, b, c, d] = fleet.gateways;
  assert.match(a?.gateway.unresolvedCredential?.reason ?? '', /MISSING_TOKEN is not set/);
  assert.match(b?.gateway.unresolvedCredential?.reason ?? '', /\/nope\/b.token does not exist/);
  assert.match(c?.gateway.unresolvedCredential?.reason ?? '', /file SecretRef/);
  assert.equal(d?.gateway.unresolvedCredential, undefined);
  assert.deepEqual(d?.gateway.auth, {token: 'tok-d'});
  assert.equal(fleet.warnings.length, 0);
  assert.equal(a?.gateway.warnings.length, 1);
});

test('a token file readable by others is used, with a warning', () => {
  const fleet = fleetOf(
    `{gateways: [{name: 'a', url: 'ws://127.0.0.1:1', tokenFile: 'a.token'}]}`,
    {},
    {extraFiles: {[`${DATA}/a.token`]: 'tok-a'}, fileMode: () => 0o100644},
  );
  assert.deepEqual(fleet?.gateways[0]?.gateway.auth, {token: 'tok-a'});
  assert.match(fleet?.warnings[0] ?? '', /readable by other users; chmod 600/);
});

test('unusable entries are refused with the entry named', () => {
  refused(`{gateways: [{url: 'ws://127.0.0.1:1'}]}`, /entry 1: name must be/);
  refused(`{gateways: [{name: '../x', url: 'ws://127.0.0.1:1'}]}`, /entry 1: name must be/);
  refused(
    `{gateways: [{name: 'a', url: 'ws://127.0.0.1:1'}, {name: 'A', url: 'ws://127.0.0.1:2'}]}`,
    /name "A" is used twice/,
  );
  refused(`{gateways: [{name: 'a'}]}`, /gateway "a": url is missing/);
  refused(`{gateways: [{name: 'a', url: 'http2://x'}]}`, /must start with ws:\/\/ or wss:\/\//);
  refused(`{gateways: [{name: 'a', url: 'ws://8.8.8.8:1'}]}`, /Refusing plaintext ws:\/\//);
  refused(
    `{gateways: [{name: 'a', url: 'ws://127.0.0.1:1', tokenenv: 'X'}]}`,
    /unknown key "tokenenv"/,
  );
  refused(
    `{gateways: [{name: 'a', url: 'ws://127.0.0.1:1', tokenEnv: 'X', tokenFile: 'y'}]}`,
    /choose one of tokenEnv, tokenFile/,
  );
  refused(
    `{gateways: [{name: 'a', url: 'ws://127.0.0.1:1', tlsFingerprint: '${FINGERPRINT}'}]}`,
    /tlsFingerprint needs a wss:\/\/ url/,
  );
  refused(
    `{gateways: [{name: 'a', url: 'wss://h.example', tlsFingerprint: 'abc'}]}`,
    /SHA-256 certificate fingerprint/,
  );
  refused(`{gateways: [{name: 'a', ssh: '-oProxyCommand=x'}]}`, /ssh must be "user@host"/);
  refused(`{gateways: [{name: 'a', ssh: 'me@h', url: 'wss://h.example'}]}`, /with ssh, url is/);
  refused(`{gateways: [{name: 'a', url: 'ws://127.0.0.1:1', sshConfig: 'x'}]}`, /only applies/);
  refused(`{gateways: []}`, /lists no gateways/);
  refused(`{gateway: []}`, /unknown top-level key "gateway"/);
  refused(`{gateways: [{name: 'a', url: 'ws://127.0.0.1:1', readOnly: 'yes'}]}`, /readOnly/);
  assert.throws(() => fleetOf(`{gateways: [`), OpenClawConfigError);
});

test('--gateway NAME=URL adds entries and re-points a file entry, keeping its credential', () => {
  const fleet = fleetOf(
    `{gateways: [{name: 'home', url: 'ws://127.0.0.1:1', tokenEnv: 'HOME_TOKEN'}]}`,
    {HOME_TOKEN: 'tok-h'},
    {
      flagEntries: [
        {name: 'HOME', url: 'ws://127.0.0.1:2'},
        {name: 'extra', url: 'ws://127.0.0.1:3'},
      ],
      readOnly: true,
    },
  );
  assert.ok(fleet);
  const [home, extra] = fleet.gateways;
  assert.equal(home?.gateway.url, 'ws://127.0.0.1:2');
  assert.equal(home?.gateway.urlSource, '--gateway HOME=… flag');
  assert.deepEqual(home?.gateway.auth, {token: 'tok-h'});
  assert.equal(extra?.source, '--gateway flag');
  assert.equal(extra?.gateway.credentialSource, 'none');
  assert.deepEqual(extra?.gateway.auth, {});
  // --read-only makes every gateway read-only
  assert.ok(fleet.gateways.every((g) => g.readOnly));
  // flags alone make a fleet too
  const flagsOnly = fleetOf(undefined, {}, {flagEntries: [{name: 'x', url: 'ws://127.0.0.1:4'}]});
  assert.equal(flagsOnly?.fileFound, false);
  assert.deepEqual(
    flagsOnly?.gateways.map((g) => g.name),
    ['x'],
  );
});

test('parseGatewayFlag: NAME=URL defines, NAME selects, anything else is refused', () => {
  assert.deepEqual(parseGatewayFlag('home=ws://127.0.0.1:1'), {
    kind: 'define',
    name: 'home',
    url: 'ws://127.0.0.1:1',
  });
  assert.deepEqual(parseGatewayFlag('home'), {kind: 'select', name: 'home'});
  assert.throws(() => parseGatewayFlag('home='), /URL is missing/);
  assert.throws(() => parseGatewayFlag('a b=ws://x'), /expected NAME or NAME=URL/);
});

// ---------------------------------------------------------------- command line + options ----

const cli = (argv: readonly string[]): ParsedCli => {
  const result = parseCli(argv);
  if (result.kind !== 'run') throw new Error(JSON.stringify(result));
  return result.cli;
};

const usageError = (argv: readonly string[]): string => {
  const result = parseCli(argv);
  assert.equal(result.kind, 'usage-error', JSON.stringify(result));
  return result.kind === 'usage-error' ? result.reason : '';
};

const build = (
  argv: readonly string[],
  files: Record<string, string> = {},
  env: Record<string, string> = {},
) =>
  buildOptions({
    cli: cli(argv),
    env: {HOME, OPENCLAW_TUI_HOME: DATA, ...env},
    osHome: HOME,
    cwd: '/work',
    platform: 'linux',
    files: memFiles(files),
    activeGatewayPort: () => undefined,
  });

test('cli: --gateway is repeatable, --all and selection apply to the twins', () => {
  const parsed = cli([
    'pending',
    '--gateway',
    'a=ws://127.0.0.1:1',
    '--gateway',
    'b',
    '--gateway',
    'b',
  ]);
  assert.deepEqual(parsed.flags.gatewayDefs, [{name: 'a', url: 'ws://127.0.0.1:1'}]);
  assert.deepEqual(parsed.flags.gatewaySelect, ['b']);
  assert.equal(cli(['status', '--all']).flags.all, true);
  assert.deepEqual(cli(['gateways', '--json']).command, {name: 'gateways'});
  assert.match(usageError(['--gateway', 'b']), /only applies to commands/);
  assert.match(usageError(['approve', 'x', '--all']), /--all only applies to/);
  assert.match(usageError(['pending', '--all', '--gateway', 'b']), /choose one of/);
  assert.match(usageError(['--gateway', 'a=ws://x', '--url', 'ws://y']), /cannot be combined/);
  assert.match(usageError(['--gateway', 'a=ws://x', '--demo']), /cannot be combined/);
  assert.match(usageError(['pending', '--gateway=a b']), /expected NAME or NAME=URL/);
});

test('options: no fleet leaves today resolution; a file makes the fleet; --url bypasses it', () => {
  const single = build(['status']);
  assert.equal(single.fleet, undefined);
  assert.deepEqual(single.selectedGateways, []);
  assert.ok(single.target.kind === 'attach');
  assert.equal(single.target.gateway.url, 'ws://127.0.0.1:18789');

  const file = {
    [FILE]: `{gateways: [
      {name: 'a', url: 'ws://127.0.0.1:1', tokenEnv: 'A_TOKEN'},
      {name: 'b', url: 'ws://127.0.0.1:2'},
    ]}`,
  };
  const all = build(['pending'], file, {A_TOKEN: 'tok-a'});
  assert.deepEqual(
    all.fleet?.gateways.map((g) => g.name),
    ['a', 'b'],
  );
  assert.deepEqual(
    all.selectedGateways?.map((g) => g.name),
    ['a', 'b'],
  );
  const one = build(['pending', '--gateway', 'B'], file);
  assert.deepEqual(
    one.selectedGateways?.map((g) => g.name),
    ['b'],
  );
  const explicit = build(['status', '--url', 'ws://127.0.0.1:9'], file);
  assert.equal(explicit.fleet, undefined);

  assert.throws(
    () => build(['pending', '--gateway', 'c'], file),
    (error: unknown) =>
      error instanceof FleetSelectionError &&
      /no such gateway in the fleet \(gateways: a, b\)/.test(error.message) &&
      startupErrorExitCode(error) === 2,
  );
  assert.throws(
    () => build(['pending', '--all']),
    (error: unknown) =>
      error instanceof FleetSelectionError && /no fleet is configured/.test(error.message),
  );
  const bad = (() => {
    try {
      build(['status'], {
        [FILE]: `{gateways: [{name: 'a', url: 'ws://127.0.0.1:1', token: 'tok-x'}]}`,
      });
    } catch (error) {
      return error;
    }
    return undefined;
  })();
  assert.match(startupErrorMessage(bad) ?? '', /^openclaw-tui: .*plain text/);
  assert.equal(startupErrorExitCode(bad), 1);
});

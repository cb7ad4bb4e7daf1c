import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {OpenClawConfigError} from '../../../source/config/openclaw-config.ts';
import {
  GatewayUrlError,
  profilePort,
  resolveGateway,
  type GatewayFlags,
  type GatewayResolution,
} from '../../../source/config/resolve-gateway.ts';
import {assertNoSecrets, memFiles} from './mem-files.ts';

const HOME = '/home/op';
const CONFIG = `${HOME}/.openclaw/openclaw.json`;
const SHOWN = 'config ~/.openclaw/openclaw.json';

// Every secret is distinctive so a leak into any message is caught by assertNoSecrets.
const S = {
  flagToken: 'tok-FLAG-1111',
  flagPassword: 'pw-FLAG-1212',
  envToken: 'tok-ENV-2222',
  envPassword: 'pw-ENV-5555',
  cfgToken: 'tok-CFG-3333',
  cfgPassword: 'pw-CFG-6666',
  remoteToken: 'tok-REMOTE-4444',
  remotePassword: 'pw-REMOTE-4545',
  refToken: 'tok-REF-7777',
  dotenvToken: 'tok-DOTENV-8888',
  configEnvToken: 'tok-CFGENV-9999',
} as const;
const ALL_SECRETS = Object.values(S);

type Case = {
  readonly flags?: GatewayFlags;
  readonly env?: Record<string, string>;
  /** JSON5 text of ~/.openclaw/openclaw.json; omitted = no config file. */
  readonly config?: string;
  readonly files?: Record<string, string>;
  readonly activeGatewayPort?: number;
};

const run = (c: Case): GatewayResolution =>
  resolveGateway({
    flags: c.flags ?? {},
    env: {HOME, ...c.env},
    files: memFiles({...(c.config === undefined ? {} : {[CONFIG]: c.config}), ...c.files}),
    osHome: HOME,
    cwd: '/work',
    ...(c.activeGatewayPort === undefined ? {} : {activeGatewayPort: () => c.activeGatewayPort}),
  });

/** Resolve, and check no secret appears outside `auth` (sources, warnings, anything). */
const resolveSafely = (c: Case): GatewayResolution => {
  const result = run(c);
  const {auth: _auth, ...rest} = result;
  assertNoSecrets(rest, ALL_SECRETS);
  return result;
};

type Row = {
  readonly name: string;
  readonly input: Case;
  readonly url: string;
  readonly urlSource: string;
  readonly token?: string;
  readonly password?: string;
  readonly credentialSource: string;
};

const table: readonly Row[] = [
  {
    name: 'nothing anywhere: the default loopback URL, no credential',
    input: {},
    url: 'ws://127.0.0.1:18789',
    urlSource: 'default',
    credentialSource: 'none',
  },
  {
    name: '--url and --token beat env and config',
    input: {
      flags: {url: 'wss://gw.example.com', token: S.flagToken},
      env: {OPENCLAW_GATEWAY_URL: 'ws://127.0.0.1:1', OPENCLAW_GATEWAY_TOKEN: S.envToken},
      config: `{gateway: {port: 2, auth: {token: "${S.cfgToken}"}}}`,
    },
    url: 'wss://gw.example.com',
    urlSource: '--url flag',
    token: S.flagToken,
    credentialSource: '--token flag',
  },
  {
    name: '--token alone keeps the resolved URL and beats env/config credentials',
    input: {
      flags: {token: S.flagToken},
      env: {OPENCLAW_GATEWAY_TOKEN: S.envToken},
      config: `{gateway: {port: 3000, auth: {token: "${S.cfgToken}"}}}`,
    },
    url: 'ws://127.0.0.1:3000',
    urlSource: `${SHOWN} gateway.port`,
    token: S.flagToken,
    credentialSource: '--token flag',
  },
  {
    name: '--token and --password together are both sent',
    input: {flags: {token: S.flagToken, password: S.flagPassword}},
    url: 'ws://127.0.0.1:18789',
    urlSource: 'default',
    token: S.flagToken,
    password: S.flagPassword,
    credentialSource: '--token flag + --password flag',
  },
  {
    name: '--url without credentials reuses neither env nor config (like openclaw)',
    input: {
      flags: {url: 'ws://127.0.0.1:4000'},
      env: {OPENCLAW_GATEWAY_TOKEN: S.envToken},
      config: `{gateway: {auth: {token: "${S.cfgToken}"}}}`,
    },
    url: 'ws://127.0.0.1:4000',
    urlSource: '--url flag',
    credentialSource: 'none',
  },
  {
    name: 'OPENCLAW_GATEWAY_URL beats config and reuses only env credentials',
    input: {
      env: {OPENCLAW_GATEWAY_URL: 'ws://10.0.0.5:18789', OPENCLAW_GATEWAY_TOKEN: S.envToken},
      config: `{gateway: {mode: "remote", remote: {url: "wss://other.example", token: "${S.remoteToken}"}}}`,
    },
    url: 'ws://10.0.0.5:18789',
    urlSource: 'OPENCLAW_GATEWAY_URL',
    token: S.envToken,
    credentialSource: 'OPENCLAW_GATEWAY_TOKEN',
  },
  {
    name: 'OPENCLAW_GATEWAY_URL with no env credential ignores the config token',
    input: {
      env: {OPENCLAW_GATEWAY_URL: 'ws://127.0.0.1:5000'},
      config: `{gateway: {auth: {token: "${S.cfgToken}"}}}`,
    },
    url: 'ws://127.0.0.1:5000',
    urlSource: 'OPENCLAW_GATEWAY_URL',
    credentialSource: 'none',
  },
  {
    name: 'OPENCLAW_GATEWAY_PORT with the default host beats gateway.port',
    input: {env: {OPENCLAW_GATEWAY_PORT: '19001'}, config: '{gateway: {port: 3000}}'},
    url: 'ws://127.0.0.1:19001',
    urlSource: 'OPENCLAW_GATEWAY_PORT (+ default host)',
    credentialSource: 'none',
  },
  {
    name: 'OPENCLAW_GATEWAY_PORT in host:port form uses the port (host stays 127.0.0.1)',
    input: {env: {OPENCLAW_GATEWAY_PORT: 'gw.lan:19002'}},
    url: 'ws://127.0.0.1:19002',
    urlSource: 'OPENCLAW_GATEWAY_PORT (+ default host)',
    credentialSource: 'none',
  },
  {
    name: 'gateway.port and gateway.tls.enabled make a wss loopback URL',
    input: {config: '{gateway: {port: 3443, tls: {enabled: true}, bind: "lan"}}'},
    url: 'wss://127.0.0.1:3443',
    urlSource: `${SHOWN} gateway.port, wss from ${SHOWN} gateway.tls.enabled`,
    credentialSource: 'none',
  },
  {
    name: 'OPENCLAW_PROFILE derives the port like openclaw (FNV-1a)',
    input: {env: {OPENCLAW_PROFILE: 'work'}},
    url: 'ws://127.0.0.1:41984',
    urlSource: 'OPENCLAW_PROFILE (derived port)',
    credentialSource: 'none',
  },
  {
    name: 'local mode: gateway.auth.token beats OPENCLAW_GATEWAY_TOKEN (openclaw is config-first)',
    input: {
      env: {OPENCLAW_GATEWAY_TOKEN: S.envToken},
      config: `{gateway: {auth: {mode: "token", token: "${S.cfgToken}"}}}`,
    },
    url: 'ws://127.0.0.1:18789',
    urlSource: 'default',
    token: S.cfgToken,
    credentialSource: `${SHOWN} gateway.auth.token`,
  },
  {
    name: 'local mode: OPENCLAW_GATEWAY_TOKEN beats gateway.remote.token',
    input: {
      env: {OPENCLAW_GATEWAY_TOKEN: S.envToken},
      config: `{gateway: {remote: {token: "${S.remoteToken}"}}}`,
    },
    url: 'ws://127.0.0.1:18789',
    urlSource: 'default',
    token: S.envToken,
    credentialSource: 'OPENCLAW_GATEWAY_TOKEN',
  },
  {
    name: 'local mode: gateway.remote.token is the last fallback',
    input: {config: `{gateway: {remote: {token: "${S.remoteToken}"}}}`},
    url: 'ws://127.0.0.1:18789',
    urlSource: 'default',
    token: S.remoteToken,
    credentialSource: `${SHOWN} gateway.remote.token`,
  },
  {
    name: 'local password mode: config password first, no token sent',
    input: {
      env: {OPENCLAW_GATEWAY_PASSWORD: S.envPassword, OPENCLAW_GATEWAY_TOKEN: S.envToken},
      config: `{gateway: {auth: {mode: "password", password: "${S.cfgPassword}"}}}`,
    },
    url: 'ws://127.0.0.1:18789',
    urlSource: 'default',
    password: S.cfgPassword,
    credentialSource: `${SHOWN} gateway.auth.password`,
  },
  {
    name: 'remote mode: remote.url, remote.token before env before auth.token',
    input: {
      env: {OPENCLAW_GATEWAY_TOKEN: S.envToken, OPENCLAW_GATEWAY_PORT: '19001'},
      config: `{gateway: {mode: "remote", port: 3000,
        remote: {url: "wss://gw.example.com", token: "${S.remoteToken}"},
        auth: {token: "${S.cfgToken}"}}}`,
    },
    url: 'wss://gw.example.com',
    urlSource: `${SHOWN} gateway.remote.url`,
    token: S.remoteToken,
    credentialSource: `${SHOWN} gateway.remote.token`,
  },
  {
    name: 'remote mode: env token before auth.token when remote.token is unset',
    input: {
      env: {OPENCLAW_GATEWAY_TOKEN: S.envToken},
      config: `{gateway: {mode: "remote", remote: {url: "wss://gw.example.com"}, auth: {token: "${S.cfgToken}"}}}`,
    },
    url: 'wss://gw.example.com',
    urlSource: `${SHOWN} gateway.remote.url`,
    token: S.envToken,
    credentialSource: 'OPENCLAW_GATEWAY_TOKEN',
  },
  {
    name: 'remote mode: password is env-first, then remote.password',
    input: {
      env: {OPENCLAW_GATEWAY_PASSWORD: S.envPassword},
      config: `{gateway: {mode: "remote", remote: {url: "wss://gw.example.com", password: "${S.remotePassword}"}}}`,
    },
    url: 'wss://gw.example.com',
    urlSource: `${SHOWN} gateway.remote.url`,
    password: S.envPassword,
    credentialSource: 'OPENCLAW_GATEWAY_PASSWORD',
  },
  {
    name: 'gateway.remote.url is ignored in local mode',
    input: {config: '{gateway: {mode: "local", remote: {url: "wss://gw.example.com"}}}'},
    url: 'ws://127.0.0.1:18789',
    urlSource: 'default',
    credentialSource: 'none',
  },
  {
    name: 'env SecretRef object is resolved from the environment',
    input: {
      env: {MY_GATEWAY_TOKEN: S.refToken, OPENCLAW_GATEWAY_TOKEN: S.envToken},
      config: `{gateway: {auth: {mode: "token", token: {source: "env", provider: "default", id: "MY_GATEWAY_TOKEN"}}}}`,
    },
    url: 'ws://127.0.0.1:18789',
    urlSource: 'default',
    token: S.refToken,
    credentialSource: `${SHOWN} gateway.auth.token (env SecretRef MY_GATEWAY_TOKEN)`,
  },
  {
    name: '${VAR} in a credential is substituted from the environment',
    input: {
      env: {MY_GATEWAY_TOKEN: S.refToken},
      config: '{gateway: {auth: {token: "${MY_GATEWAY_TOKEN}"}}}',
    },
    url: 'ws://127.0.0.1:18789',
    urlSource: 'default',
    token: S.refToken,
    credentialSource: `${SHOWN} gateway.auth.token (\${MY_GATEWAY_TOKEN})`,
  },
  {
    name: '$VAR shorthand is an env SecretRef',
    input: {
      env: {MY_GATEWAY_TOKEN: S.refToken},
      config: '{gateway: {auth: {token: "$MY_GATEWAY_TOKEN"}}}',
    },
    url: 'ws://127.0.0.1:18789',
    urlSource: 'default',
    token: S.refToken,
    credentialSource: `${SHOWN} gateway.auth.token ($MY_GATEWAY_TOKEN)`,
  },
  {
    name: 'a running local gateway (lock file) beats gateway.port, as openclaw tui does',
    input: {config: '{gateway: {port: 3000}}', activeGatewayPort: 3999},
    url: 'ws://127.0.0.1:3999',
    urlSource: 'running local gateway (its lock file)',
    credentialSource: 'none',
  },
  {
    name: 'OPENCLAW_GATEWAY_PORT beats a running gateway lock',
    input: {env: {OPENCLAW_GATEWAY_PORT: '19001'}, activeGatewayPort: 3999},
    url: 'ws://127.0.0.1:19001',
    urlSource: 'OPENCLAW_GATEWAY_PORT (+ default host)',
    credentialSource: 'none',
  },
];

for (const row of table) {
  test(`precedence: ${row.name}`, () => {
    const result = resolveSafely(row.input);
    assert.equal(result.url, row.url);
    assert.equal(result.urlSource, row.urlSource);
    assert.deepEqual(result.auth, {
      ...(row.token ? {token: row.token} : {}),
      ...(row.password ? {password: row.password} : {}),
    });
    assert.equal(result.credentialSource, row.credentialSource);
  });
}

test('profilePort matches the values openclaw 2026.9.6 computes', () => {
  // Reference values from the real CLI's resolveGatewayPort (dist/paths-*.mjs).
  assert.equal(profilePort('work'), 41984);
  assert.ok(profilePort('dev') >= 20000 && profilePort('dev') < 60000);
  assert.equal(run({env: {OPENCLAW_PROFILE: 'default'}}).url, 'ws://127.0.0.1:18789');
});

test('--url without credentials explains why none are sent', () => {
  const result = resolveSafely({
    flags: {url: 'ws://127.0.0.1:4000'},
    env: {OPENCLAW_GATEWAY_TOKEN: S.envToken},
  });
  assert.match(result.warnings.join('\n'), /--url without --token\/--password/);
});

test('unresolvable env SecretRef for gateway.auth.token fails closed (no env fallback)', () => {
  const result = resolveSafely({
    env: {OPENCLAW_GATEWAY_TOKEN: S.envToken},
    config: `{gateway: {auth: {mode: "token",
      token: {source: "env", provider: "default", id: "MISSING_TOKEN_VAR"}},
      remote: {token: "${S.remoteToken}"}}}`,
  });
  assert.deepEqual(result.auth, {});
  assert.equal(result.credentialSource, 'none');
  assert.equal(result.unresolvedCredential?.path, 'gateway.auth.token');
  assert.match(result.unresolvedCredential?.reason ?? '', /MISSING_TOKEN_VAR is not set/);
  assert.match(result.warnings.join('\n'), /fails closed/);
});

test('an unset ${VAR} credential is unresolved, never sent as the literal placeholder', () => {
  const result = resolveSafely({config: '{gateway: {auth: {token: "${NOT_SET_ANYWHERE}"}}}'});
  assert.deepEqual(result.auth, {});
  assert.equal(result.unresolvedCredential?.path, 'gateway.auth.token');
});

test('unresolved token ref with a usable password: the password is used (auth mode unset)', () => {
  const result = resolveSafely({
    env: {OPENCLAW_GATEWAY_PASSWORD: S.envPassword},
    config: '{gateway: {auth: {token: {source: "env", provider: "default", id: "NOPE_VAR"}}}}',
  });
  assert.deepEqual(result.auth, {password: S.envPassword});
  assert.equal(result.unresolvedCredential, undefined);
  assert.match(result.warnings.join('\n'), /NOPE_VAR/);
});

test('remote mode: an unresolved remote.token ref falls back to env, with a warning', () => {
  const result = resolveSafely({
    env: {OPENCLAW_GATEWAY_TOKEN: S.envToken},
    config: `{gateway: {mode: "remote", remote: {url: "wss://gw.example.com",
      token: {source: "env", provider: "default", id: "REMOTE_VAR"}}}}`,
  });
  assert.deepEqual(result.auth, {token: S.envToken});
  assert.match(
    result.warnings.join('\n'),
    /gateway\.remote\.token: environment variable REMOTE_VAR/,
  );
});

test('file and exec SecretRefs are reported as "cannot resolve", never guessed', () => {
  const result = resolveSafely({
    env: {OPENCLAW_GATEWAY_TOKEN: S.envToken},
    config: `{
      secrets: {providers: {vault: {source: "file", path: "~/.openclaw/secrets.json"}}},
      gateway: {auth: {token: {source: "file", provider: "vault", id: "/gateway/token"}}},
    }`,
  });
  // The console cannot read it, so it says so and uses the next source instead of failing.
  assert.deepEqual(result.auth, {token: S.envToken});
  assert.match(
    result.warnings.join('\n'),
    /file SecretRef \(file:vault:\/gateway\/token\).*cannot resolve/,
  );

  const alone = resolveSafely({
    config: '{gateway: {auth: {token: {source: "exec", provider: "op", id: "gw/token"}}}}',
  });
  assert.deepEqual(alone.auth, {});
  assert.equal(alone.unresolvedCredential?.path, 'gateway.auth.token');
  assert.match(alone.unresolvedCredential?.reason ?? '', /exec SecretRef.*cannot resolve/);
});

test('named env providers honour their allowlist and unknown providers are refused', () => {
  const allowed = resolveSafely({
    env: {GW_TOKEN: S.refToken},
    config: `{secrets: {providers: {shell: {source: "env", allowlist: ["GW_TOKEN"]}}},
      gateway: {auth: {token: {source: "env", provider: "shell", id: "GW_TOKEN"}}}}`,
  });
  assert.deepEqual(allowed.auth, {token: S.refToken});

  const denied = resolveSafely({
    env: {OTHER: S.refToken},
    config: `{secrets: {providers: {shell: {source: "env", allowlist: ["GW_TOKEN"]}}},
      gateway: {auth: {token: {source: "env", provider: "shell", id: "OTHER"}}}}`,
  });
  assert.deepEqual(denied.auth, {});
  assert.match(
    denied.unresolvedCredential?.reason ?? '',
    /not in secrets\.providers\.shell\.allowlist/,
  );

  const unknown = resolveSafely({
    env: {GW_TOKEN: S.refToken},
    config: '{gateway: {auth: {token: {source: "env", provider: "nosuch", id: "GW_TOKEN"}}}}',
  });
  assert.deepEqual(unknown.auth, {});
  assert.match(unknown.unresolvedCredential?.reason ?? '', /provider "nosuch" is not configured/);
});

test('auth.mode none sends no config secret', () => {
  const result = resolveSafely({
    config: `{gateway: {auth: {mode: "none", token: "${S.cfgToken}"}}}`,
  });
  assert.deepEqual(result.auth, {});
});

test('remote mode without remote.url warns and falls back to the local gateway', () => {
  const result = resolveSafely({config: '{gateway: {mode: "remote", port: 4444}}'});
  assert.equal(result.url, 'ws://127.0.0.1:4444');
  assert.equal(result.mode, 'remote');
  assert.match(result.warnings.join('\n'), /gateway\.mode=remote but no gateway\.remote\.url/);
});

test('invalid values are ignored with a warning that does not echo them', () => {
  const result = resolveSafely({
    env: {OPENCLAW_GATEWAY_PORT: S.envToken},
    config: '{gateway: {port: "3000", mode: "cloud"}}',
  });
  assert.equal(result.url, 'ws://127.0.0.1:18789');
  const warnings = result.warnings.join('\n');
  assert.match(warnings, /OPENCLAW_GATEWAY_PORT is not a valid port/);
  assert.match(warnings, /gateway\.port is not a port number/);
  assert.match(warnings, /gateway\.mode is neither/);
});

test('the trusted ~/.openclaw/.env fills unset variables and is named in the source', () => {
  const result = resolveSafely({
    env: {OPENCLAW_GATEWAY_PORT: '19005'},
    files: {
      [`${HOME}/.openclaw/.env`]: `# written by openclaw onboard\nOPENCLAW_GATEWAY_TOKEN="${S.dotenvToken}"\nOPENCLAW_GATEWAY_PORT=1\n`,
    },
  });
  assert.equal(result.url, 'ws://127.0.0.1:19005', 'the process environment wins over .env');
  assert.deepEqual(result.auth, {token: S.dotenvToken});
  assert.equal(result.credentialSource, 'OPENCLAW_GATEWAY_TOKEN (from ~/.openclaw/.env)');
});

test("the config's env block supplies variables the environment lacks", () => {
  const result = resolveSafely({
    config: `{env: {vars: {OPENCLAW_GATEWAY_TOKEN: "${S.configEnvToken}"}}, gateway: {}}`,
  });
  assert.deepEqual(result.auth, {token: S.configEnvToken});
  assert.equal(
    result.credentialSource,
    'OPENCLAW_GATEWAY_TOKEN (from ~/.openclaw/openclaw.json env)',
  );
});

test('$include pulls the gateway section from a sibling file', () => {
  const result = resolveSafely({
    config: '{gateway: {$include: "./gateway.json5", port: 3100}}',
    files: {
      [`${HOME}/.openclaw/gateway.json5`]: `{port: 3000, auth: {token: "${S.cfgToken}"}}`,
    },
  });
  assert.equal(result.url, 'ws://127.0.0.1:3100', 'sibling keys override included ones');
  assert.deepEqual(result.auth, {token: S.cfgToken});
});

test('OPENCLAW_CONFIG_PATH and OPENCLAW_STATE_DIR choose the file, named in sources', () => {
  const viaPath = resolveSafely({
    env: {OPENCLAW_CONFIG_PATH: '~/alt/oc.json5'},
    files: {[`${HOME}/alt/oc.json5`]: '{gateway: {port: 3001}}'},
  });
  assert.equal(viaPath.configPath, `${HOME}/alt/oc.json5`);
  assert.equal(viaPath.urlSource, 'config ~/alt/oc.json5 gateway.port');

  const viaState = resolveSafely({
    env: {OPENCLAW_STATE_DIR: '/srv/oc'},
    files: {'/srv/oc/openclaw.json': '{gateway: {port: 3002}}'},
  });
  assert.equal(viaState.urlSource, 'config /srv/oc/openclaw.json gateway.port');
});

test('a missing config file is normal: defaults, no warning', () => {
  const result = resolveSafely({});
  assert.equal(result.configFound, false);
  assert.equal(result.configPath, CONFIG);
  assert.deepEqual(result.warnings, []);
});

test('invalid JSON5 throws a typed error naming the file, line and column, without the text', () => {
  const broken = `{\n  gateway: {\n    auth: {token: ${S.cfgToken}}\n  }\n}`;
  assert.throws(
    () => run({config: broken}),
    (error: unknown) => {
      assert.ok(error instanceof OpenClawConfigError);
      assert.equal(error.kind, 'syntax');
      assert.equal(error.file, CONFIG);
      assert.equal(error.line, 3);
      assert.equal(typeof error.column, 'number');
      assert.match(
        error.message,
        /^~\/\.openclaw\/openclaw\.json: invalid JSON5 at line 3, column \d+/,
      );
      // JSON5 itself quotes the offending character ("invalid character 'o'"): not even one
      // character of an unquoted token may reach the message.
      assertNoSecrets(error.message, [S.cfgToken]);
      assert.doesNotMatch(error.message, /'.'/);
      return true;
    },
  );
});

test('an unreadable config throws a typed error naming the file', () => {
  assert.throws(
    () =>
      resolveGateway({
        env: {HOME},
        files: memFiles({[CONFIG]: '{}'}, {unreadable: [CONFIG]}),
        osHome: HOME,
        cwd: '/',
      }),
    (error: unknown) =>
      error instanceof OpenClawConfigError &&
      error.kind === 'unreadable' &&
      /~\/\.openclaw\/openclaw\.json: cannot read the OpenClaw config \(EACCES\)/.test(
        error.message,
      ),
  );
});

test('with --url a broken config is reported but does not block the connection', () => {
  const result = resolveSafely({
    flags: {url: 'ws://127.0.0.1:4000', token: S.flagToken},
    config: '{gateway: ',
  });
  assert.equal(result.url, 'ws://127.0.0.1:4000');
  assert.match(result.warnings.join('\n'), /invalid JSON5.*ignored: --url given/);
});

test('unusable URLs throw GatewayUrlError without echoing the URL', () => {
  const cases: readonly [GatewayFlags, Record<string, string>, RegExp][] = [
    [{url: 'not a url'}, {}, /not a valid URL/],
    [{url: 'http://127.0.0.1:1'}, {}, /^$/], // http is accepted as ws (below)
    [{url: 'ftp://127.0.0.1:1'}, {}, /must start with ws:\/\/ or wss:\/\//],
    [{url: `wss://op:${S.flagPassword}@gw.example.com`}, {}, /contains credentials/],
    [{url: `wss://gw.example.com/?token=${S.flagToken}`}, {}, /credential in its query string/],
    [
      {},
      {OPENCLAW_GATEWAY_URL: 'ws://203.0.113.9:18789'},
      /Refusing plaintext ws:\/\/ to 203\.0\.113\.9/,
    ],
  ];
  for (const [flags, env, pattern] of cases) {
    if (flags.url?.startsWith('http://')) {
      assert.equal(run({flags, env}).url, 'ws://127.0.0.1:1');
      continue;
    }
    assert.throws(
      () => run({flags, env}),
      (error: unknown) => {
        assert.ok(error instanceof GatewayUrlError, String(error));
        assert.match(error.message, pattern);
        assertNoSecrets(error.message, ALL_SECRETS);
        return true;
      },
    );
  }
});

test('plaintext ws:// is fine for loopback, private, .local and .ts.net hosts', () => {
  for (const url of [
    'ws://localhost:1',
    'ws://[::1]:1',
    'ws://192.168.1.20:18789',
    'ws://100.101.102.103:18789',
    'ws://box.local:18789',
    'ws://box.tail1234.ts.net:18789',
  ]) {
    assert.equal(run({flags: {url}}).url, url);
  }
  // The break-glass admits host names on trusted private networks, never public IPs.
  const env = {OPENCLAW_ALLOW_INSECURE_PRIVATE_WS: '1'};
  assert.equal(run({flags: {url: 'ws://gw.corp:1'}, env}).url, 'ws://gw.corp:1');
  assert.throws(() => run({flags: {url: 'ws://8.8.8.8:1'}, env}), GatewayUrlError);
});

test('temp files: a real config file on disk is read, and a broken one reports its position', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oct-config-'));
  try {
    const file = path.join(dir, 'openclaw.json');
    fs.writeFileSync(
      file,
      `// JSON5: comments and trailing commas\n{gateway: {port: 3210, auth: {mode: "token", token: "${S.cfgToken}",},},}\n`,
    );
    const ok = resolveGateway({
      env: {OPENCLAW_CONFIG_PATH: file, HOME: dir},
      osHome: dir,
      cwd: dir,
    });
    assert.equal(ok.url, 'ws://127.0.0.1:3210');
    assert.deepEqual(ok.auth, {token: S.cfgToken});
    assert.equal(ok.credentialSource, 'config ~/openclaw.json gateway.auth.token');

    fs.writeFileSync(file, '{\n  gateway: {port: 3210}\n  auth: {}\n}\n');
    assert.throws(
      () =>
        resolveGateway({
          env: {OPENCLAW_CONFIG_PATH: file, HOME: '/nowhere'},
          osHome: '/nowhere',
          cwd: dir,
        }),
      (error: unknown) =>
        error instanceof OpenClawConfigError &&
        error.line === 3 &&
        error.column === 3 &&
        error.message.startsWith(`${file}: invalid JSON5 at line 3, column 3`),
    );
  } finally {
    fs.rmSync(dir, {recursive: true, force: true});
  }
});

test('temp files: a directory where the config should be is an unreadable config', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oct-config-'));
  try {
    fs.mkdirSync(path.join(dir, 'openclaw.json'));
    assert.throws(
      () =>
        resolveGateway({
          env: {OPENCLAW_CONFIG_PATH: path.join(dir, 'openclaw.json')},
          osHome: dir,
          cwd: dir,
        }),
      (error: unknown) =>
        error instanceof OpenClawConfigError &&
        error.kind === 'unreadable' &&
        /EISDIR/.test(error.message),
    );
  } finally {
    fs.rmSync(dir, {recursive: true, force: true});
  }
});

// Where the gateway is and which shared credential to present, decided the way the `openclaw`
// 2026.9.6 CLI decides it for its gateway calls (src/gateway/connection-details.ts,
// client-bootstrap.ts, credentials.ts, credential-planner.ts; docs/gateway/remote.md
// "Credential precedence"), checked case by case against the compiled CLI:
//
//   URL    --url → OPENCLAW_GATEWAY_URL → (gateway.mode=remote) gateway.remote.url
//          → ws(s)://127.0.0.1:<port>, port = OPENCLAW_GATEWAY_PORT → a running local
//          gateway's lock file (as `openclaw tui` does) → gateway.port → derived from
//          OPENCLAW_PROFILE → 18789; wss when gateway.tls.enabled.
//   Pin    wss:// only: --tls-fingerprint → gateway.remote.tlsFingerprint → the local
//          gateway's own certificate (tls-pin-choice.ts).
//   Creds  --token/--password always win. --url never reuses env or config credentials;
//          OPENCLAW_GATEWAY_URL reuses only OPENCLAW_GATEWAY_TOKEN/PASSWORD.
//          local : token    gateway.auth.token → OPENCLAW_GATEWAY_TOKEN → gateway.remote.token
//                  password gateway.auth.password → OPENCLAW_GATEWAY_PASSWORD → gateway.remote.password
//                  (remote.* only when the local field is unset; an unresolvable local
//                  SecretRef fails closed: no fallback that would mask it)
//          remote: token    gateway.remote.token → OPENCLAW_GATEWAY_TOKEN → gateway.auth.token
//                  password OPENCLAW_GATEWAY_PASSWORD → gateway.remote.password → gateway.auth.password
//
// Deliberate differences: where openclaw throws on an unresolvable SecretRef this returns
// `unresolvedCredential` (same outcome: nothing is sent); a secret the configured
// gateway.auth.mode does not use is not sent (openclaw forwards literal ones anyway); and
// file/exec/store SecretRefs, which only OpenClaw's providers can read, are reported and skipped.
//
// The function is pure over an injected environment and file reader. Secrets travel only in
// `auth`; every other field and every message names where a value came from, never the value.

import {
  displayPath,
  loadOpenClawContext,
  nodeFileReader,
  readGatewaySection,
  readSecretsConfig,
  OpenClawConfigError,
  type Env,
  type FileReader,
  type LayeredEnv,
  type GatewaySection,
  type OpenClawContext,
} from './openclaw-config.ts';
import {
  classifySecretInput,
  containsEnvReference,
  resolveSecretRef,
  type SecretsConfig,
} from './secret-refs.ts';

import {chooseTlsPin, TlsPinConfigError, type TlsPin} from './tls-pin-choice.ts';

export {OpenClawConfigError} from './openclaw-config.ts';

export const DEFAULT_GATEWAY_PORT = 18789;
export const DEFAULT_GATEWAY_HOST = '127.0.0.1';

export type GatewayAuth = {readonly token?: string; readonly password?: string};

export type GatewayMode = 'local' | 'remote';

export type GatewayResolution = {
  /** ws:// or wss:// URL, free of credentials (userinfo and token-like query keys are refused). */
  readonly url: string;
  /** Where the URL came from, e.g. "--url flag", "config ~/.openclaw/openclaw.json gateway.port". */
  readonly urlSource: string;
  /** The shared secret(s) to present. The only field that may hold a secret. */
  readonly auth: GatewayAuth;
  /** Where the credential came from, e.g. "OPENCLAW_GATEWAY_TOKEN", or "none". */
  readonly credentialSource: string;
  readonly configPath: string;
  readonly configFound: boolean;
  /** gateway.mode as the CLI reads it (anything but "remote" is local). */
  readonly mode: GatewayMode;
  /** gateway.bind when set (informational: local clients always dial 127.0.0.1). */
  readonly bind?: string;
  /**
   * A configured credential that had to be used but could not be resolved (OpenClaw fails
   * closed here). The console should say so rather than connect without it.
   */
  readonly unresolvedCredential?: {readonly path: string; readonly reason: string};
  /** wss:// only: the certificate fingerprint the gateway is pinned to, and where it came from. */
  readonly tlsPin?: TlsPin;
  readonly warnings: readonly string[];
};

export type GatewayFlags = {
  readonly url?: string;
  readonly token?: string;
  readonly password?: string;
  readonly tlsFingerprint?: string;
};

export type ResolveGatewayInput = {
  readonly flags?: GatewayFlags;
  readonly env: Env;
  /** Defaults to the real file system. */
  readonly files?: FileReader;
  /** os.homedir(); HOME / OPENCLAW_HOME in env take precedence, as in OpenClaw. */
  readonly osHome: string;
  readonly cwd: string;
  /**
   * Port recorded by a running local gateway (see readActiveGatewayPort). `openclaw tui`
   * follows it when no URL, OPENCLAW_GATEWAY_PORT or remote mode says otherwise; it is only
   * called in that case.
   */
  readonly activeGatewayPort?: (location: {
    readonly stateDir: string;
    readonly configPath: string;
  }) => number | undefined;
};

/** The URL cannot be used: unparsable, not ws(s), carries credentials, or plaintext to the internet. */
export class GatewayUrlError extends Error {
  readonly source: string;

  constructor(message: string, source: string) {
    super(message);
    this.name = 'GatewayUrlError';
    this.source = source;
  }
}

const trimmed = (value: string | undefined): string | undefined => value?.trim() || undefined;

/** "OPENCLAW_GATEWAY_TOKEN" or "OPENCLAW_GATEWAY_TOKEN (from ~/.openclaw/.env)". */
const envSource = (env: LayeredEnv, name: string): string => {
  const label = env.lookup(name)?.label;
  return label ? `${name} (from ${label})` : name;
};

const envValue = (env: Pick<LayeredEnv, 'get'>, name: string): string | undefined =>
  trimmed(env.get(name));

const parsePort = (raw: string): number | undefined => {
  if (!/^\d+$/.test(raw)) return undefined;
  const port = Number(raw);
  return port >= 1 && port <= 65535 ? port : undefined;
};

/** OPENCLAW_GATEWAY_PORT accepts "18789", "host:18789" and "[::1]:18789" (the port is used). */
const parsePortEnv = (raw: string): number | undefined => {
  if (/^\d+$/.test(raw)) return parsePort(raw);
  const bracketed = /^\[[^\]]+\]:(\d+)$/.exec(raw);
  if (bracketed?.[1]) return parsePort(bracketed[1]);
  const first = raw.indexOf(':');
  if (first <= 0 || first !== raw.lastIndexOf(':')) return undefined;
  return parsePort(raw.slice(first + 1));
};

/** OpenClaw gives each named profile its own default port (FNV-1a of the name, 20000–59999). */
export const profilePort = (profile: string): number => {
  let hash = 2166136261;
  for (const byte of Buffer.from(profile, 'utf8')) hash = Math.imul(hash ^ byte, 16777619) >>> 0;
  return 20000 + (hash % 40000);
};

const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

const namedProfile = (raw: string | undefined): string | undefined => {
  const profile = raw?.trim();
  if (!profile || profile.toLowerCase() === 'default' || !PROFILE_NAME.test(profile)) {
    return undefined;
  }
  return profile;
};

// Hosts where OpenClaw accepts plaintext ws:// (loopback, private, link-local, CGNAT, .local,
// .ts.net). Anything else must be wss:// unless OPENCLAW_ALLOW_INSECURE_PRIVATE_WS=1.
const ipv4 = (host: string): number[] | undefined => {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return undefined;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : undefined;
};

const isLoopbackHost = (host: string): boolean => {
  if (host === 'localhost' || host === '::1') return true;
  const v4 = ipv4(host.replace(/^::ffff:/, ''));
  return v4?.[0] === 127;
};

const isPrivateHost = (host: string): boolean => {
  if (isLoopbackHost(host)) return true;
  const v4 = ipv4(host.replace(/^::ffff:/, ''));
  if (v4) {
    const [a = 0, b = 0] = v4;
    return (
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  return /^f[cd][0-9a-f]{0,2}:/i.test(host) || /^fe[89ab][0-9a-f]?:/i.test(host);
};

const isTrustedPlaintextHost = (host: string): boolean => {
  const name = host.replace(/\.+$/, '');
  return isPrivateHost(name) || name.endsWith('.local') || name.endsWith('.ts.net');
};

const SENSITIVE_QUERY = /^(token|password|passwd|secret|auth|access_token|key)$/i;

/** Check a URL and return it normalised (http(s) → ws(s)). Messages never echo the URL itself. */
const checkUrl = (raw: string, source: string, env: Pick<LayeredEnv, 'get'>): string => {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new GatewayUrlError(
      `The gateway URL from ${source} is not a valid URL (expected ws://host:port or wss://host:port).`,
      source,
    );
  }
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new GatewayUrlError(
      `The gateway URL from ${source} must start with ws:// or wss://.`,
      source,
    );
  }
  if (parsed.username || parsed.password) {
    throw new GatewayUrlError(
      `The gateway URL from ${source} contains credentials; pass them with --token/--password or OPENCLAW_GATEWAY_TOKEN/OPENCLAW_GATEWAY_PASSWORD instead.`,
      source,
    );
  }
  if ([...parsed.searchParams.keys()].some((key) => SENSITIVE_QUERY.test(key))) {
    throw new GatewayUrlError(
      `The gateway URL from ${source} carries a credential in its query string; pass it with --token/--password or the environment instead.`,
      source,
    );
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (parsed.protocol === 'ws:' && !isTrustedPlaintextHost(host)) {
    const breakGlass = envValue(env, 'OPENCLAW_ALLOW_INSECURE_PRIVATE_WS') === '1';
    // Like OpenClaw: the break-glass admits private addresses and host names, never public IPs.
    const admitted = breakGlass && ipv4(host) === undefined && !host.includes(':');
    if (!admitted) {
      throw new GatewayUrlError(
        `Refusing plaintext ws:// to ${host} (from ${source}): credentials and chat data would cross the network unencrypted. Use wss://, an SSH tunnel to 127.0.0.1, or Tailscale Serve. Break-glass for trusted private networks: OPENCLAW_ALLOW_INSECURE_PRIVATE_WS=1.`,
        source,
      );
    }
  }
  // URL adds a "/" path to a bare origin; keep "ws://host:port" as people write it.
  const bare = parsed.pathname === '/' && !parsed.search && !parsed.hash;
  return bare ? `${parsed.protocol}//${parsed.host}` : parsed.href;
};

/** The same checks for a fleet entry's URL (source/config/fleet.ts). Throws GatewayUrlError. */
export const checkGatewayUrl = checkUrl;

type Picked = {readonly value: string; readonly source: string};

type Unresolved = {readonly path: string; readonly reason: string};

type FieldOutcome =
  | {readonly kind: 'missing'}
  | {readonly kind: 'value'; readonly value: string; readonly source: string}
  /** Understood but without a value (unset variable, unknown provider): OpenClaw fails closed. */
  | ({readonly kind: 'unresolved'} & Unresolved)
  /** A file/exec/store ref: OpenClaw could read it, this console cannot. */
  | ({readonly kind: 'unsupported'} & Unresolved);

type ConfigReader = (path: string, value: unknown) => FieldOutcome;

const configReader = (configLabel: string, ctx: OpenClawContext, secrets: SecretsConfig) => {
  const {env} = ctx;
  const fromLayer = (name: string): string => {
    const label = env.lookup(name)?.label;
    return label ? ` from ${label}` : '';
  };
  const read: ConfigReader = (path, value) => {
    const input = classifySecretInput(value, secrets);
    if (input.kind === 'missing') return {kind: 'missing'};
    if (input.kind === 'literal') {
      if (containsEnvReference(input.value)) {
        return {
          kind: 'unresolved',
          path,
          reason: `${path} refers to an environment variable that is not set`,
        };
      }
      // A whole-string `${VAR}` was already substituted when the config was loaded.
      const template = ctx.substitutedVars.find((use) => use.configPath === path);
      const how = template ? ` (\${${template.name}}${fromLayer(template.name)})` : '';
      return {kind: 'value', value: input.value, source: `${configLabel} ${path}${how}`};
    }
    const resolved = resolveSecretRef(input.ref, env.get, secrets);
    if (resolved.ok) {
      const how =
        input.written === 'template' ? `$${input.ref.id}` : `env SecretRef ${input.ref.id}`;
      return {
        kind: 'value',
        value: resolved.value,
        source: `${configLabel} ${path} (${how}${fromLayer(input.ref.id)})`,
      };
    }
    return {
      kind: resolved.problem === 'unsupported' ? 'unsupported' : 'unresolved',
      path,
      reason: `${path}: ${resolved.reason}`,
    };
  };
  return read;
};

type Chain = {
  readonly picked?: Picked;
  /** The first configured credential on the way that could not be resolved. */
  readonly unresolved?: Unresolved;
  /** The chain stopped at an unresolved `failClosed` field instead of falling back. */
  readonly failedClosed: boolean;
  readonly warnings: readonly string[];
};

type Step =
  | {readonly kind: 'env'; readonly name: string}
  | {
      readonly kind: 'config';
      readonly path: string;
      readonly value: unknown;
      /** Stop when this ref is unresolved (OpenClaw's rule for gateway.auth.* locally). */
      readonly failClosed: boolean;
    };

/** Walk a precedence list; the first step with a value wins. */
const walk = (steps: readonly Step[], env: LayeredEnv, read: ConfigReader): Chain => {
  const warnings: string[] = [];
  let unresolved: Unresolved | undefined;
  for (const step of steps) {
    if (step.kind === 'env') {
      const value = envValue(env, step.name);
      if (value) {
        return {
          picked: {value, source: envSource(env, step.name)},
          unresolved,
          failedClosed: false,
          warnings,
        };
      }
      continue;
    }
    const outcome = read(step.path, step.value);
    if (outcome.kind === 'missing') continue;
    if (outcome.kind === 'value') {
      const picked = {value: outcome.value, source: outcome.source};
      return {picked, unresolved, failedClosed: false, warnings};
    }
    unresolved ??= {path: outcome.path, reason: outcome.reason};
    if (outcome.kind === 'unresolved' && step.failClosed) {
      return {
        unresolved: {path: outcome.path, reason: outcome.reason},
        failedClosed: true,
        warnings,
      };
    }
    warnings.push(
      outcome.kind === 'unsupported'
        ? `${outcome.reason}. Put the secret in the environment or pass it as a flag; trying the next credential source.`
        : `${outcome.reason}; trying the next credential source.`,
    );
  }
  return {unresolved, failedClosed: false, warnings};
};

const fromEnv = (name: string): Step => ({kind: 'env', name});
const fromConfig = (path: string, value: unknown, failClosed = false): Step => ({
  kind: 'config',
  path,
  value,
  failClosed,
});

/** The precedence lists of OpenClaw's call path (credentials.ts), per mode and auth mode. */
const credentialChains = (
  mode: GatewayMode,
  gateway: GatewaySection,
): {readonly token: readonly Step[]; readonly password: readonly Step[]} => {
  const {auth, remote} = gateway;
  if (mode === 'remote') {
    return {
      token: [
        fromConfig('gateway.remote.token', remote.token),
        fromEnv('OPENCLAW_GATEWAY_TOKEN'),
        fromConfig('gateway.auth.token', auth.token),
      ],
      password: [
        fromEnv('OPENCLAW_GATEWAY_PASSWORD'),
        fromConfig('gateway.remote.password', remote.password),
        fromConfig('gateway.auth.password', auth.password),
      ],
    };
  }
  const authMode = typeof auth.mode === 'string' ? auth.mode : undefined;
  // auth.mode "none" needs nothing; "trusted-proxy" is authenticated by the proxy in front.
  // The CLI still forwards env credentials for the latter, harmlessly; config secrets stay unused.
  if (authMode === 'none') return {token: [], password: []};
  if (authMode === 'trusted-proxy') {
    return {
      token: [fromEnv('OPENCLAW_GATEWAY_TOKEN')],
      password: [fromEnv('OPENCLAW_GATEWAY_PASSWORD')],
    };
  }
  // gateway.remote.* is a local fallback only while the matching gateway.auth.* is unset.
  const unset = (value: unknown): boolean => classifySecretInput(value).kind === 'missing';
  const local = (kind: 'token' | 'password'): Step[] => [
    fromConfig(`gateway.auth.${kind}`, auth[kind], true),
    fromEnv(`OPENCLAW_GATEWAY_${kind.toUpperCase()}`),
    ...(unset(auth[kind]) ? [fromConfig(`gateway.remote.${kind}`, remote[kind])] : []),
  ];
  return {
    token: authMode === 'password' ? [] : local('token'),
    password: authMode === 'token' ? [] : local('password'),
  };
};

const describeCredentials = (token?: Picked, password?: Picked): string => {
  if (token && password) {
    return token.source === password.source ? token.source : `${token.source} + ${password.source}`;
  }
  return token?.source ?? password?.source ?? 'none';
};

type UrlChoice = {
  readonly url: string;
  readonly source: string;
  readonly override?: 'cli' | 'env';
  /** The URL came from gateway.remote.url (which may carry gateway.remote.tlsFingerprint). */
  readonly remoteConfig?: true;
};

const chooseUrl = (
  flags: GatewayFlags,
  ctx: OpenClawContext,
  configLabel: string,
  mode: GatewayMode,
  gateway: GatewaySection,
  activeGatewayPort: ResolveGatewayInput['activeGatewayPort'],
  warnings: string[],
): UrlChoice => {
  const flagUrl = trimmed(flags.url);
  if (flagUrl) return {url: flagUrl, source: '--url flag', override: 'cli'};
  // The URL override is read before the config is (so the config's env block cannot set it).
  const envUrl = envValue(ctx.startupEnv, 'OPENCLAW_GATEWAY_URL');
  if (envUrl) {
    return {
      url: envUrl,
      source: envSource(ctx.startupEnv, 'OPENCLAW_GATEWAY_URL'),
      override: 'env',
    };
  }
  const remoteUrl = typeof gateway.remote.url === 'string' ? gateway.remote.url.trim() : '';
  if (mode === 'remote') {
    if (remoteUrl) {
      return {url: remoteUrl, source: `${configLabel} gateway.remote.url`, remoteConfig: true};
    }
    warnings.push(
      `${configLabel} sets gateway.mode=remote but no gateway.remote.url; using the local gateway. Set gateway.remote.url, or gateway.mode=local.`,
    );
  }
  const scheme = gateway.tlsEnabled ? 'wss' : 'ws';
  const tls = gateway.tlsEnabled ? `, wss from ${configLabel} gateway.tls.enabled` : '';
  const at = (port: number, source: string): UrlChoice => ({
    url: `${scheme}://${DEFAULT_GATEWAY_HOST}:${port}`,
    source: `${source}${tls}`,
  });
  const rawPort = trimmed(ctx.env.get('OPENCLAW_GATEWAY_PORT'));
  if (rawPort) {
    const port = parsePortEnv(rawPort);
    if (port) {
      return at(port, `${envSource(ctx.env, 'OPENCLAW_GATEWAY_PORT')} (+ default host)`);
    }
    warnings.push(
      `${envSource(ctx.env, 'OPENCLAW_GATEWAY_PORT')} is not a valid port (1–65535); ignored.`,
    );
  }
  const running =
    mode === 'local' && !rawPort
      ? activeGatewayPort?.({stateDir: ctx.stateDir, configPath: ctx.configPath})
      : undefined;
  if (running !== undefined) return at(running, 'running local gateway (its lock file)');
  const configPort = gateway.port;
  if (typeof configPort === 'number' && Number.isInteger(configPort) && configPort > 0) {
    if (configPort <= 65535) return at(configPort, `${configLabel} gateway.port`);
  }
  if (configPort !== undefined) {
    warnings.push(`${configLabel} gateway.port is not a port number; ignored.`);
  }
  const profile = namedProfile(ctx.env.get('OPENCLAW_PROFILE'));
  if (profile) {
    return at(profilePort(profile), `${envSource(ctx.env, 'OPENCLAW_PROFILE')} (derived port)`);
  }
  return at(DEFAULT_GATEWAY_PORT, 'default');
};

type Credentials = {
  readonly token?: Picked;
  readonly password?: Picked;
  readonly unresolved?: Unresolved;
};

const fromEnvOnly = (env: LayeredEnv): Credentials => {
  const token = envValue(env, 'OPENCLAW_GATEWAY_TOKEN');
  const password = envValue(env, 'OPENCLAW_GATEWAY_PASSWORD');
  return {
    ...(token ? {token: {value: token, source: envSource(env, 'OPENCLAW_GATEWAY_TOKEN')}} : {}),
    ...(password
      ? {password: {value: password, source: envSource(env, 'OPENCLAW_GATEWAY_PASSWORD')}}
      : {}),
  };
};

const chooseCredentials = (
  flags: GatewayFlags,
  choice: UrlChoice,
  ctx: OpenClawContext,
  read: ConfigReader,
  mode: GatewayMode,
  gateway: GatewaySection,
  warnings: string[],
): Credentials => {
  const flagToken = trimmed(flags.token);
  const flagPassword = trimmed(flags.password);
  if (flagToken || flagPassword) {
    return {
      ...(flagToken ? {token: {value: flagToken, source: '--token flag'}} : {}),
      ...(flagPassword ? {password: {value: flagPassword, source: '--password flag'}} : {}),
    };
  }
  if (choice.override === 'cli') {
    warnings.push(
      '--url without --token/--password: like openclaw, environment and config credentials are not reused for an explicit URL; only a device token stored for that gateway can authenticate.',
    );
    return {};
  }
  if (choice.override === 'env') return fromEnvOnly(ctx.env);

  const chains = credentialChains(mode, gateway);
  const token = walk(chains.token, ctx.env, read);
  const password = walk(chains.password, ctx.env, read);
  warnings.push(...token.warnings, ...password.warnings);
  const authMode = typeof gateway.auth.mode === 'string' ? gateway.auth.mode : undefined;
  // OpenClaw (resolveLocalGatewayCredentials): an unresolvable gateway.auth.token fails the
  // whole resolution when the token is what the gateway wants: auth.mode "token", or no
  // password to use instead. Likewise for the password.
  if (token.failedClosed && (authMode === 'token' || !password.picked)) {
    warnings.push(
      `${token.unresolved?.reason}; not falling back to other credentials (openclaw fails closed here).`,
    );
    return {unresolved: token.unresolved};
  }
  if (password.failedClosed && (authMode === 'password' || !token.picked)) {
    warnings.push(
      `${password.unresolved?.reason}; not falling back to other credentials (openclaw fails closed here).`,
    );
    return {unresolved: password.unresolved};
  }
  for (const chain of [token, password]) {
    if (chain.failedClosed && chain.unresolved) {
      warnings.push(`${chain.unresolved.reason}; using the other credential.`);
    }
  }
  const unresolved =
    !token.picked && !password.picked ? (token.unresolved ?? password.unresolved) : undefined;
  return {
    ...(token.picked ? {token: token.picked} : {}),
    ...(password.picked ? {password: password.picked} : {}),
    ...(unresolved ? {unresolved} : {}),
  };
};

const choosePin = (
  flags: GatewayFlags,
  choice: UrlChoice,
  url: string,
  ctx: OpenClawContext,
  configLabel: string,
  mode: GatewayMode,
  gateway: GatewaySection,
  files: FileReader,
  input: ResolveGatewayInput,
  warnings: string[],
): TlsPin | undefined => {
  try {
    return chooseTlsPin({
      ...(flags.tlsFingerprint === undefined ? {} : {flag: flags.tlsFingerprint}),
      url,
      urlOrigin:
        choice.override === 'cli'
          ? 'flag'
          : choice.override === 'env'
            ? 'env'
            : choice.remoteConfig
              ? 'remote-config'
              : 'local',
      remoteMode: mode === 'remote',
      remotePin: gateway.remote.tlsFingerprint,
      tlsEnabled: gateway.tlsEnabled,
      certPath: gateway.tlsCertPath,
      stateDir: ctx.stateDir,
      configLabel,
      home: ctx.home,
      cwd: input.cwd,
      files,
      warnings,
    });
  } catch (error) {
    // A pin that is not a fingerprint makes the URL unusable: nothing may be sent to it.
    if (error instanceof TlsPinConfigError) throw new GatewayUrlError(error.message, url);
    throw error;
  }
};

/**
 * Decide the gateway URL and credentials. Throws OpenClawConfigError for a config file that
 * exists but cannot be read or parsed (unless --url makes the config irrelevant), and
 * GatewayUrlError for an unusable URL.
 */
export const resolveGateway = (input: ResolveGatewayInput): GatewayResolution => {
  const flags = input.flags ?? {};
  const files = input.files ?? nodeFileReader;
  const warnings: string[] = [];
  const contextInput = {env: input.env, files, osHome: input.osHome, cwd: input.cwd};
  let ctx: OpenClawContext;
  try {
    ctx = loadOpenClawContext(contextInput);
  } catch (error) {
    // With --url the config supplies nothing (no credentials are reused), so a broken config
    // must not block a connection the flags fully describe. openclaw degrades the same way.
    if (!(error instanceof OpenClawConfigError) || !trimmed(flags.url)) throw error;
    warnings.push(`${error.message} (ignored: --url given)`);
    ctx = loadOpenClawContext({...contextInput, skipConfig: true});
  }
  const configLabel = `config ${displayPath(ctx.configPath, ctx.home)}`;
  const gateway = readGatewaySection(ctx.config);
  const secrets = readSecretsConfig(ctx.config);
  const mode: GatewayMode = gateway.mode === 'remote' ? 'remote' : 'local';
  if (gateway.mode !== undefined && gateway.mode !== 'local' && gateway.mode !== 'remote') {
    warnings.push(`${configLabel} gateway.mode is neither "local" nor "remote"; treated as local.`);
  }
  const choice = chooseUrl(
    flags,
    ctx,
    configLabel,
    mode,
    gateway,
    input.activeGatewayPort,
    warnings,
  );
  const url = checkUrl(choice.url, choice.source, ctx.env);
  const pin = choosePin(
    flags,
    choice,
    url,
    ctx,
    configLabel,
    mode,
    gateway,
    files,
    input,
    warnings,
  );
  const read = configReader(configLabel, ctx, secrets);
  const credentials = chooseCredentials(flags, choice, ctx, read, mode, gateway, warnings);
  const authMode = typeof gateway.auth.mode === 'string' ? gateway.auth.mode : undefined;
  if (
    !credentials.token &&
    !credentials.password &&
    !credentials.unresolved &&
    choice.override === undefined &&
    (authMode === 'token' || authMode === 'password')
  ) {
    warnings.push(
      `No gateway ${authMode} found (${configLabel} gateway.auth.mode is ${authMode}). Set OPENCLAW_GATEWAY_${authMode.toUpperCase()} or pass --${authMode}; a device token stored from an earlier pairing may still work.`,
    );
  }
  // Unset variables in credential fields are already reported by the credential walk.
  const missingOutsideCredentials = ctx.missingVars.filter(
    (missing) =>
      missing.configPath.startsWith('gateway.') &&
      !/^gateway\.(auth|remote)\.(token|password)$/.test(missing.configPath),
  );
  for (const missing of missingOutsideCredentials) {
    warnings.push(
      `${configLabel} ${missing.configPath} uses \${${missing.name}}, which is not set.`,
    );
  }
  const bind = typeof gateway.bind === 'string' ? gateway.bind : undefined;
  return {
    url,
    urlSource: choice.source,
    auth: {
      ...(credentials.token ? {token: credentials.token.value} : {}),
      ...(credentials.password ? {password: credentials.password.value} : {}),
    },
    credentialSource: describeCredentials(credentials.token, credentials.password),
    configPath: ctx.configPath,
    configFound: ctx.configFound,
    mode,
    ...(bind ? {bind} : {}),
    ...(credentials.unresolved ? {unresolvedCredential: credentials.unresolved} : {}),
    ...(pin ? {tlsPin: pin} : {}),
    warnings: [...new Set(warnings)],
  };
};

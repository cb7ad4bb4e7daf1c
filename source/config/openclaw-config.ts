// Reading OpenClaw's own files the way the `openclaw` 2026.9.6 CLI does before it talks to a
// gateway: its home/state/config locations (src/config/paths.ts, state-dir.ts), the trusted
// dotenv files it loads at start-up (src/infra/dotenv-global-core.ts), the JSON5 config with
// `$include` (src/config/includes.ts) and its inline `env` block (src/config/config-env-vars.ts),
// then `${VAR}` substitution. All file access goes through an injected FileReader so the rules
// can be tested without touching the real home directory.

import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import JSON5 from 'json5';
import {substituteEnvVars, type EnvLookup, type SecretsConfig} from './secret-refs.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export type FileReader = {
  /** The file's text, or undefined when it does not exist. Any other failure throws. */
  readText(file: string): string | undefined;
  exists(file: string): boolean;
};

const isMissingError = (error: unknown): boolean => {
  const code = (error as {code?: unknown} | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

export const nodeFileReader: FileReader = {
  readText(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (error) {
      if (isMissingError(error)) return undefined;
      throw error;
    }
  },
  exists(file) {
    try {
      return fs.existsSync(file);
    } catch {
      return false;
    }
  },
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** OpenClaw ignores the literal strings "undefined" and "null" in home variables (shell slips). */
const homeValue = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed && trimmed !== 'undefined' && trimmed !== 'null' ? trimmed : undefined;
};

/**
 * OpenClaw's home: OPENCLAW_HOME (a leading `~` means the OS home), else HOME, else USERPROFILE,
 * else the OS account home, else the working directory.
 */
export const resolveOpenClawHome = (env: Env, osHome: string, cwd: string): string => {
  const rawOsHome = homeValue(env.HOME) ?? homeValue(env.USERPROFILE) ?? homeValue(osHome);
  const explicit = homeValue(env.OPENCLAW_HOME);
  if (explicit) {
    if (explicit === '~' || explicit.startsWith('~/') || explicit.startsWith('~\\')) {
      return path.resolve(cwd, explicit.replace(/^~/, rawOsHome ?? cwd));
    }
    return path.resolve(cwd, explicit);
  }
  return path.resolve(cwd, rawOsHome ?? cwd);
};

/** A user-supplied path: trimmed, `~` expanded against OpenClaw's home, made absolute. */
export const resolveUserPath = (input: string, home: string, cwd: string): string => {
  const trimmed = input.trim();
  const expanded = /^~(?=$|[\\/])/.test(trimmed) ? trimmed.replace(/^~/, home) : trimmed;
  return path.resolve(cwd, expanded);
};

/** `~/…` for paths under the home directory: shorter in messages, same meaning. */
export const displayPath = (file: string, home: string): string => {
  const relative = path.relative(home, file);
  if (relative === '') return '~';
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) return `~/${relative}`;
  return file;
};

const CONFIG_FILENAME = 'openclaw.json';
const LEGACY_CONFIG_FILENAMES = ['clawdbot.json'];
const STATE_DIRNAME = '.openclaw';
const LEGACY_STATE_DIRNAMES = ['.clawdbot'];

/** OPENCLAW_STATE_DIR, else ~/.openclaw, else an existing legacy ~/.clawdbot, else ~/.openclaw. */
export const resolveOpenClawStateDir = (
  env: Env,
  home: string,
  files: FileReader,
  cwd: string,
): string => {
  const override = env.OPENCLAW_STATE_DIR?.trim();
  if (override) return resolveUserPath(override, home, cwd);
  const current = path.join(home, STATE_DIRNAME);
  if (files.exists(current)) return current;
  const legacy = LEGACY_STATE_DIRNAMES.map((dir) => path.join(home, dir)).find((dir) =>
    files.exists(dir),
  );
  return legacy ?? current;
};

export type ConfigPathSource = 'OPENCLAW_CONFIG_PATH' | 'OPENCLAW_STATE_DIR' | 'default';

/**
 * The active config file: OPENCLAW_CONFIG_PATH; else the first existing `openclaw.json` (or
 * legacy `clawdbot.json`) in the state dir; else, without OPENCLAW_STATE_DIR, the first existing
 * one in ~/.openclaw or ~/.clawdbot; else `<state dir>/openclaw.json`.
 */
export const resolveOpenClawConfigPath = (
  env: Env,
  home: string,
  files: FileReader,
  cwd: string,
): {readonly path: string; readonly source: ConfigPathSource} => {
  const override = env.OPENCLAW_CONFIG_PATH?.trim();
  if (override) return {path: resolveUserPath(override, home, cwd), source: 'OPENCLAW_CONFIG_PATH'};
  const stateDir = resolveOpenClawStateDir(env, home, files, cwd);
  const inState = [CONFIG_FILENAME, ...LEGACY_CONFIG_FILENAMES].map((name) =>
    path.join(stateDir, name),
  );
  const stateOverride = Boolean(env.OPENCLAW_STATE_DIR?.trim());
  const source: ConfigPathSource = stateOverride ? 'OPENCLAW_STATE_DIR' : 'default';
  const existing = inState.find((candidate) => files.exists(candidate));
  if (existing) return {path: existing, source};
  if (stateOverride) return {path: path.join(stateDir, CONFIG_FILENAME), source};
  const candidates = [STATE_DIRNAME, ...LEGACY_STATE_DIRNAMES].flatMap((dir) =>
    [CONFIG_FILENAME, ...LEGACY_CONFIG_FILENAMES].map((name) => path.join(home, dir, name)),
  );
  const found = candidates.find((candidate) => files.exists(candidate));
  return {path: found ?? path.join(stateDir, CONFIG_FILENAME), source};
};

/**
 * The trusted dotenv files OpenClaw loads at start-up without overriding the environment:
 * `<state dir>/.env`, then (with the default state dir) `~/.config/openclaw/gateway.env`.
 * A working-directory `.env` is left out on purpose: OpenClaw drops every OPENCLAW_* key from it.
 */
export const openClawDotEnvFiles = (env: Env, home: string, stateDir: string): string[] => {
  const stateEnv = path.join(stateDir, '.env');
  const customState =
    env.OPENCLAW_STATE_DIR !== undefined &&
    path.resolve(stateEnv) !== path.resolve(home, STATE_DIRNAME, '.env');
  return customState
    ? [stateEnv]
    : [stateEnv, path.join(home, '.config', 'openclaw', 'gateway.env')];
};

const DOTENV_LINE =
  /^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?$/gm;

/** The dotenv file format (the `dotenv` package's grammar): KEY=value, quotes, # comments. */
export const parseDotEnv = (text: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const lines = text.replace(/\r\n?/g, '\n');
  for (const match of lines.matchAll(DOTENV_LINE)) {
    const key = match[1];
    if (!key) continue;
    let value = (match[2] ?? '').trim();
    const quote = value[0];
    value = value.replace(/^(['"`])([\s\S]*)\1$/m, '$2');
    if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
    out[key] = value;
  }
  return out;
};

export type EnvLayer = {
  /** Shown after a variable's name when it came from here, e.g. "~/.openclaw/.env". */
  readonly label: string | undefined;
  readonly values: Env;
};

/**
 * Environment variables from several places, first layer winning, where a later layer only fills
 * a variable that is unset or blank before it ("never override existing values").
 */
export class LayeredEnv {
  readonly layers: readonly EnvLayer[];

  constructor(layers: readonly EnvLayer[]) {
    this.layers = layers;
  }

  lookup(name: string): {readonly value: string; readonly label: string | undefined} | undefined {
    for (const layer of this.layers) {
      const value = layer.values[name];
      if (value !== undefined && value.trim() !== '') return {value, label: layer.label};
    }
    const first = this.layers[0]?.values[name];
    return first === undefined ? undefined : {value: first, label: this.layers[0]?.label};
  }

  readonly get: EnvLookup = (name) => this.lookup(name)?.value;

  with(layer: EnvLayer): LayeredEnv {
    return new LayeredEnv([...this.layers, layer]);
  }
}

export type ConfigErrorKind = 'syntax' | 'unreadable' | 'include' | 'shape';

/** The OpenClaw config exists but cannot be used. The message names the file (and position). */
export class OpenClawConfigError extends Error {
  readonly file: string;
  readonly kind: ConfigErrorKind;
  readonly line?: number;
  readonly column?: number;

  constructor(
    message: string,
    options: {file: string; kind: ConfigErrorKind; line?: number; column?: number},
  ) {
    super(message);
    this.name = 'OpenClawConfigError';
    this.file = options.file;
    this.kind = options.kind;
    this.line = options.line;
    this.column = options.column;
  }
}

/**
 * JSON5's messages quote the offending character ("invalid character 'o' at 2:6"), which could
 * be part of a token written without quotes. Keep only the position and a neutral description.
 */
const describeJson5Problem = (message: string): string => {
  if (/invalid end of input/.test(message)) return 'unexpected end of file';
  if (/invalid identifier character/.test(message)) return 'invalid character in a key';
  if (/invalid property name/.test(message)) return 'invalid key';
  return 'unexpected character';
};

/** Parse one config file's text (JSON or JSON5), or throw an OpenClawConfigError with position. */
export const parseJson5Config = (text: string, file: string, shownAs = file): unknown => {
  try {
    return JSON5.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const line = (error as {lineNumber?: unknown}).lineNumber;
    const column = (error as {columnNumber?: unknown}).columnNumber;
    const message = error instanceof Error ? error.message : String(error);
    if (typeof line === 'number' && typeof column === 'number') {
      return fail(
        `${shownAs}: invalid JSON5 at line ${line}, column ${column} (${describeJson5Problem(message)})`,
        {file, kind: 'syntax', line, column},
      );
    }
    return fail(`${shownAs}: invalid JSON5 (${describeJson5Problem(message)})`, {
      file,
      kind: 'syntax',
    });
  }
};

const fail = (
  message: string,
  options: {file: string; kind: ConfigErrorKind; line?: number; column?: number},
): never => {
  throw new OpenClawConfigError(message, options);
};

const readConfigText = (file: string, files: FileReader, shownAs: string): string | undefined => {
  try {
    return files.readText(file);
  } catch (error) {
    const code = (error as {code?: unknown} | null)?.code;
    const why = typeof code === 'string' ? code : 'read error';
    return fail(`${shownAs}: cannot read the OpenClaw config (${why})`, {
      file,
      kind: 'unreadable',
    });
  }
};

const INCLUDE_KEY = '$include';
const MAX_INCLUDE_DEPTH = 10;
/** Only the top-level keys a gateway connection needs are read (and their includes followed). */
const PROJECTED_KEYS = new Set(['env', 'gateway', 'secrets']);

/** Arrays concatenate, objects merge recursively, anything else: the later value wins. */
const deepMerge = (target: unknown, source: unknown): unknown => {
  if (Array.isArray(target) && Array.isArray(source)) return [...target, ...source];
  if (isRecord(target) && isRecord(source)) {
    const out: Record<string, unknown> = {...target};
    for (const [key, value] of Object.entries(source)) {
      out[key] = key in out ? deepMerge(out[key], value) : value;
    }
    return out;
  }
  return source;
};

type IncludeScope = {
  readonly files: FileReader;
  readonly home: string;
  /** Directories includes may come from: the main config's directory and OPENCLAW_INCLUDE_ROOTS. */
  readonly roots: readonly string[];
};

type IncludeContext = {
  readonly file: string;
  readonly chain: readonly string[];
  readonly atRoot: boolean;
};

const isInside = (root: string, candidate: string): boolean => {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

const includeFail = (ctx: IncludeContext, scope: IncludeScope, why: string): never =>
  fail(`${displayPath(ctx.file, scope.home)}: $include ${why}`, {file: ctx.file, kind: 'include'});

const loadIncludeFile = (
  includePath: string,
  ctx: IncludeContext,
  scope: IncludeScope,
): unknown => {
  if (includePath.includes('\0')) return includeFail(ctx, scope, 'path contains a NUL byte');
  const resolved = path.normalize(
    path.isAbsolute(includePath) ? includePath : path.resolve(path.dirname(ctx.file), includePath),
  );
  const shown = displayPath(resolved, scope.home);
  if (!scope.roots.some((root) => isInside(root, resolved))) {
    return includeFail(ctx, scope, `"${includePath}" is outside the config directory`);
  }
  if (ctx.chain.includes(resolved)) return includeFail(ctx, scope, `cycle through ${shown}`);
  if (ctx.chain.length > MAX_INCLUDE_DEPTH) {
    return includeFail(ctx, scope, `nesting deeper than ${MAX_INCLUDE_DEPTH} at ${shown}`);
  }
  const text = readConfigText(resolved, scope.files, shown);
  if (text === undefined) return includeFail(ctx, scope, `file ${shown} does not exist`);
  const parsed = parseJson5Config(text, resolved, shown);
  return resolveIncludes(
    parsed,
    {file: resolved, chain: [...ctx.chain, resolved], atRoot: ctx.atRoot},
    scope,
  );
};

const resolveIncludes = (node: unknown, ctx: IncludeContext, scope: IncludeScope): unknown => {
  if (Array.isArray(node)) {
    return node.map((item) => resolveIncludes(item, {...ctx, atRoot: false}, scope));
  }
  if (!isRecord(node)) return node;
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === INCLUDE_KEY || (ctx.atRoot && !PROJECTED_KEYS.has(key))) continue;
    rest[key] = resolveIncludes(value, {...ctx, atRoot: false}, scope);
  }
  if (!Object.hasOwn(node, INCLUDE_KEY)) return rest;
  const directive = node[INCLUDE_KEY];
  let included: unknown;
  if (typeof directive === 'string') {
    included = loadIncludeFile(directive, ctx, scope);
  } else if (Array.isArray(directive)) {
    included = directive.reduce<unknown>((merged, item) => {
      if (typeof item !== 'string') return includeFail(ctx, scope, 'array items must be strings');
      return deepMerge(merged, loadIncludeFile(item, ctx, scope));
    }, {});
  } else {
    return includeFail(ctx, scope, 'must be a path or an array of paths');
  }
  if (Object.keys(rest).length === 0) return included;
  if (!isRecord(included)) {
    return includeFail(ctx, scope, 'content must be an object when it has sibling keys');
  }
  return deepMerge(included, rest);
};

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Keys OpenClaw refuses to take from the config's `env` block (the ones that matter here). */
const BLOCKED_CONFIG_ENV = new Set([
  'OPENCLAW_ALLOW_OLDER_BINARY_DESTRUCTIVE_ACTIONS',
  'OPENCLAW_INCLUDE_ROOTS',
  'OPENCLAW_CONFIG_READONLY',
  'PATH',
  'HOME',
  'NODE_OPTIONS',
]);

/** The config's inline `env` block: `env.vars.*` and plain string keys of `env` itself. */
export const collectConfigEnvVars = (config: Readonly<Record<string, unknown>>): Env => {
  const block = config.env;
  if (!isRecord(block)) return {};
  const out: Record<string, string> = {};
  const take = (key: string, value: unknown): void => {
    if (typeof value !== 'string' || !value.trim() || !ENV_KEY.test(key)) return;
    if (BLOCKED_CONFIG_ENV.has(key.toUpperCase()) || /\$\{[A-Z_][A-Z0-9_]*\}/.test(value)) return;
    out[key] = value;
  };
  if (isRecord(block.vars)) for (const [key, value] of Object.entries(block.vars)) take(key, value);
  for (const [key, value] of Object.entries(block)) {
    if (key !== 'vars' && key !== 'shellEnv') take(key, value);
  }
  return out;
};

export type LoadedOpenClawConfig = {
  readonly path: string;
  readonly found: boolean;
  /** Top-level `env`, `gateway`, `secrets` after `$include`, before `${VAR}` substitution. */
  readonly config: Readonly<Record<string, unknown>>;
};

/**
 * Read the config file. A missing file is normal (OpenClaw's defaults apply); a file that cannot
 * be read or parsed throws an OpenClawConfigError that names it.
 */
export const loadOpenClawConfig = (
  file: string,
  options: {readonly files: FileReader; readonly home: string; readonly includeRoots?: string[]},
): LoadedOpenClawConfig => {
  const shown = displayPath(file, options.home);
  const text = readConfigText(file, options.files, shown);
  if (text === undefined) return {path: file, found: false, config: {}};
  const parsed = parseJson5Config(text, file, shown);
  if (!isRecord(parsed)) {
    return fail(`${shown}: the OpenClaw config must be an object ({ … })`, {file, kind: 'shape'});
  }
  const scope: IncludeScope = {
    files: options.files,
    home: options.home,
    roots: [path.dirname(file), ...(options.includeRoots ?? [])],
  };
  const resolved = resolveIncludes(parsed, {file, chain: [file], atRoot: true}, scope);
  return {path: file, found: true, config: isRecord(resolved) ? resolved : {}};
};

/** OPENCLAW_INCLUDE_ROOTS: extra directories (path-list) that `$include` may read from. */
export const includeRootsFromEnv = (getEnv: EnvLookup, home: string, cwd: string): string[] =>
  (getEnv('OPENCLAW_INCLUDE_ROOTS') ?? '')
    .split(path.delimiter)
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => resolveUserPath(entry, home, cwd));

/** The `gateway` fields a client needs. Credential fields stay `unknown`: strings or SecretRefs. */
export type GatewaySection = {
  readonly mode: unknown;
  readonly port: unknown;
  readonly bind: unknown;
  readonly tlsEnabled: boolean;
  /** gateway.tls.certPath: the local gateway's certificate, for the client's pin. */
  readonly tlsCertPath: unknown;
  readonly auth: {readonly mode: unknown; readonly token: unknown; readonly password: unknown};
  readonly remote: {
    readonly url: unknown;
    readonly token: unknown;
    readonly password: unknown;
    readonly tlsFingerprint: unknown;
  };
};

const field = (value: unknown, key: string): unknown => (isRecord(value) ? value[key] : undefined);

export const readGatewaySection = (config: Readonly<Record<string, unknown>>): GatewaySection => {
  const gateway = config.gateway;
  const auth = field(gateway, 'auth');
  const remote = field(gateway, 'remote');
  return {
    mode: field(gateway, 'mode'),
    port: field(gateway, 'port'),
    bind: field(gateway, 'bind'),
    tlsEnabled: field(field(gateway, 'tls'), 'enabled') === true,
    tlsCertPath: field(field(gateway, 'tls'), 'certPath'),
    auth: {
      mode: field(auth, 'mode'),
      token: field(auth, 'token'),
      password: field(auth, 'password'),
    },
    remote: {
      url: field(remote, 'url'),
      token: field(remote, 'token'),
      password: field(remote, 'password'),
      tlsFingerprint: field(remote, 'tlsFingerprint'),
    },
  };
};

export const readSecretsConfig = (config: Readonly<Record<string, unknown>>): SecretsConfig => {
  const secrets = config.secrets;
  const defaults = field(secrets, 'defaults');
  const providers = field(secrets, 'providers');
  const out: {
    defaults?: Partial<Record<'env' | 'file' | 'exec' | 'store', string>>;
    providers?: Record<string, {source?: string; allowlist?: string[]}>;
  } = {};
  if (isRecord(defaults)) {
    out.defaults = {};
    for (const source of ['env', 'file', 'exec', 'store'] as const) {
      const alias = defaults[source];
      if (typeof alias === 'string') out.defaults[source] = alias;
    }
  }
  if (isRecord(providers)) {
    out.providers = {};
    for (const [name, provider] of Object.entries(providers)) {
      if (!isRecord(provider)) continue;
      const allowlist = Array.isArray(provider.allowlist)
        ? provider.allowlist.filter((id): id is string => typeof id === 'string')
        : undefined;
      out.providers[name] = {
        ...(typeof provider.source === 'string' ? {source: provider.source} : {}),
        ...(allowlist ? {allowlist} : {}),
      };
    }
  }
  return out;
};

export type ConfigVarUse = {readonly name: string; readonly configPath: string};

export type OpenClawContext = {
  readonly home: string;
  readonly stateDir: string;
  readonly configPath: string;
  readonly configPathSource: ConfigPathSource;
  readonly configFound: boolean;
  /** `env`, `gateway`, `secrets` after `$include` and `${VAR}` substitution. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Process env, then the trusted dotenv files: what OpenClaw sees before reading its config. */
  readonly startupEnv: LayeredEnv;
  /** startupEnv plus the config's `env` block: what it sees once the config is loaded. */
  readonly env: LayeredEnv;
  /** `${VAR}` placeholders whose variable was unset, with where they were written. */
  readonly missingVars: readonly ConfigVarUse[];
  /** Config strings that were exactly `${VAR}` and took that variable's value. */
  readonly substitutedVars: readonly ConfigVarUse[];
};

export type OpenClawContextInput = {
  readonly env: Env;
  readonly files: FileReader;
  /** The OS account's home (os.homedir()); HOME and OPENCLAW_HOME in env take precedence. */
  readonly osHome: string;
  readonly cwd: string;
  /** Locate the config but do not read it (a connection fully described by flags). */
  readonly skipConfig?: boolean;
};

const readDotEnvLayers = (files: FileReader, paths: readonly string[], home: string): EnvLayer[] =>
  paths.flatMap((file) => {
    let text: string | undefined;
    try {
      text = files.readText(file);
    } catch {
      // OpenClaw skips unreadable dotenv files quietly; so do we.
      text = undefined;
    }
    return text === undefined ? [] : [{label: displayPath(file, home), values: parseDotEnv(text)}];
  });

/** Everything the gateway resolver needs from OpenClaw's files, in the CLI's order. */
export const loadOpenClawContext = (input: OpenClawContextInput): OpenClawContext => {
  const {files, cwd} = input;
  const home = resolveOpenClawHome(input.env, input.osHome, cwd);
  const dotenvStateDir = resolveOpenClawStateDir(input.env, home, files, cwd);
  const startupEnv = new LayeredEnv([
    {label: undefined, values: input.env},
    ...readDotEnvLayers(files, openClawDotEnvFiles(input.env, home, dotenvStateDir), home),
  ]);
  // The state .env may itself point elsewhere (OpenClaw loads it before locating its config).
  const locating: Record<string, string | undefined> = {
    OPENCLAW_STATE_DIR: startupEnv.get('OPENCLAW_STATE_DIR'),
    OPENCLAW_CONFIG_PATH: startupEnv.get('OPENCLAW_CONFIG_PATH'),
  };
  const stateDir = resolveOpenClawStateDir(locating, home, files, cwd);
  const located = resolveOpenClawConfigPath(locating, home, files, cwd);
  const loaded = input.skipConfig
    ? {path: located.path, found: files.exists(located.path), config: {}}
    : loadOpenClawConfig(located.path, {
        files,
        home,
        includeRoots: includeRootsFromEnv(startupEnv.get, home, cwd),
      });
  const env = startupEnv.with({
    label: `${displayPath(located.path, home)} env`,
    values: collectConfigEnvVars(loaded.config),
  });
  const missingVars: ConfigVarUse[] = [];
  const substitutedVars: ConfigVarUse[] = [];
  const substituted = substituteEnvVars(loaded.config, env.get, {
    onMissing: (name, configPath) => missingVars.push({name, configPath}),
    onWholeValue: (name, configPath) => substitutedVars.push({name, configPath}),
  });
  return {
    home,
    stateDir,
    configPath: located.path,
    configPathSource: located.source,
    configFound: loaded.found,
    config: isRecord(substituted) ? substituted : {},
    startupEnv,
    env,
    missingVars,
    substitutedVars,
  };
};

export type LockProbe = {
  readonly readText: (file: string) => string | undefined;
  readonly realpath: (file: string) => string;
  /** The process's argv, or undefined when it cannot be inspected (gone, other platform). */
  readonly processArgv: (pid: number) => readonly string[] | undefined;
  readonly uid: number | undefined;
};

const linuxArgv = (pid: number): readonly string[] | undefined => {
  if (process.platform !== 'linux') return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive but someone else's; anything else: gone.
    if ((error as {code?: unknown}).code !== 'EPERM') return undefined;
  }
  const raw = nodeFileReader.readText(`/proc/${pid}/cmdline`);
  return raw ? raw.split('\0').filter(Boolean) : undefined;
};

export const nodeLockProbe: LockProbe = {
  readText: (file) => {
    try {
      return nodeFileReader.readText(file);
    } catch {
      return undefined;
    }
  },
  realpath: (file) => fs.realpathSync.native(file),
  processArgv: linuxArgv,
  uid: typeof process.getuid === 'function' ? process.getuid() : undefined,
};

/** The real path of the deepest existing ancestor, plus the missing tail (OpenClaw's lock-dir rule). */
const realpathViaAncestor = (target: string, realpath: LockProbe['realpath']): string => {
  const missing: string[] = [];
  let cursor = path.resolve(target);
  for (;;) {
    try {
      return path.join(realpath(cursor), ...missing.reverse());
    } catch {
      const parent = path.dirname(cursor);
      if (parent === cursor) return path.resolve(target);
      missing.push(path.basename(cursor));
      cursor = parent;
    }
  }
};

const looksLikeGatewayProcess = (argv: readonly string[]): boolean => {
  const names = argv.map((arg) => path.basename(arg).replace(/\.(bat|cmd|exe)$/i, ''));
  if (names[0] === 'openclaw-gateway') return true;
  const entry = argv.findIndex(
    (arg, index) =>
      /^openclaw(\.m?js)?$/.test(names[index] ?? '') ||
      /[\\/]openclaw[\\/](dist[\\/])?(entry|index)\.m?js$/.test(arg),
  );
  return entry !== -1 && argv.slice(entry + 1).includes('gateway');
};

/**
 * The port a running local gateway recorded in its lock file
 * (`<state dir>/tmp/openclaw-<uid>/gateway.<sha256(config path)[:8]>.lock`, then
 * `gateway.state.lock`). Only trusted when the recorded pid is alive and is an
 * `openclaw gateway` process; otherwise undefined. `openclaw tui` follows this port when no
 * URL, OPENCLAW_GATEWAY_PORT or remote mode is set.
 */
export const readActiveGatewayPort = (
  location: {readonly stateDir: string; readonly configPath: string},
  probe: LockProbe = nodeLockProbe,
): number | undefined => {
  const lockDir = path.join(
    realpathViaAncestor(location.stateDir, probe.realpath),
    'tmp',
    probe.uid === undefined ? 'openclaw' : `openclaw-${probe.uid}`,
  );
  const hash = createHash('sha256').update(location.configPath).digest('hex').slice(0, 8);
  for (const name of [`gateway.${hash}.lock`, 'gateway.state.lock']) {
    let payload: unknown;
    try {
      payload = JSON.parse(probe.readText(path.join(lockDir, name)) ?? 'null');
    } catch {
      continue;
    }
    if (!isRecord(payload)) continue;
    const {pid, port, role} = payload;
    if (role !== undefined && role !== 'gateway') continue;
    if (typeof pid !== 'number' || typeof port !== 'number') continue;
    if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
    const argv = probe.processArgv(pid);
    if (argv && looksLikeGatewayProcess(argv)) return port;
  }
  return undefined;
};

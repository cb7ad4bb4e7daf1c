// The fleet: several gateways in one console. Two sources, merged here:
//
//   <data dir>/gateways.json5   { gateways: [ {name, url, tokenEnv | tokenFile | token: SecretRef,
//                                  passwordEnv | passwordFile | password: SecretRef,
//                                  tlsFingerprint, ssh, sshConfig, readOnly}, … ] }
//   --gateway NAME=URL          repeatable; a new name adds an entry (no shared credential: a
//                               device token stored from an earlier pairing, or a pairing),
//                               a name from the file replaces that entry's URL only.
//
// Credentials are written by reference only. A token or password written as plain text in the
// file is refused (the whole file: the operator must move it out, and a half-read fleet would
// hide that). Every entry gets its own data directory <data dir>/gateways/<name>/ for its device
// identity and device tokens, so a pairing with gateway A is never presented to gateway B.
// Nothing here returns or prints a secret except the `auth` field of a resolution.

import {statSync} from 'node:fs';
import path from 'node:path';
import {
  GATEWAY_NAME,
  parseGatewayFlag as parseCliGatewayFlag,
  type GatewayFlag,
} from '../cli-flags.ts';
import {normalizeTlsFingerprint} from '../client/tls-pin.ts';
import {
  displayPath,
  nodeFileReader,
  parseJson5Config,
  type Env,
  type FileReader,
} from './openclaw-config.ts';
import {checkGatewayUrl, type GatewayAuth, type GatewayResolution} from './resolve-gateway.ts';
import {coerceSecretRef, describeSecretRef, resolveSecretRef} from './secret-refs.ts';

export type {GatewayFlag} from '../cli-flags.ts';

export const FLEET_FILE_NAME = 'gateways.json5';
/** Per-gateway data directories live under <data dir>/gateways/. */
export const FLEET_DIR_NAME = 'gateways';
/** The remote port an ssh entry forwards to when its url names none. */
export const DEFAULT_REMOTE_GATEWAY_PORT = 18789;

/** An entry of the fleet file or a flag is unusable. The message names the file and the entry. */
export class FleetConfigError extends Error {
  readonly file?: string;

  constructor(message: string, file?: string) {
    super(message);
    this.name = 'FleetConfigError';
    if (file !== undefined) this.file = file;
  }
}

/** `ssh -N -L 127.0.0.1:<local>:<remoteHost>:<remotePort> <destination>` (see source/ssh/). */
export type SshForward = {
  /** "user@host", "host" (an ~/.ssh/config alias) or "ssh://user@host:port". Never starts with "-". */
  readonly destination: string;
  /** Where the gateway listens as seen from the ssh host (the url's host; loopback normally). */
  readonly remoteHost: string;
  readonly remotePort: number;
  /** `-F <file>`: an ssh_config file to use instead of ~/.ssh/config. */
  readonly configFile?: string;
};

export type FleetGateway = {
  /** The entry's name: unique in the fleet (case-insensitively), [A-Za-z0-9_-], ≤ 40 characters. */
  readonly name: string;
  /** Where the entry came from, e.g. "~/.config/openclaw-tui/gateways.json5 entry 2", "--gateway flag". */
  readonly source: string;
  /**
   * URL, credentials and their sources, shaped like the single-gateway resolution so per-gateway
   * code takes either. For an ssh entry `url` is the gateway as the ssh host sees it: dial the
   * tunnel's local URL instead (`tunnelUrl`).
   */
  readonly gateway: GatewayResolution;
  /** wss:// only: pinned certificate fingerprint, 64 lower-case hex digits (SocketOptions). */
  readonly tlsFingerprint?: string;
  readonly ssh?: SshForward;
  /** Ask this gateway for operator.read only (the entry's readOnly, or --read-only for all). */
  readonly readOnly: boolean;
  /** This gateway's own identity/device-token directory: pass to openDataStore({dir}). */
  readonly identityDir: string;
};

export type Fleet = {
  /** In file order, then flag-only entries in flag order. Never empty. */
  readonly gateways: readonly FleetGateway[];
  /** <data dir>/gateways.json5, whether or not it exists. */
  readonly file: string;
  readonly fileFound: boolean;
  readonly warnings: readonly string[];
};

export type ResolveFleetInput = {
  readonly dataDir: string;
  readonly env: Env;
  readonly home: string;
  /** The --gateway values that define entries (NAME=URL), in order. */
  readonly flagEntries?: readonly {readonly name: string; readonly url: string}[];
  /** --read-only: every gateway read-only. */
  readonly readOnly?: boolean;
  /** Defaults to the real file system. */
  readonly files?: FileReader;
  /** Mode bits of a tokenFile (for the "readable by others" warning); defaults to stat. */
  readonly fileMode?: (file: string) => number | undefined;
};

const NAME = GATEWAY_NAME;
/** No option injection (a leading "-"), no spaces or shell characters: ssh gets it as one argv. */
const SSH_DESTINATION = /^(?:ssh:\/\/)?(?:[A-Za-z0-9._][A-Za-z0-9._-]*@)?[A-Za-z0-9._\-:[\]]+$/;

const ENTRY_KEYS = new Set([
  'name',
  'url',
  'tokenEnv',
  'tokenFile',
  'token',
  'passwordEnv',
  'passwordFile',
  'password',
  'tlsFingerprint',
  'ssh',
  'sshConfig',
  'readOnly',
]);

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON-quote user input in messages, never a value that might be a secret. */
const quote = (value: string): string => JSON.stringify(value);

/** Parse one `--gateway` value (cli-flags.ts), as a FleetConfigError when it is unusable. */
export const parseGatewayFlag = (raw: string): GatewayFlag => {
  try {
    return parseCliGatewayFlag(raw);
  } catch (error) {
    throw new FleetConfigError(error instanceof Error ? error.message : String(error));
  }
};

type Credential = {
  readonly value?: string;
  /** "env OCT_HOME_TOKEN", "file ~/.secrets/home.token", "env SecretRef env:default:X". */
  readonly source?: string;
  readonly unresolved?: {readonly path: string; readonly reason: string};
};

type Context = {
  readonly env: Env;
  readonly home: string;
  readonly fileDir: string;
  readonly files: FileReader;
  readonly fileMode: (file: string) => number | undefined;
  readonly warnings: string[];
};

const expandPath = (raw: string, ctx: Context): string =>
  path.resolve(ctx.fileDir, /^~(?=$|[\\/])/.test(raw) ? raw.replace(/^~/, ctx.home) : raw);

const defaultFileMode = (file: string): number | undefined => {
  try {
    return statSync(file).mode;
  } catch {
    return undefined;
  }
};

/** tokenEnv / tokenFile / token (SecretRef) for one kind of credential of one entry. */
const readCredential = (
  entry: Record<string, unknown>,
  kind: 'token' | 'password',
  where: string,
  ctx: Context,
): Credential => {
  const envKey = `${kind}Env`;
  const fileKey = `${kind}File`;
  const given = [envKey, fileKey, kind].filter((key) => entry[key] !== undefined);
  if (given.length === 0) return {};
  if (given.length > 1) {
    throw new FleetConfigError(`${where}: choose one of ${given.join(', ')}`);
  }
  const at = `${where} ${given[0]}`;
  const envName = entry[envKey];
  if (envName !== undefined) {
    if (typeof envName !== 'string' || !ENV_NAME.test(envName)) {
      throw new FleetConfigError(`${at} must be the name of an environment variable`);
    }
    const value = ctx.env[envName]?.trim();
    return value
      ? {value, source: `env ${envName}`}
      : {unresolved: {path: at, reason: `environment variable ${envName} is not set (or empty)`}};
  }
  const fileName = entry[fileKey];
  if (fileName !== undefined) {
    if (typeof fileName !== 'string' || !fileName.trim()) {
      throw new FleetConfigError(`${at} must be a file path`);
    }
    const file = expandPath(fileName.trim(), ctx);
    const shown = displayPath(file, ctx.home);
    let text: string | undefined;
    try {
      text = ctx.files.readText(file);
    } catch (error) {
      const code = (error as {code?: unknown}).code;
      return {
        unresolved: {
          path: at,
          reason: `${shown} cannot be read (${typeof code === 'string' ? code : 'error'})`,
        },
      };
    }
    if (text === undefined) {
      return {unresolved: {path: at, reason: `${shown} does not exist`}};
    }
    const value = text.trim();
    if (!value) return {unresolved: {path: at, reason: `${shown} is empty`}};
    const mode = ctx.fileMode(file);
    if (mode !== undefined && (mode & 0o077) !== 0) {
      ctx.warnings.push(
        `${shown} (${at}) is readable by other users; chmod 600 it (mode ${(mode & 0o777).toString(8)}).`,
      );
    }
    return {value, source: `file ${shown}`};
  }
  const written = entry[kind];
  const ref = coerceSecretRef(written);
  if (!ref) {
    if (typeof written === 'string') {
      // The one thing this file must never hold. The value itself is not repeated.
      throw new FleetConfigError(
        `${at} is written in plain text: gateways.json5 takes credentials by reference only. ` +
          `Use ${kind}Env: "VARIABLE", ${kind}File: "path", or a SecretRef ` +
          `(${kind}: {source: "env", provider: "default", id: "VARIABLE"}), and rotate that ${kind} if the file was shared.`,
      );
    }
    throw new FleetConfigError(
      `${at} must be a SecretRef ({source: "env", provider: "default", id: "VARIABLE"} or "\${VARIABLE}")`,
    );
  }
  const resolved = resolveSecretRef(ref, (name) => ctx.env[name]);
  if (!resolved.ok) return {unresolved: {path: at, reason: resolved.reason}};
  return {value: resolved.value, source: `SecretRef ${describeSecretRef(ref)}`};
};

const parseSsh = (entry: Record<string, unknown>, where: string, ctx: Context) => {
  const ssh = entry.ssh;
  if (ssh === undefined) {
    if (entry.sshConfig !== undefined) {
      throw new FleetConfigError(`${where}: sshConfig only applies with ssh`);
    }
    return undefined;
  }
  if (typeof ssh !== 'string' || !SSH_DESTINATION.test(ssh.trim()) || ssh.trim().startsWith('-')) {
    throw new FleetConfigError(
      `${where} ssh must be "user@host", a host alias from your ssh config, or "ssh://user@host:port"`,
    );
  }
  const configFile = entry.sshConfig;
  if (configFile !== undefined && (typeof configFile !== 'string' || !configFile.trim())) {
    throw new FleetConfigError(`${where} sshConfig must be a file path`);
  }
  return {
    destination: ssh.trim(),
    ...(typeof configFile === 'string' ? {configFile: expandPath(configFile.trim(), ctx)} : {}),
  };
};

type RawEntry = {
  readonly entry: Record<string, unknown>;
  readonly where: string;
  readonly source: string;
};

const plainEnv = (env: Env) => ({get: (name: string) => env[name]});

const buildEntry = (
  raw: RawEntry,
  url: {readonly value: unknown; readonly source: string},
  input: ResolveFleetInput,
  ctx: Context,
): FleetGateway => {
  const {entry, where} = raw;
  const unknown = Object.keys(entry).filter((key) => !ENTRY_KEYS.has(key));
  if (unknown.length > 0) {
    throw new FleetConfigError(
      `${where}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => quote(key.slice(0, 40))).join(', ')} (known: ${[...ENTRY_KEYS].join(', ')})`,
    );
  }
  const name = entry.name as string;
  const sshPart = parseSsh(entry, where, ctx);
  let rawUrl = url.value;
  let urlSource = url.source;
  if (rawUrl === undefined && sshPart) {
    rawUrl = `ws://127.0.0.1:${DEFAULT_REMOTE_GATEWAY_PORT}`;
    urlSource = `default for ssh entries (127.0.0.1:${DEFAULT_REMOTE_GATEWAY_PORT} on the ssh host)`;
  }
  if (typeof rawUrl !== 'string' || !rawUrl.trim()) {
    throw new FleetConfigError(`${where}: url is missing (ws://host:port or wss://host:port)`);
  }
  let checked: string;
  try {
    checked = checkGatewayUrl(rawUrl.trim(), urlSource, plainEnv(ctx.env));
  } catch (error) {
    throw new FleetConfigError(error instanceof Error ? error.message : String(error));
  }
  const parsedUrl = new URL(checked);
  let ssh: SshForward | undefined;
  if (sshPart) {
    if (parsedUrl.protocol !== 'ws:') {
      // The tunnel carries the bytes; TLS to the far end of it would name the wrong host.
      throw new FleetConfigError(
        `${where}: with ssh, url is the gateway as the ssh host sees it, normally ws://127.0.0.1:<port>`,
      );
    }
    ssh = {
      ...sshPart,
      remoteHost: parsedUrl.hostname.replace(/^\[|\]$/g, ''),
      remotePort: parsedUrl.port ? Number(parsedUrl.port) : DEFAULT_REMOTE_GATEWAY_PORT,
    };
  }
  const rawPin = entry.tlsFingerprint;
  let tlsFingerprint: string | undefined;
  if (rawPin !== undefined) {
    tlsFingerprint = typeof rawPin === 'string' ? normalizeTlsFingerprint(rawPin) : undefined;
    if (!tlsFingerprint) {
      throw new FleetConfigError(
        `${where} tlsFingerprint must be a SHA-256 certificate fingerprint (64 hex digits, colons allowed)`,
      );
    }
    if (parsedUrl.protocol !== 'wss:') {
      throw new FleetConfigError(`${where}: tlsFingerprint needs a wss:// url`);
    }
  }
  const readOnly = entry.readOnly;
  if (readOnly !== undefined && typeof readOnly !== 'boolean') {
    throw new FleetConfigError(`${where} readOnly must be true or false`);
  }
  const token = readCredential(entry, 'token', where, ctx);
  const password = readCredential(entry, 'password', where, ctx);
  const auth: GatewayAuth = {
    ...(token.value ? {token: token.value} : {}),
    ...(password.value ? {password: password.value} : {}),
  };
  const sources = [token.source, password.source].filter((s): s is string => Boolean(s));
  const unresolved = token.unresolved ?? password.unresolved;
  const warnings = unresolved
    ? [`${unresolved.path}: ${unresolved.reason}; not connecting to ${name} without it.`]
    : [];
  return {
    name,
    source: raw.source,
    gateway: {
      url: checked,
      urlSource,
      auth,
      credentialSource: sources.length > 0 ? sources.join(' + ') : 'none',
      configPath: input.dataDir ? path.join(input.dataDir, FLEET_FILE_NAME) : '',
      configFound: raw.source !== '--gateway flag',
      mode: 'remote',
      ...(unresolved ? {unresolvedCredential: unresolved} : {}),
      warnings,
    },
    ...(tlsFingerprint ? {tlsFingerprint} : {}),
    ...(ssh ? {ssh} : {}),
    readOnly: input.readOnly === true || readOnly === true,
    identityDir: path.join(input.dataDir, FLEET_DIR_NAME, name.toLowerCase()),
  };
};

const fileEntries = (parsed: unknown, shown: string): RawEntry[] => {
  const list = Array.isArray(parsed) ? parsed : isRecord(parsed) ? parsed.gateways : undefined;
  if (isRecord(parsed)) {
    const extra = Object.keys(parsed).filter((key) => key !== 'gateways');
    if (extra.length > 0) {
      throw new FleetConfigError(
        `${shown}: unknown top-level key ${quote(extra[0]?.slice(0, 40) ?? '')} (expected {gateways: [ … ]})`,
      );
    }
  }
  if (!Array.isArray(list)) {
    throw new FleetConfigError(`${shown}: expected {gateways: [ {name, url, …}, … ]}`);
  }
  return list.map((entry: unknown, index) => {
    const label = `${shown} entry ${index + 1}`;
    if (!isRecord(entry)) throw new FleetConfigError(`${label}: expected an object`);
    const name = entry.name;
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new FleetConfigError(
        `${label}: name must be letters, digits, "_" and "-" (at most 40, starting with a letter or digit)`,
      );
    }
    return {entry, where: `${shown} gateway ${quote(name)}`, source: label};
  });
};

/**
 * The fleet, or undefined when there is none (no file and no --gateway NAME=URL): the caller
 * then resolves the single gateway as before. Throws FleetConfigError for an unusable file or
 * flag, OpenClawConfigError for a file that is not JSON5.
 */
export const resolveFleet = (input: ResolveFleetInput): Fleet | undefined => {
  const files = input.files ?? nodeFileReader;
  const file = path.join(input.dataDir, FLEET_FILE_NAME);
  const shown = displayPath(file, input.home);
  const warnings: string[] = [];
  const ctx: Context = {
    env: input.env,
    home: input.home,
    fileDir: input.dataDir,
    files,
    fileMode: input.fileMode ?? (input.files ? () => undefined : defaultFileMode),
    warnings,
  };
  const text = files.readText(file);
  const flagEntries = input.flagEntries ?? [];
  if (text === undefined && flagEntries.length === 0) return undefined;

  const raw = text === undefined ? [] : fileEntries(parseJson5Config(text, file, shown), shown);
  const seen = new Map<string, string>();
  for (const {entry, source} of raw) {
    const key = String(entry.name).toLowerCase();
    const first = seen.get(key);
    if (first) {
      throw new FleetConfigError(
        `${shown}: gateway name ${quote(String(entry.name))} is used twice (${first} and ${source})`,
        file,
      );
    }
    seen.set(key, source);
  }
  const flagByName = new Map<string, {readonly name: string; readonly url: string}>();
  for (const flag of flagEntries) {
    const key = flag.name.toLowerCase();
    if (flagByName.has(key)) {
      throw new FleetConfigError(`--gateway ${flag.name}=… is given twice`);
    }
    flagByName.set(key, flag);
  }
  const gateways: FleetGateway[] = [];
  for (const entry of raw) {
    const flag = flagByName.get(String(entry.entry.name).toLowerCase());
    const url = flag
      ? {value: flag.url, source: `--gateway ${flag.name}=… flag`}
      : {value: entry.entry.url, source: `${entry.where} url`};
    gateways.push(buildEntry(entry, url, input, ctx));
  }
  for (const flag of flagEntries) {
    if (seen.has(flag.name.toLowerCase())) continue;
    const entry: RawEntry = {
      entry: {name: flag.name},
      where: `--gateway ${flag.name}`,
      source: '--gateway flag',
    };
    gateways.push(
      buildEntry(entry, {value: flag.url, source: `--gateway ${flag.name}=… flag`}, input, ctx),
    );
  }
  if (gateways.length === 0) {
    throw new FleetConfigError(
      `${shown} lists no gateways; add one ({gateways: [{name: "home", url: "ws://127.0.0.1:18789", tokenEnv: "…"}]}) or delete the file`,
      file,
    );
  }
  return {gateways, file, fileFound: text !== undefined, warnings: [...new Set(warnings)]};
};

/** The URL to dial for an ssh entry once its tunnel listens on `localPort`. */
export const tunnelUrl = (localPort: number): string => `ws://127.0.0.1:${localPort}`;

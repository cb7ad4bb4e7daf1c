// Our own persisted state: the console's device identity (identity.json) and the device tokens
// gateways issued to it (device-auth.json), both mode 0600 in a 0700 directory. Kept apart from
// OpenClaw's own stores on purpose: own keys = own device record on the gateway.
//
// Replacing the identity means a new device and a new pairing, so a damaged identity file is never
// silently regenerated: it is a DataStoreError naming the file. Only resetIdentity() replaces it.
// Tokens never appear in error messages or logs.

import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import {
  deviceIdentityFromKeyPair,
  generateDeviceKeyPair,
  InvalidDeviceKeyError,
} from '../client/device-identity.ts';
import type {
  DeviceIdentity,
  DeviceTokenKey,
  DeviceTokenStore,
  StoredDeviceToken,
} from '../client/types.ts';

export const PROJECT_NAME = 'openclaw-tui';
export const HOME_ENV = 'OPENCLAW_TUI_HOME';
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

export type DataStoreErrorCode =
  'IDENTITY_CORRUPT' | 'TOKENS_CORRUPT' | 'UNREADABLE' | 'LOOSE_PERMISSIONS' | 'DIRECTORY_UNUSABLE';

export class DataStoreError extends Error {
  readonly code: DataStoreErrorCode;
  readonly path: string;

  constructor(code: DataStoreErrorCode, filePath: string, message: string) {
    super(message);
    this.name = 'DataStoreError';
    this.code = code;
    this.path = filePath;
  }
}

export type StoredIdentity = {
  readonly version: 1;
  readonly deviceId: string;
  readonly publicKeyPem: string;
  readonly privateKeyPem: string;
  readonly createdAtMs: number;
};

export type LoadedIdentity = DeviceIdentity & {readonly createdAtMs: number};

type StoredTokenRecord = StoredDeviceToken & {
  readonly gateway: string;
  readonly deviceId: string;
  readonly role: string;
  readonly updatedAtMs: number;
};

export type DataStoreOptions = {
  /** Overrides OPENCLAW_TUI_HOME and the per-user config directory. */
  readonly dir?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly now?: () => number;
};

export type DataStore = {
  readonly dir: string;
  readonly identityPath: string;
  readonly tokensPath: string;
  /** The stored identity, or undefined when none was created yet. Throws DataStoreError if damaged. */
  loadIdentity(): LoadedIdentity | undefined;
  loadOrCreateIdentity(): LoadedIdentity;
  /** Deliberately start over as a new device (forgets its tokens): needs pairing again. */
  resetIdentity(): LoadedIdentity;
  readonly deviceTokens: DeviceTokenStore;
};

/** Marks a file that did not parse; conf itself would throw a bare SyntaxError without the path. */
const CORRUPT = '\u0000corrupt';

type AnyRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is AnyRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const deserialize = (text: string): AnyRecord => {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : {[CORRUPT]: true};
  } catch {
    return {[CORRUPT]: true};
  }
};

const openConf = (dir: string, configName: string): Conf<AnyRecord> => {
  const filePath = path.join(dir, `${configName}.json`);
  try {
    return new Conf<AnyRecord>({
      projectName: PROJECT_NAME,
      cwd: dir,
      configName,
      configFileMode: FILE_MODE,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
      serialize: (value) => `${JSON.stringify(value, null, 2)}\n`,
      deserialize,
    });
  } catch (error) {
    throw new DataStoreError(
      'UNREADABLE',
      filePath,
      `cannot read ${filePath}: ${(error as Error).message}. Fix or move the file; it is not replaced automatically.`,
    );
  }
};

const CORRUPT_IDENTITY_ADVICE =
  'It is not replaced automatically (a new identity is a new device that must be paired again): restore it, or reset the identity deliberately.';

const checkFileMode = (filePath: string): void => {
  if (process.platform === 'win32') return;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new DataStoreError(
      'UNREADABLE',
      filePath,
      `cannot stat ${filePath}: ${(error as Error).message}`,
    );
  }
  if (!stat.isFile()) {
    throw new DataStoreError('UNREADABLE', filePath, `${filePath} is not a regular file`);
  }
  if ((stat.mode & 0o077) !== 0) {
    throw new DataStoreError(
      'LOOSE_PERMISSIONS',
      filePath,
      `${filePath} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}); it holds device credentials. Run: chmod 600 ${filePath}`,
    );
  }
};

const secureDirectory = (dir: string): void => {
  try {
    fs.mkdirSync(dir, {recursive: true, mode: DIR_MODE});
    if (process.platform !== 'win32') fs.chmodSync(dir, DIR_MODE);
  } catch (error) {
    throw new DataStoreError(
      'DIRECTORY_UNUSABLE',
      dir,
      `cannot use ${dir} for the console's data: ${(error as Error).message}`,
    );
  }
};

/**
 * conf knows the per-user config directory for each platform (XDG, Library, AppData). Asking it
 * for a store that is never written gives us that directory without re-implementing the rules.
 */
const defaultDir = (): string =>
  path.dirname(new Conf({projectName: PROJECT_NAME, projectSuffix: '', configName: 'probe'}).path);

export const resolveDataDir = (options: DataStoreOptions = {}): string => {
  const env = options.env ?? process.env;
  const fromEnv = env[HOME_ENV];
  return path.resolve(options.dir ?? (fromEnv && fromEnv !== '' ? fromEnv : defaultDir()));
};

const identityFromStored = (value: AnyRecord, filePath: string): LoadedIdentity => {
  const fail = (why: string): never => {
    throw new DataStoreError(
      'IDENTITY_CORRUPT',
      filePath,
      `${filePath} is damaged (${why}). ${CORRUPT_IDENTITY_ADVICE}`,
    );
  };
  const {deviceId, publicKeyPem, privateKeyPem, createdAtMs} = value;
  if (typeof publicKeyPem !== 'string' || typeof privateKeyPem !== 'string') {
    return fail('keys missing');
  }
  let identity: DeviceIdentity;
  try {
    identity = deviceIdentityFromKeyPair({publicKeyPem, privateKeyPem});
  } catch (error) {
    return fail(error instanceof InvalidDeviceKeyError ? error.message : 'keys do not parse');
  }
  if (deviceId !== identity.deviceId) return fail('deviceId does not match the public key');
  return {
    ...identity,
    createdAtMs: typeof createdAtMs === 'number' ? createdAtMs : 0,
  };
};

const readTokensFrom = (conf: Conf<AnyRecord>): Record<string, StoredTokenRecord> => {
  checkFileMode(conf.path);
  const store = conf.store;
  if (store[CORRUPT]) {
    throw new DataStoreError(
      'TOKENS_CORRUPT',
      conf.path,
      `${conf.path} is not valid JSON. Restore it, or delete it to forget the stored device tokens.`,
    );
  }
  const tokens = store.tokens;
  if (!isRecord(tokens)) return {};
  const valid: Record<string, StoredTokenRecord> = {};
  for (const [key, record] of Object.entries(tokens)) {
    if (
      isRecord(record) &&
      typeof record.token === 'string' &&
      record.token !== '' &&
      typeof record.gateway === 'string' &&
      typeof record.deviceId === 'string' &&
      typeof record.role === 'string'
    ) {
      valid[key] = {
        gateway: record.gateway,
        deviceId: record.deviceId,
        role: record.role,
        token: record.token,
        scopes: Array.isArray(record.scopes)
          ? record.scopes.filter((scope): scope is string => typeof scope === 'string')
          : [],
        updatedAtMs: typeof record.updatedAtMs === 'number' ? record.updatedAtMs : 0,
      };
    }
  }
  return valid;
};

const tokenRecordKey = (key: DeviceTokenKey): string =>
  JSON.stringify([key.gateway, key.deviceId, key.role]);

export const openDataStore = (options: DataStoreOptions = {}): DataStore => {
  const now = options.now ?? Date.now;
  const dir = resolveDataDir(options);
  secureDirectory(dir);
  const identityConf = openConf(dir, 'identity');
  const tokensConf = openConf(dir, 'device-auth');
  // Check the tokens file now, so a damaged one fails at startup rather than mid-handshake.
  readTokensFrom(tokensConf);

  // conf's atomic write creates the file with configFileMode; chmod again in case it pre-existed.
  const write = (conf: Conf<AnyRecord>, value: AnyRecord) => {
    conf.store = value;
    if (process.platform !== 'win32') fs.chmodSync(conf.path, FILE_MODE);
  };

  const readTokens = () => readTokensFrom(tokensConf);

  const writeTokens = (tokens: Record<string, StoredTokenRecord>) =>
    write(tokensConf, {version: 1, tokens});

  const loadIdentity = (): LoadedIdentity | undefined => {
    checkFileMode(identityConf.path);
    const store = identityConf.store;
    if (Object.keys(store).length === 0 && !fs.existsSync(identityConf.path)) return undefined;
    if (store[CORRUPT]) {
      throw new DataStoreError(
        'IDENTITY_CORRUPT',
        identityConf.path,
        `${identityConf.path} is not valid JSON. ${CORRUPT_IDENTITY_ADVICE}`,
      );
    }
    return identityFromStored(store, identityConf.path);
  };

  const createIdentity = (): LoadedIdentity => {
    const keys = generateDeviceKeyPair();
    const identity = deviceIdentityFromKeyPair(keys);
    const stored: StoredIdentity = {
      version: 1,
      deviceId: identity.deviceId,
      publicKeyPem: keys.publicKeyPem,
      privateKeyPem: keys.privateKeyPem,
      createdAtMs: now(),
    };
    write(identityConf, stored);
    return {...identity, createdAtMs: stored.createdAtMs};
  };

  const deviceTokens: DeviceTokenStore = {
    load: (key) => {
      const record = readTokens()[tokenRecordKey(key)];
      return record
        ? {token: record.token, scopes: [...record.scopes], updatedAtMs: record.updatedAtMs}
        : undefined;
    },
    save: (key, token) => {
      const tokens = readTokens();
      tokens[tokenRecordKey(key)] = {
        gateway: key.gateway,
        deviceId: key.deviceId,
        role: key.role,
        token: token.token,
        scopes: [...token.scopes],
        updatedAtMs: now(),
      };
      writeTokens(tokens);
    },
    clear: (key) => {
      const tokens = readTokens();
      const recordKey = tokenRecordKey(key);
      if (!(recordKey in tokens)) return;
      delete tokens[recordKey];
      writeTokens(tokens);
    },
  };

  return {
    dir,
    identityPath: identityConf.path,
    tokensPath: tokensConf.path,
    loadIdentity,
    loadOrCreateIdentity: () => loadIdentity() ?? createIdentity(),
    resetIdentity: () => {
      // Read the old id leniently: resetting is the way out of a damaged file.
      const oldDeviceId = identityConf.store.deviceId;
      const identity = createIdentity();
      if (typeof oldDeviceId === 'string') {
        const tokens = readTokens();
        for (const [key, record] of Object.entries(tokens)) {
          if (record.deviceId === oldDeviceId) delete tokens[key];
        }
        writeTokens(tokens);
      }
      return identity;
    },
    deviceTokens,
  };
};

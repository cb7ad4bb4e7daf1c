// Runs a CommonJS file of the bundle (dist/cli-core.cjs) through V8's code cache, the way Node 22's
// module.enableCompileCache() does for every module (Node 20 has no such switch): compiling
// ~900 KB of JavaScript and the functions a twin calls was ~90 ms of every `pending` here, and
// with the cache V8 takes the compiled code from a file instead (issue 11).
//
// The cache holds compiled code, so it is treated like the device key beside it: it lives in our
// own data directory (<data dir>/cache, 0700, files 0600, written to a temporary file and
// renamed), a file owned by someone else or writable by others is never read, and each file
// carries a SHA-256 of its contents (V8 itself only checks the source's length and its own
// version and flags). The file's name holds a hash of the source, Node's version, the
// architecture and the Node flags, so an upgrade or a rebuild simply starts a new cache.
//
// A cache is written once per purpose (e.g. one per twin command: each compiles other
// functions), after a run that went well, so it holds the code that run needed.
// OPENCLAW_TUI_CODE_CACHE=0 turns it off.

import {createHash} from 'node:crypto';
import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

const MAGIC = Buffer.from('OCTV8C1\n');
const DIGEST_BYTES = 32;
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

export type CacheUse =
  /** Taken from the cache file. */
  | 'used'
  /** No usable cache file (none yet, damaged, or V8 refused it): compiled from the source. */
  | 'compiled'
  /** Turned off (OPENCLAW_TUI_CODE_CACHE=0) or no directory for it. */
  | 'off';

export type CachedModule<T> = {
  readonly exports: T;
  readonly use: CacheUse;
  /** Why the cache file was not used, when there was one (for OPENCLAW_TUI_WHICH_ENTRY). */
  readonly why?: string;
  /**
   * Writes the cache for `purpose` when this run did not come from it. Call after a run that
   * went well: the cache then holds the code that run compiled (taken at the call, synchronously:
   * V8 serialises it on this thread); the file is written without blocking (a console keeps
   * drawing meanwhile). Never rejects (a cache is an optimisation); resolves with what happened.
   * A second call returns the first one's promise.
   */
  save(): Promise<'written' | 'kept' | 'failed'>;
};

export type RunCachedInput = {
  /** The CommonJS file to run. */
  readonly file: string;
  /** The cache directory (created 0700), or undefined: run without a cache. */
  readonly cacheDir: string | undefined;
  /** What the run is for: one cache file each (a twin command's name). */
  readonly purpose: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
};

const sha256 = (data: Buffer | string): Buffer => createHash('sha256').update(data).digest();

/** Ours and not writable by anyone else (POSIX); anything else is not trusted. */
const privateToUs = (stat: fs.Stats): boolean => {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
};

const cacheKey = (source: Buffer): string =>
  createHash('sha256')
    .update(source)
    .update('\0')
    .update(process.version)
    .update('\0')
    .update(process.arch)
    .update('\0')
    .update(process.execArgv.join(' '))
    .digest('hex')
    .slice(0, 24);

const safePurpose = (purpose: string): string => purpose.replace(/[^a-z0-9]/gi, '_').slice(0, 40);

/** The cached code, or why there is none to use. */
const readCache = (cacheDir: string, file: string): {data?: Buffer; why?: string} => {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(cacheDir);
    if (!stat.isDirectory() || !privateToUs(stat)) return {why: `${cacheDir} is not private`};
    stat = fs.statSync(file);
  } catch {
    return {};
  }
  if (!stat.isFile() || !privateToUs(stat)) return {why: `${file} is not private`};
  const raw = fs.readFileSync(file);
  const body = MAGIC.length + DIGEST_BYTES;
  if (raw.length <= body || !raw.subarray(0, MAGIC.length).equals(MAGIC)) {
    return {why: 'damaged cache file'};
  }
  const data = raw.subarray(body);
  if (!sha256(data).equals(raw.subarray(MAGIC.length, body))) return {why: 'damaged cache file'};
  return {data};
};

const writeCache = async (
  cacheDir: string,
  file: string,
  purpose: string,
  data: Buffer,
): Promise<void> => {
  // fs.promises is loaded here, on first use (node:fs/promises brings readline's internals):
  // a run that uses its cache never needs it.
  const fsp = fs.promises;
  await fsp.mkdir(cacheDir, {recursive: true, mode: DIR_MODE});
  const stat = await fsp.stat(cacheDir);
  if (!stat.isDirectory() || !privateToUs(stat)) throw new Error(`${cacheDir} is not private`);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await fsp.writeFile(temp, Buffer.concat([MAGIC, sha256(data), data]), {mode: FILE_MODE});
    await fsp.rename(temp, file);
  } finally {
    await fsp.rm(temp, {force: true});
  }
  // This purpose's caches for another source, Node or flags (and temporary files left by a
  // killed run) are of no further use.
  const mine = new RegExp(`^v8-${purpose}-[0-9a-f]{24}\\.bin(\\.\\d+\\.tmp)?$`);
  for (const name of await fsp.readdir(cacheDir)) {
    if (mine.test(name) && name !== path.basename(file)) {
      await fsp.rm(path.join(cacheDir, name), {force: true});
    }
  }
};

/**
 * Runs `file` with V8's code cache for `purpose`, and returns its exports. The file is one
 * function expression, `(function (exports, require, module, __filename, __dirname) {…})`
 * (the build writes it so: no copy of the source is made to wrap it), called as Node calls a
 * CommonJS module.
 */
export const runCached = <T>(input: RunCachedInput): CachedModule<T> => {
  const bytes = fs.readFileSync(input.file);
  const off = (input.env ?? process.env).OPENCLAW_TUI_CODE_CACHE === '0';
  const cacheDir = off ? undefined : input.cacheDir;
  const purpose = safePurpose(input.purpose);
  const cacheFile =
    cacheDir === undefined
      ? undefined
      : path.join(cacheDir, `v8-${purpose}-${cacheKey(bytes)}.bin`);
  let found: {data?: Buffer; why?: string} = {};
  if (cacheDir !== undefined && cacheFile !== undefined) {
    try {
      found = readCache(cacheDir, cacheFile);
    } catch (error) {
      found = {why: (error as Error).message};
    }
  }
  const script = new vm.Script(bytes.toString('utf8'), {
    filename: input.file,
    ...(found.data === undefined ? {} : {cachedData: found.data}),
  });
  const used = found.data !== undefined && !script.cachedDataRejected;
  const why = found.data !== undefined && !used ? 'V8 refused the cache' : found.why;
  const module = {exports: {} as T};
  const run = script.runInThisContext() as (
    exports: T,
    require: NodeJS.Require,
    module: {exports: T},
    filename: string,
    dirname: string,
  ) => void;
  run(module.exports, createRequire(input.file), module, input.file, path.dirname(input.file));
  let saving: Promise<'written' | 'kept' | 'failed'> | undefined;
  return {
    exports: module.exports,
    use: cacheFile === undefined ? 'off' : used ? 'used' : 'compiled',
    ...(why === undefined ? {} : {why}),
    save: () => {
      if (saving !== undefined) return saving;
      if (used || cacheDir === undefined || cacheFile === undefined) {
        return (saving = Promise.resolve('kept'));
      }
      let data: Buffer;
      try {
        data = script.createCachedData();
      } catch {
        return (saving = Promise.resolve('failed'));
      }
      saving = writeCache(cacheDir, cacheFile, purpose, data).then(
        () => 'written' as const,
        () => 'failed' as const,
      );
      return saving;
    },
  };
};

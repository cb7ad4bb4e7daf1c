// Where `openclaw` is installed and which Node runs it. Every answer says where it came from, and
// a failure says exactly what was tried and how to fix it. The system Node is never changed: the
// hint installs a private Node into a cache directory instead.
//
// The Node choice follows openclaw's own launcher (openclaw.mjs + node-runtime-recovery.mjs of
// 2026.9.6): its shebang `#!/usr/bin/env node` takes the first `node` on PATH; when that Node
// fails admission the launcher retries with its private runtime
// (<OPENCLAW_HOME|HOME>/.openclaw/tools/cli-node/tools/node), the Node of the managed gateway
// service, every other `node` on PATH, the nvm / fnm / Volta defaults and Homebrew node@26/24.
// We walk the same list ourselves so the gateway runs directly under the chosen Node: a launcher
// respawn would put a second process between us and the gateway PID.

import {execFile} from 'node:child_process';
import {closeSync, openSync, readdirSync, readSync, realpathSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {isSupportedNodeVersion, SUPPORTED_NODE_RANGE} from './node-version.ts';

export type ExecResult = {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
};

export type FindDeps = {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  readonly isFile: (file: string) => boolean;
  readonly isDirectory: (dir: string) => boolean;
  /** undefined when the path does not resolve. */
  readonly realpath: (file: string) => string | undefined;
  /** At most `maxBytes` of the file as UTF-8, or undefined. */
  readonly readText: (file: string, maxBytes: number) => string | undefined;
  readonly listDir: (dir: string) => readonly string[];
  readonly exec: (
    file: string,
    args: readonly string[],
    options: {readonly timeoutMs: number},
  ) => Promise<ExecResult>;
};

export type OpenclawSource = 'flag' | 'env' | 'path' | 'npm-global';

export type OpenclawInstall = {
  /** Absolute path of the JS launcher to run with Node (normally …/openclaw/openclaw.mjs). */
  readonly entry: string;
  readonly version?: string;
  readonly source: OpenclawSource;
  /** Where it came from, for an operator: "--openclaw /x", "OPENCLAW_BIN=/x", "PATH: /usr/bin/openclaw". */
  readonly from: string;
};

export type NodeSource =
  | 'flag'
  | 'env'
  | 'launcher-shebang'
  | 'openclaw-private-runtime'
  | 'managed-service'
  | 'path'
  | 'nvm'
  | 'fnm'
  | 'volta'
  | 'homebrew'
  | 'openclaw-tui-cache';

export type NodeRuntime = {
  readonly path: string;
  readonly version: string;
  readonly source: NodeSource;
  readonly from: string;
};

export type TriedNode = {
  readonly path: string;
  readonly from: string;
  /** The version it reported, or why it could not be asked. */
  readonly outcome: string;
};

export type FindProblem =
  'openclaw-not-found' | 'openclaw-invalid' | 'node-unsupported' | 'node-not-found';

export type FindResult =
  | {readonly ok: true; readonly openclaw: OpenclawInstall; readonly node: NodeRuntime}
  | {
      readonly ok: false;
      readonly problem: FindProblem;
      readonly message: string;
      readonly hint: readonly string[];
      readonly openclaw?: OpenclawInstall;
      readonly triedOpenclaw: readonly string[];
      readonly triedNodes: readonly TriedNode[];
    };

export type FindOptions = {
  /** `--openclaw <path>`: the openclaw executable, its openclaw.mjs, or its package directory. */
  readonly openclaw?: string;
  /** `--node <path>`. */
  readonly node?: string;
};

/** Where the hint puts a private Node (and where we look for one), under ~/.cache. */
export const privateNodePrefix = (deps: Pick<FindDeps, 'env' | 'homeDir'>): string =>
  path.join(deps.env.XDG_CACHE_HOME || path.join(deps.homeDir, '.cache'), 'openclaw-tui', 'node24');

const nodePackageName = (platform: NodeJS.Platform, arch: string): string =>
  `node-${platform === 'win32' ? 'win' : platform}-${arch}`;

const privateNodeBinary = (deps: FindDeps): string =>
  path.join(
    privateNodePrefix(deps),
    'node_modules',
    nodePackageName(deps.platform, deps.arch),
    ...(deps.platform === 'win32' ? ['node.exe'] : ['bin', 'node']),
  );

const tildeOf = (deps: FindDeps, file: string): string =>
  deps.homeDir && file.startsWith(deps.homeDir + path.sep)
    ? `~${file.slice(deps.homeDir.length)}`
    : file;

export const installNodeHint = (deps: FindDeps): readonly string[] => {
  const prefix = tildeOf(deps, privateNodePrefix(deps));
  const binary = tildeOf(deps, privateNodeBinary(deps));
  return [
    `Install a Node for openclaw only (the system Node stays as it is):`,
    `  npm install --prefix ${prefix} ${nodePackageName(deps.platform, deps.arch)}@24`,
    `then start again (that path is searched), or pass --node ${binary} (or set OPENCLAW_NODE).`,
  ];
};

// ---------- openclaw ----------

const readPackageVersion = (deps: FindDeps, dir: string): string | undefined => {
  // openclaw's package.json is large (an exports map of hundreds of entries).
  const text = deps.readText(path.join(dir, 'package.json'), 4 * 1024 * 1024);
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      if (record.name === 'openclaw' && typeof record.version === 'string') return record.version;
    }
  } catch {
    // A broken package.json only costs us the version string.
  }
  return undefined;
};

const firstLine = (text: string): string => text.split('\n', 1)[0] ?? '';

const isNodeShebang = (line: string): boolean =>
  /^#!\s*(?:\S*\/env\s+(?:-S\s+)?node\b|\S*\/node(?:\.exe)?\b)/u.test(line);

/**
 * Turns what a user or PATH names (a bin symlink, the launcher, a package dir, a pnpm/npm shell
 * shim) into the JS launcher Node can run. Returns a reason when it cannot.
 */
export const resolveOpenclawEntry = (
  deps: FindDeps,
  given: string,
): {readonly entry: string} | {readonly error: string} => {
  const absolute = path.resolve(given);
  if (deps.isDirectory(absolute)) {
    for (const candidate of [
      path.join(absolute, 'openclaw.mjs'),
      path.join(absolute, 'node_modules', 'openclaw', 'openclaw.mjs'),
      path.join(absolute, 'lib', 'node_modules', 'openclaw', 'openclaw.mjs'),
    ]) {
      if (deps.isFile(candidate)) return {entry: deps.realpath(candidate) ?? candidate};
    }
    return {error: `${given} is a directory without openclaw.mjs`};
  }
  if (!deps.isFile(absolute)) return {error: `${given} does not exist`};
  const real = deps.realpath(absolute) ?? absolute;
  if (path.basename(real) === 'openclaw.mjs') return {entry: real};
  const head = deps.readText(real, 4096) ?? '';
  if (isNodeShebang(firstLine(head)) || /\.(?:mjs|cjs|js)$/u.test(real)) return {entry: real};
  // Shell shims (npm on some setups, pnpm) name the launcher relative to $basedir.
  const shim = /\$basedir\/([^"'\s]*openclaw\.mjs)/u.exec(head);
  if (shim?.[1]) {
    const target = path.resolve(path.dirname(absolute), shim[1]);
    if (deps.isFile(target)) return {entry: deps.realpath(target) ?? target};
  }
  return {error: `${given} is not a Node launcher (expected openclaw.mjs or a node script)`};
};

const installFrom = (
  deps: FindDeps,
  entry: string,
  source: OpenclawSource,
  from: string,
): OpenclawInstall => {
  const version = readPackageVersion(deps, path.dirname(entry));
  return {entry, source, from, ...(version ? {version} : {})};
};

const pathDirs = (deps: FindDeps): readonly string[] =>
  (deps.env.PATH ?? '')
    .split(deps.platform === 'win32' ? ';' : ':')
    .filter((dir) => dir !== '' && path.isAbsolute(dir));

type OpenclawLookup =
  | {readonly ok: true; readonly install: OpenclawInstall; readonly tried: readonly string[]}
  | {
      readonly ok: false;
      readonly problem: 'openclaw-not-found' | 'openclaw-invalid';
      readonly message: string;
      readonly tried: readonly string[];
    };

export const findOpenclawInstall = async (
  options: FindOptions,
  deps: FindDeps,
): Promise<OpenclawLookup> => {
  const tried: string[] = [];
  const explicit: readonly [string | undefined, OpenclawSource, string][] = [
    [options.openclaw, 'flag', '--openclaw'],
    [deps.env.OPENCLAW_BIN, 'env', 'OPENCLAW_BIN='],
  ];
  for (const [given, source, label] of explicit) {
    if (!given) continue;
    const from = label.endsWith('=') ? `${label}${given}` : `${label} ${given}`;
    const resolved = resolveOpenclawEntry(deps, given);
    if ('error' in resolved) {
      // An explicit choice that does not work is an error, not a reason to guess elsewhere.
      return {ok: false, problem: 'openclaw-invalid', message: `${from}: ${resolved.error}`, tried};
    }
    return {ok: true, install: installFrom(deps, resolved.entry, source, from), tried};
  }
  for (const dir of pathDirs(deps)) {
    const candidate = path.join(dir, deps.platform === 'win32' ? 'openclaw.cmd' : 'openclaw');
    if (!deps.isFile(candidate)) continue;
    tried.push(`PATH: ${candidate}`);
    const resolved = resolveOpenclawEntry(deps, candidate);
    if ('entry' in resolved) {
      return {
        ok: true,
        install: installFrom(deps, resolved.entry, 'path', `PATH: ${candidate}`),
        tried,
      };
    }
  }
  const npmRoot = await deps
    .exec('npm', ['root', '-g'], {timeoutMs: 15_000})
    .catch(() => undefined);
  const root = npmRoot?.code === 0 ? npmRoot.stdout.trim() : '';
  if (root) {
    const candidate = path.join(root, 'openclaw', 'openclaw.mjs');
    tried.push(`npm root -g: ${candidate}`);
    if (deps.isFile(candidate)) {
      const entry = deps.realpath(candidate) ?? candidate;
      return {
        ok: true,
        install: installFrom(deps, entry, 'npm-global', `npm root -g: ${root}`),
        tried,
      };
    }
  } else {
    tried.push('npm root -g: npm did not answer');
  }
  return {
    ok: false,
    problem: 'openclaw-not-found',
    message:
      'openclaw is not installed where we looked (--openclaw, OPENCLAW_BIN, PATH, npm root -g)',
    tried,
  };
};

// ---------- node ----------

type Candidate = {
  readonly path: string | undefined;
  readonly source: NodeSource;
  readonly from: string;
};

const nodeBinaryName = (deps: FindDeps): string =>
  deps.platform === 'win32' ? 'node.exe' : 'node';

const launcherShebangCandidates = (deps: FindDeps, entry: string): readonly Candidate[] => {
  const line = firstLine(deps.readText(entry, 512) ?? '');
  const absolute = /^#!\s*(\/\S*\/node(?:\.exe)?)\s*$/u.exec(line);
  if (absolute?.[1]) {
    return [{path: absolute[1], source: 'launcher-shebang', from: `launcher shebang ${line}`}];
  }
  if (!/^#!\s*\S*\/env\s+(?:-S\s+)?node\b/u.test(line)) return [];
  const first = pathDirs(deps)
    .map((dir) => path.join(dir, nodeBinaryName(deps)))
    .find((file) => deps.isFile(file));
  return first
    ? [{path: first, source: 'launcher-shebang', from: `launcher ${line.trim()}: ${first}`}]
    : [];
};

const openclawHome = (deps: FindDeps): string => {
  const explicit = deps.env.OPENCLAW_HOME?.trim();
  if (explicit) return explicit.replace(/^~(?=$|[\\/])/u, deps.homeDir);
  return deps.env.HOME?.trim() || deps.homeDir;
};

const systemdServiceNode = (deps: FindDeps): string | undefined => {
  if (deps.platform !== 'linux') return undefined;
  const profile = deps.env.OPENCLAW_PROFILE?.trim();
  const suffix = profile && profile.toLowerCase() !== 'default' ? `-${profile}` : '';
  const name = deps.env.OPENCLAW_SYSTEMD_UNIT?.trim() || `openclaw-gateway${suffix}`;
  if (!/^[A-Za-z0-9._@-]+$/u.test(name)) return undefined;
  const unit = name.endsWith('.service') ? name : `${name}.service`;
  const text = deps.readText(path.join(deps.homeDir, '.config', 'systemd', 'user', unit), 65_536);
  const service = text?.split(/^\s*\[Service\]\s*$/mu)[1]?.split(/^\s*\[/mu)[0];
  const exec = service?.match(/^\s*ExecStart=\s*(?:"((?:[^"\\]|\\.)*)"|(\S+))/mu);
  const command = (exec?.[1] ?? exec?.[2])?.replace(/\\(.)/gu, '$1');
  return command && path.isAbsolute(command) && /^node(?:\.exe)?$/iu.test(path.basename(command))
    ? command
    : undefined;
};

const newestMatching = (names: readonly string[], prefix: string | undefined): string | undefined =>
  names
    .filter((name) => /^v\d+\.\d+\.\d+$/u.test(name))
    .filter(
      (name) => prefix === undefined || name === `v${prefix}` || name.startsWith(`v${prefix}.`),
    )
    .sort((a, b) => b.localeCompare(a, 'en', {numeric: true}))[0];

const nvmDefault = (deps: FindDeps, root: string): string | undefined => {
  const alias = deps.readText(path.join(root, 'alias', 'default'), 256)?.trim();
  if (!alias) return undefined;
  const versions = deps.listDir(path.join(root, 'versions', 'node'));
  let version: string | undefined;
  if (alias === 'node' || alias === 'stable') version = newestMatching(versions, undefined);
  else if (/^v?\d+(?:\.\d+){0,2}$/u.test(alias))
    version = newestMatching(versions, alias.replace(/^v/u, ''));
  // lts/* and named aliases need nvm's own resolution; the nvm user can pass --node.
  return version ? path.join(root, 'versions', 'node', version, 'bin', 'node') : undefined;
};

const voltaDefault = (deps: FindDeps, root: string): string | undefined => {
  const text = deps.readText(path.join(root, 'tools', 'user', 'platform.json'), 65_536);
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as {node?: {runtime?: unknown}};
    const version = parsed.node?.runtime;
    return typeof version === 'string' && /^\d+\.\d+\.\d+$/u.test(version)
      ? path.join(root, 'tools', 'image', 'node', version, 'bin', 'node')
      : undefined;
  } catch {
    return undefined;
  }
};

const unique = <T>(values: readonly (T | undefined)[]): T[] => [
  ...new Set(values.filter((value): value is T => value !== undefined && value !== '')),
];

/** The launcher's recovery list after the shebang Node, then our own cache. */
const recoveryCandidates = (deps: FindDeps): readonly Candidate[] => {
  const home = deps.homeDir;
  const binary = nodeBinaryName(deps);
  const privateRuntime = path.join(
    openclawHome(deps),
    '.openclaw',
    'tools',
    'cli-node',
    'tools',
    'node',
    'bin',
    binary,
  );
  const candidates: Candidate[] = [
    {path: privateRuntime, source: 'openclaw-private-runtime', from: 'openclaw private runtime'},
    {path: systemdServiceNode(deps), source: 'managed-service', from: 'managed gateway service'},
    ...pathDirs(deps).map((dir): Candidate => ({
      path: path.join(dir, binary),
      source: 'path',
      from: `PATH: ${dir}`,
    })),
    ...unique([deps.env.NVM_DIR, path.join(home, '.nvm')]).map((root): Candidate => ({
      path: nvmDefault(deps, root),
      source: 'nvm',
      from: `nvm default (${root})`,
    })),
    ...unique([
      deps.env.FNM_DIR,
      path.join(home, '.fnm'),
      path.join(home, '.local', 'share', 'fnm'),
    ]).map((root): Candidate => ({
      path: path.join(root, 'aliases', 'default', 'bin', binary),
      source: 'fnm',
      from: `fnm default (${root})`,
    })),
    ...unique([deps.env.VOLTA_HOME, path.join(home, '.volta')]).map((root): Candidate => ({
      path: voltaDefault(deps, root),
      source: 'volta',
      from: `Volta default (${root})`,
    })),
    ...[26, 24].flatMap((major) =>
      ['/opt/homebrew', '/usr/local'].map((prefix): Candidate => ({
        path: path.join(prefix, 'opt', `node@${major}`, 'bin', 'node'),
        source: 'homebrew',
        from: `Homebrew node@${major}`,
      })),
    ),
    {path: privateNodeBinary(deps), source: 'openclaw-tui-cache', from: 'openclaw-tui cache'},
  ];
  return candidates;
};

const askVersion = async (deps: FindDeps, file: string): Promise<string | {error: string}> => {
  try {
    const result = await deps.exec(file, ['--version'], {timeoutMs: 10_000});
    const version = result.stdout.trim();
    if (result.code === 0 && /^v\d/u.test(version)) return version.replace(/^v/u, '');
    return {error: `did not report a version (exit ${String(result.code)})`};
  } catch (error) {
    return {error: error instanceof Error ? error.message : String(error)};
  }
};

type NodeLookup =
  | {readonly ok: true; readonly node: NodeRuntime; readonly tried: readonly TriedNode[]}
  | {
      readonly ok: false;
      readonly problem: 'node-unsupported' | 'node-not-found';
      readonly message: string;
      readonly tried: readonly TriedNode[];
    };

export const findNodeForOpenclaw = async (
  options: FindOptions,
  install: OpenclawInstall,
  deps: FindDeps,
): Promise<NodeLookup> => {
  const tried: TriedNode[] = [];
  const explicit: readonly [string | undefined, NodeSource, string][] = [
    [options.node, 'flag', '--node'],
    [deps.env.OPENCLAW_NODE, 'env', 'OPENCLAW_NODE='],
  ];
  for (const [given, source, label] of explicit) {
    if (!given) continue;
    const from = label.endsWith('=') ? `${label}${given}` : `${label} ${given}`;
    const file = path.resolve(given);
    const version = deps.isFile(file) ? await askVersion(deps, file) : {error: 'does not exist'};
    if (typeof version !== 'string') {
      tried.push({path: file, from, outcome: version.error});
      return {ok: false, problem: 'node-not-found', message: `${from}: ${version.error}`, tried};
    }
    tried.push({path: file, from, outcome: `v${version}`});
    if (!isSupportedNodeVersion(version)) {
      return {
        ok: false,
        problem: 'node-unsupported',
        message: `${from} is Node v${version}; openclaw needs Node ${SUPPORTED_NODE_RANGE}`,
        tried,
      };
    }
    return {ok: true, node: {path: file, version, source, from}, tried};
  }
  const seen = new Set<string>();
  for (const candidate of [
    ...launcherShebangCandidates(deps, install.entry),
    ...recoveryCandidates(deps),
  ]) {
    if (!candidate.path || !deps.isFile(candidate.path)) continue;
    const real = deps.realpath(candidate.path) ?? candidate.path;
    if (seen.has(real)) continue;
    seen.add(real);
    const version = await askVersion(deps, candidate.path);
    if (typeof version !== 'string') {
      tried.push({path: candidate.path, from: candidate.from, outcome: version.error});
      continue;
    }
    const supported = isSupportedNodeVersion(version);
    tried.push({
      path: candidate.path,
      from: candidate.from,
      outcome: supported ? `v${version}` : `v${version} (unsupported)`,
    });
    if (supported) {
      return {
        ok: true,
        node: {path: candidate.path, version, source: candidate.source, from: candidate.from},
        tried,
      };
    }
  }
  return {
    ok: false,
    problem: 'node-not-found',
    message: `No Node that openclaw supports (${SUPPORTED_NODE_RANGE}) was found`,
    tried,
  };
};

export const findOpenclaw = async (options: FindOptions, deps: FindDeps): Promise<FindResult> => {
  const lookup = await findOpenclawInstall(options, deps);
  if (!lookup.ok) {
    return {
      ok: false,
      problem: lookup.problem,
      message: lookup.message,
      hint: [
        'Install it with `npm install -g openclaw` (it needs Node 24.16+ or 26.1+ to run),',
        'or pass --openclaw <path to openclaw or openclaw.mjs> (or set OPENCLAW_BIN).',
      ],
      triedOpenclaw: lookup.tried,
      triedNodes: [],
    };
  }
  const node = await findNodeForOpenclaw(options, lookup.install, deps);
  if (!node.ok) {
    return {
      ok: false,
      problem: node.problem,
      message: node.message,
      hint: installNodeHint(deps),
      openclaw: lookup.install,
      triedOpenclaw: lookup.tried,
      triedNodes: node.tried,
    };
  }
  return {ok: true, openclaw: lookup.install, node: node.node};
};

/** One readable block for a failed lookup (for the CLI's stderr or the embed pane). */
export const formatFindFailure = (result: Extract<FindResult, {ok: false}>): string => {
  const lines = [result.message + '.'];
  if (result.openclaw) {
    const version = result.openclaw.version ? ` ${result.openclaw.version}` : '';
    lines.push(`openclaw${version} from ${result.openclaw.from} (${result.openclaw.entry})`);
  }
  if (result.triedNodes.length > 0) {
    lines.push('Tried:');
    for (const tried of result.triedNodes)
      lines.push(`  ${tried.path} (${tried.from}): ${tried.outcome}`);
  }
  return [...lines, ...result.hint].join('\n');
};

// ---------- real dependencies ----------

const safeStat = (file: string) => {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
};

export const defaultFindDeps = (): FindDeps => ({
  env: process.env,
  homeDir: os.homedir(),
  platform: process.platform,
  arch: process.arch,
  isFile: (file) => safeStat(file)?.isFile() ?? false,
  isDirectory: (dir) => safeStat(dir)?.isDirectory() ?? false,
  realpath: (file) => {
    try {
      return realpathSync(file);
    } catch {
      return undefined;
    }
  },
  readText: (file, maxBytes) => {
    let fd: number | undefined;
    try {
      if (!statSync(file).isFile()) return undefined;
      fd = openSync(file, 'r');
      const buffer = Buffer.alloc(maxBytes);
      const length = readSync(fd, buffer, 0, maxBytes, 0);
      return buffer.subarray(0, length).toString('utf8');
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  },
  listDir: (dir) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
  exec: (file, args, {timeoutMs}) =>
    new Promise((resolve, reject) => {
      execFile(
        file,
        [...args],
        // No shell, bounded time and output; the env is ours (a version probe needs no secrets).
        {timeout: timeoutMs, maxBuffer: 1_048_576, killSignal: 'SIGKILL', windowsHide: true},
        (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number') {
            reject(error);
            return;
          }
          resolve({code: error ? Number(error.code) : 0, stdout, stderr});
        },
      );
    }),
});

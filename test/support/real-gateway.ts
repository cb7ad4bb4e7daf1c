// Start and stop a real OpenClaw gateway (the pinned package under the private Node 24) for the
// layer-3 tests: temporary state, loopback only, token auth, a hard lifetime, and no process
// left behind. See test/real/run.ts for how the suite shares one gateway.
import {spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import {freeLoopbackPort as freePort} from '../../source/net/loopback-port.ts';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {stripVTControlCharacters} from 'node:util';
import {startFakeLlm, type FakeLlm} from './fake-llm.ts';
import {gatewayProcesses, listProcesses, signal, type ProcessInfo} from './process-tree.ts';
import {connectReady, openRaw, RawRequestError, type RawClient} from './raw-client.ts';
import {
  isRealGatewayInstalled,
  realGatewayPaths,
  type RealGatewayPaths,
} from './real-gateway-paths.ts';

export type RealGatewayOptions = {
  /** Start the scripted fake LLM and make it the default model (fakellm/fake-1). */
  readonly fakeLlm?: boolean;
  /** gateway.nodes.pairing.autoApproveLocal:false — loopback devices need approval too. */
  readonly noAutoApproveLocal?: boolean;
  /** tools.exec = {host:"gateway", security:"full", ask:"always"}: every exec needs approval. */
  readonly execAsk?: boolean;
  /**
   * gateway.trustedProxies = ["127.0.0.1"]: a loopback client sending X-Forwarded-For then counts
   * as remote (needs pairing). Set at start because changing it later closes every socket.
   */
  readonly trustLoopbackProxy?: boolean;
  /** agents.defaults.subagents.allowAgents (spawn targets other than the requester). */
  readonly allowAgents?: readonly string[];
  /** agents.entries (extra configured agents, keyed by agent id). */
  readonly agentEntries?: Readonly<Record<string, unknown>>;
  /** Deep-merged over the generated config, last. */
  readonly extraConfig?: Readonly<Record<string, unknown>>;
  /** Hard lifetime of the gateway process (coreutils `timeout`). Default 1800 s. */
  readonly ttlSeconds?: number;
  /** Default 180 s: a cold start on 2 busy cores takes 20–60 s. */
  readonly readyTimeoutMs?: number;
  /** Keep the state directory after stop() (debugging). */
  readonly keepDir?: boolean;
  /**
   * gateway.tls {enabled, autoGenerate}: the gateway serves wss:// with a self-signed certificate
   * it generates under its state dir (certPem() reads it); the url is then wss://.
   */
  readonly tls?: boolean;
  readonly paths?: RealGatewayPaths;
};

export type Readiness = {
  /** ms from spawn to the first connect.challenge */
  readonly challengeMs: number;
  /** ms from spawn to the first hello-ok */
  readonly helloMs: number;
};

export type StopReport = {
  /** pids that were still alive after SIGTERM and got SIGKILL */
  readonly killed: readonly number[];
  /** processes of this gateway still alive after everything (should be empty) */
  readonly leftovers: readonly ProcessInfo[];
  readonly stopMs: number;
};

export type ConfigPatchOptions = {
  /** Array paths the patch may shrink (config.patch refuses to remove entries otherwise). */
  readonly replacePaths?: readonly string[];
  readonly note?: string;
};

export type RealGateway = {
  readonly url: string;
  readonly token: string;
  readonly port: number;
  readonly dir: string;
  readonly configPath: string;
  /** pid of the process-group leader (`timeout`, whose child is the gateway); new after restart() */
  readonly pid: number;
  readonly fakeLlm?: FakeLlm;
  readonly readiness: Readiness;
  readonly paths: RealGatewayPaths;
  /** Hot-apply a config merge-patch through the protocol (config.get + config.patch). */
  readonly configPatch: (
    patch: Readonly<Record<string, unknown>>,
    options?: ConfigPatchOptions,
  ) => Promise<unknown>;
  /** Sum of RSS (KiB) over the gateway's processes right now. */
  readonly rssKiB: () => number;
  /**
   * Stop the gateway's processes (SIGKILL by default: a crash, no shutdown event) but keep its
   * state dir, port and fake LLM, so restart() brings the same gateway back.
   */
  readonly kill: (how?: 'SIGKILL' | 'SIGTERM') => Promise<StopReport>;
  /** Start it again after kill(): same port, config and state dir (same TLS certificate). */
  readonly restart: () => Promise<Readiness>;
  /** tls only: the certificate it serves (PEM, generated under its state dir at start). */
  readonly certPem: () => string;
  readonly stop: () => Promise<StopReport>;
};

// -------------------------------------------------------------------------------- config -----

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const deepMerge = (
  base: Readonly<Record<string, unknown>>,
  over: Readonly<Record<string, unknown>>,
): Record<string, unknown> => {
  const out: Record<string, unknown> = {...base};
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
};

/** "2026.4.1" → [2026, 4, 1]; compares versions of openclaw's calendar scheme. */
const versionParts = (version: string): number[] =>
  version.split(/[.-]/).map((part) => Number.parseInt(part, 10) || 0);

const olderThan = (version: string, than: string): boolean => {
  const a = versionParts(version);
  const b = versionParts(than);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return false;
};

/**
 * Does this openclaw know the config keys the pinned one has and older ones refuse as
 * "Unrecognized key" (2026.4.1: gateway.nodes.pairing, models.catalogRefresh, tools.toolSearch,
 * a provider's timeoutSeconds)?
 */
export const hasModernConfig = (openclawVersion: string | undefined): boolean =>
  openclawVersion === undefined || !olderThan(openclawVersion, '2026.9.0');

export const buildGatewayConfig = (input: {
  readonly port: number;
  readonly token: string;
  readonly dir: string;
  readonly fakeLlmPort?: number;
  readonly options: RealGatewayOptions;
  /** The openclaw version the config is for (default: the pinned one). */
  readonly openclawVersion?: string;
}): Record<string, unknown> => {
  const {options} = input;
  const modern = hasModernConfig(input.openclawVersion);
  const pairing: Record<string, unknown> = {sshVerify: false};
  if (options.noAutoApproveLocal) pairing.autoApproveLocal = false;
  let config: Record<string, unknown> = {
    gateway: {
      mode: 'local',
      bind: 'loopback',
      port: input.port,
      auth: {mode: 'token', token: input.token},
      ...(modern ? {nodes: {pairing}} : {}),
      ...(options.trustLoopbackProxy ? {trustedProxies: ['127.0.0.1']} : {}),
    },
    // defaults would write to /tmp/openclaw and call home for updates and the model catalog
    logging: {file: path.join(input.dir, 'logs', 'openclaw.log')},
    update: {checkOnStart: false},
    ...(modern ? {models: {catalogRefresh: {enabled: false}}} : {}),
  };
  if (input.fakeLlmPort !== undefined) {
    config = deepMerge(config, {
      models: {
        mode: 'merge',
        providers: {
          fakellm: {
            baseUrl: `http://127.0.0.1:${input.fakeLlmPort}/v1`,
            apiKey: 'fake-local',
            api: 'openai-completions',
            // long enough for a held response (OCT:hold) to outlive a test's abort
            ...(modern ? {timeoutSeconds: 600} : {}),
            models: [
              {
                id: 'fake-1',
                name: 'Harness Fake LLM',
                reasoning: false,
                input: ['text'],
                cost: {input: 0, output: 0, cacheRead: 0, cacheWrite: 0},
                contextWindow: 128000,
                maxTokens: 4096,
              },
            ],
          },
        },
      },
      agents: {defaults: {model: {primary: 'fakellm/fake-1'}}},
      // toolSearch:false: the model sees sessions_spawn/exec directly instead of behind tool_search
      tools: {profile: 'coding', ...(modern ? {toolSearch: false} : {})},
    });
  }
  if (options.execAsk) {
    config = deepMerge(config, {tools: {exec: {host: 'gateway', security: 'full', ask: 'always'}}});
  }
  if (options.allowAgents) {
    config = deepMerge(config, {
      agents: {defaults: {subagents: {allowAgents: [...options.allowAgents]}}},
    });
  }
  if (options.agentEntries) config = deepMerge(config, {agents: {entries: options.agentEntries}});
  if (options.tls)
    config = deepMerge(config, {gateway: {tls: {enabled: true, autoGenerate: true}}});
  if (options.extraConfig) config = deepMerge(config, options.extraConfig);
  return config;
};

// --------------------------------------------------------------------------- environment -----

/**
 * The gateway's environment: everything of OpenClaw's points into `dir`, nothing inherited from
 * the user's OpenClaw setup or from our own Node flags (tsx's loader must not reach Node 24).
 */
export const gatewayEnv = (dir: string, paths: RealGatewayPaths): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('OPENCLAW_') || key.startsWith('NODE_') || key.startsWith('TSX_')) continue;
    if (key.startsWith('npm_')) continue;
    env[key] = value;
  }
  return {
    ...env,
    PATH: `${paths.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: path.join(dir, 'home'),
    OPENCLAW_HOME: path.join(dir, 'home'),
    OPENCLAW_STATE_DIR: path.join(dir, 'state'),
    OPENCLAW_CONFIG_PATH: path.join(dir, 'openclaw.json'),
    OPENCLAW_WORKSPACE_DIR: path.join(dir, 'workspace'),
    OPENCLAW_SKIP_CHANNELS: '1',
    OPENCLAW_DISABLE_BONJOUR: '1',
    OPENCLAW_NO_RESPAWN: '1',
    OPENCLAW_EXEC_SHELL_SNAPSHOT: '0',
    OPENCLAW_OFFLINE: '1',
    OPENCLAW_NO_AUTO_UPDATE: '1',
    TMPDIR: path.join(dir, 'tmp'),
  };
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Last lines of a log file with the token masked (logs are printed on failures). */
export const logTail = (file: string, lines: number, secret?: string): string => {
  try {
    // colour codes and other control sequences from the gateway's console output stay out
    const text = stripVTControlCharacters(readFileSync(file, 'utf8'));
    const tail = text.split('\n').slice(-lines).join('\n');
    return secret ? tail.split(secret).join('<token>') : tail;
  } catch {
    return `(no log at ${file})`;
  }
};

// ----------------------------------------------------------------------- exit safety net -----

type LiveGateway = {readonly pid: number; readonly dir: string; readonly keepDir: boolean};
const live = new Map<number, LiveGateway>();
let hooksInstalled = false;

const killNow = (g: LiveGateway): void => {
  for (const p of gatewayProcesses(g.pid)) signal(p.pid, 'SIGKILL');
  signal(-g.pid, 'SIGKILL');
  if (!g.keepDir) rmSync(g.dir, {recursive: true, force: true});
};

/** A crashed or interrupted test run must not leave a gateway behind. */
const installExitHooks = (): void => {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const g of live.values()) killNow(g);
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      for (const g of live.values()) killNow(g);
      live.clear();
      process.exit(sig === 'SIGINT' ? 130 : sig === 'SIGTERM' ? 143 : 129);
    });
  }
};

// ------------------------------------------------------------------------------ readiness ----

const probeReady = async (
  url: string,
  token: string,
  startedAt: number,
  deadline: number,
  exited: () => string | undefined,
): Promise<Readiness> => {
  let challengeMs: number | undefined;
  let last = 'no attempt yet';
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone) throw new Error(`gateway exited during startup (${gone})`);
    let client: RawClient;
    try {
      // wss:// here is the gateway's own self-signed certificate: the probe does not pin it
      client = await openRaw(url, {timeoutMs: 3000, insecureTls: true});
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
      await sleep(250);
      continue;
    }
    challengeMs ??= Date.now() - startedAt;
    try {
      // device-less loopback helper: admitted with the shared token, creates no pairing record
      const res = await client.connect(
        {
          token,
          identity: null,
          clientId: 'gateway-client',
          clientMode: 'backend',
          scopes: ['operator.read'],
        },
        10000,
      );
      if (res.ok) return {challengeMs, helloMs: Date.now() - startedAt};
      last = `${res.error?.code ?? '?'} ${res.error?.message ?? ''}`;
      if (res.error?.code !== 'UNAVAILABLE') throw new RawRequestError('connect', res.error);
      await sleep(Math.min(Math.max(res.error.retryAfterMs ?? 500, 100), 2000));
    } catch (error) {
      if (error instanceof RawRequestError) throw error;
      last = error instanceof Error ? error.message : String(error);
      await sleep(250);
    } finally {
      client.close();
    }
  }
  throw new Error(`gateway not ready at ${url} in time (last: ${last})`);
};

// -------------------------------------------------------------------------- config.patch -----

/** Hot-apply a config merge-patch on a running gateway (admin via the loopback helper id). */
export const patchGatewayConfig = async (
  target: {readonly url: string; readonly token: string},
  patch: Readonly<Record<string, unknown>>,
  options: ConfigPatchOptions = {},
): Promise<unknown> => {
  const client = await connectReady(target.url, {
    token: target.token,
    identity: null,
    clientId: 'gateway-client',
    clientMode: 'backend',
    scopes: ['operator.admin'],
  });
  try {
    for (let attempt = 1; ; attempt++) {
      const current = await client.call('config.get', {});
      const baseHash = isPlainObject(current) ? current.hash : undefined;
      const res = await client.request('config.patch', {
        raw: JSON.stringify(patch),
        baseHash,
        ...(options.replacePaths ? {replacePaths: [...options.replacePaths]} : {}),
        ...(options.note ? {note: options.note} : {}),
      });
      if (res.ok) return res.payload;
      // someone else changed the config between our get and patch: re-read and retry
      if (attempt < 3 && /changed since last load/i.test(res.error?.message ?? '')) continue;
      throw new RawRequestError('config.patch', res.error);
    }
  } finally {
    client.close();
  }
};

// ---------------------------------------------------------------------------------- start ----

export const startRealGateway = async (options: RealGatewayOptions = {}): Promise<RealGateway> => {
  const paths = options.paths ?? realGatewayPaths();
  if (!isRealGatewayInstalled(paths)) {
    throw new Error(
      `the real gateway is not installed under ${paths.cacheRoot}: run scripts/install-real-gateway.sh`,
    );
  }
  installExitHooks();
  const dir = mkdtempSync(path.join(tmpdir(), 'oct-real-gw-'));
  for (const sub of ['home', 'state', 'workspace', 'logs', 'tmp']) {
    mkdirSync(path.join(dir, sub), {recursive: true, mode: 0o700});
  }
  mkdirSync(paths.compileCache, {recursive: true});
  symlinkSync(paths.compileCache, path.join(dir, 'tmp', 'node-compile-cache'));

  let fakeLlm: FakeLlm | undefined;
  try {
    if (options.fakeLlm) {
      fakeLlm = await startFakeLlm({
        ttlMs: (options.ttlSeconds ?? 1800) * 1000,
        logFile: path.join(dir, 'logs', 'fake-llm.jsonl'),
      });
    }
    const port = await freePort();
    const token = randomBytes(24).toString('hex');
    const configPath = path.join(dir, 'openclaw.json');
    const config = buildGatewayConfig({
      port,
      token,
      dir,
      ...(fakeLlm ? {fakeLlmPort: fakeLlm.port} : {}),
      options,
      openclawVersion: paths.openclawVersion,
    });
    writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`, {mode: 0o600});

    const outFile = path.join(dir, 'logs', 'gateway.out');
    const keepDir = options.keepDir ?? false;
    const url = `${options.tls ? 'wss' : 'ws'}://127.0.0.1:${port}`;

    /** Spawn the gateway (its own process group) and wait until it says hello-ok. */
    const launch = async (): Promise<{readonly pid: number; readonly readiness: Readiness}> => {
      const out = openSync(outFile, 'a');
      const startedAt = Date.now();
      // detached = setsid: its own session and process group, killed as a group on stop.
      // `timeout` is the hard lifetime even if this process dies without running its hooks.
      const child = spawn(
        'timeout',
        [
          '--kill-after=20',
          String(options.ttlSeconds ?? 1800),
          paths.node24,
          paths.openclawEntry,
          'gateway',
          '--allow-unconfigured',
          '--port',
          String(port),
          '--bind',
          'loopback',
          '--auth',
          'token',
          '--ws-log',
          'compact',
        ],
        {cwd: dir, env: gatewayEnv(dir, paths), detached: true, stdio: ['ignore', out, out]},
      );
      closeSync(out);
      const pid = child.pid;
      if (pid === undefined) throw new Error('could not spawn the gateway (no pid)');
      child.unref();
      let exitInfo: string | undefined;
      child.on('exit', (code, sig) => {
        exitInfo = `exit code ${code ?? '-'} signal ${sig ?? '-'}`;
      });
      live.set(pid, {pid, dir, keepDir});
      try {
        const readiness = await probeReady(
          url,
          token,
          startedAt,
          startedAt + (options.readyTimeoutMs ?? 180_000),
          () => exitInfo,
        );
        return {pid, readiness};
      } catch (error) {
        const tail = logTail(outFile, 40, token);
        await stopProcesses(pid);
        live.delete(pid);
        throw new Error(
          `${error instanceof Error ? error.message : String(error)}\n--- ${outFile} (last 40 lines) ---\n${tail}`,
        );
      }
    };

    let {pid, readiness} = await launch();
    let running = true;
    let stopped: Promise<StopReport> | undefined;
    const gateway: RealGateway = {
      url,
      token,
      port,
      dir,
      configPath,
      get pid() {
        return pid;
      },
      ...(fakeLlm ? {fakeLlm} : {}),
      get readiness() {
        return readiness;
      },
      paths,
      configPatch: (patch, patchOptions) => patchGatewayConfig({url, token}, patch, patchOptions),
      rssKiB: () => gatewayProcesses(pid).reduce((sum, p) => sum + p.rssKiB, 0),
      kill: async (how = 'SIGKILL') => {
        if (!running) throw new Error('the gateway is not running');
        running = false;
        const report = await stopProcesses(pid, how);
        live.delete(pid);
        return report;
      },
      restart: async () => {
        if (running || stopped) throw new Error('restart() follows kill()');
        ({pid, readiness} = await launch());
        running = true;
        return readiness;
      },
      certPem: () =>
        readFileSync(path.join(dir, 'state', 'gateway', 'tls', 'gateway-cert.pem'), 'utf8'),
      stop: () => {
        stopped ??= (async () => {
          const report = running
            ? await stopProcesses(pid)
            : {killed: [], leftovers: [], stopMs: 0};
          running = false;
          live.delete(pid);
          await fakeLlm?.stop();
          if (!keepDir) rmSync(dir, {recursive: true, force: true});
          return report;
        })();
        return stopped;
      },
    };
    return gateway;
  } catch (error) {
    await fakeLlm?.stop();
    if (!options.keepDir && existsSync(dir)) rmSync(dir, {recursive: true, force: true});
    throw error;
  }
};

/**
 * SIGTERM the group (the gateway shuts down cleanly in well under a second when idle), wait up
 * to 25 s, SIGKILL whatever of it is left, including descendants that left the group.
 * `first: 'SIGKILL'` skips the clean shutdown (a crash, as a test that kills a gateway wants).
 */
export const stopProcesses = async (
  leaderPid: number,
  first: 'SIGTERM' | 'SIGKILL' = 'SIGTERM',
): Promise<StopReport> => {
  const t0 = Date.now();
  // Snapshot now: once the leader is gone its children are re-parented and no longer traceable.
  const known = new Map<number, ProcessInfo>();
  for (const p of gatewayProcesses(leaderPid)) known.set(p.pid, p);
  const remaining = (): ProcessInfo[] => {
    const table = listProcesses();
    for (const p of gatewayProcesses(leaderPid, table)) known.set(p.pid, p);
    // a pid is still ours only if it is the same process (pids get reused)
    return table.filter((p) => known.get(p.pid)?.startTicks === p.startTicks);
  };
  if (first === 'SIGKILL') for (const p of known.values()) signal(p.pid, 'SIGKILL');
  signal(-leaderPid, first);
  signal(leaderPid, first);
  const deadline = Date.now() + 25_000;
  while (Date.now() < deadline && remaining().length > 0) await sleep(200);
  const killed: number[] = [];
  for (const p of remaining()) {
    killed.push(p.pid);
    signal(p.pid, 'SIGKILL');
  }
  signal(-leaderPid, 'SIGKILL');
  const killDeadline = Date.now() + 5000;
  while (Date.now() < killDeadline && remaining().length > 0) await sleep(100);
  return {killed, leftovers: remaining(), stopMs: Date.now() - t0};
};

// ---------------------------------------------------------------- for the test files ---------

export type RealGatewayEnv = {
  readonly url: string;
  readonly token: string;
  readonly port: number;
  readonly dir: string;
  readonly pid: number;
  readonly configPath: string;
  /** http://127.0.0.1:<port> of the fake LLM (control API: FakeLlmControl) */
  readonly fakeLlmUrl: string;
  readonly execAsk: boolean;
  readonly trustLoopbackProxy: boolean;
  readonly node24: string;
  readonly openclawEntry: string;
  /** openclaw version of this gateway, e.g. "2026.9.6". */
  readonly version: string;
};

/** Environment variables test/real/run.ts hands to the test files (OCT_REAL2_* for the second). */
export const realGatewayEnvVars = (
  gateway: RealGateway,
  options: RealGatewayOptions,
  prefix: 'OCT_REAL_' | 'OCT_REAL2_' = 'OCT_REAL_',
): Record<string, string> => ({
  [`${prefix}URL`]: gateway.url,
  [`${prefix}TOKEN`]: gateway.token,
  [`${prefix}PORT`]: String(gateway.port),
  [`${prefix}DIR`]: gateway.dir,
  [`${prefix}PID`]: String(gateway.pid),
  [`${prefix}CONFIG`]: gateway.configPath,
  [`${prefix}FAKE_LLM_URL`]: gateway.fakeLlm?.url ?? '',
  [`${prefix}EXEC_ASK`]: options.execAsk ? '1' : '0',
  [`${prefix}TRUST_LOOPBACK_PROXY`]: options.trustLoopbackProxy ? '1' : '0',
  [`${prefix}NODE24`]: gateway.paths.node24,
  [`${prefix}OPENCLAW_ENTRY`]: gateway.paths.openclawEntry,
  [`${prefix}VERSION`]: gateway.paths.openclawVersion,
});

const gatewayEnvFrom = (
  env: NodeJS.ProcessEnv,
  prefix: 'OCT_REAL_' | 'OCT_REAL2_',
): RealGatewayEnv | undefined => {
  const url = env[`${prefix}URL`];
  const token = env[`${prefix}TOKEN`];
  if (!url || !token) return undefined;
  return {
    url,
    token,
    port: Number(env[`${prefix}PORT`]),
    dir: env[`${prefix}DIR`] ?? '',
    pid: Number(env[`${prefix}PID`]),
    configPath: env[`${prefix}CONFIG`] ?? '',
    fakeLlmUrl: env[`${prefix}FAKE_LLM_URL`] ?? '',
    execAsk: env[`${prefix}EXEC_ASK`] === '1',
    trustLoopbackProxy: env[`${prefix}TRUST_LOOPBACK_PROXY`] === '1',
    node24: env[`${prefix}NODE24`] ?? '',
    openclawEntry: env[`${prefix}OPENCLAW_ENTRY`] ?? '',
    version: env[`${prefix}VERSION`] ?? '',
  };
};

/** The shared gateway, as described by the runner. Throws (never skips) when run without it. */
export const readRealGatewayEnv = (env: NodeJS.ProcessEnv = process.env): RealGatewayEnv => {
  const found = gatewayEnvFrom(env, 'OCT_REAL_');
  if (!found) {
    throw new Error(
      'layer-3 tests need the shared real gateway: run them through `npm run test:real` ' +
        '(test/real/run.ts), not directly',
    );
  }
  return found;
};

/**
 * The second real gateway (the other openclaw version, started beside the primary for the fleet
 * tests), or undefined when the runner started only one (OCT_REAL_SECOND=0).
 */
export const readSecondRealGatewayEnv = (
  env: NodeJS.ProcessEnv = process.env,
): RealGatewayEnv | undefined => gatewayEnvFrom(env, 'OCT_REAL2_');

/**
 * Why a test cannot run against this gateway, or undefined when it can: the primary is the
 * older openclaw (OCT_REAL_PRIMARY=second) and the test needs what only the pinned one has.
 * Use as `test(name, {skip: needsModernGateway('what it needs')}, …)`: the reason is printed.
 */
export const needsModernGateway = (
  what: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined => {
  const version = env.OCT_REAL_VERSION;
  return version && !hasModernConfig(version)
    ? `openclaw ${version} lacks ${what} (runs against the pinned gateway)`
    : undefined;
};

/**
 * A fresh, private OPENCLAW_TUI_HOME for one test (a new device identity every time).
 * Remove it in the test's `after`/`finally`.
 */
export const createTempTuiHome = (): {readonly dir: string; readonly remove: () => void} => {
  const dir = mkdtempSync(path.join(tmpdir(), 'oct-tui-home-'));
  return {dir, remove: () => rmSync(dir, {recursive: true, force: true})};
};

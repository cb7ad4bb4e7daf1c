// Supervises one `openclaw gateway` child, the way openclaw's embedding guide asks
// (docs/gateway/embedding.md): spawn the installed launcher with a real Node, with
// OPENCLAW_NO_RESPAWN=1 so restarts stay in process and the PID we track stays the gateway; read
// its output from the first byte so it never blocks on a full pipe; decide readiness from the
// protocol (challenge, then hello-ok), never from log wording; branch on exit code 78 (EX_CONFIG)
// for an invalid config, repair once with `openclaw doctor --fix --yes --non-interactive` and
// retry once; restart other crashes with bounded backoff; and on an announced in-process restart
// (a `shutdown` event with restartExpectedMs) wait for the same process instead of respawning.
//
// The gateway runs with the user's own config and state (nothing isolated), in its own process
// group, so stop() can signal everything it started and a terminal hangup does not reach it
// directly: we decide when it stops. No React here: it reports through on('status' | 'line' |
// 'progress') so the lead can bridge it into `embed/*` actions.

import {spawn as nodeSpawn, type ChildProcess, type SpawnOptions} from 'node:child_process';
import type {Readable} from 'node:stream';
import {LineSplitter, RingBuffer, stripAnsi} from './line-buffer.ts';
import {openLogFile, type LogFile} from './log-file.ts';
import {probeChallenge, type ProbeExisting, type ProbeReady} from './probe-ready.ts';
import {readRssBytes as readProcRss} from './proc-memory.ts';
import {
  descendantsOf,
  isSameProcessAlive,
  readProcTable as readRealProcTable,
  type ProcEntry,
} from './proc-tree.ts';
import {armShellReaper, type ArmReaper, type Reaper} from './reaper.ts';
import type {
  DetachResult,
  DoctorResult,
  EmbedState,
  EmbedStatus,
  ExitInfo,
  LogLine,
  Readiness,
  SupervisorEvents,
} from './types.ts';

export type Clock = {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export type SpawnFn = (
  command: string,
  args: readonly string[],
  options: SpawnOptions,
) => ChildProcess;

export type RestartPolicy = {
  /** First backoff; doubles per restart within the window (1 s, 2 s, 4 s …). */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** More crashes than this within windowMs and we give up ('crashed'). */
  readonly maxRestarts: number;
  readonly windowMs: number;
};

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 1000,
  maxDelayMs: 16_000,
  maxRestarts: 5,
  windowMs: 10 * 60_000,
};

export type SupervisorOptions = {
  /** The openclaw JS launcher (…/node_modules/openclaw/openclaw.mjs), see find-openclaw.ts. */
  readonly openclawEntry: string;
  readonly nodePath: string;
  /** Extra Node flags before the entry (tests pass `--import tsx`). */
  readonly nodeArgs?: readonly string[];
  readonly port: number;
  /** Defaults to ws://127.0.0.1:<port>: the gateway binds loopback unless configured wider. */
  readonly url?: string;
  /** Appended after `gateway --port P`, e.g. `--allow-unconfigured` for a first run. */
  readonly extraArgs?: readonly string[];
  /** The child's environment (normally process.env); OPENCLAW_NO_RESPAWN=1 is added. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Where gateway.log (and its one rotation) goes. */
  readonly dataDir: string;
  readonly probeReady: ProbeReady;
  readonly probeExisting?: ProbeExisting;
  readonly clock?: Clock;
  readonly spawn?: SpawnFn;
  readonly readRssBytes?: (pid: number) => number | undefined;
  /** The process table, to find helpers that left the gateway's group ([] off Linux). */
  readonly readProcTable?: () => readonly ProcEntry[];
  /** The SIGKILL-of-the-console safety net; pass `() => undefined` to go without. */
  readonly armReaper?: ArmReaper;
  readonly restartPolicy?: Partial<RestartPolicy>;
  /** How long an existing gateway has to send connect.challenge before we spawn our own. */
  readonly existingProbeMs?: number;
  /** Spawn → hello-ok budget before the start counts as failed (killed, then restarted). */
  readonly startTimeoutMs?: number;
  /** SIGTERM → SIGKILL grace in stop() (and for a start that timed out). */
  readonly stopTimeoutMs?: number;
  readonly doctorTimeoutMs?: number;
  readonly memoryPollMs?: number;
  /** Lines kept in memory. */
  readonly ringLines?: number;
  readonly maxLineChars?: number;
  readonly logFileMaxBytes?: number;
};

export type Supervisor = {
  /** Resolves at the next settled state: ready, attached-existing, config-invalid, crashed, stopped. */
  start(): Promise<EmbedStatus>;
  /** SIGTERM the group, wait (bounded), SIGKILL the group; resolves when the child is gone. */
  stop(options?: {readonly timeoutMs?: number}): Promise<EmbedStatus>;
  /** Stop supervising and leave the gateway running; undefined when there is no child. */
  detach(): DetachResult | undefined;
  /** Call when the gateway broadcast `shutdown` with a numeric restartExpectedMs. */
  expectInProcessRestart(restartExpectedMs: number): void;
  /** Only in config-invalid, once: doctor --fix, then one more start when it exits 0. */
  runDoctorFix(): Promise<DoctorResult>;
  on<K extends keyof SupervisorEvents>(
    event: K,
    listener: (value: SupervisorEvents[K]) => void,
  ): () => void;
  status(): EmbedStatus;
  /** The last `count` output lines (all kept lines by default), oldest first. */
  lines(count?: number): LogLine[];
  /** Process groups we own right now (not detached ones): for the last-resort exit handler. */
  ownedProcessGroups(): number[];
  /** Synchronous SIGKILL of every owned group: only for process 'exit', where nothing can wait. */
  killNowSync(): void;
};

const SETTLED: ReadonlySet<EmbedState> = new Set([
  'ready',
  'attached-existing',
  'config-invalid',
  'crashed',
  'stopped',
  'detached',
]);

const EX_CONFIG = 78;

// Lines that say why a start failed better than the last line does.
const TELLING =
  /config is invalid|failed to start|start blocked|missing config|refusing to bind|auth is set to|already running|EADDRINUSE|\berror\b/iu;

// openclaw prefixes its console lines with an ISO timestamp; the reason does not need it.
const LOG_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)\s+/u;

type Child = {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly kind: 'gateway' | 'doctor';
  readonly startedAt: number;
  readonly tail: RingBuffer<string>;
  readonly exitWaiters: Set<() => void>;
  readonly timers: Set<unknown>;
  /** Descendants seen while it ran, including those in other process groups. */
  readonly known: Map<number, ProcEntry>;
  exited: boolean;
  killReason?: string;
  probe?: AbortController;
  reaper?: Reaper;
};

const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

const defaultSpawn: SpawnFn = (command, args, options) => nodeSpawn(command, [...args], options);

const signalGroup = (pgid: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we wanted.
  }
};

const signalProcess = (pid: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already.
  }
};

const groupAlive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export const describeExit = (
  code: number | null,
  signal: string | null,
  tail: readonly string[],
  killReason?: string,
): {reason: string; detail: string[]} => {
  const how = killReason ?? (signal ? `killed by ${signal}` : `exited with code ${String(code)}`);
  const detail = tail
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(-12);
  let at = detail.length - 1;
  for (let index = detail.length - 1; index >= 0; index -= 1) {
    if (TELLING.test(detail[index] ?? '')) {
      at = index;
      break;
    }
  }
  let telling = (detail[at] ?? '').replace(LOG_TIMESTAMP, '').trim();
  // "Invalid config at /path:" names the problem on the next line.
  const next = detail[at + 1];
  if (telling.endsWith(':') && next !== undefined) telling = `${telling} ${next.trim()}`;
  const reason = telling ? `${how}: ${telling}` : how;
  return {reason: reason.length > 300 ? `${reason.slice(0, 299)}…` : reason, detail};
};

export const createSupervisor = (options: SupervisorOptions): Supervisor => {
  const clock = options.clock ?? realClock;
  const spawnFn = options.spawn ?? defaultSpawn;
  const probeExisting = options.probeExisting ?? probeChallenge;
  const readRss = options.readRssBytes ?? readProcRss;
  const readProcTable = options.readProcTable ?? readRealProcTable;
  const armReaper = options.armReaper ?? armShellReaper;
  const policy: RestartPolicy = {...DEFAULT_RESTART_POLICY, ...options.restartPolicy};
  const startTimeoutMs = options.startTimeoutMs ?? 180_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const doctorTimeoutMs = options.doctorTimeoutMs ?? 300_000;
  const memoryPollMs = options.memoryPollMs ?? 5000;
  const maxLineChars = options.maxLineChars ?? 4000;
  const url = options.url ?? `ws://127.0.0.1:${options.port}`;
  const nodeArgs = options.nodeArgs ?? [];
  const gatewayArgs = [
    options.openclawEntry,
    'gateway',
    '--port',
    String(options.port),
    ...(options.extraArgs ?? []),
  ];
  const childEnv: NodeJS.ProcessEnv = {
    ...withoutUndefined({...options.env}),
    // Routine restarts stay in process, so the PID we track remains the gateway (embedding.md).
    OPENCLAW_NO_RESPAWN: '1',
  };

  const listeners = {
    status: new Set<(value: EmbedStatus) => void>(),
    line: new Set<(value: LogLine) => void>(),
    progress: new Set<(value: SupervisorEvents['progress']) => void>(),
  };
  const ring = new RingBuffer<LogLine>(options.ringLines ?? 1000);
  let logFile: LogFile | undefined;

  let status: EmbedStatus = {
    state: 'idle',
    url,
    port: options.port,
    command: [options.nodePath, ...nodeArgs, ...gatewayArgs],
    restarts: 0,
    canRunDoctor: false,
  };
  let gateway: Child | undefined;
  let doctor: Child | undefined;
  let generation = 0;
  let wantRunning = false;
  let detached = false;
  let inProcessRestart = false;
  let doctorUsed = false;
  let recentRestarts: number[] = [];
  let restartTimer: unknown;
  let precheck: AbortController | undefined;
  let lastLine: string | undefined;

  const emit = <K extends keyof SupervisorEvents>(event: K, value: SupervisorEvents[K]) => {
    for (const listener of listeners[event] as Set<(value: SupervisorEvents[K]) => void>) {
      try {
        listener(value);
      } catch (error) {
        // A listener's bug must not break supervision; surface it where it belongs.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };

  const update = (patch: Partial<{-readonly [K in keyof EmbedStatus]: EmbedStatus[K]}>) => {
    status = withoutUndefined({...status, ...patch});
    emit('status', status);
  };

  const record = (stream: LogLine['stream'], raw: string, tail?: RingBuffer<string>) => {
    const text = stripAnsi(raw);
    const line: LogLine = {stream, text, at: clock.now()};
    ring.push(line);
    tail?.push(text);
    if (text.trim() !== '') lastLine = text;
    logFile?.write(`${raw}\n`);
    emit('line', line);
  };

  const note = (text: string) => record('supervisor', `[openclaw-tui] ${text}`);

  const ensureLogFile = () => {
    if (logFile) return;
    logFile = openLogFile(
      options.dataDir,
      'gateway.log',
      options.logFileMaxBytes ?? 4 * 1024 * 1024,
    );
    update({logFile: logFile.path, logFileError: logFile.error});
  };

  const later = (owner: Child | undefined, ms: number, callback: () => void): unknown => {
    const handle = clock.setTimeout(() => {
      owner?.timers.delete(handle);
      callback();
    }, ms);
    owner?.timers.add(handle);
    return handle;
  };

  const clearTimers = (owner: Child) => {
    for (const handle of owner.timers) clock.clearTimeout(handle);
    owner.timers.clear();
    owner.probe?.abort();
    owner.probe = undefined;
  };

  const wait = (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      const handle = clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clock.clearTimeout(handle);
        reject(new Error('aborted'));
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, {once: true});
    });

  const waitExit = (owner: Child, ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      if (owner.exited) {
        resolve(true);
        return;
      }
      const done = () => {
        clock.clearTimeout(handle);
        resolve(true);
      };
      const handle = clock.setTimeout(() => {
        owner.exitWaiters.delete(done);
        resolve(false);
      }, ms);
      owner.exitWaiters.add(done);
    });

  const waitGroupGone = async (pgid: number, ms: number): Promise<boolean> => {
    const deadline = clock.now() + ms;
    while (groupAlive(pgid)) {
      if (clock.now() >= deadline) return false;
      await new Promise<void>((resolve) => clock.setTimeout(resolve, 50));
    }
    return true;
  };

  /** SIGTERM the group, bounded wait, SIGKILL the group; then make sure no member is left. */
  const terminate = async (owner: Child, graceMs: number): Promise<void> => {
    clearTimers(owner);
    remember(owner);
    if (!owner.exited) {
      signalGroup(owner.pid, 'SIGTERM');
      if (!(await waitExit(owner, graceMs))) {
        note(`pid ${owner.pid} ignored SIGTERM for ${Math.round(graceMs / 1000)} s: SIGKILL`);
        signalGroup(owner.pid, 'SIGKILL');
        await waitExit(owner, 5000);
      }
    }
    // The leader is gone; anything it started in its group gets a moment, then SIGKILL.
    if (!(await waitGroupGone(owner.pid, 2000))) {
      signalGroup(owner.pid, 'SIGKILL');
      await waitGroupGone(owner.pid, 2000);
    }
    await stopStragglers(owner);
  };

  const remember = (owner: Child) => {
    if (owner.exited) return;
    for (const entry of descendantsOf(owner.pid, readProcTable()))
      owner.known.set(entry.pid, entry);
  };

  /** Helpers it started outside its group that outlived it: SIGTERM, a moment, SIGKILL. */
  const stopStragglers = async (owner: Child): Promise<void> => {
    const alive = () => [...owner.known.values()].filter(isSameProcessAlive);
    const settle = async (ms: number) => {
      const deadline = clock.now() + ms;
      while (alive().length > 0 && clock.now() < deadline) {
        await new Promise<void>((resolve) => clock.setTimeout(resolve, 50));
      }
    };
    if (alive().length === 0) return;
    for (const entry of alive()) signalProcess(entry.pid, 'SIGTERM');
    await settle(2000);
    for (const entry of alive()) {
      note(`pid ${entry.pid} (started by ${owner.kind} pid ${owner.pid}) outlived it: SIGKILL`);
      signalProcess(entry.pid, 'SIGKILL');
    }
    // SIGKILL is delivered asynchronously: resolve once they are really gone.
    await settle(2000);
  };

  /** After the leader died on its own: whatever it left behind would be an orphan. */
  const sweep = async (owner: Child): Promise<void> => {
    if (groupAlive(owner.pid)) {
      signalGroup(owner.pid, 'SIGTERM');
      if (!(await waitGroupGone(owner.pid, 2000))) signalGroup(owner.pid, 'SIGKILL');
    }
    await stopStragglers(owner);
  };

  const attachOutput = (owner: Child, stream: Readable | null, name: 'stdout' | 'stderr') => {
    if (!stream) return;
    const splitter = new LineSplitter(maxLineChars);
    const kind: LogLine['stream'] = owner.kind === 'doctor' ? 'doctor' : name;
    // Read from the first byte and always keep reading: a full pipe would stall the gateway.
    stream.on('data', (chunk: Buffer) => {
      for (const line of splitter.push(chunk)) record(kind, line, owner.tail);
    });
    stream.on('end', () => {
      for (const line of splitter.flush()) record(kind, line, owner.tail);
    });
    stream.on('error', () => undefined);
  };

  const launch = (kind: Child['kind'], args: readonly string[]): Child | {error: string} => {
    ensureLogFile();
    let child: ChildProcess;
    try {
      child = spawnFn(options.nodePath, [...nodeArgs, ...args], {
        // Own process group (and session): we signal the whole group, and a terminal's SIGINT
        // or SIGHUP reaches only us, so we decide how the gateway stops.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: childEnv,
        ...(options.cwd ? {cwd: options.cwd} : {}),
        windowsHide: true,
      });
    } catch (error) {
      return {error: error instanceof Error ? error.message : String(error)};
    }
    if (child.pid === undefined) {
      // spawn reports ENOENT/EACCES asynchronously; swallow that event, the result says it.
      child.on('error', () => undefined);
      return {error: `cannot run ${options.nodePath}`};
    }
    const owner: Child = {
      child,
      pid: child.pid,
      kind,
      startedAt: clock.now(),
      tail: new RingBuffer<string>(60),
      exitWaiters: new Set(),
      timers: new Set(),
      known: new Map(),
      exited: false,
    };
    attachOutput(owner, child.stdout, 'stdout');
    attachOutput(owner, child.stderr, 'stderr');
    child.on('error', (error) => note(`${kind} process error: ${error.message}`));
    owner.reaper = armReaper(owner.pid);
    logFile?.write(
      `--- ${new Date(owner.startedAt).toISOString()} ${kind} pid ${owner.pid}: ${[options.nodePath, ...nodeArgs, ...args].join(' ')}\n`,
    );
    return owner;
  };

  // ---------- readiness ----------

  const beginReadiness = (owner: Child, budgetMs: number, delayMs: number) => {
    owner.probe?.abort();
    const controller = new AbortController();
    owner.probe = controller;
    const began = clock.now();
    const tick = () => {
      if (controller.signal.aborted) return;
      emit('progress', {
        state: status.state,
        elapsedSeconds: Math.floor((clock.now() - began) / 1000),
        ...(lastLine === undefined ? {} : {lastLine}),
      });
      later(owner, 1000, tick);
    };
    later(owner, 1000, tick);
    later(owner, budgetMs, () => {
      if (controller.signal.aborted || owner.exited) return;
      owner.killReason = `not ready after ${Math.round(budgetMs / 1000)} s`;
      note(`${owner.killReason}: stopping pid ${owner.pid}`);
      void terminate(owner, stopTimeoutMs);
    });
    const probe = async (): Promise<Readiness> => {
      if (delayMs > 0) await wait(delayMs, controller.signal);
      for (;;) {
        try {
          return await options.probeReady(url, {signal: controller.signal});
        } catch (error) {
          if (controller.signal.aborted) throw error;
          note(`readiness probe failed: ${error instanceof Error ? error.message : String(error)}`);
          await wait(1000, controller.signal);
        }
      }
    };
    probe().then(
      (readiness) => {
        if (controller.signal.aborted || owner.exited || gateway !== owner) return;
        clearTimers(owner);
        inProcessRestart = false;
        if (readiness.refused) {
          note(`gateway is serving but refused the probe: ${readiness.refused.code}`);
        }
        update({state: 'ready', readiness, restartExpectedMs: undefined, restartInMs: undefined});
        pollMemory(owner)();
      },
      () => undefined,
    );
  };

  const pollMemory = (owner: Child) => {
    const poll = () => {
      if (owner.exited || gateway !== owner) return;
      remember(owner);
      const rss = readRss(owner.pid);
      if (rss !== status.memoryRssBytes) update({memoryRssBytes: rss});
      later(owner, memoryPollMs, poll);
    };
    return poll;
  };

  // ---------- gateway lifecycle ----------

  const spawnGateway = (state: 'starting' | 'restarting') => {
    restartTimer = undefined;
    const launched = launch('gateway', gatewayArgs);
    if ('error' in launched) {
      wantRunning = false;
      update({
        state: 'crashed',
        pid: undefined,
        lastExit: {code: null, signal: null, reason: launched.error, detail: [], at: clock.now()},
      });
      return;
    }
    const owner = launched;
    gateway = owner;
    owner.child.once('exit', (code, signal) => onGatewayExit(owner, code, signal));
    update({
      state,
      pid: owner.pid,
      startedAt: owner.startedAt,
      readiness: undefined,
      memoryRssBytes: undefined,
      restartInMs: undefined,
      canRunDoctor: false,
    });
    // A first reading soon after spawn, then every memoryPollMs.
    later(owner, Math.min(1000, memoryPollMs), pollMemory(owner));
    beginReadiness(owner, startTimeoutMs, 0);
  };

  const scheduleRestart = (exit: ExitInfo) => {
    const now = clock.now();
    recentRestarts = recentRestarts.filter((at) => now - at < policy.windowMs);
    if (recentRestarts.length >= policy.maxRestarts) {
      wantRunning = false;
      note(
        `gave up after ${recentRestarts.length} restarts in ${Math.round(policy.windowMs / 1000)} s`,
      );
      update({state: 'crashed', pid: undefined, lastExit: exit, memoryRssBytes: undefined});
      return;
    }
    const delay = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** recentRestarts.length);
    recentRestarts.push(now);
    update({
      state: 'restarting',
      pid: undefined,
      lastExit: exit,
      restarts: status.restarts + 1,
      restartInMs: delay,
      memoryRssBytes: undefined,
    });
    restartTimer = clock.setTimeout(() => {
      if (wantRunning && !gateway) spawnGateway('restarting');
    }, delay);
  };

  const onGatewayExit = (owner: Child, code: number | null, signal: NodeJS.Signals | null) => {
    if (owner.exited) return;
    owner.exited = true;
    clearTimers(owner);
    owner.reaper?.disarm();
    for (const waiter of owner.exitWaiters) waiter();
    owner.exitWaiters.clear();
    const {reason, detail} = describeExit(code, signal, owner.tail.toArray(), owner.killReason);
    const exit: ExitInfo = {code, signal, reason, detail, at: clock.now()};
    note(`gateway pid ${owner.pid} ${reason}`);
    if (!detached) void sweep(owner);
    if (gateway === owner) gateway = undefined;
    const common = {
      pid: undefined,
      lastExit: exit,
      memoryRssBytes: undefined,
      readiness: undefined,
    };
    if (detached || !wantRunning) {
      update({state: 'stopped', ...common});
      return;
    }
    if (inProcessRestart) {
      // It announced an in-process restart and then died instead: start it again right away.
      inProcessRestart = false;
      update({restarts: status.restarts + 1, lastExit: exit, restartExpectedMs: undefined});
      spawnGateway('restarting');
      return;
    }
    if (code === EX_CONFIG && owner.killReason === undefined) {
      wantRunning = false;
      update({state: 'config-invalid', ...common, canRunDoctor: !doctorUsed});
      return;
    }
    if (code === 0 && signal === null && owner.killReason === undefined) {
      wantRunning = false;
      update({state: 'stopped', ...common});
      return;
    }
    scheduleRestart(exit);
  };

  const waitSettled = (): Promise<EmbedStatus> =>
    new Promise((resolve) => {
      if (SETTLED.has(status.state)) {
        resolve(status);
        return;
      }
      const off = on('status', (next) => {
        if (!SETTLED.has(next.state)) return;
        off();
        resolve(next);
      });
    });

  const on = <K extends keyof SupervisorEvents>(
    event: K,
    listener: (value: SupervisorEvents[K]) => void,
  ): (() => void) => {
    const set = listeners[event] as Set<(value: SupervisorEvents[K]) => void>;
    set.add(listener);
    return () => set.delete(listener);
  };

  const start = async (): Promise<EmbedStatus> => {
    if (wantRunning || gateway || doctor) return waitSettled();
    generation += 1;
    const mine = generation;
    wantRunning = true;
    detached = false;
    inProcessRestart = false;
    doctorUsed = false;
    recentRestarts = [];
    update({state: 'starting', pid: undefined, restartInMs: undefined, canRunDoctor: false});
    precheck = new AbortController();
    const check = precheck;
    const timer = clock.setTimeout(() => check.abort(), options.existingProbeMs ?? 1500);
    const existing = await probeExisting(url, {signal: check.signal}).catch(() => false);
    clock.clearTimeout(timer);
    if (mine !== generation || !wantRunning) return status;
    if (existing) {
      wantRunning = false;
      note(`a gateway already answers on ${url}: attaching to it, nothing spawned`);
      update({state: 'attached-existing'});
      return status;
    }
    spawnGateway('starting');
    return waitSettled();
  };

  const stop = async ({timeoutMs = stopTimeoutMs}: {readonly timeoutMs?: number} = {}) => {
    generation += 1;
    wantRunning = false;
    inProcessRestart = false;
    precheck?.abort();
    if (restartTimer !== undefined) clock.clearTimeout(restartTimer);
    restartTimer = undefined;
    const work: Promise<void>[] = [];
    if (doctor) work.push(terminate(doctor, timeoutMs));
    if (gateway && !detached) {
      update({state: 'stopping'});
      work.push(terminate(gateway, timeoutMs));
    }
    await Promise.all(work);
    if (
      status.state !== 'attached-existing' &&
      status.state !== 'detached' &&
      status.state !== 'stopped'
    ) {
      update({state: 'stopped', pid: undefined, restartInMs: undefined, memoryRssBytes: undefined});
    }
    return status;
  };

  const detach = (): DetachResult | undefined => {
    const owner = gateway;
    if (!owner || owner.exited) return undefined;
    detached = true;
    wantRunning = false;
    clearTimers(owner);
    owner.reaper?.disarm();
    // Keep draining its output while we live, but let the console exit without waiting for it.
    owner.child.unref();
    for (const stream of [owner.child.stdout, owner.child.stderr]) {
      (stream as unknown as {unref?: () => void} | null)?.unref?.();
    }
    const pid = owner.pid;
    note(`detached: gateway pid ${pid} keeps running; stop it with: kill ${pid}`);
    update({state: 'detached', restartExpectedMs: undefined});
    // `openclaw gateway stop` only stops an installed service (systemd/launchd/Task Scheduler);
    // for this unmanaged process it is a no-op, so the honest command is a signal.
    return {pid, stopCommand: `kill ${pid}`, groupStopCommand: `kill -TERM -- -${pid}`};
  };

  const expectInProcessRestart = (restartExpectedMs: number) => {
    const owner = gateway;
    if (!owner || owner.exited || detached || !wantRunning) return;
    inProcessRestart = true;
    update({state: 'restarting', restartExpectedMs, readiness: undefined});
    // Give the old listener a moment to close, so the probe does not greet it on its way out.
    beginReadiness(
      owner,
      Math.max(0, restartExpectedMs) + startTimeoutMs,
      Math.min(1000, Math.max(0, restartExpectedMs)),
    );
  };

  const runDoctorFix = async (): Promise<DoctorResult> => {
    if (status.state !== 'config-invalid') {
      return {ran: false, why: `the gateway is ${status.state}, not config-invalid`};
    }
    if (doctorUsed) {
      return {
        ran: false,
        why: 'doctor already ran once; fix the config by hand (openclaw config validate)',
      };
    }
    doctorUsed = true;
    const mine = generation;
    const launched = launch('doctor', [
      options.openclawEntry,
      'doctor',
      '--fix',
      '--yes',
      '--non-interactive',
    ]);
    if ('error' in launched) {
      update({canRunDoctor: false});
      return {ran: false, why: launched.error};
    }
    const owner = launched;
    doctor = owner;
    update({state: 'repairing', canRunDoctor: false});
    later(owner, doctorTimeoutMs, () => {
      owner.killReason = `doctor took longer than ${Math.round(doctorTimeoutMs / 1000)} s`;
      void terminate(owner, stopTimeoutMs);
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      owner.child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
    );
    owner.exited = true;
    clearTimers(owner);
    owner.reaper?.disarm();
    for (const waiter of owner.exitWaiters) waiter();
    doctor = undefined;
    void sweep(owner);
    const outcome = {exitCode: code, signal, output: owner.tail.toArray(), at: clock.now()};
    note(`doctor exited with ${signal ?? `code ${String(code)}`}`);
    if (mine !== generation || (status.state as EmbedState) !== 'repairing') {
      // stop() ran meanwhile: leave it stopped.
      return {ran: true, ...outcome};
    }
    if (code === 0) {
      // One retry; a second exit 78 lands in config-invalid with canRunDoctor false.
      wantRunning = true;
      recentRestarts = [];
      update({doctor: outcome});
      spawnGateway('starting');
    } else {
      update({state: 'config-invalid', doctor: outcome, canRunDoctor: false});
    }
    return {ran: true, ...outcome};
  };

  const owned = (): Child[] =>
    [gateway && !detached ? gateway : undefined, doctor].filter(
      (owner): owner is Child => owner !== undefined && !owner.exited,
    );
  const ownedProcessGroups = (): number[] => owned().map((owner) => owner.pid);

  return {
    start,
    stop,
    detach,
    expectInProcessRestart,
    runDoctorFix,
    on,
    status: () => status,
    lines: (count) => ring.toArray(count),
    ownedProcessGroups,
    killNowSync: () => {
      for (const owner of owned()) {
        signalGroup(owner.pid, 'SIGKILL');
        for (const entry of owner.known.values()) {
          if (isSameProcessAlive(entry)) signalProcess(entry.pid, 'SIGKILL');
        }
      }
    },
  };
};

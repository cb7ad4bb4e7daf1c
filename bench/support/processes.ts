// The two children most measurements need: a fixture gateway and the console under test, each in
// its own process, started and stopped with bounded waits.

import type {ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {childEnv, forkTracked, stopTracked, waitForExit} from './children.ts';
import type {ConsoleBundle} from './console-bundle.ts';
import {nextMessage} from './ipc.ts';
import {consoleNodeFlags} from './node-flags.ts';
import type {ConsoleReport, ConsoleRequest, FixtureReport, FixtureRequest} from './messages.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export type FixtureHandle = {
  readonly url: string;
  readonly token: string;
  readonly sessions: number;
  readonly maxDepth: number;
  /** Every gateway the fixture process serves (one unless started with `gateways`). */
  readonly gateways: readonly {readonly url: string; readonly token: string}[];
  readonly child: ChildProcess;
  send(request: FixtureRequest): void;
  stop(): Promise<void>;
};

export const startFixture = async (options: {
  readonly sessions: number;
  readonly maxDepth?: number;
  readonly mainLabel?: string;
  /** Fixture gateways in the process, each with `sessions` sessions (default 1). */
  readonly gateways?: number;
}): Promise<FixtureHandle> => {
  const child = forkTracked(
    path.join(here, 'fixture-process.ts'),
    [
      String(options.sessions),
      String(options.maxDepth ?? 5),
      options.mainLabel ?? 'bench-main',
      String(options.gateways ?? 1),
    ],
    childEnv({}),
  );
  try {
    const ready = await nextMessage<FixtureReport, 'ready'>(child, 'ready', 120_000, 'fixture');
    return {
      url: ready.url,
      token: ready.token,
      sessions: ready.sessions,
      maxDepth: ready.maxDepth,
      gateways: ready.gateways,
      child,
      send: (request) => child.send(request),
      stop: async () => {
        if (child.connected) child.send({type: 'stop'} satisfies FixtureRequest);
        if (!(await waitForExit(child, 5000))) await stopTracked(child);
      },
    };
  } catch (error) {
    await stopTracked(child);
    throw error;
  }
};

/** A private OPENCLAW_TUI_HOME and HOME (no OpenClaw config of the user is read). */
export type TempHome = {readonly dir: string; readonly tuiHome: string; remove(): void};

export const tempHome = (): TempHome => {
  const dir = mkdtempSync(path.join(tmpdir(), 'oct-bench-'));
  return {
    dir,
    tuiHome: path.join(dir, 'tui'),
    remove: () => rmSync(dir, {recursive: true, force: true}),
  };
};

/** The environment the console and the twins run with against `gateway`. */
export const consoleEnv = (
  gateway: {readonly url: string; readonly token: string},
  home: TempHome,
  extra: Readonly<Record<string, string>> = {},
): NodeJS.ProcessEnv =>
  childEnv({
    HOME: home.dir,
    OPENCLAW_TUI_HOME: home.tuiHome,
    OPENCLAW_GATEWAY_URL: gateway.url,
    OPENCLAW_GATEWAY_TOKEN: gateway.token,
    ...extra,
  });

export type ConsoleHandle = {
  readonly child: ChildProcess;
  send(request: ConsoleRequest): void;
  next<K extends ConsoleReport['type']>(
    type: K,
    timeoutMs: number,
  ): Promise<Extract<ConsoleReport, {type: K}>>;
  /** Waits for the tree on screen; checks React's production build is the one loaded. */
  ready(timeoutMs: number): Promise<void>;
  /** Press q; kill it if it has not shut down within a few seconds. */
  quit(): Promise<void>;
};

export const startConsole = (options: {
  readonly env: NodeJS.ProcessEnv;
  readonly columns: number;
  readonly rows: number;
  readonly readyText: string;
  /** A bundle from console-bundle.ts (as shipped); without it, the sources through tsx. */
  readonly bundle?: ConsoleBundle;
}): ConsoleHandle => {
  const child = forkTracked(
    options.bundle?.entry ?? path.join(here, 'console-process.ts'),
    [String(options.columns), String(options.rows), options.readyText],
    // What bin/openclaw-tui.cjs ships: React's production build (the bundle fixes it at build
    // time, the tsx fallback sets NODE_ENV before loading the app).
    {NODE_ENV: 'production', ...options.env},
    [
      // The bin's own Node flags (its first line), then extra ones for experiments
      // (OCT_BENCH_NODE_FLAGS: e.g. --expose-gc for a leak check, V8 heap sizes).
      ...consoleNodeFlags(),
      // For finding out where the time goes: OCT_BENCH_PROFILE_DIR=/tmp/x npm run bench
      ...(process.env.OCT_BENCH_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.OCT_BENCH_PROFILE_DIR}`]
        : []),
    ],
  );
  return {
    child,
    send: (request) => child.send(request),
    next: (type, timeoutMs) =>
      nextMessage<ConsoleReport, typeof type>(child, type, timeoutMs, 'console'),
    ready: async (timeoutMs) => {
      const ready = await nextMessage<ConsoleReport, 'ready'>(child, 'ready', timeoutMs, 'console');
      if (ready.reactBuild !== 'production' && ready.reactBuild !== 'bundled') {
        throw new Error(
          `console: React's ${ready.reactBuild} build loaded (NODE_ENV=${ready.nodeEnv || 'unset'}), not the production build that ships`,
        );
      }
    },
    quit: async () => {
      if (child.connected) child.send({type: 'quit'} satisfies ConsoleRequest);
      if (!(await waitForExit(child, 8000))) await stopTracked(child);
    },
  };
};

/**
 * A fixture gateway seeded with `sessions` (depth 5) and the console attached to it in a 120x40
 * terminal, the tree on screen; both stopped (and the private home removed) whatever `run` does.
 */
export const withConsoleOnFixture = async <T>(
  options: {
    readonly sessions: number;
    readonly env?: Readonly<Record<string, string>>;
    /** The console process as shipped (console-bundle.ts); without it, through tsx. */
    readonly bundle?: ConsoleBundle;
    /** What on screen says the tree is drawn (default: the "of N" row count). */
    readonly readyText?: (fixture: FixtureHandle) => string;
  },
  run: (started: {
    readonly fixture: FixtureHandle;
    readonly terminal: ConsoleHandle;
    /** Date.now() just before the console was started. */
    readonly startedAt: number;
  }) => Promise<T>,
): Promise<T> => {
  const fixture = await startFixture({sessions: options.sessions, maxDepth: 5});
  const home = tempHome();
  try {
    const startedAt = Date.now();
    const terminal = startConsole({
      env: consoleEnv(fixture, home, {FORCE_COLOR: '1', ...options.env}),
      columns: 120,
      rows: 40,
      ...(options.bundle ? {bundle: options.bundle} : {}),
      readyText: options.readyText?.(fixture) ?? `of ${fixture.sessions}`,
    });
    try {
      await terminal.ready(180_000);
      return await run({fixture, terminal, startedAt});
    } finally {
      await terminal.quit();
    }
  } finally {
    await fixture.stop();
    home.remove();
  }
};

// Shared pieces for the command-twin tests: Options pointed at a gateway URL with a private
// OPENCLAW_TUI_HOME, and captured stdout/stderr that tests can wait on line by line.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {CliCommand} from '../../../source/cli-flags.ts';
import type {CommandIo, OutputStream} from '../../../source/commands/command-io.ts';
import {runCommand} from '../../../source/commands/run-command.ts';
import type {Options} from '../../../source/config/options.ts';
import {resolveTuiPaths} from '../../../source/config/paths.ts';

export type OptionsInput = {
  readonly command: CliCommand;
  readonly home: string;
  readonly url?: string;
  readonly token?: string;
  readonly json?: boolean;
  readonly readOnly?: boolean;
  readonly timeoutMs?: number;
  readonly demo?: boolean;
  readonly warnings?: readonly string[];
};

export const makeOptions = (input: OptionsInput): Options => ({
  command: input.command,
  target: input.demo
    ? {kind: 'demo'}
    : {
        kind: 'attach',
        gateway: {
          url: input.url ?? 'ws://127.0.0.1:9',
          urlSource: '--url flag',
          auth: input.token === undefined ? {} : {token: input.token},
          credentialSource: input.token === undefined ? 'none' : '--token flag',
          configPath: path.join(input.home, 'openclaw.json'),
          configFound: false,
          mode: 'local',
          warnings: [],
        },
      },
  json: input.json ?? false,
  readOnly: input.readOnly ?? false,
  bell: false,
  timeoutMs: input.timeoutMs ?? 5000,
  color: false,
  paths: resolveTuiPaths({
    env: {OPENCLAW_TUI_HOME: input.home},
    platform: process.platform,
    osHome: input.home,
    cwd: input.home,
  }),
  warnings: input.warnings ?? [],
});

export const tempHome = (): {readonly dir: string; readonly remove: () => void} => {
  const dir = mkdtempSync(path.join(tmpdir(), 'oct-cmd-home-'));
  return {dir, remove: () => rmSync(dir, {recursive: true, force: true})};
};

type Waiter = {
  readonly match: (line: string) => boolean;
  readonly resolve: (line: string) => void;
};

class CapturedStream implements OutputStream {
  text = '';
  readonly #waiters = new Set<Waiter>();

  write(chunk: string): boolean {
    this.text += chunk;
    for (const waiter of [...this.#waiters]) {
      const line = this.lines().find(waiter.match);
      if (line !== undefined) {
        this.#waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
    return true;
  }

  lines(): string[] {
    return this.text.split('\n').filter((line) => line !== '');
  }

  /** The first line (already written or still to come) that matches. */
  waitForLine(match: (line: string) => boolean, timeoutMs = 5000): Promise<string> {
    const existing = this.lines().find(match);
    if (existing !== undefined) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`no matching line within ${timeoutMs} ms; got:\n${this.text}`));
      }, timeoutMs);
      const waiter: Waiter = {
        match,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      this.#waiters.add(waiter);
    });
  }
}

export type Captured = {
  readonly io: CommandIo;
  readonly stdout: CapturedStream;
  readonly stderr: CapturedStream;
  /** Ends a running tail, as SIGINT would. */
  readonly stop: () => void;
  /** Every stdout line parsed as JSON. */
  readonly json: () => Record<string, unknown>[];
};

export const capture = (options: {readonly isTTY?: boolean} = {}): Captured => {
  const stdout = new CapturedStream();
  const stderr = new CapturedStream();
  const controller = new AbortController();
  return {
    io: {stdout, stderr, env: {}, isTTY: options.isTTY ?? false, signal: controller.signal},
    stdout,
    stderr,
    stop: () => controller.abort(),
    json: () => stdout.lines().map((line) => JSON.parse(line) as Record<string, unknown>),
  };
};

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The one JSON document a one-shot --json command printed. */
export const onlyJson = (captured: Captured): Record<string, unknown> => {
  const docs = captured.json();
  if (docs.length !== 1)
    throw new Error(`expected one JSON document, got:\n${captured.stdout.text}`);
  return docs[0] as Record<string, unknown>;
};

/** Run one twin with captured output: its exit code and what it printed. */
export const runOnce = async (
  input: OptionsInput,
  io: {readonly isTTY?: boolean} = {},
): Promise<{readonly code: number; readonly out: Captured}> => {
  const out = capture(io);
  const code = await runCommand(makeOptions(input), out.io);
  return {code, out};
};

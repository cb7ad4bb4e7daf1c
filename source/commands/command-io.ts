// What a command twin writes to and how it ends: the injected streams (tests capture them), the
// exit codes every twin shares, and the few output helpers they all use. Gateway strings reach a
// human only through `safe()`; JSON only through `safeJsonLine()`.

import {safe, safeJsonLine} from '../text/sanitize.ts';

/** 0 done · 1 failed · 2 usage · 3 no such pending request. */
export const EXIT = {ok: 0, failed: 1, usage: 2, notFound: 3} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type OutputStream = {
  write(chunk: string): unknown;
  /** A closed pipe (`| head`) reports here; tail then stops quietly. */
  on?(event: 'error', listener: (error: Error) => void): unknown;
  off?(event: 'error', listener: (error: Error) => void): unknown;
};

export type CommandIo = {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** stdout is a terminal: human output may use colour. Nothing ever draws a UI. */
  readonly isTTY: boolean;
  /**
   * Ends a long-running command (tail) as SIGINT/SIGTERM would. When absent, tail listens for
   * those signals on the process itself.
   */
  readonly signal?: AbortSignal;
};

export const PROGRAM = 'openclaw-tui';

/** One line to stdout. */
export const writeLine = (io: CommandIo, line: string): void => {
  io.stdout.write(`${line}\n`);
};

/** A JSON document (or NDJSON record) on one line, C1 and bidi controls escaped. */
export const writeJson = (io: CommandIo, value: unknown): void => {
  io.stdout.write(`${safeJsonLine(value)}\n`);
};

/** One `openclaw-tui: …` line to stderr; the text is sanitised (it may quote the gateway). */
export const writeError = (io: CommandIo, message: string): void => {
  io.stderr.write(`${PROGRAM}: ${safe(message)}\n`);
};

export const writeWarning = (io: CommandIo, message: string): void => {
  io.stderr.write(`${PROGRAM}: warning: ${safe(message)}\n`);
};

/** Epoch ms → ISO 8601 (UTC) for JSON output; null when unknown. */
export const isoTime = (ms: number | undefined): string | null =>
  ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString();

/** `undefined` → `null`, so every documented JSON key is always present. */
export const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/** Colour only on a terminal that wants it (NO_COLOR, TERM=dumb and pipes get plain text). */
export const useColour = (io: CommandIo, colour: boolean): boolean =>
  colour && io.isTTY && io.env.TERM !== 'dumb';

const SGR = {red: 31, yellow: 33, dim: 2, bold: 1} as const;

export const paint = (on: boolean, style: keyof typeof SGR, text: string): string =>
  on ? `\u001b[${SGR[style]}m${text}\u001b[0m` : text;

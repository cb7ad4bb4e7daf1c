// logs.tail results (openclaw-protocol.md §12): {file, cursor, size, lines[], truncated?, reset?,
// skippedBytes?}. Lines are strings; the gateway writes JSON records (tslog), so a line that is
// one names its time, level and message where it can.

import {isRecord, readBoolean, readEpochMs, readNumber} from './parse-fields.ts';

export type LogsTail = {
  /** Byte offset to pass back on the next poll. */
  readonly cursor?: number;
  readonly lines: readonly string[];
  /** The file rotated, or we fell too far behind: these lines are a fresh tail. */
  readonly reset: boolean;
  readonly skippedBytes?: number;
};

export const parseLogsTail = (value: unknown): LogsTail | undefined => {
  if (!isRecord(value) || !Array.isArray(value.lines)) return undefined;
  const cursor = readNumber(value.cursor);
  const skippedBytes = readNumber(value.skippedBytes);
  return {
    ...(cursor === undefined ? {} : {cursor}),
    lines: value.lines.filter((line): line is string => typeof line === 'string'),
    reset: readBoolean(value.reset) === true,
    ...(skippedBytes === undefined || skippedBytes <= 0 ? {} : {skippedBytes}),
  };
};

export type LogRecord = {readonly text: string; readonly at?: number};

const MESSAGE_FIELDS = ['msg', 'message'] as const;

const looksLikeJsonObject = (text: string): boolean => {
  if (!text.startsWith('{')) return false;
  try {
    return isRecord(JSON.parse(text));
  } catch {
    return false;
  }
};

/**
 * tslog (what the OpenClaw gateway writes) numbers a call's arguments "0", "1", …; the first is
 * often the logger's name as a JSON string, objects are context. The words are the other strings.
 */
const tslogMessage = (record: Readonly<Record<string, unknown>>): string | undefined => {
  const words: string[] = [];
  for (let index = 0; String(index) in record; index++) {
    const value = record[String(index)];
    if (typeof value === 'string' && !looksLikeJsonObject(value)) words.push(value);
  }
  return words.length === 0 ? undefined : words.join(' ');
};
const LEVEL_FIELDS = ['level', 'levelName', 'logLevelName'] as const;

/** "WARN message" from a JSON record, else the line as it is (views sanitise either). */
export const readLogLine = (line: string): LogRecord => {
  if (!line.startsWith('{')) return {text: line};
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return {text: line};
  }
  if (!isRecord(record)) return {text: line};
  const message =
    MESSAGE_FIELDS.map((name) => record[name]).find((v) => typeof v === 'string') ??
    tslogMessage(record);
  if (typeof message !== 'string') return {text: line};
  const meta = isRecord(record._meta) ? record._meta : {};
  const level = [...LEVEL_FIELDS.map((name) => record[name]), meta.logLevelName].find(
    (v) => typeof v === 'string' || typeof v === 'number',
  );
  const at =
    readEpochMs(record.time) ?? readEpochMs(record.ts) ?? readEpochMs(meta.date) ?? undefined;
  const text = level === undefined ? message : `${String(level).toUpperCase()} ${message}`;
  return {text, ...(at === undefined ? {} : {at})};
};

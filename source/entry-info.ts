// Which program the bin ran (`openclaw-tui --version --verbose`): bin/openclaw-tui.cjs records
// its choice under a global symbol before it imports the bundle or the sources. Started any
// other way (tests, `tsx source/cli.tsx`), nothing is recorded and the line says so.

export type EntryRecord = {
  /** 'bundle': dist/cli.js; 'sources': source/cli.tsx through tsx. */
  readonly kind: 'bundle' | 'sources';
  /** The file imported. */
  readonly path: string;
  /** Why this entry, e.g. "installed package" or "bundle stale: source/app.tsx changed". */
  readonly reason: string;
};

export const ENTRY_KEY = Symbol.for('openclaw-tui.entry');

const isEntry = (value: unknown): value is EntryRecord =>
  typeof value === 'object' &&
  value !== null &&
  'kind' in value &&
  'path' in value &&
  'reason' in value &&
  (value.kind === 'bundle' || value.kind === 'sources') &&
  typeof value.path === 'string' &&
  typeof value.reason === 'string';

export const entryRecord = (): EntryRecord | undefined => {
  const value: unknown = (globalThis as Record<symbol, unknown>)[ENTRY_KEY];
  return isEntry(value) ? value : undefined;
};

/** One line: `entry: bundle /usr/lib/node_modules/openclaw-tui/dist/cli.js (installed package)`. */
export const entryLine = (): string => {
  const entry = entryRecord();
  return entry === undefined
    ? 'entry: not started by bin/openclaw-tui.cjs'
    : `entry: ${entry.kind} ${entry.path} (${entry.reason})`;
};

// An append-only record of every decision taken from this console. It holds only the fields
// listed in AuditEntry — never a token, password or setup code — so it is safe to share.

import fs from 'node:fs';
import path from 'node:path';

export type AuditEntry = {
  readonly ts: string;
  readonly gateway: string;
  readonly kind: string;
  readonly id: string;
  readonly decision: string;
  /** What the decision grants, in words (scopes, command, sender), as shown in the confirmation. */
  readonly granted: string;
  readonly outcome: 'applied' | 'not-applied' | 'unknown' | 'already-resolved' | 'not-found';
  readonly message?: string;
};

export type AuditLog = {
  append(entry: AuditEntry): void;
  readRecent(limit: number): AuditEntry[];
  readonly file: string;
};

const isEntry = (value: unknown): value is AuditEntry =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as {id?: unknown}).id === 'string' &&
  typeof (value as {decision?: unknown}).decision === 'string';

const endsWithoutNewline = (file: string): boolean => {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    fs.readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
};

export const openAuditLog = (file: string): AuditLog => ({
  file,
  append(entry) {
    fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
    // A torn last line (crash mid-write) must not swallow the next entry: start on a fresh line.
    const prefix = endsWithoutNewline(file) ? '\n' : '';
    // O_APPEND keeps concurrent consoles from interleaving partial lines; each write is one line.
    fs.appendFileSync(file, `${prefix}${JSON.stringify(entry)}\n`, {mode: 0o600});
  },
  readRecent(limit) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return [];
    }
    const entries: AuditEntry[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const parsed: unknown = JSON.parse(line);
        if (isEntry(parsed)) entries.push(parsed);
      } catch {
        // A torn last line (crash mid-write) must not hide the rest of the history.
      }
    }
    return entries.slice(-limit);
  },
});

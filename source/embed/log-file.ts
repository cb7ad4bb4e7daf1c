// The gateway's console output on disk, bounded: one live file plus one rotated generation
// (`gateway.log`, `gateway.log.1`), each at most `maxBytes`. Writes are synchronous and small, so
// the order across stdout/stderr is kept and nothing queues in memory when the disk is slow; a
// write error turns the file off instead of throwing into the pipe readers.

import {closeSync, mkdirSync, openSync, renameSync, statSync, writeSync} from 'node:fs';
import path from 'node:path';

export type LogFile = {
  readonly path: string;
  write(text: string): void;
  close(): void;
  /** Set once writing failed; the supervisor keeps running without the file. */
  readonly error: string | undefined;
};

export const openLogFile = (dataDir: string, name: string, maxBytes: number): LogFile => {
  const file = path.join(dataDir, name);
  let fd: number | undefined;
  let size = 0;
  let error: string | undefined;

  const fail = (cause: unknown) => {
    error = cause instanceof Error ? cause.message : String(cause);
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // Already failing; nothing more to report.
      }
    }
    fd = undefined;
  };

  const open = () => {
    // The gateway's output can name paths and hosts: keep it private to the user.
    mkdirSync(dataDir, {recursive: true, mode: 0o700});
    fd = openSync(file, 'a', 0o600);
    size = statSync(file).size;
  };

  try {
    open();
  } catch (cause) {
    fail(cause);
  }

  return {
    path: file,
    get error() {
      return error;
    },
    write(text: string) {
      if (fd === undefined || error !== undefined) return;
      try {
        const bytes = Buffer.from(text, 'utf8');
        if (size + bytes.length > maxBytes && size > 0) {
          closeSync(fd);
          fd = undefined;
          renameSync(file, `${file}.1`);
          open();
        }
        if (fd === undefined) return;
        writeSync(fd, bytes.length > maxBytes ? bytes.subarray(bytes.length - maxBytes) : bytes);
        size += Math.min(bytes.length, maxBytes);
      } catch (cause) {
        fail(cause);
      }
    },
    close() {
      if (fd === undefined) return;
      try {
        closeSync(fd);
      } catch {
        // Closing at shutdown: nothing useful to do with the error.
      }
      fd = undefined;
    },
  };
};

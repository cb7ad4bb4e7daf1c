// The console's own log file: what the operator should not have to see on screen but an engineer
// may need later (malformed frames, unknown events, failed reads). Bounded: one rotation at 1 MiB.
// Callers pass messages that never contain secrets; this module adds nothing but a timestamp.

import fs from 'node:fs';
import path from 'node:path';
import {safe} from '../text/sanitize.ts';

export type ConsoleLog = (level: 'info' | 'warn' | 'error', message: string) => void;

const MAX_BYTES = 1024 * 1024;

export const openConsoleLog = (file: string): ConsoleLog => {
  let size = 0;
  try {
    fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
    size = fs.existsSync(file) ? fs.statSync(file).size : 0;
  } catch {
    // Logging must never take the console down; a log we cannot open is simply not written.
  }
  return (level, message) => {
    // Messages quote the gateway (event names, close reasons): someone will `tail -f` this file,
    // so terminal controls and bidi overrides are made visible here too, and it stays one line.
    const line = `${new Date().toISOString()} ${level} ${safe(message)}\n`;
    try {
      if (size + line.length > MAX_BYTES) {
        fs.renameSync(file, `${file}.1`);
        size = 0;
      }
      fs.appendFileSync(file, line, {mode: 0o600});
      size += Buffer.byteLength(line);
    } catch {
      // Same as above: a full disk must not crash the operator's console.
    }
  };
};

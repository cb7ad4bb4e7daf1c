// A terminal for the console to draw into, in-process: what Ink needs of stdout (a TTY of a fixed
// size that accepts writes) and of stdin (raw mode and 'readable' + read(), like a TTY), with a
// hook that sees every write the moment it happens.

import {EventEmitter} from 'node:events';

export class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  readonly columns: number;
  readonly rows: number;
  private readonly onWrite: (text: string) => void;

  constructor(columns: number, rows: number, onWrite: (text: string) => void) {
    super();
    this.columns = columns;
    this.rows = rows;
    this.onWrite = onWrite;
  }

  write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
    this.onWrite(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }
}

export class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private readonly queue: string[] = [];

  /** As if the operator typed `data`. */
  type(data: string): void {
    this.queue.push(data);
    this.emit('readable');
  }

  read(): string | null {
    return this.queue.shift() ?? null;
  }

  setEncoding(): this {
    return this;
  }
  setRawMode(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

/** Frame boundaries Ink writes on their own (synchronized output begin / end). */
export const SYNC_MARKERS: ReadonlySet<string> = new Set(['\u001B[?2026h', '\u001B[?2026l']);

// Turning a child's byte streams into bounded lines: a splitter per stream (UTF-8 safe, with a
// cap on line length so a newline-less flood cannot grow without bound) and a ring of the last N
// lines. Pure data structures: no I/O, no timers.

import {StringDecoder} from 'node:string_decoder';
import {stripVTControlCharacters} from 'node:util';

// Colours, cursor moves, titles and hyperlinks out: the ring stays readable. This is not
// terminal sanitising, which the views still do for every line they show.
export const stripAnsi = (text: string): string => stripVTControlCharacters(text);

export class LineSplitter {
  readonly #decoder = new StringDecoder('utf8');
  readonly #maxLineChars: number;
  #partial = '';

  constructor(maxLineChars: number) {
    this.#maxLineChars = maxLineChars;
  }

  /** Complete lines in this chunk (without their line ends). */
  push(chunk: Buffer | string): string[] {
    const text = this.#partial + (typeof chunk === 'string' ? chunk : this.#decoder.write(chunk));
    const parts = text.split(/\r?\n/u);
    this.#partial = parts.pop() ?? '';
    while (this.#partial.length > this.#maxLineChars) {
      parts.push(this.#partial.slice(0, this.#maxLineChars));
      this.#partial = this.#partial.slice(this.#maxLineChars);
    }
    return parts.map((line) =>
      line.length > this.#maxLineChars ? `${line.slice(0, this.#maxLineChars)}…` : line,
    );
  }

  /** Whatever is left when the stream ends. */
  flush(): string[] {
    const rest = this.#partial + this.#decoder.end();
    this.#partial = '';
    return rest === '' ? [] : [rest.slice(0, this.#maxLineChars)];
  }
}

export class RingBuffer<T> {
  readonly #items: (T | undefined)[];
  #next = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    this.#items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % this.capacity;
    this.#size = Math.min(this.#size + 1, this.capacity);
  }

  /** Oldest first; the last `count` items when given. */
  toArray(count = this.#size): T[] {
    const take = Math.min(count, this.#size);
    const out: T[] = [];
    for (let index = this.#size - take; index < this.#size; index += 1) {
      const slot = (this.#next - this.#size + index + this.capacity) % this.capacity;
      const item = this.#items[slot];
      if (item !== undefined) out.push(item);
    }
    return out;
  }

  get size(): number {
    return this.#size;
  }
}

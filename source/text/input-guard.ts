// Keyboard input, guarded. Ink 6.8's useInput throws a TypeError (and so kills the console with
// the terminal still in raw mode) on CSI sequences it cannot name: `ESC[31m` from pasting
// coloured text, `ESC[1;5P` (ctrl+F1 on xterm), `ESC[2J`, … — every CSI whose final byte is not
// one of the cursor/function-key finals. No key the console uses needs those, so they are
// dropped from each chunk before Ink parses it. The stream is otherwise untouched.

/** CSI finals Ink turns into named keys: arrows, home/end, shift+tab, `~` keys, kitty `u`. */
const KEY_FINALS = new Set(['A', 'B', 'C', 'D', 'E', 'F', 'H', 'Z', '~', 'u']);

// ESC [ parameter bytes (0x30–0x3F), intermediate bytes (0x20–0x2F), one final byte (0x40–0x7E).
// eslint-disable-next-line no-control-regex
const CSI = /\x1b\[([0-?]*)([ -/]*)([@-~])/g;

/** The text with every CSI sequence removed that is not a key Ink can name. */
export function stripUnnamedCsi(text: string): string {
  if (!text.includes('\x1b[')) return text;
  return text.replace(CSI, (sequence, params: string, intermediates: string, final: string) => {
    if (!KEY_FINALS.has(final) || intermediates !== '') return '';
    // `ESC[1;5P`-style F1–F4 use P–S and are not in the set; modified arrows (`ESC[1;5A`) stay.
    return /^[\d;:]*$/.test(params) || (final === 'u' && /^[\d;:?]*$/.test(params)) ? sequence : '';
  });
}

type Readable = {read(size?: number): unknown};

/**
 * The same stdin, except that read() drops the sequences Ink cannot handle. Everything else
 * (isTTY, setRawMode, listeners, ref/unref) goes straight to the real stream.
 */
export function guardInput<T extends Readable>(stdin: T): T {
  const read = (size?: number): unknown => {
    const chunk = stdin.read(size);
    if (typeof chunk === 'string') return stripUnnamedCsi(chunk);
    if (chunk instanceof Uint8Array) {
      const text = Buffer.from(chunk).toString('utf8');
      const clean = stripUnnamedCsi(text);
      return clean === text ? chunk : Buffer.from(clean, 'utf8');
    }
    return chunk;
  };
  return new Proxy(stdin, {
    get(target, property) {
      if (property === 'read') return read;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

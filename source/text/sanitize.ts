// The one gate between gateway-supplied text and the terminal. Anything that a terminal could
// interpret (escape sequences, C0/C1 controls, DEL) or that could reorder what the operator reads
// (bidi overrides and isolates) is replaced by a VISIBLE stand-in, never dropped silently: an
// approval prompt whose command hides `ESC[2K` or a right-to-left override must look suspicious,
// not clean. Replacing the introducer (ESC, U+009B, …) is enough to stop interpretation; the rest
// of the sequence is ordinary printable text and stays on screen as evidence.

import stringWidth from 'string-width';

const ESC = 0x1b;
const DEL = 0x7f;

/** Bidi controls: embeddings/overrides, isolates, marks. They reorder text without showing. */
const BIDI = new Set([
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);

/**
 * Other invisible code points that can break a line or hide text: line/paragraph separators,
 * zero-width space, word joiner, BOM, interlinear annotation marks. ZWJ/ZWNJ are left alone:
 * emoji sequences and several scripts need them and they cannot move or hide other text.
 */
const INVISIBLE = new Set([0x2028, 0x2029, 0x200b, 0x2060, 0xfeff, 0xfff9, 0xfffa, 0xfffb]);

const codeLabel = (code: number): string =>
  `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;

export type SanitizeOptions = {
  /**
   * Keep '\n' as a real line break (detail panels, logs). Otherwise a newline becomes '⏎' so one
   * record stays on one terminal line.
   */
  readonly multiline?: boolean;
};

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Quick path: most strings are plain text and need no copy. */
const NEEDS_WORK =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]/;

/** Replace everything a terminal could interpret with a visible stand-in. */
export function sanitize(value: unknown, options: SanitizeOptions = {}): string {
  const text = typeof value === 'string' ? value : value === undefined ? '' : String(value);
  if (!NEEDS_WORK.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isHighSurrogate(code)) {
      const next = text.charCodeAt(i + 1);
      if (isLowSurrogate(next)) {
        out += text[i]! + text[i + 1]!;
        i++;
      } else {
        out += '\ufffd';
      }
      continue;
    }
    if (isLowSurrogate(code)) {
      out += '\ufffd';
      continue;
    }
    if (code === 0x0a) {
      out += options.multiline ? '\n' : '⏎';
      continue;
    }
    if (code === 0x0d) {
      // CRLF is one line break; a lone CR could return the cursor and overwrite the line.
      if (text.charCodeAt(i + 1) === 0x0a) continue;
      out += '␍';
      continue;
    }
    if (code === ESC) {
      out += '␛';
      continue;
    }
    if (code < 0x20) {
      // Control Pictures block: U+2400 + n shows NUL as ␀, BEL as ␇, TAB as ␉, …
      out += String.fromCharCode(0x2400 + code);
      continue;
    }
    if (code === DEL) {
      out += '␡';
      continue;
    }
    if (code >= 0x80 && code <= 0x9f) {
      // 8-bit C1 forms (U+009B CSI, U+009D OSC, U+0090 DCS, …) are live on some terminals.
      out += codeLabel(code);
      continue;
    }
    if (BIDI.has(code) || INVISIBLE.has(code)) {
      out += codeLabel(code);
      continue;
    }
    out += text[i]!;
  }
  return out;
}

/** Sanitise for a single terminal line (the common case for rows, headers, list items). */
export const safe = (value: unknown): string => sanitize(value);

/** Sanitise keeping real line breaks, for detail panels and log lines shown as blocks. */
export const safeMultiline = (value: unknown): string => sanitize(value, {multiline: true});

// Made on first use: creating the first Intl.Segmenter loads ICU's break rules (~10-20 ms here),
// which a one-shot twin that never cuts text to a width should not pay at start.
let graphemes: Intl.Segmenter | undefined;
const segmenter = (): Intl.Segmenter =>
  (graphemes ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'}));

/** Columns a (sanitised) string takes on the terminal. */
export const textWidth = (text: string): number => stringWidth(text);

/**
 * Cut `text` to at most `width` terminal columns, ending with '…' when something was cut. Works on
 * grapheme clusters so wide (CJK) characters and emoji sequences are never split. Expects
 * sanitised text; it does not sanitise.
 */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (stringWidth(text) <= width) return text;
  if (width === 1) return '…';
  const budget = width - 1;
  let used = 0;
  let out = '';
  for (const {segment} of segmenter().segment(text)) {
    const w = stringWidth(segment);
    if (used + w > budget) break;
    out += segment;
    used += w;
  }
  return out + '…';
}

/** Like truncate, but keeps the END of the text ('…' first): for input lines, where the cursor is. */
export function truncateStart(text: string, width: number): string {
  if (width <= 0) return '';
  if (stringWidth(text) <= width) return text;
  if (width === 1) return '…';
  const segments = Array.from(segmenter().segment(text), (s) => s.segment);
  let used = 0;
  let out = '';
  for (let i = segments.length - 1; i >= 0; i--) {
    const w = stringWidth(segments[i]!);
    if (used + w > width - 1) break;
    out = segments[i]! + out;
    used += w;
  }
  return '…' + out;
}

/** Pad (or cut) to exactly `width` columns; for aligned columns in lists. */
export function fit(text: string, width: number): string {
  const cut = truncate(text, width);
  const pad = width - stringWidth(cut);
  return pad > 0 ? cut + ' '.repeat(pad) : cut;
}

/**
 * Characters that JSON.stringify leaves raw but a terminal (or a human reading `tail -f`) must not
 * see raw: C1 controls, DEL, bidi controls and line separators. C0 is already escaped by JSON.
 */
const JSON_UNSAFE =
  /[\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff\ufff9-\ufffb]/g;

/**
 * One NDJSON line for `--json` output: JSON.stringify, then every terminal-unsafe code point that
 * survives it is written as a \uXXXX escape. Those characters can only occur inside JSON strings,
 * so the result parses back to exactly the same value.
 */
export function safeJsonLine(value: unknown): string {
  const json = JSON.stringify(value) ?? 'null';
  return json.replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

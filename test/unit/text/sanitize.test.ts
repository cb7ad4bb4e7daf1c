import {test} from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import {
  fit,
  safe,
  safeJsonLine,
  safeMultiline,
  sanitize,
  truncate,
} from '../../../source/text/sanitize.ts';

// Anything a terminal could act on, or that reorders/hides text. '\n' is handled per test.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

test('plain text passes through unchanged', () => {
  for (const s of ['hello', 'agent:main:subagent:7c1e', '古池や 蛙飛び込む', '👩‍💻 ok', '']) {
    assert.equal(safe(s), s);
  }
});

test('non-strings become text, undefined becomes empty', () => {
  assert.equal(safe(undefined), '');
  assert.equal(safe(42), '42');
  assert.equal(safe(null), 'null');
});

test('ESC introducers become visible and the rest of the sequence stays readable', () => {
  const table: ReadonlyArray<readonly [string, string]> = [
    ['\x1b[2J', '␛[2J'],
    ['\x1b[31mred\x1b[0m', '␛[31mred␛[0m'],
    ['\x1b]52;c;aGVsbG8=\x07', '␛]52;c;aGVsbG8=␇'],
    ['\x1b]8;;https://evil\x1b\\click\x1b]8;;\x1b\\', '␛]8;;https://evil␛\\click␛]8;;␛\\'],
    ['\x1bP1$r\x1b\\', '␛P1$r␛\\'],
    ['\x1b_apc\x1b\\', '␛_apc␛\\'],
    ['\x1b^pm\x1b\\', '␛^pm␛\\'],
    ['\x1bXsos\x1b\\', '␛Xsos␛\\'],
  ];
  for (const [input, expected] of table) assert.equal(safe(input), expected);
});

test('8-bit C1 controls are shown as code labels', () => {
  assert.equal(safe('\u009b2J'), '⟨U+009B⟩2J');
  assert.equal(safe('\u009d52;c;x\u009c'), '⟨U+009D⟩52;c;x⟨U+009C⟩');
  assert.equal(safe('a\u0085b'), 'a⟨U+0085⟩b');
});

test('C0 controls become Control Pictures, DEL becomes ␡', () => {
  assert.equal(safe('\x00\x07\x08\t'), '␀␇␈␉');
  assert.equal(safe('a\x7fb'), 'a␡b');
  assert.equal(safe('x\ry'), 'x␍y');
});

test('newlines: ⏎ on one line, kept in multiline; CRLF counts once', () => {
  assert.equal(safe('a\nb'), 'a⏎b');
  assert.equal(safe('a\r\nb'), 'a⏎b');
  assert.equal(safeMultiline('a\nb\r\nc'), 'a\nb\nc');
  assert.equal(safeMultiline('a\x1b[1Ab'), 'a␛[1Ab');
});

test('bidi controls are made visible, never applied', () => {
  assert.equal(safe('rm -rf /\u202e#txt.exe'), 'rm -rf /⟨U+202E⟩#txt.exe');
  for (const code of [0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x2066, 0x2069]) {
    const out = safe(`a${String.fromCharCode(code)}b`);
    assert.equal(out, `a⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩b`);
  }
});

test('line separators and zero-width hiders are visible; ZWJ emoji survive', () => {
  assert.equal(safe('a\u2028b'), 'a⟨U+2028⟩b');
  assert.equal(safe('a\u200bb'), 'a⟨U+200B⟩b');
  assert.equal(safe('\ufeffx'), '⟨U+FEFF⟩x');
  assert.equal(safe('👨‍👩‍👧'), '👨‍👩‍👧');
});

test('lone surrogates become U+FFFD, pairs survive', () => {
  assert.equal(safe('a\ud800b'), 'a\ufffdb');
  assert.equal(safe('a\udc00b'), 'a\ufffdb');
  assert.equal(safe('😀'), '😀');
});

test('truncate is width-aware and marks the cut', () => {
  assert.equal(truncate('hello', 10), 'hello');
  assert.equal(truncate('hello world', 6), 'hello…');
  assert.equal(truncate('古池や蛙', 5), '古池…');
  assert.equal(truncate('古池や蛙', 4), '古…');
  assert.equal(truncate('abc', 1), '…');
  assert.equal(truncate('abc', 0), '');
  assert.equal(truncate('👨‍👩‍👧abc', 3), '👨‍👩‍👧…');
  assert.equal(fit('ab', 4), 'ab  ');
  assert.equal(fit('abcdef', 4), 'abc…');
});

test('safeJsonLine escapes C1 and bidi and still parses to the same value', () => {
  const value = {cmd: 'ls\u202e\u009b2J\x1b[0m', ok: true, n: [1, '\u2028']};
  const line = safeJsonLine(value);
  assert.doesNotMatch(line, CONTROL);
  assert.doesNotMatch(line, BIDI);
  assert.doesNotMatch(line, /\n/);
  assert.match(line, /\\u202e/);
  assert.match(line, /\\u009b/);
  assert.deepEqual(JSON.parse(line), value);
  assert.equal(safeJsonLine(undefined), 'null');
});

// ── property test ───────────────────────────────────────────────────────────────────────────

/** mulberry32: tiny deterministic PRNG, so a failure is reproducible from its seed. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const PIECES = [
  '\x1b[2J',
  '\x1b]52;c;SGVsbG8=\x07',
  '\x1b]8;;http://x\x1b\\',
  '\u009b31m',
  '\u202e',
  '\u2066',
  '\r\n',
  '古',
  '👩‍💻',
  '\ud83d',
  'ok ',
];

const randomString = (rand: () => number): string => {
  const length = Math.floor(rand() * 40);
  let s = '';
  for (let i = 0; i < length; i++) {
    const r = rand();
    if (r < 0.2) s += PIECES[Math.floor(rand() * PIECES.length)]!;
    else if (r < 0.4) s += String.fromCharCode(Math.floor(rand() * 0x20));
    else if (r < 0.5) s += String.fromCharCode(0x7f + Math.floor(rand() * 0x21));
    else if (r < 0.6) s += String.fromCharCode(0x2000 + Math.floor(rand() * 0x70));
    else if (r < 0.7) s += String.fromCharCode(0xd800 + Math.floor(rand() * 0x800));
    else if (r < 0.8) s += String.fromCharCode(Math.floor(rand() * 0x10000));
    else s += String.fromCharCode(0x20 + Math.floor(rand() * 0x5f));
  }
  return s;
};

test('property: sanitised output never contains controls, bidi or lone surrogates', () => {
  for (const seed of [1, 7, 42, 2026]) {
    const rand = prng(seed);
    for (let i = 0; i < 2000; i++) {
      const input = randomString(rand);
      const context = `seed ${seed} case ${i}: ${JSON.stringify(input)}`;
      const one = safe(input);
      assert.doesNotMatch(one, CONTROL, context);
      assert.doesNotMatch(one, /\n/, context);
      assert.doesNotMatch(one, BIDI, context);
      assert.doesNotMatch(one, LONE_SURROGATE, context);
      const multi = safeMultiline(input);
      assert.doesNotMatch(multi, CONTROL, context);
      assert.doesNotMatch(multi, BIDI, context);
      // Idempotent: sanitising twice changes nothing (no stand-in is itself unsafe).
      assert.equal(sanitize(one), one, context);
      const width = Math.floor(rand() * 30);
      assert.ok(stringWidth(truncate(one, width)) <= width, context);
      const line = safeJsonLine({input});
      assert.doesNotMatch(line, CONTROL, context);
      assert.doesNotMatch(line, BIDI, context);
      assert.deepEqual(JSON.parse(line), {input}, context);
    }
  }
});

// The esbuild options the shipped bundle is built with (scripts/build.mjs), shared with the
// benchmark so its console process runs code built exactly the same way.
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Text the console's own screens are made of: printable ASCII, Latin letters (U+00A0-U+02FF),
 * punctuation, arrows, box drawing, blocks and geometric shapes, without the few of those that
 * are emoji (©, ®, ‼, ⁉, ↔-↙, ↩, ↪, ▪, ▫, ▶, ◀, ◻-◾), soft hyphen and format characters; with
 * `escapes`, ESC too (a tokenizer sees colour codes). Each such code unit is a grapheme of its
 * own beside any other, visible, neither combining nor emoji, so its width is its East Asian
 * width: string-width and Ink's tokenizer take it without an Intl.Segmenter or a Unicode-set
 * expression (ICU's data, tens of ms at the first use). test/unit/build/bundle-options.test.ts
 * checks every such character against the unedited packages.
 */
const SIMPLE_TEXT = `function octSimpleSymbol(c) {
  if (c < 0x300) return c >= 0xa0 && c !== 0xa9 && c !== 0xad && c !== 0xae;
  if (c < 0x2010) return false;
  if (c <= 0x205e) return c <= 0x2027 || (c >= 0x2030 && c !== 0x203c && c !== 0x2049);
  if (c < 0x2190) return false;
  if (c <= 0x21ff) return c <= 0x2193 || (c >= 0x219a && c !== 0x21a9 && c !== 0x21aa);
  if (c < 0x2500 || c > 0x25fa) return false;
  return c !== 0x25aa && c !== 0x25ab && c !== 0x25b6 && c !== 0x25c0;
}
function octSimpleText(s, escapes) {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x7f ? c >= 0x20 || (escapes && c === 0x1b) : octSimpleSymbol(c)) continue;
    return false;
  }
  return true;
}`;
/** string-width's fast path for SIMPLE_TEXT (after its ASCII one): the sum of East Asian widths. */
const SIMPLE_WIDTH =
  '\tif (octSimpleText(string, false)) {\n\t\tfor (let index = 0; index < string.length; index++) {\n\t\t\twidth += eastAsianWidth(string.charCodeAt(index), eastAsianWidthOptions);\n\t\t}\n\n\t\treturn width;\n\t}\n';

/**
 * Small, checked edits to dependency files as they go into the bundle. Each replacement must find
 * its text: a dependency update that changed it fails the build instead of silently losing the
 * edit (or breaking the file).
 */
const DEPENDENCY_EDITS = [
  {
    // yoga-layout (Ink's layout engine) ships its wasm as a base64 data: URL, and its Emscripten
    // loader fetches that URL whenever a global fetch exists. In Node the first touch of fetch
    // loads undici (~30 ms of the ~100 ms it takes to load the console) only to decode a string
    // the loader can decode itself: take the loader's own no-fetch path.
    // Asked to (octSyncWasm, below), the loader also instantiates the module synchronously
    // (its own decoder, then WebAssembly.Module/Instance), so yoga needs no top-level await and
    // the console can be one CommonJS file run through V8's code cache (dist/console.cjs).
    file: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
    replace: [
      ['"function"!=typeof fetch', 'true'],
      // Its base64 decoder is JavaScript (a binary string, then a byte loop): ~10-20 ms of
      // every console start for the ~90 KB of wasm; Node decodes base64 natively.
      [
        'var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c',
        'var d=Buffer.from(a.slice(37),"base64")',
      ],
      [
        'var d={a:Jb};F++;h.monitorRunDependencies&&h.monitorRunDependencies(F);if(h.instantiateWasm)',
        'var d={a:Jb};F++;h.monitorRunDependencies&&h.monitorRunDependencies(F);if(h.octSyncWasm){a(new WebAssembly.Instance(new WebAssembly.Module(wa()),d));return h.asm}if(h.instantiateWasm)',
      ],
    ],
  },
  {
    // Then yoga's entry takes that synchronous path: the loader has finished (run and resolved
    // its ready promise) when it returns, and the module object it was given is the instance.
    file: /yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/,
    replace: [
      [
        'const Yoga = wrapAssembly(await loadYoga());',
        'const yogaModule = {octSyncWasm: true};\nloadYoga(yogaModule);\nif (!yogaModule.calledRun) throw new Error("yoga-layout did not start synchronously");\nconst Yoga = wrapAssembly(yogaModule);',
      ],
    ],
  },
  {
    // Ink's two top-level awaits serve only DEV=true (React devtools, which the bundle does not
    // carry): start the devtools import without waiting for it, and name the package for it
    // without reading Ink's package.json. No top-level await is left (see yoga above).
    file: /ink[\\/]build[\\/]reconciler\.js$/,
    replace: [
      [
        "        await import('./devtools.js');",
        "        import('./devtools.js').catch(() => {});",
      ],
      ['    ? await loadPackageJson()', "    ? { name: 'ink', version: undefined }"],
    ],
  },
  {
    // meow initialises normalize-package-data (and the SPDX licence tables behind it) as soon as
    // it is imported, ~10-20 ms of every start, though it only runs when a program reads
    // `cli.pkg` (we never do: parseCli passes pkg and answers --version itself). Initialise it
    // on that first call instead.
    file: /meow[\\/]build[\\/]dependencies\.js$/,
    replace: [
      [
        'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);',
        'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);',
      ],
      // A bundled dependency leaves `promisify(execFile);` at the top, its result unused: it
      // loads node:child_process (and with it net and dgram) at every start for nothing.
      ["import { execFile } from 'node:child_process';\n", ''],
      ['\npromisify(execFile);\n', '\n'],
    ],
  },
  {
    // conf (our identity and device-token files) imports its JSON-schema validator (ajv 2020 +
    // ajv-formats, ~200 KB) and semver at the top, but uses them only for a `schema` or
    // `migrations`, which we never pass: evaluating them was ~15-25 ms of every start of a twin
    // and of the console. Require them where conf uses them instead (in the bundle a require of
    // a CommonJS module runs it on first call): same behaviour, nothing evaluated until then.
    file: /[\\/]node_modules[\\/]conf[\\/]dist[\\/]source[\\/]index\.js$/,
    replace: [
      [
        "import { Ajv2020 as Ajv } from 'ajv/dist/2020.js';\nimport ajvFormatsModule from 'ajv-formats';\n",
        '',
      ],
      ["import semver from 'semver';\n", ''],
      [
        'const ajvFormats = ajvFormatsModule.default;\n        const ajv = new Ajv({',
        "const ajvFormats = require('ajv-formats').default;\n        const ajv = new (require('ajv/dist/2020.js').Ajv2020)({",
      ],
      ['semver.', "require('semver')."],
      // node:assert only compares a store with its defaults when one is opened.
      ["import assert from 'node:assert';\n", ''],
      ['assert.deepEqual(', "require('node:assert').deepEqual("],
    ],
  },
  {
    // ws requires https and tls at its top, but only a wss:// connection uses them (the
    // gateways here are mostly ws:// on loopback or through an ssh tunnel): require them there.
    // Loading both (with tls's secure context and http's server half) was a few ms of every
    // start of a twin and of the console.
    file: /[\\/]node_modules[\\/]ws[\\/]lib[\\/]websocket\.js$/,
    replace: [
      ["const https = require('https');\n", ''],
      ["const tls = require('tls');\n", ''],
      [
        'isSecure ? https.request : http.request',
        "isSecure ? require('https').request : http.request",
      ],
      ['return tls.connect(options);', "return require('tls').connect(options);"],
    ],
  },
  {
    // And zlib only when permessage-deflate is negotiated (a gateway that does not offer it
    // never needs it).
    file: /[\\/]node_modules[\\/]ws[\\/]lib[\\/]permessage-deflate\.js$/,
    replace: [
      [
        "const zlib = require('zlib');\n",
        "let zlibModule;\nconst zlib = new Proxy({}, { get: (_, key) => (zlibModule ??= require('zlib'))[key] });\n",
      ],
    ],
  },
  {
    // terminal-size (Ink asks it for the terminal's size) imports node:child_process for its
    // last resort (`tput`, `resize`), which a terminal that reports its size never reaches;
    // child_process brings net and dgram with it, a few ms of every console start. Require it
    // where that last resort runs instead.
    file: /[\\/]node_modules[\\/]terminal-size[\\/]index\.js$/,
    replace: [
      ["import {execFileSync} from 'node:child_process';\n", ''],
      [
        '\texecFileSync(command, arguments_, {',
        "\trequire('node:child_process').execFileSync(command, arguments_, {",
      ],
    ],
  },
  {
    // wrap-ansi's own string-width (7.x; listed before the top-level one, whose file pattern
    // also matches this path): its segmenter on first use, and the fast path of SIMPLE_TEXT.
    file: /wrap-ansi[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
    replace: [
      ['const segmenter = new Intl.Segmenter();', 'let segmenterInstance;'],
      ['segmenter.segment(string)', '(segmenterInstance ??= new Intl.Segmenter()).segment(string)'],
      [
        'export default function stringWidth(',
        `${SIMPLE_TEXT}\nexport default function stringWidth(`,
      ],
      [
        '\tconst eastAsianWidthOptions = {ambiguousAsWide: !ambiguousIsNarrow};\n',
        `\tconst eastAsianWidthOptions = {ambiguousAsWide: !ambiguousIsNarrow};\n${SIMPLE_WIDTH}`,
      ],
    ],
  },
  {
    // string-width (8.x, Ink's) creates an Intl.Segmenter when it is imported, and three
    // Unicode-set regular expressions (`\p{RGI_Emoji}` with the v flag builds ICU's emoji
    // sets): the first segmenter loads ICU's break rules, 10-40 ms here, the emoji expression
    // as much again, in the console's first frame. A twin never measures a width, and the
    // console's own text (ASCII, box drawing, arrows, bullets) needs neither (SIMPLE_TEXT):
    // all are made on the first text that does.
    file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
    replace: [
      ['const segmenter = new Intl.Segmenter();', 'let segmenterInstance;'],
      ['segmenter.segment(string)', '(segmenterInstance ??= new Intl.Segmenter()).segment(string)'],
      [
        'const visibleCharacterRegex = /',
        'let visibleCharacterRegex, spacingMarkRegex, rgiEmojiRegex;\nfunction octUnicodeRegexes() {\nvisibleCharacterRegex = /',
      ],
      ['const spacingMarkRegex = /', 'spacingMarkRegex = /'],
      ['const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;\n', 'rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;\n}\n'],
      [
        'export default function stringWidth(',
        `${SIMPLE_TEXT}\nexport default function stringWidth(`,
      ],
      [
        '\tconst eastAsianWidthOptions = {ambiguousAsWide: !ambiguousIsNarrow};\n',
        `\tconst eastAsianWidthOptions = {ambiguousAsWide: !ambiguousIsNarrow};\n${SIMPLE_WIDTH}\tif (rgiEmojiRegex === undefined) octUnicodeRegexes();\n`,
      ],
    ],
  },
  {
    // Ink splits every line of a frame into cells through this tokenizer, which iterated an
    // Intl.Segmenter made at import (ICU's break rules, see string-width above): a line of
    // SIMPLE_TEXT (escape sequences included) is one grapheme per code unit, so it is walked
    // by index; any other line goes through the segmenter, made on first use.
    file: /@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/,
    replace: [
      [
        'const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });\n',
        `let segmenterInstance;\n${SIMPLE_TEXT}\nfunction octSegments(str) {\n    if (!octSimpleText(str, true)) {\n        return (segmenterInstance ??= new Intl.Segmenter(undefined, { granularity: "grapheme" })).segment(str);\n    }\n    let at = -1;\n    const result = { value: { segment: "", index: 0 }, done: false };\n    return {\n        [Symbol.iterator]() {\n            return this;\n        },\n        next() {\n            if (++at >= str.length) return { value: undefined, done: true };\n            result.value.segment = str[at];\n            result.value.index = at;\n            return result;\n        },\n    };\n}\n`,
      ],
      ['segmenter.segment(str)', 'octSegments(str)'],
    ],
  },
  {
    // slice-ansi (Ink clips and truncates with it) made its segmenter and an emoji expression at
    // import: on first use instead.
    file: /[\\/]node_modules[\\/]slice-ansi[\\/]tokenize-ansi\.js$/,
    replace: [
      [
        "const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});",
        "let octGraphemeSegmenter;\nconst GRAPHEME_SEGMENTER = {segment: (string) => (octGraphemeSegmenter ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'})).segment(string)};",
      ],
      [
        'const EMOJI_PRESENTATION_GRAPHEME_REGEX = /\\p{Emoji_Presentation}/u;',
        'let octEmojiPresentation;\nconst EMOJI_PRESENTATION_GRAPHEME_REGEX = {test: (grapheme) => (octEmojiPresentation ??= /\\p{Emoji_Presentation}/u).test(grapheme)};',
      ],
    ],
  },
  {
    // signal-exit (Ink restores the cursor with it) loads node:assert at import, for one check
    // of its argument: a few ms of every console start. Load it only when that check fails.
    file: /[\\/]node_modules[\\/]signal-exit[\\/]index\.js$/,
    replace: [
      ["  var assert = require('assert')\n", ''],
      [
        "    assert.equal(typeof cb, 'function', 'a callback must be provided for exit handler')",
        "    if (typeof cb !== 'function') require('assert').equal(typeof cb, 'function', 'a callback must be provided for exit handler')",
      ],
    ],
  },
  {
    // Ink 6.8's incremental renderer (rewrite only the lines that changed) moves the cursor up
    // one row too few when the last frame ended with a newline, which every frame shorter than
    // the terminal does: each frame then lands a row lower and the screen smears. After such a
    // frame the cursor sits below its last line, so it must go up one row more. The console
    // turns incremental rendering on only where this edit is in (INK_INCREMENTAL_FIXED).
    file: /ink[\\/]build[\\/]log-update\.js$/,
    replace: [
      [
        'buffer.push(ansiEscapes.cursorUp(previousVisible - 1));',
        "buffer.push(ansiEscapes.cursorUp(previousOutput.endsWith('\\n') ? previousVisible : previousVisible - 1));",
      ],
    ],
  },
  {
    // Ink 6.8 remembers the size of every distinct text it ever measured, for the life of the
    // process. A console left open for weeks shows an endless stream of new lines (events, logs,
    // ages): bound the cache instead of letting it grow without end.
    file: /ink[\\/]build[\\/]measure-text\.js$/,
    replace: [
      [
        'cache.set(text, dimensions);',
        'if (cache.size >= 4096) cache.clear();\n    cache.set(text, dimensions);',
      ],
    ],
  },
  {
    // The same for wrapped and truncated text.
    file: /ink[\\/]build[\\/]wrap-text\.js$/,
    replace: [
      ['const cache = {};', 'let cache = {};\nlet cacheSize = 0;'],
      [
        'cache[cacheKey] = wrappedText;',
        'if (++cacheSize > 4096) {\n        cache = {};\n        cacheSize = 1;\n    }\n    cache[cacheKey] = wrappedText;',
      ],
    ],
  },
  {
    // Ink turns every frame into a 120x40 grid of styled cells and back into text. For each cell
    // ansi-tokenize computes the style change from the cell before (three Sets and four arrays)
    // and joins it (one more Set): ~50,000 short-lived objects a frame, most of the allocation
    // churn of a console drawing 5-10 frames a second under a flood (bench/probes/alloc-profile.ts).
    // Neighbouring cells almost always share one style, and the change between two equal styles
    // is empty: skip the computation then. Same output, byte for byte.
    file: /@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/,
    replace: [
      [
        'export function styledCharsToString(chars) {',
        'function sameAnsiCodes(a, b) {\n    if (a === b) return true;\n    if (a.length !== b.length) return false;\n    for (let i = 0; i < a.length; i++) {\n        if (a[i].code !== b[i].code || a[i].endCode !== b[i].endCode) return false;\n    }\n    return true;\n}\nexport function styledCharsToString(chars) {',
      ],
      [
        '        else {\n            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));',
        '        else if (!sameAnsiCodes(chars[i - 1].styles, char.styles)) {\n            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));',
      ],
      [
        '        if (i === chars.length - 1) {',
        '        if (i === chars.length - 1 && char.styles.length > 0) {',
      ],
    ],
  },
  {
    // The same grid starts as 4,800 fresh blank cells (an object and an empty style array each)
    // every frame: one shared blank cell instead (frozen: cells are replaced, never changed), and
    // the per-line caches (styled cells, widths) kept from one frame to the next, bounded, instead
    // of rebuilt for every frame: most lines of a frame are the lines of the frame before.
    file: /ink[\\/]build[\\/]output\.js$/,
    replace: [
      [
        'class OutputCaches {',
        "const BLANK_CELL = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });\nconst CACHE_LIMIT = 512;\nclass OutputCaches {",
      ],
      [
        '            cached = styledCharsFromTokens(tokenize(line));\n            this.styledChars.set(line, cached);',
        '            cached = styledCharsFromTokens(tokenize(line));\n            if (this.styledChars.size >= CACHE_LIMIT) this.styledChars.clear();\n            this.styledChars.set(line, cached);',
      ],
      [
        '            cached = stringWidth(text);\n            this.widths.set(text, cached);',
        '            cached = stringWidth(text);\n            if (this.widths.size >= 8 * CACHE_LIMIT) this.widths.clear();\n            this.widths.set(text, cached);',
      ],
      [
        '            cached = lineWidth;\n            this.blockWidths.set(text, cached);',
        '            cached = lineWidth;\n            if (this.blockWidths.size >= CACHE_LIMIT) this.blockWidths.clear();\n            this.blockWidths.set(text, cached);',
      ],
      ['    caches = new OutputCaches();', '    caches = sharedOutputCaches;'],
      [
        'export default class Output {',
        'const sharedOutputCaches = new OutputCaches();\nexport default class Output {',
      ],
      [
        "                row.push({\n                    type: 'char',\n                    value: ' ',\n                    fullWidth: false,\n                    styles: [],\n                });",
        '                row.push(BLANK_CELL);',
      ],
    ],
  },
  {
    // Ink measures every text node of every frame (widest-line: string-width per line, after
    // stripping its colour codes) to decide whether to wrap it; a frame's texts are mostly the
    // texts of the frame before. Remember the widths (bounded, like the caches above).
    file: /ink[\\/]build[\\/]render-node-to-output\.js$/,
    replace: [
      [
        "import widestLine from 'widest-line';",
        "import uncachedWidestLine from 'widest-line';\nconst widestLineCache = new Map();\nconst widestLine = (text) => {\n    let width = widestLineCache.get(text);\n    if (width === undefined) {\n        width = uncachedWidestLine(text);\n        if (widestLineCache.size >= 4096) widestLineCache.clear();\n        widestLineCache.set(text, width);\n    }\n    return width;\n};",
      ],
    ],
  },
];

/** @type {import('esbuild').Plugin} */
const dependencyEdits = {
  name: 'dependency-edits',
  setup(build) {
    for (const edit of DEPENDENCY_EDITS) {
      build.onLoad({filter: edit.file}, async (args) => {
        let contents = await readFile(args.path, 'utf8');
        for (const [from, to] of edit.replace) {
          if (!contents.includes(from)) {
            return {errors: [{text: `dependency-edits: "${from}" not found in ${args.path}`}]};
          }
          contents = contents.replaceAll(from, to);
        }
        return {contents, loader: 'js'};
      });
    }
  },
};

/** The file names of the CommonJS outputs, beside cli.js. */
export const CORE_BUNDLE = 'cli-core.cjs';
export const CONSOLE_BUNDLE = 'console.cjs';
export const TWIN_ENTRY = 'cli-twin.cjs';

/** @returns {import('esbuild').BuildOptions} */
export const bundleOptions = ({entryPoints, outdir}) => ({
  entryPoints,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  outdir,
  logLevel: 'warning',
  // Less to parse at every start (~20 ms here); names are kept, so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [dependencyEdits],
  // Ink loads its devtools hook only when DEV=true; it is not a dependency.
  external: ['react-devtools-core'],
  define: {
    'process.env.NODE_ENV': '"production"',
    // Tells the console that Ink's incremental renderer carries the fix above.
    INK_INCREMENTAL_FIXED: 'true',
    // cli.tsx runs dist/cli-core.cjs and dist/console.cjs through V8's code cache.
    OCT_CORE_BUNDLE: JSON.stringify(CORE_BUNDLE),
    OCT_CONSOLE_BUNDLE: JSON.stringify(CONSOLE_BUNDLE),
  },
  // Inlined CommonJS dependencies (react, ws) call require().
  banner: {
    js: "import {createRequire as __octCreateRequire} from 'node:module'; const require = __octCreateRequire(import.meta.url);",
  },
});

/** A CommonJS file of the bundle, run by cli.tsx through V8's code cache (source/code-cache.ts). */
const cjsBundle = ({outdir, entry, file}) => {
  const base = bundleOptions({entryPoints: [entry], outdir});
  return {
    ...base,
    entryPoints: {[file.replace(/\.cjs$/, '')]: entry},
    format: 'cjs',
    splitting: false,
    outExtension: {'.js': '.cjs'},
    // meow is handed import.meta (it reads only its url); a CommonJS file has none of its own.
    define: {...base.define, 'import.meta': '__octImportMeta'},
    // The file is one function expression of Node's CommonJS arguments, which the loader
    // compiles and calls (no second copy of a ~1 MB source to wrap it at run time); strict, as
    // the ES modules it is built from are.
    banner: {
      js: "(function (exports, require, module, __filename, __dirname) {'use strict';\nvar __octImportMeta = {url: require('node:url').pathToFileURL(__filename).href};",
    },
    footer: {js: '})'},
  };
};

/**
 * dist/cli-core.cjs: source/cli-core.ts (parser, options, twins) as ONE CommonJS file, so that
 * cli.tsx can run it through V8's code cache (vm.Script cachedData; Node 20 has no code cache for
 * ES modules). What it imports dynamically (the twins, the demo fixture) stays in the file, only
 * evaluated when first imported. Same dependency edits and defines as the ES bundle.
 * @returns {import('esbuild').BuildOptions}
 */
export const coreBundleOptions = ({outdir}) =>
  cjsBundle({outdir, entry: path.join(projectRoot, 'source', 'cli-core.ts'), file: CORE_BUNDLE});

/**
 * dist/console.cjs: the interactive console (source/console/run-console.tsx: React, Ink, the
 * views) the same way, for the same reason: compiling its ~1.3 MB was most of a console start.
 * @returns {import('esbuild').BuildOptions}
 */
export const consoleBundleOptions = ({outdir}) =>
  cjsBundle({
    outdir,
    entry: path.join(projectRoot, 'source', 'console', 'run-console.tsx'),
    file: CONSOLE_BUNDLE,
  });

/**
 * dist/cli-twin.cjs: source/cli-twin.ts as a plain CommonJS module, which bin/openclaw-tui.cjs
 * requires for a command line with a command word (status, pending, …): a twin's start then
 * never initialises Node's ES module loader (~25-35 ms here). It is small (it loads cli-core.cjs
 * through the code cache) and is not itself cached: Node compiles it lazily, ~1 ms. Same
 * dependency edits and defines as the ES bundle.
 * @returns {import('esbuild').BuildOptions}
 */
export const twinEntryBundleOptions = ({outdir}) => {
  const entry = path.join(projectRoot, 'source', 'cli-twin.ts');
  const base = bundleOptions({entryPoints: [entry], outdir});
  return {
    ...base,
    entryPoints: {[TWIN_ENTRY.replace(/\.cjs$/, '')]: entry},
    format: 'cjs',
    splitting: false,
    outExtension: {'.js': '.cjs'},
    define: {...base.define, 'import.meta': '__octImportMeta'},
    // Strict, as the ES modules it is built from are; import.meta.url from the file's own name.
    banner: {
      js: "'use strict';\nvar __octImportMeta = {url: require('node:url').pathToFileURL(__filename).href};",
    },
  };
};

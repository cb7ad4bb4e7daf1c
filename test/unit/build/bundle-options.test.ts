// The shipped bundle's checked edits to dependencies (scripts/bundle-options.mjs): they land in
// the output, and a dependency whose text moved fails the build instead of shipping unedited.

import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import * as esbuild from 'esbuild';
// @ts-expect-error: a plain .mjs build script without type declarations
import {bundleOptions, projectRoot} from '../../../scripts/bundle-options.mjs';

type Options = (o: {entryPoints: string[]; outdir: string}) => esbuild.BuildOptions;
const optionsFor = bundleOptions as Options;
const root = projectRoot as string;

const work = mkdtempSync(path.join(tmpdir(), 'oct-bundle-'));
after(() => rmSync(work, {recursive: true, force: true}));

const bundled = (outdir: string): string =>
  readdirSync(outdir)
    .map((name) => readFileSync(path.join(outdir, name), 'utf8'))
    .join('\n');

test('the edits land: yoga without fetch, Ink’s text caches bounded, meow’s normaliser lazy', async () => {
  const entry = path.join(work, 'entry.mjs');
  const inkBuild = path.join(root, 'node_modules', 'ink', 'build');
  writeFileSync(
    entry,
    [
      `import measure from ${JSON.stringify(path.join(inkBuild, 'measure-text.js'))};`,
      `import wrap from ${JSON.stringify(path.join(inkBuild, 'wrap-text.js'))};`,
      `import Yoga from ${JSON.stringify(path.join(root, 'node_modules', 'yoga-layout', 'dist', 'src', 'index.js'))};`,
      `import {n as normalize} from ${JSON.stringify(path.join(root, 'node_modules', 'meow', 'build', 'dependencies.js'))};`,
      'console.log(measure, wrap, Yoga, normalize);',
    ].join('\n'),
  );
  const outdir = path.join(work, 'out');
  await esbuild.build({...optionsFor({entryPoints: [entry], outdir}), logLevel: 'silent'});
  const text = bundled(outdir);
  assert.match(text, /cache\.size>=4096&&cache\.clear\(\)/, 'measure-text cache bound');
  assert.match(text, /\+\+cacheSize>4096/, 'wrap-text cache bound');
  assert.doesNotMatch(text, /"function"!=typeof fetch/, 'yoga still tests for fetch');
  assert.match(text, /getDefaultExportFromCjs\(requireNormalize\(\)\)\(\.\.\.args\)/, 'meow lazy');
  // No top-level await left in yoga or Ink's reconciler (the console is built as CommonJS).
  assert.ok(!/await loadYoga\(\)/.test(text), 'yoga awaits its loader');
  assert.ok(/h\.octSyncWasm/.test(text), 'yoga’s synchronous start');
  assert.ok(/Buffer\.from\(a\.slice\(37\),"base64"\)/.test(text), 'yoga’s wasm decoded by Node');
});

test('yoga starts synchronously and lays out; Ink’s reconciler awaits nothing at its top', async () => {
  const entry = path.join(work, 'yoga.mjs');
  const inkBuild = path.join(root, 'node_modules', 'ink', 'build');
  writeFileSync(
    entry,
    [
      `export {default as Yoga} from ${JSON.stringify(path.join(root, 'node_modules', 'yoga-layout', 'dist', 'src', 'index.js'))};`,
      `export {default as reconciler} from ${JSON.stringify(path.join(inkBuild, 'reconciler.js'))};`,
    ].join('\n'),
  );
  const outdir = path.join(work, 'out-yoga');
  await esbuild.build({...optionsFor({entryPoints: [entry], outdir}), logLevel: 'silent'});
  const text = bundled(outdir);
  assert.ok(!/await import\('\.\/devtools\.js'\)/.test(text), 'Ink awaits its devtools');
  assert.ok(!/await loadPackageJson\(\)/.test(text), 'Ink awaits its package.json');
  type YogaNode = {
    setWidth(w: number): void;
    setHeight(h: number): void;
    insertChild(child: YogaNode, index: number): void;
    setFlexGrow(g: number): void;
    calculateLayout(w?: number, h?: number): void;
    getComputedWidth(): number;
    getComputedHeight(): number;
  };
  const {Yoga} = (await import(path.join(outdir, 'yoga.js'))) as {
    Yoga: {Node: {create(): YogaNode}};
  };
  const parent = Yoga.Node.create();
  parent.setWidth(120);
  parent.setHeight(40);
  const child = Yoga.Node.create();
  child.setFlexGrow(1);
  parent.insertChild(child, 0);
  parent.calculateLayout();
  assert.equal(child.getComputedWidth(), 120);
  assert.equal(child.getComputedHeight(), 40);
});

test('a dependency whose text moved fails the build', async () => {
  const fake = path.join(work, 'node_modules', 'ink', 'build');
  mkdirSync(fake, {recursive: true});
  writeFileSync(
    path.join(fake, 'measure-text.js'),
    'const cache = new Map(); export default (t) => cache.get(t);\n',
  );
  const entry = path.join(work, 'moved.mjs');
  writeFileSync(
    entry,
    `import m from ${JSON.stringify(path.join(fake, 'measure-text.js'))};\nconsole.log(m);\n`,
  );
  await assert.rejects(
    esbuild.build({
      ...optionsFor({entryPoints: [entry], outdir: path.join(work, 'out-moved')}),
      logLevel: 'silent',
    }),
    /dependency-edits: "cache\.set\(text, dimensions\);" not found/,
  );
});

// Texts the console draws: plain runs, nested and reset styles, colours, wide characters.
const STYLES = ['\x1b[1m', '\x1b[22m', '\x1b[2m', '\x1b[31m', '\x1b[39m', '\x1b[4m', '\x1b[24m'];
const PIECES = ['a', 'bc ', '─', '›', '界', '▾ ', 'run ', '·', '✓', '  '];
const randomText = (seed: number): string => {
  let state = seed;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  let text = '';
  for (let i = 0, n = 1 + next(30); i < n; i++) {
    text += next(3) === 0 ? (STYLES[next(STYLES.length)] as string) : '';
    text += PIECES[next(PIECES.length)] as string;
  }
  return next(4) === 0 ? `${text}\x1b[0m` : text;
};

test('the frame edits change no output: styled cells and whole frames as Ink writes them', async () => {
  const tokenizeDir = path.join(root, 'node_modules', '@alcalzone', 'ansi-tokenize', 'build');
  const output = path.join(root, 'node_modules', 'ink', 'build', 'output.js');
  const entry = path.join(work, 'frames.mjs');
  writeFileSync(
    entry,
    [
      `export * from ${JSON.stringify(path.join(tokenizeDir, 'index.js'))};`,
      `export {default as Output} from ${JSON.stringify(output)};`,
      `export {default as renderNodeToOutput} from ${JSON.stringify(path.join(root, 'node_modules', 'ink', 'build', 'render-node-to-output.js'))};`,
    ].join('\n'),
  );
  const outdir = path.join(work, 'out-frames');
  await esbuild.build({...optionsFor({entryPoints: [entry], outdir}), logLevel: 'silent'});
  // An ES module (yoga, under Ink's renderer, awaits at its top level).
  writeFileSync(path.join(outdir, 'package.json'), '{"type": "module"}\n');
  const text = bundled(outdir);
  assert.match(text, /sameAnsiCodes/, 'ansi-tokenize edit');
  assert.match(text, /BLANK_CELL/, 'blank cell edit');
  assert.match(text, /sharedOutputCaches/, 'shared caches edit');
  assert.match(text, /widestLineCache/, 'text widths remembered');

  type Tokenize = {
    tokenize: (s: string) => unknown[];
    styledCharsFromTokens: (t: unknown[]) => unknown[];
    styledCharsToString: (c: unknown[]) => string;
  };
  type OutputClass = new (o: {width: number; height: number}) => {
    write(x: number, y: number, text: string, o: {transformers: unknown[]}): void;
    get(): {output: string; height: number};
  };
  const edited = (await import(path.join(outdir, 'frames.js'))) as Tokenize & {
    Output: OutputClass;
  };
  const original = (await import(path.join(tokenizeDir, 'index.js'))) as Tokenize;
  const {default: OriginalOutput} = (await import(output)) as {default: OutputClass};

  for (let seed = 1; seed <= 400; seed++) {
    const line = randomText(seed);
    assert.equal(
      edited.styledCharsToString(edited.styledCharsFromTokens(edited.tokenize(line))),
      original.styledCharsToString(original.styledCharsFromTokens(original.tokenize(line))),
      JSON.stringify(line),
    );
  }
  // Several frames in a row (the caches now live from one frame to the next), overlapping writes.
  for (let frame = 0; frame < 30; frame++) {
    const a = new edited.Output({width: 40, height: 6});
    const b = new OriginalOutput({width: 40, height: 6});
    for (let i = 0; i < 8; i++) {
      const x = (frame * 7 + i * 5) % 30;
      const y = (frame + i) % 6;
      const line = randomText(frame * 10 + (i % 4));
      a.write(x, y, line, {transformers: []});
      b.write(x, y, line, {transformers: []});
    }
    assert.deepEqual(a.get(), b.get(), `frame ${frame}`);
  }
});

test('conf’s validator and semver, and string-width’s segmenter, are made on first use and still work', async () => {
  const entry = path.join(work, 'lazy.mjs');
  writeFileSync(
    entry,
    [
      `export {default as Conf} from ${JSON.stringify(path.join(root, 'node_modules', 'conf', 'dist', 'source', 'index.js'))};`,
      `export {default as stringWidth} from ${JSON.stringify(path.join(root, 'node_modules', 'string-width', 'index.js'))};`,
    ].join('\n'),
  );
  const outdir = path.join(work, 'out-lazy');
  await esbuild.build({...optionsFor({entryPoints: [entry], outdir}), logLevel: 'silent'});
  const text = bundled(outdir);
  // Nothing at the top level of conf's module evaluates ajv or semver any more (assert.ok: a
  // failure names the check instead of printing the whole bundle).
  assert.ok(!/import_ajv_formats\s*=/.test(text), 'ajv-formats imported at the top');
  assert.ok(!/import__\s*=\s*__toESM\(require__\(\)/.test(text), 'ajv imported at the top');
  assert.ok(!/import_semver\d*\s*=/.test(text), 'semver imported at the top');
  assert.ok(/require_dist\(\)\.default/.test(text), 'ajv-formats required where used');
  assert.ok(/\(segmenterInstance\s*\?\?=\s*new Intl\.Segmenter\)/.test(text), 'string-width lazy');

  type ConfLike = {get(key: string): unknown; set(key: string, value: unknown): void};
  type ConfClass = new (options: Record<string, unknown>) => ConfLike;
  const edited = (await import(path.join(outdir, 'lazy.js'))) as {
    Conf: ConfClass;
    stringWidth: (text: string) => number;
  };
  // A schema still validates (ajv + ajv-formats required on first use).
  const dir = path.join(work, 'conf-store');
  const store = new edited.Conf({
    cwd: dir,
    configName: 'schema',
    schema: {port: {type: 'number'}, mail: {type: 'string', format: 'email'}},
  });
  store.set('port', 80);
  assert.equal(store.get('port'), 80);
  assert.throws(() => store.set('port', 'eighty'), /must be number/);
  assert.throws(() => store.set('mail', 'not-an-address'), /must match format "email"/);
  // Migrations still compare versions (semver required on first use).
  const migrated = new edited.Conf({
    cwd: dir,
    configName: 'migrated',
    projectVersion: '2.0.0',
    migrations: {'1.0.0': (conf: ConfLike) => conf.set('from', '1.0.0')},
  });
  assert.equal(migrated.get('from'), '1.0.0');
  // Same widths as the unedited module.
  const {default: original} = (await import('string-width')) as {
    default: (text: string) => number;
  };
  for (const sample of ['abc', '界界', '👩‍👩‍👧', 'e\u0301', '\x1b[31mred\x1b[39m', '한국어', '']) {
    assert.equal(edited.stringWidth(sample), original(sample), sample);
  }
});

test('terminal-size requires node:child_process only for its last resort, with the same answers', async () => {
  const entry = path.join(work, 'terminal-size.mjs');
  const original = path.join(root, 'node_modules', 'terminal-size', 'index.js');
  writeFileSync(entry, `export {default} from ${JSON.stringify(original)};`);
  const outdir = path.join(work, 'out-terminal-size');
  await esbuild.build({...optionsFor({entryPoints: [entry], outdir}), logLevel: 'silent'});
  const text = bundled(outdir);
  assert.ok(!/import\s*\{[^}]*execFileSync[^}]*\}\s*from\s*"node:child_process"/.test(text));
  assert.ok(/require\("node:child_process"\)\.execFileSync\(/.test(text), 'required where used');
  // With no terminal and no COLUMNS/LINES, terminal-size asks `tput` through that require: a
  // `tput` of our own answers 123x45, and the edited module must say so, as the unedited one does.
  const bin = path.join(work, 'fake-tput');
  mkdirSync(bin, {recursive: true});
  writeFileSync(
    path.join(bin, 'tput'),
    '#!/bin/sh\nif [ "$1" = cols ]; then echo 123; else echo 45; fi\n',
    {mode: 0o755},
  );
  const {spawn} = await import('node:child_process');
  const answer = (file: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const env: NodeJS.ProcessEnv = {PATH: `${bin}:${process.env.PATH}`, TERM: 'xterm-256color'};
      const child = spawn(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import size from ${JSON.stringify(file)}; console.log(JSON.stringify(size()));`,
        ],
        // A new session: no controlling terminal, so /dev/tty cannot answer first.
        {env, stdio: ['ignore', 'pipe', 'pipe'], detached: true},
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (status) =>
        status === 0 ? resolve(out.trim()) : reject(new Error(`exit ${status}: ${err}`)),
      );
    });
  assert.equal(await answer(original), '{"columns":123,"rows":45}');
  assert.equal(await answer(path.join(outdir, 'terminal-size.js')), await answer(original));
});

test('ws requires https, tls and zlib only where a connection uses them, and they still work', async () => {
  const entry = path.join(work, 'ws-lazy.mjs');
  const ws = path.join(root, 'node_modules', 'ws', 'wrapper.mjs');
  const meow = path.join(root, 'node_modules', 'meow', 'build', 'index.js');
  writeFileSync(
    entry,
    `export {WebSocket, WebSocketServer} from ${JSON.stringify(ws)};\nexport {default as meow} from ${JSON.stringify(meow)};`,
  );
  const outdir = path.join(work, 'out-ws');
  await esbuild.build({...optionsFor({entryPoints: [entry], outdir}), logLevel: 'silent'});
  const text = bundled(outdir);
  assert.ok(!/\b(https|tls|zlib)\d*\s*=\s*require\("(https|tls|zlib)"\)/.test(text), 'eager');
  assert.ok(/require\("https"\)\.request/.test(text), 'https required where used');
  assert.ok(/require\("tls"\)\.connect\(/.test(text), 'tls required where used');
  assert.ok(
    /zlibModule\s*\?\?=\s*[\w$]*require[\w$]*\("zlib"\)/.test(text),
    'zlib required where used',
  );
  assert.ok(!/promisify\(execFile\)/.test(text), "meow's unused execFile promise");
  assert.ok(!/from\s*"node:child_process"/.test(text), 'meow imports node:child_process');

  type Socket = {
    on(event: string, listener: (...args: unknown[]) => void): void;
    send(data: string): void;
    close(): void;
    readonly extensions: string;
  };
  const edited = (await import(path.join(outdir, 'ws-lazy.js'))) as {
    WebSocket: new (url: string) => Socket;
    WebSocketServer: new (options: Record<string, unknown>) => {
      on(event: string, listener: (socket: Socket) => void): void;
      address(): {port: number};
      close(): void;
    };
  };
  // permessage-deflate negotiated: zlib through the lazy require, both ways.
  const server = new edited.WebSocketServer({port: 0, host: '127.0.0.1', perMessageDeflate: true});
  await new Promise((resolve) => server.on('listening', resolve as () => void));
  server.on('connection', (socket) =>
    socket.on('message', (data) => socket.send(String(data as Buffer))),
  );
  try {
    const client = new edited.WebSocket(`ws://127.0.0.1:${server.address().port}`);
    const text = 'x'.repeat(10_000) + 'end';
    const echoed = await new Promise<string>((resolve, reject) => {
      client.on('open', () => client.send(text));
      client.on('message', (data) => resolve(String(data as Buffer)));
      client.on('error', reject);
    });
    assert.match(client.extensions, /permessage-deflate/);
    assert.equal(echoed, text);
    client.close();
  } finally {
    server.close();
  }
  // wss:// goes through https.request and tls.connect: against a server that speaks no TLS the
  // handshake fails as a TLS failure (not a missing module or an undefined function).
  const {createServer} = await import('node:net');
  const plain = createServer((socket) => socket.end('not tls\n'));
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  try {
    const {port} = plain.address() as {port: number};
    const failure = await new Promise<Error>((resolve) => {
      const client = new edited.WebSocket(`wss://127.0.0.1:${port}`);
      client.on('error', (error) => resolve(error as Error));
    });
    assert.ok(!/require|not a function|Cannot find/i.test(failure.message), failure.message);
    assert.match(
      `${(failure as NodeJS.ErrnoException).code ?? ''} ${failure.message}`,
      /EPROTO|ECONNRESET|TLS|SSL|socket disconnected/i,
    );
  } finally {
    plain.close();
  }
});

test('widths and graphemes without ICU for simple text: the same answers as the unedited packages', async () => {
  const modules = path.join(root, 'node_modules');
  const files = {
    stringWidth: path.join(modules, 'string-width', 'index.js'),
    stringWidth7: path.join(modules, 'wrap-ansi', 'node_modules', 'string-width', 'index.js'),
    tokenize: path.join(modules, '@alcalzone', 'ansi-tokenize', 'build', 'tokenize.js'),
    sliceAnsi: path.join(modules, 'slice-ansi', 'index.js'),
    onExit: path.join(modules, 'signal-exit', 'index.js'),
  };
  const entry = path.join(work, 'simple-text.mjs');
  writeFileSync(
    entry,
    [
      `export {default as stringWidth} from ${JSON.stringify(files.stringWidth)};`,
      `export {default as stringWidth7} from ${JSON.stringify(files.stringWidth7)};`,
      `export {tokenize} from ${JSON.stringify(files.tokenize)};`,
      `export {default as sliceAnsi} from ${JSON.stringify(files.sliceAnsi)};`,
      `export {default as onExit} from ${JSON.stringify(files.onExit)};`,
    ].join('\n'),
  );
  const outdir = path.join(work, 'out-simple-text');
  await esbuild.build({...optionsFor({entryPoints: [entry], outdir}), logLevel: 'silent'});
  const text = bundled(outdir);
  // No segmenter or Unicode-set expression is made at import: each is made on first use.
  const segmenters = text.match(/.{0,40}new Intl\.Segmenter/g) ?? [];
  assert.equal(segmenters.length, 4, 'one segmenter per edited module');
  for (const made of segmenters) assert.match(made, /\?\?=\s*new Intl\.Segmenter$/, made);
  assert.ok(/function octUnicodeRegexes\(\)\s*\{\s*visibleCharacterRegex\s*=/.test(text));
  assert.ok(!/require\("assert"\),/.test(text), 'signal-exit requires assert at its top');

  type Width = (text: string, options?: {ambiguousIsNarrow?: boolean}) => number;
  type Edited = {
    stringWidth: Width;
    stringWidth7: Width;
    tokenize: (text: string) => unknown[];
    sliceAnsi: (text: string, start: number, end?: number) => string;
    onExit: (cb: unknown) => () => void;
  };
  const edited = (await import(path.join(outdir, 'simple-text.js'))) as Edited;
  const original = {
    stringWidth: ((await import(files.stringWidth)) as {default: Width}).default,
    stringWidth7: ((await import(files.stringWidth7)) as {default: Width}).default,
    tokenize: ((await import(files.tokenize)) as {tokenize: Edited['tokenize']}).tokenize,
    sliceAnsi: ((await import(files.sliceAnsi)) as {default: Edited['sliceAnsi']}).default,
  };
  // Every code unit up to U+2600 (the fast path takes none above U+25FA), alone and beside
  // itself and ASCII (a fast path that took a character joining its neighbour into one grapheme,
  // or measured it wrongly, differs here); above, a sample (those take the unedited path).
  for (let code = 0x20; code <= 0xffff; code += code < 0x2600 ? 1 : 61) {
    const c = String.fromCharCode(code);
    const around = `a${c}a${c}${c}`;
    for (const ambiguousIsNarrow of [true, false]) {
      const options = {ambiguousIsNarrow};
      assert.equal(edited.stringWidth(c, options), original.stringWidth(c, options), around);
      assert.equal(edited.stringWidth7(c, options), original.stringWidth7(c, options), around);
    }
    assert.equal(edited.stringWidth(around), original.stringWidth(around), around);
    assert.deepEqual(
      edited.tokenize(`\x1b[1m${around}\x1b[22m`),
      original.tokenize(`\x1b[1m${around}\x1b[22m`),
    );
  }
  // Mixed lines: simple runs, colour codes, emoji, combining marks, wide characters.
  const pieces = [
    'ab ',
    '─│└',
    '›●·',
    '↓↑',
    '\x1b[2m',
    '\x1b[22m',
    '界',
    '👩‍👩‍👧',
    'e\u0301',
    '▶',
    '✓',
    '©',
  ];
  for (let seed = 1; seed <= 300; seed++) {
    let line = '';
    let state = seed;
    for (let i = 0; i < 8; i++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      line += pieces[state % pieces.length] as string;
    }
    assert.equal(edited.stringWidth(line), original.stringWidth(line), JSON.stringify(line));
    assert.equal(edited.stringWidth7(line), original.stringWidth7(line), JSON.stringify(line));
    assert.deepEqual(edited.tokenize(line), original.tokenize(line), JSON.stringify(line));
    assert.equal(
      edited.sliceAnsi(line, 2, 9),
      original.sliceAnsi(line, 2, 9),
      JSON.stringify(line),
    );
  }
  // signal-exit still checks its argument (node:assert loaded only then).
  assert.throws(() => edited.onExit('not a function'), /a callback must be provided/);
  edited.onExit(() => {})();
});

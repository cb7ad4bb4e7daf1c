// Installed the way operators install it (issue 15): a copy of this checkout is built and packed,
// the tarball is installed into a temporary global prefix with the system npm (offline: the
// package has no run-time dependencies, everything is in its bundle), and the installed
// `openclaw-tui` must run its bundle for `--version` and for `status --json` against a fixture
// gateway, and draw the demo's first frame in a pseudo-terminal. The same copy then shows how a
// development checkout chooses: bundle while it matches the sources (a hash, never file times),
// the sources when they changed, one line and the sources when the bundle is damaged.

import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  utimesSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before, test} from 'node:test';
import {startFixtureGateway, type FixtureGateway} from '../../source/fixture/fixture-gateway.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
  dependencies?: Record<string, string>;
};

const work = mkdtempSync(path.join(tmpdir(), 'oct-install-'));
const checkout = path.join(work, 'checkout');
const prefix = path.join(work, 'prefix');
const home = path.join(work, 'home');
const installed = path.join(prefix, 'lib', 'node_modules', 'openclaw-tui');
const bin = path.join(prefix, 'bin', 'openclaw-tui');
let gateway: FixtureGateway | undefined;

/** The environment without npm's own npm_* variables (this test runs under `npm test`). */
const cleanEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith('npm_') && !key.startsWith('OPENCLAW')) env[key] = value;
  }
  return {...env, HOME: home, OPENCLAW_TUI_HOME: path.join(home, 'tui'), NO_COLOR: '1', ...extra};
};

type RunResult = {readonly status: number | null; readonly stdout: string; readonly stderr: string};

/** Runs a program to its end without blocking this process (the fixture gateway lives here). */
const run = (
  command: string,
  args: readonly string[],
  options: {cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number} = {},
): Promise<RunResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? work,
      env: options.env ?? cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 120_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({status, stdout, stderr});
    });
  });

const ok = async (pending: Promise<RunResult>, what: string): Promise<string> => {
  const result = await pending;
  assert.equal(result.status, 0, `${what}: exit ${result.status}\n${result.stderr}`);
  return result.stdout;
};

before(async () => {
  mkdirSync(home, {recursive: true});
  // A copy, so the build and the edits below never touch this checkout's dist/ or source/.
  cpSync(root, checkout, {
    recursive: true,
    filter: (from) => {
      const rel = path.relative(root, from);
      return !/^(node_modules|dist|\.git|coverage|\.cache|tmp)(\/|$)|\.tgz$/.test(rel);
    },
  });
  symlinkSync(realpathSync(path.join(root, 'node_modules')), path.join(checkout, 'node_modules'));
  await ok(run(process.execPath, ['scripts/build.mjs'], {cwd: checkout}), 'build');
  gateway = await startFixtureGateway({tickIntervalMs: 0});
});

after(async () => {
  await gateway?.close();
  rmSync(work, {recursive: true, force: true});
});

test('the packed package holds the bin and the bundle, nothing else; it installs offline', async () => {
  const packed = JSON.parse(
    await ok(
      run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
        cwd: checkout,
      }),
      'npm pack',
    ),
  ) as {filename: string; files: {path: string}[]}[];
  const files = (packed[0]?.files ?? []).map((file) => file.path);
  assert.ok(files.includes('dist/cli.js') && files.includes(manifest.bin['openclaw-tui'] ?? ''));
  const extra = files.filter(
    (file) => !/^(bin|dist)\//.test(file) && !/^(package\.json|readme\.md|LICENSE)$/i.test(file),
  );
  assert.deepEqual(extra, [], 'only bin/, dist/, package.json, readme, licence');
  // Everything the bundle needs is in it: no run-time dependency to download.
  assert.deepEqual(Object.keys(manifest.dependencies ?? {}), []);

  const tarball = path.join(work, packed[0]?.filename ?? '');
  await ok(
    run('npm', [
      'install',
      '-g',
      tarball,
      '--prefix',
      prefix,
      '--offline',
      '--no-audit',
      '--no-fund',
    ]),
    'npm install -g',
  );
  assert.ok(existsSync(bin), 'the bin is linked into the prefix');
  assert.deepEqual(readdirSync(installed).sort(), ['bin', 'dist', 'package.json', 'readme.md']);
});

test('the installed bin runs its bundle: --version --verbose and the entry line', async () => {
  assert.ok(existsSync(bin), 'installed by the previous test');
  const out = await ok(run(bin, ['--version', '--verbose']), '--version --verbose');
  const [version, entry] = out.split('\n');
  assert.equal(version, manifest.version);
  assert.equal(
    entry,
    `entry: bundle ${path.join(installed, 'dist', 'cli.js')} (installed package)`,
  );
  // Plain --version is answered by the bin itself (no ES module loader, none of dist/ loaded),
  // with the same line.
  assert.equal(await ok(run(bin, ['--version']), '--version'), `${manifest.version}\n`);
  // File times do not matter: a source-looking file newer than the bundle changes nothing.
  const future = new Date(Date.now() + 3_600_000);
  utimesSync(path.join(installed, 'package.json'), future, future);
  assert.match(
    await ok(run(bin, ['--version', '--verbose']), 'again'),
    /entry: bundle .*installed/,
  );
});

test('the installed bin: status --json against the fixture gateway, from the bundle', async () => {
  assert.ok(gateway && existsSync(bin));
  const result = await run(bin, ['status', '--json'], {
    env: cleanEnv({
      OPENCLAW_GATEWAY_URL: gateway.url,
      OPENCLAW_GATEWAY_TOKEN: gateway.token,
      OPENCLAW_TUI_WHICH_ENTRY: '1',
    }),
  });
  const doc = JSON.parse(await ok(Promise.resolve(result), 'status --json')) as {
    ok: boolean;
    gateway: {url: string};
    connection: {ok: boolean; protocol: number};
  };
  assert.equal(doc.ok, true);
  assert.equal(doc.gateway.url, gateway.url);
  assert.equal(doc.connection.ok, true);
  assert.equal(doc.connection.protocol, 4);
  // A twin's command line goes to dist/cli-twin.cjs (CommonJS: no ES module loader), which runs
  // dist/cli-core.cjs through V8's code cache: compiled and cached the first time, taken from
  // the cache (in the data directory, private) the next.
  const entry = `openclaw-tui: entry bundle ${path.join(installed, 'dist', 'cli-twin.cjs')} (installed package)\n`;
  assert.equal(
    result.stderr,
    `${entry}openclaw-tui: code cache (status) compiled\nopenclaw-tui: code cache (status) written\n`,
  );
  const again = await run(bin, ['status', '--json'], {
    env: cleanEnv({
      OPENCLAW_GATEWAY_URL: gateway.url,
      OPENCLAW_GATEWAY_TOKEN: gateway.token,
      OPENCLAW_TUI_WHICH_ENTRY: '1',
    }),
  });
  assert.equal((JSON.parse(await ok(Promise.resolve(again), 'again')) as {ok: boolean}).ok, true);
  assert.equal(
    again.stderr,
    `${entry}openclaw-tui: code cache (status) used\nopenclaw-tui: code cache (status) kept\n`,
  );
  const cacheDir = path.join(home, 'tui', 'cache');
  const cached = readdirSync(cacheDir);
  assert.equal(cached.length, 1);
  assert.match(cached[0] ?? '', /^v8-status-[0-9a-f]{24}\.bin$/);
  if (process.platform !== 'win32') {
    assert.equal(statSync(cacheDir).mode & 0o777, 0o700);
    assert.equal(statSync(path.join(cacheDir, cached[0] ?? '')).mode & 0o777, 0o600);
  }
});

test('the installed bin: OPENCLAW_TUI_MARKS=1 names each milestone of a twin, in order', async () => {
  assert.ok(gateway && existsSync(bin));
  const result = await run(bin, ['status', '--json'], {
    env: cleanEnv({
      OPENCLAW_GATEWAY_URL: gateway.url,
      OPENCLAW_GATEWAY_TOKEN: gateway.token,
      OPENCLAW_TUI_MARKS: '1',
    }),
  });
  assert.equal(result.status, 0, result.stderr);
  const marks = [...result.stderr.matchAll(/^openclaw-tui: mark (\S+) (\d+\.\d)$/gm)];
  assert.equal(marks.length, result.stderr.split('\n').length - 1, 'nothing but marks');
  assert.deepEqual(
    marks.map((mark) => mark[1]),
    ['bin', 'entry', 'code', 'options', 'modules', 'identity', 'hello', 'lists', 'closed', 'exit'],
  );
  const times = marks.map((mark) => Number(mark[2]));
  assert.deepEqual(
    times,
    [...times].sort((a, b) => a - b),
    'in the order they happened',
  );
  // Without the variable: none.
  const quiet = await run(bin, ['status', '--json'], {
    env: cleanEnv({OPENCLAW_GATEWAY_URL: gateway.url, OPENCLAW_GATEWAY_TOKEN: gateway.token}),
  });
  assert.equal(quiet.stderr, '');
});

test('the installed bin: a command word that is an option’s value is the console’s command line', async () => {
  assert.ok(existsSync(bin));
  // `pending` is the token here, not the command: the twins' entry (which parsed the command
  // line with cli-core) hands it back and dist/cli.js (which parses it again) runs the console,
  // which needs a terminal. Nothing went well for a twin, so no code cache is written.
  const result = await run(bin, ['--token', 'pending'], {
    env: cleanEnv({OPENCLAW_GATEWAY_URL: 'ws://127.0.0.1:9', OPENCLAW_TUI_WHICH_ENTRY: '1'}),
  });
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  const dist = path.join(installed, 'dist');
  assert.equal(
    result.stderr,
    [
      `openclaw-tui: entry bundle ${path.join(dist, 'cli-twin.cjs')} (installed package)`,
      'openclaw-tui: code cache (pending) compiled',
      `openclaw-tui: entry bundle ${path.join(dist, 'cli.js')} (installed package)`,
      'openclaw-tui: code cache (pending) compiled',
      'openclaw-tui: the console needs a terminal; for scripts use `status`, `sessions`, `pending` or `tail` (see --help)',
      '',
    ].join('\n'),
  );
});

test('the installed bin draws the demo’s first frame in a pseudo-terminal', async (t) => {
  assert.ok(existsSync(bin));
  if (spawnSync('script', ['--version'], {encoding: 'utf8'}).error) {
    t.skip('NOT CHECKED: `script` (util-linux) is not installed, no pseudo-terminal available');
    return;
  }
  // script(1) gives the bin a pty; stty sets its size as a terminal would.
  const child = spawn(
    'script',
    ['-qfec', `stty rows 30 cols 100; exec ${JSON.stringify(bin)} --demo`, '/dev/null'],
    {cwd: work, env: cleanEnv({TERM: 'xterm-256color'}), stdio: ['pipe', 'pipe', 'pipe']},
  );
  let screen = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no first frame within 30 s; output: ${JSON.stringify(screen)}`)),
        30_000,
      );
      child.stdout.on('data', (chunk: Buffer) => {
        screen += chunk.toString('utf8');
        // The header with the demo badge, connected to the demo gateway the bundle carries.
        if (/DEMO/.test(screen) && /openclaw-tui/.test(screen) && /connected/.test(screen)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.stdin.write('q');
    const code = await Promise.race([
      exited,
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000)),
    ]);
    assert.equal(code, 0, 'q quits the demo');
    assert.doesNotMatch(screen, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('an installed package with a damaged bundle: one line, exit 1, no stack trace', async () => {
  const chunk = readdirSync(path.join(installed, 'dist')).find((name) => name === 'console.cjs');
  assert.ok(chunk);
  truncateSync(path.join(installed, 'dist', chunk), 10);
  const result = await run(bin, ['status']);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /^openclaw-tui: the bundle \(dist\/\) is missing or damaged: .+\n$/);
  assert.equal(result.stdout, '');
  // Plain --version too: the bin answers it only once the bundle is known to be whole.
  const version = await run(bin, ['--version']);
  assert.equal(version.status, 1);
  assert.match(version.stderr, /^openclaw-tui: the bundle \(dist\/\) is missing or damaged: .+\n$/);
  assert.equal(version.stdout, '');
});

test('a development checkout: bundle while it matches the sources, by content not file times', async () => {
  const entry = async (): Promise<string> => {
    const args = ['bin/openclaw-tui.cjs', '--version', '--verbose'];
    const out = await ok(run(process.execPath, args, {cwd: checkout}), 'version');
    return out.split('\n')[1] ?? '';
  };
  assert.match(await entry(), /^entry: bundle .*checkout\/dist\/cli\.js \(development checkout/);
  // Touched but unchanged (a git checkout, a copy): still the bundle.
  const file = path.join(checkout, 'source', 'cli-table.ts');
  const future = new Date(Date.now() + 3_600_000);
  utimesSync(file, future, future);
  assert.match(await entry(), /^entry: bundle /);
  // Changed: the sources, through tsx, silently (an edited checkout never runs stale code).
  appendFileSync(file, '// edited\n');
  const stale = await run(process.execPath, ['bin/openclaw-tui.cjs', '--version', '--verbose'], {
    cwd: checkout,
  });
  assert.equal(stale.status, 0, stale.stderr);
  assert.match(stale.stdout, /^entry: sources .*source\/cli\.tsx \(bundle stale: /m);
  assert.equal(stale.stderr, '');
});

test('a development checkout with a damaged bundle: one line, then the sources', async () => {
  await ok(run(process.execPath, ['scripts/build.mjs'], {cwd: checkout}), 'rebuild');
  appendFileSync(path.join(checkout, 'dist', 'cli.js'), '\nthis is not javascript(\n');
  const result = await run(process.execPath, ['bin/openclaw-tui.cjs', '--version', '--verbose'], {
    cwd: checkout,
  });
  assert.equal(result.status, 0, result.stderr);
  assert.match(
    result.stderr,
    /^openclaw-tui: the bundle \(dist\/\) is missing or damaged: dist\/cli\.js is damaged .*running the sources through tsx.*\n$/,
  );
  assert.match(result.stdout, /^entry: sources .*\(bundle unusable: /m);
  rmSync(path.join(checkout, 'dist'), {recursive: true});
  const missing = await run(process.execPath, ['bin/openclaw-tui.cjs', '--version'], {
    cwd: checkout,
  });
  assert.equal(missing.status, 0);
  assert.match(missing.stderr, /^openclaw-tui: .*dist\/build-stamp\.json is missing.*\n$/);
});

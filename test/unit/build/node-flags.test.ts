// The Node flags the console ships with live on the bin's first line
// (`#!/usr/bin/env -S node --flag …`): npm links the bin as is (global install, npx, node_modules/.bin)
// and its Windows shim passes them on. These checks keep the line working: this Node accepts the
// flags, the kernel runs such a line, and `npm start`/`npm run demo` (which name node themselves and
// so bypass the line) pass the same flags.

import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {parseShebangFlags} from '../../../bench/support/node-flags.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const firstLine = readFileSync(path.join(root, 'bin', 'openclaw-tui.cjs'), 'utf8').split('\n')[0]!;
const flags = parseShebangFlags(firstLine);
const work = mkdtempSync(path.join(tmpdir(), 'oct-flags-'));
after(() => rmSync(work, {recursive: true, force: true}));

test('the shebang parser reads the flags after node', () => {
  assert.deepEqual(parseShebangFlags('#!/usr/bin/env node'), []);
  assert.deepEqual(
    parseShebangFlags('#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=40'),
    ['--max-semi-space-size=4', '--heap-growing-percent=40'],
  );
});

test("this Node accepts the bin's flags (an unknown one would stop every start)", () => {
  const script = path.join(work, 'exec-argv.js');
  writeFileSync(script, 'process.stdout.write(JSON.stringify(process.execArgv));\n');
  const run = spawnSync(process.execPath, [...flags, script], {encoding: 'utf8'});
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), flags);
});

test(
  'the kernel runs the first line as written, flags and all',
  {skip: process.platform === 'win32'},
  () => {
    const script = path.join(work, 'probe.js');
    writeFileSync(
      script,
      `${firstLine}\nprocess.stdout.write(JSON.stringify(process.execArgv));\n`,
    );
    chmodSync(script, 0o755);
    const run = spawnSync(script, {encoding: 'utf8', env: {...process.env, NODE_OPTIONS: ''}});
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), flags);
  },
);

test('npm start and npm run demo pass the same flags (they name node, bypassing the line)', () => {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  for (const name of ['start', 'demo']) {
    const script = manifest.scripts[name] ?? '';
    const words = script.split(/\s+/);
    assert.equal(words[0], 'node', `${name}: ${script}`);
    const bin = words.indexOf('bin/openclaw-tui.cjs');
    assert.ok(bin > 0, `${name}: ${script}`);
    assert.deepEqual(words.slice(1, bin), flags, `${name}: ${script}`);
  }
});

// bin/openclaw-tui.cjs sends a command line holding a command word to dist/cli-twin.cjs before
// any of the bundle is loaded, so it keeps its own list of the words (it cannot import the
// TypeScript table). The list must be COMMAND_TABLE's: a word missing there would still work
// (through dist/cli.js) but start slower; a word too many would take a console's command line
// through the twins' entry, which hands it back.

import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {COMMAND_TABLE} from '../../../source/cli-table.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

test("the bin's command words are COMMAND_TABLE's", () => {
  const text = readFileSync(path.join(root, 'bin', 'openclaw-tui.cjs'), 'utf8');
  const list = /const COMMAND_WORDS = new Set\(\[([^\]]*)\]\)/.exec(text)?.[1];
  assert.ok(list !== undefined, 'COMMAND_WORDS in the bin');
  const words = [...list.matchAll(/'([^']+)'/g)].map((match) => match[1]);
  const names = COMMAND_TABLE.flatMap((row) => (row.name === undefined ? [] : [row.name]));
  assert.deepEqual([...words].sort(), [...names].sort());
});

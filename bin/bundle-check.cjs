// Is the bundle whole? dist/build-stamp.json (written by scripts/build.mjs, see
// scripts/build-stamp.mjs) lists every file of dist/ with its size; bin/openclaw-tui.cjs checks
// them before loading the bundle, so a missing or truncated file is one clear line instead of
// a stack trace from the middle of a run. Only node:fs and node:path: this runs at every start.
// CommonJS, as the bin is (no ES module loader at start); ES modules import it by name.
'use strict';
const {readFileSync, statSync} = require('node:fs');
const path = require('node:path');

const STAMP_FILE = 'build-stamp.json';
const STAMP_FORMAT = 1;

/** The stamp, or a reason it cannot be used. */
const readStamp = (outdir) => {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(path.join(outdir, STAMP_FILE), 'utf8'));
  } catch (error) {
    return {
      problem: `dist/${STAMP_FILE} is ${error?.code === 'ENOENT' ? 'missing (never built?)' : 'unreadable'}`,
    };
  }
  if (
    stamp?.format !== STAMP_FORMAT ||
    typeof stamp.outputs !== 'object' ||
    stamp.outputs === null
  ) {
    return {problem: `dist/${STAMP_FILE} has an unknown format`};
  }
  return {stamp};
};

/** Why the bundle is not whole (a file missing or of another size), or undefined. */
const outputsProblem = (outdir, stamp) => {
  for (const [name, size] of Object.entries(stamp.outputs)) {
    let actual;
    try {
      actual = statSync(path.join(outdir, name)).size;
    } catch {
      return `dist/${name} is missing`;
    }
    if (actual !== size) return `dist/${name} is damaged (${actual} bytes, built ${size})`;
  }
  return undefined;
};

module.exports = {STAMP_FILE, STAMP_FORMAT, readStamp, outputsProblem};

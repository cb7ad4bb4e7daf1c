// The build stamp (dist/build-stamp.json): what the bundle was built from and what it consists
// of. scripts/build.mjs writes it; bin/openclaw-tui.cjs reads it (through bin/bundle-check.cjs,
// which ships) to check in every install that the bundle is whole, and in a development checkout
// (where this file exists) to decide, without looking at file times, whether the bundle still
// matches the sources: a hash of their contents. Plain ESM with node: imports only.
import {createHash} from 'node:crypto';
import {readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {STAMP_FILE, STAMP_FORMAT} from '../bin/bundle-check.cjs';

export {STAMP_FILE};

/** What the bundle is built from: a change to any of these makes it stale in a checkout. */
export const STAMP_INPUTS = [
  'source',
  'package.json',
  'package-lock.json',
  'scripts/build.mjs',
  'scripts/bundle-options.mjs',
  'scripts/build-stamp.mjs',
];

const walk = (root, rel, out) => {
  let stat;
  try {
    stat = statSync(path.join(root, rel));
  } catch {
    return; // a missing input (no lock file) is simply not part of the stamp
  }
  if (stat.isDirectory()) {
    for (const name of readdirSync(path.join(root, rel)).sort()) walk(root, `${rel}/${name}`, out);
  } else {
    out.push([rel, stat.size, stat.mtimeMs]);
  }
};

/** [relative path, size, mtimeMs] of every input file, in a stable order. */
export const inputFiles = (root) => {
  const out = [];
  for (const rel of STAMP_INPUTS) walk(root, rel, out);
  return out;
};

/** sha256 over the inputs' names and contents. */
export const inputsHash = (root, files = inputFiles(root)) => {
  const hash = createHash('sha256');
  for (const [rel] of files) {
    hash.update(`${rel}\0`);
    hash.update(readFileSync(path.join(root, rel)));
    hash.update('\0');
  }
  return hash.digest('hex');
};

/** Written by scripts/build.mjs after a successful build. */
export const writeStamp = (root, outdir, version) => {
  const files = inputFiles(root);
  const outputs = {};
  for (const name of readdirSync(outdir).sort()) {
    if (name !== STAMP_FILE) outputs[name] = statSync(path.join(outdir, name)).size;
  }
  const stamp = {
    format: STAMP_FORMAT,
    version,
    inputsHash: inputsHash(root, files),
    // Sizes and times only spare the bin the hashing when nothing was touched since the build.
    inputs: Object.fromEntries(files.map(([rel, size, mtime]) => [rel, [size, mtime]])),
    outputs,
  };
  writeFileSync(path.join(outdir, STAMP_FILE), `${JSON.stringify(stamp)}\n`);
  return stamp;
};

/** In a checkout: undefined when the bundle was built from the sources as they are now. */
export const staleReason = (root, stamp) => {
  const files = inputFiles(root);
  const recorded = stamp.inputs ?? {};
  const same = files.every(([rel, size, mtime]) => {
    const was = recorded[rel];
    return Array.isArray(was) && was[0] === size && was[1] === mtime;
  });
  if (same && Object.keys(recorded).length === files.length) return undefined;
  if (inputsHash(root, files) === stamp.inputsHash) return undefined;
  const changed = files.filter(([rel, size, mtime]) => {
    const was = recorded[rel];
    return !Array.isArray(was) || was[0] !== size || was[1] !== mtime;
  });
  const gone = Object.keys(recorded).filter((rel) => !files.some(([name]) => name === rel));
  const named = [...changed.map(([rel]) => rel), ...gone];
  return `the sources differ from the build (${named.length} file${named.length === 1 ? '' : 's'} touched or removed, e.g. ${named[0] ?? '?'})`;
};

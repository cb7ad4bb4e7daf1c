// The Node flags the console ships with: whatever the bin's first line passes to node
// (`#!/usr/bin/env -S node --flag …`). The console process of rows 3-5 and the probes runs with
// the same flags, so they measure the program an operator starts, not a Node with defaults.

import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const bin = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'bin',
  'openclaw-tui.cjs',
);

/** The flags after `node` on the shebang line ([] for a plain `#!/usr/bin/env node`). */
export const parseShebangFlags = (firstLine: string): readonly string[] => {
  const match = /^#!\s*\S*env\s+(?:-S\s+)?node((?:\s+\S+)*)\s*$/.exec(firstLine);
  return match?.[1]?.split(/\s+/).filter((flag) => flag.startsWith('--')) ?? [];
};

export const shippedNodeFlags = (): readonly string[] => {
  try {
    return parseShebangFlags(readFileSync(bin, 'utf8').split('\n', 1)[0] ?? '');
  } catch {
    return [];
  }
};

/**
 * The flags the bench's console process runs with: the shipped ones, unless
 * OCT_BENCH_SHIPPED_FLAGS=0 (experiments comparing them with a Node left at its defaults), then
 * OCT_BENCH_NODE_FLAGS (experiments only; a later flag wins in V8).
 */
export const consoleNodeFlags = (env: NodeJS.ProcessEnv = process.env): readonly string[] => [
  ...(env.OCT_BENCH_SHIPPED_FLAGS === '0' ? [] : shippedNodeFlags()),
  ...(env.OCT_BENCH_NODE_FLAGS?.split(' ').filter((flag) => flag !== '') ?? []),
];

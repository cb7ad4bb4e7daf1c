// An in-memory FileReader: paths map to file text; a directory exists when a file is under it.

import assert from 'node:assert/strict';
import type {FileReader} from '../../../source/config/openclaw-config.ts';

export const memFiles = (
  files: Readonly<Record<string, string>>,
  options: {readonly unreadable?: readonly string[]; readonly dirs?: readonly string[]} = {},
): FileReader => ({
  readText(file) {
    if (options.unreadable?.includes(file)) {
      throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), {
        code: 'EACCES',
      });
    }
    return files[file];
  },
  exists(file) {
    return (
      file in files ||
      (options.dirs ?? []).includes(file) ||
      Object.keys(files).some((known) => known.startsWith(`${file}/`))
    );
  },
});

/** Fails if any secret appears anywhere in `value` (deep, as JSON) or in a string. */
export const assertNoSecrets = (value: unknown, secrets: readonly string[]): void => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  for (const secret of secrets) {
    assert.ok(!text.includes(secret), `secret ${JSON.stringify(secret)} leaked into: ${text}`);
  }
};

// One small JSON file of our own data (identity, device tokens): read whole on every access, so
// two processes (the console and a twin) see each other's writes, and written atomically (a
// temporary file beside it, then a rename) with the given mode, so a crash mid-write never leaves
// half a file. This is all we used `conf` for; conf also loaded a JSON-schema validator (ajv),
// semver and their friends at every start (~280 KB of code, 20-50 ms before the first frame).

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type JsonRecord = Record<string, unknown>;

export type JsonFile = {
  readonly path: string;
  /** The file's object ({} when it does not exist); `parse` decides what a damaged file gives. */
  read(): JsonRecord;
  write(value: JsonRecord): void;
};

export const openJsonFile = (options: {
  readonly path: string;
  readonly mode: number;
  /** Text → object; never throws (a damaged file is the caller's to describe). */
  readonly parse: (text: string) => JsonRecord;
}): JsonFile => {
  const file = options.path;
  return {
    path: file,
    read: () => {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
        throw error;
      }
      return options.parse(text);
    },
    write: (value) => {
      const temporary = path.join(
        path.dirname(file),
        `.${path.basename(file)}.${crypto.randomBytes(6).toString('hex')}.tmp`,
      );
      try {
        fs.writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, {
          mode: options.mode,
          flag: 'wx',
        });
        fs.renameSync(temporary, file);
      } catch (error) {
        fs.rmSync(temporary, {force: true});
        throw error;
      }
    },
  };
};

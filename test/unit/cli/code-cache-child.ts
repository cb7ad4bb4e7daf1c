// Child process for code-cache.test.ts: one run of runCached in a fresh Node (in one process V8
// would take a script it compiled before from its own memory, never looking at the cache).
//   argv: <file> <cacheDir|-> <purpose> <save: yes|no>   prints {use, why, answer, saved}
//   OCT_TEST_CACHE_FILES=1 adds `filesAtReturn`: the cache files there as save() returned.
import {existsSync, readdirSync} from 'node:fs';
import {runCached} from '../../../source/code-cache.ts';

const [file = '', dir = '-', purpose = 'pending', save = 'no'] = process.argv.slice(2);
const run = runCached<{answer: number; work: (n: number) => number}>({
  file,
  cacheDir: dir === '-' ? undefined : dir,
  purpose,
});
const answer = run.exports.answer + run.exports.work(0);
const saving = save === 'yes' ? run.save() : undefined;
const filesAtReturn =
  dir !== '-' && existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.bin')) : [];
const saved = saving === undefined ? undefined : await saving;
process.stdout.write(
  JSON.stringify({
    use: run.use,
    why: run.why ?? null,
    answer,
    saved,
    ...(process.env.OCT_TEST_CACHE_FILES === '1' ? {filesAtReturn} : {}),
  }),
);

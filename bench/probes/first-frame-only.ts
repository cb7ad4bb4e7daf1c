// Probe (not part of `npm run bench`): only measurement 1, the start to the first frame.
import {measureFirstFrame} from '../first-frame.ts';

const result = await measureFirstFrame({runs: 7, fallbackRuns: 0});
console.log(
  JSON.stringify(
    {
      firstFrame: result.firstFrame,
      tree: result.tree,
      floor: result.floor,
      samples: result.shipped,
    },
    null,
    1,
  ),
);

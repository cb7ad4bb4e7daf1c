// Small statistics for the benchmarks: order statistics on a copy, never on the caller's array.

import {mulberry32} from '../../source/fixture/fixture-ids.ts';

/** Nearest-rank percentile (p in 0..100) of the samples; NaN when there are none. */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
};

export const median = (samples: readonly number[]): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

export const max = (samples: readonly number[]): number =>
  samples.length === 0 ? Number.NaN : samples.reduce((a, b) => (b > a ? b : a));

/** A fixed-seed generator (mulberry32), so pauses between keystrokes repeat run to run. */
export const seededRandom = mulberry32;

// Real frames from openclaw 2026.9.6 (see captured-frames.json `source`), loaded for tests.

import {readFileSync} from 'node:fs';

export type CapturedFrame = {
  readonly event?: string;
  readonly response?: string;
  readonly payload: unknown;
};

type Captured = {
  readonly agent: readonly CapturedFrame[];
  readonly pairing: readonly CapturedFrame[];
  readonly sessionsAfterSpawn: {readonly parent: unknown; readonly child: unknown};
};

export const captured = JSON.parse(
  readFileSync(new URL('captured-frames.json', import.meta.url), 'utf8'),
) as Captured;

export const framesOf = (
  frames: readonly CapturedFrame[],
  name: string,
): readonly CapturedFrame[] =>
  frames.filter((frame) => frame.event === name || frame.response === name);

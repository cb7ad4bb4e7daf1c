// The frame cap the console gives Ink (maxFps in source/console/run-console.tsx), read from the
// source so the keypress row can say which slow presses fell inside Ink's render throttle: Ink
// draws at most one frame per ceil(1000 / maxFps) ms, and a key typed sooner after a frame waits
// for the rest of that slot. Read, not imported: the option is a literal inside runConsole.

import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export type FrameSlot = {readonly maxFps: number; readonly slotMs: number};

export const inkFrameSlot = (): FrameSlot | undefined => {
  try {
    const source = readFileSync(path.join(root, 'source', 'console', 'run-console.tsx'), 'utf8');
    const maxFps = Number(/\bmaxFps:\s*(\d+)/.exec(source)?.[1]);
    if (!Number.isFinite(maxFps) || maxFps <= 0) return undefined;
    // Ink 6: throttle(onRender, Math.max(1, Math.ceil(1000 / maxFps))).
    return {maxFps, slotMs: Math.max(1, Math.ceil(1000 / maxFps))};
  } catch {
    return undefined;
  }
};

// The keyboard: one input owner per mode, each a single useInput with isActive. Every key goes
// through the keymap first; only what no binding claims becomes typed text (filter, steer).

import {useInput, type Key} from 'ink';
import type {InputMode} from './keymap.ts';

export type ModeInputHandlers = {
  /** Resolve one key through the keymap and run it; false when no binding claims it. */
  readonly handle: (input: string, key: Key) => boolean;
  /** Run a movement command `times` times, if `input` (one character) is bound to one. */
  readonly repeatMove: (input: string, key: Key, times: number) => void;
  readonly filterText: () => string;
  readonly setFilterText: (text: string) => void;
  readonly inputText: () => string;
  readonly setInputText: (text: string) => void;
};

/** The edited text, or undefined when the key is not text editing. */
export function editText(current: string, input: string, key: Key): string | undefined {
  if (key.backspace || key.delete) return current.slice(0, -1);
  if (key.ctrl || key.meta || key.tab) return undefined;
  if (key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return undefined;
  if (input === '') return undefined;
  return current + input;
}

export function useModeInput(mode: InputMode, h: ModeInputHandlers): void {
  // Several characters in one read are key repeat over a slow link ("jjjj") or a paste. Repeated
  // movement keys move that many rows; anything else is ignored, so a pasted "ay" can never
  // approve something.
  useInput(
    (input, key) => {
      if (input.length <= 1 || key.ctrl || key.meta) return void h.handle(input, key);
      const chars = Array.from(input);
      const one = chars[0]!;
      if (chars.every((c) => c === one)) {
        h.repeatMove(one, {...key, shift: one !== one.toLowerCase()}, chars.length);
      }
    },
    {isActive: mode === 'normal'},
  );
  // A confirmation takes one discrete key: a burst (a paste) never answers it.
  // So does an open agent question: a pasted "1y" must not pick and confirm an answer.
  useInput((input, key) => void (input.length <= 1 && h.handle(input, key)), {
    isActive: mode === 'confirm' || mode === 'answer',
  });
  // Overlays: help, the audit log (which scrolls with the movement keys), a session's tasks (whose
  // action keys open a confirmation; a pasted burst matches no binding, so it does nothing).
  useInput((input, key) => void h.handle(input, key), {
    isActive: mode === 'help' || mode === 'audit' || mode === 'detail' || mode === 'tasks',
  });
  useInput(
    (input, key) => {
      if (h.handle(input, key)) return;
      const text = editText(h.filterText(), input, key);
      if (text !== undefined) h.setFilterText(text);
    },
    {isActive: mode === 'filter'},
  );
  useInput(
    (input, key) => {
      if (h.handle(input, key)) return;
      const text = editText(h.inputText(), input, key);
      if (text !== undefined) h.setInputText(text);
    },
    {isActive: mode === 'input'},
  );
}

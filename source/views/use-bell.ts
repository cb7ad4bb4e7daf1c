// Ring when more things wait for a human than before: BEL, plus an OSC 9 desktop notification on
// terminals known to show it. Never on the first render (what was already waiting at start-up is
// on screen anyway), never when the operator said --no-bell.

import {useEffect, useRef} from 'react';
import {useStdout} from 'ink';

/** Terminals that turn OSC 9 into a notification (others would print or ignore it). */
const OSC9_TERMINALS = new Set(['iTerm.app', 'WezTerm', 'ghostty']);

export function bellSequence(count: number, env: NodeJS.ProcessEnv = process.env): string {
  const program = env['TERM_PROGRAM'] ?? '';
  const note = OSC9_TERMINALS.has(program)
    ? `\x1b]9;openclaw-tui: ${count} waiting for you\x07`
    : '';
  return `\x07${note}`;
}

export function useBell(pending: number, enabled: boolean): void {
  const {write} = useStdout();
  const previous = useRef<number | undefined>(undefined);
  useEffect(() => {
    const before = previous.current;
    previous.current = pending;
    if (!enabled || before === undefined || pending <= before) return;
    write(bellSequence(pending));
  }, [pending, enabled, write]);
}

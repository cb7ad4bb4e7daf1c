// OPENCLAW_TUI_MARKS=1: a line on stderr at each milestone of a twin's run,
// `openclaw-tui: mark <name> <ms since the process started>` (performance.now(), whose origin is
// the process's start). `npm run bench` reads them to break a `pending --json` down in
// bench/results.md (issue 11): Node's start, loading, options, connect, lists, close. Off, it
// costs one comparison per milestone. Names only, never data.

const on = process.env.OPENCLAW_TUI_MARKS === '1';

export const startMark = (name: string): void => {
  if (on) process.stderr.write(`openclaw-tui: mark ${name} ${performance.now().toFixed(1)}\n`);
};

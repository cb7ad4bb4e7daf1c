// Which processes descend from the gateway, read from /proc (Linux; elsewhere: none). Some of
// the gateway's helpers run in a process group of their own, so a group signal misses them; we
// remember them (pid + start time, which survives pid reuse) while the gateway lives, because
// once it is gone they are re-parented and no longer traceable.

import {readdirSync, readFileSync} from 'node:fs';

export type ProcEntry = {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** Start time in clock ticks since boot: with the pid, it names one process. */
  readonly startTicks: number;
};

const readEntry = (pid: number): ProcEntry | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command (field 2) is parenthesised and may contain spaces or ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    return {
      pid,
      ppid: Number(fields[1]),
      pgid: Number(fields[2]),
      startTicks: Number(fields[19]),
    };
  } catch {
    return undefined;
  }
};

export const readProcTable = (): readonly ProcEntry[] => {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const table: ProcEntry[] = [];
  for (const name of names) {
    if (!/^\d+$/u.test(name)) continue;
    const entry = readEntry(Number(name));
    if (entry) table.push(entry);
  }
  return table;
};

/** Every live descendant of `root`, whatever its process group. */
export const descendantsOf = (root: number, table: readonly ProcEntry[]): ProcEntry[] => {
  const children = new Map<number, ProcEntry[]>();
  for (const entry of table) {
    const list = children.get(entry.ppid) ?? [];
    list.push(entry);
    children.set(entry.ppid, list);
  }
  const out: ProcEntry[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() ?? root;
    for (const child of children.get(pid) ?? []) {
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
};

/** Still the same live process (not a zombie, not a reused pid)? */
export const isSameProcessAlive = (entry: ProcEntry): boolean =>
  readEntry(entry.pid)?.startTicks === entry.startTicks;

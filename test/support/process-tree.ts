// Linux process-table reads for the real-gateway harness: who descends from a pid, who is in a
// process group, how much memory they hold. Read from /proc directly so the harness needs no `ps`
// and never matches processes by name (other gateways on the machine are not ours to touch).
import {readdirSync, readFileSync} from 'node:fs';

export type ProcessInfo = {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** Resident set size in KiB. */
  readonly rssKiB: number;
  /** Start time in clock ticks since boot: with the pid, identifies a process across pid reuse. */
  readonly startTicks: number;
  readonly command: string;
};

const PAGE_KIB = 4;

const readProcess = (pid: number): ProcessInfo | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) is parenthesised and may itself contain spaces or ')'.
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    // fields[0] = state (field 3), [1] = ppid, [2] = pgrp, [19] = starttime (22), [21] = rss (24)
    const state = fields[0];
    if (state === 'Z' || state === 'X') return undefined;
    let command = stat.slice(stat.indexOf('(') + 1, close);
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (cmdline) command = cmdline;
    } catch {
      // the process ended between the two reads; keep comm
    }
    return {
      pid,
      ppid: Number(fields[1]),
      pgid: Number(fields[2]),
      rssKiB: Number(fields[21]) * PAGE_KIB,
      startTicks: Number(fields[19]),
      command,
    };
  } catch {
    return undefined;
  }
};

export const listProcesses = (): readonly ProcessInfo[] => {
  const out: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = readProcess(Number(name));
    if (info) out.push(info);
  }
  return out;
};

/** All live descendants of `root` (not including it), depth first. */
export const descendantsOf = (
  root: number,
  table: readonly ProcessInfo[] = listProcesses(),
): readonly ProcessInfo[] => {
  const byParent = new Map<number, ProcessInfo[]>();
  for (const p of table) {
    const list = byParent.get(p.ppid) ?? [];
    list.push(p);
    byParent.set(p.ppid, list);
  }
  const out: ProcessInfo[] = [];
  const walk = (pid: number): void => {
    for (const child of byParent.get(pid) ?? []) {
      out.push(child);
      walk(child.pid);
    }
  };
  walk(root);
  return out;
};

/**
 * The processes that belong to a gateway we started: its group (it runs in its own session)
 * plus anything descended from the leader that moved to another group.
 */
export const gatewayProcesses = (
  leaderPid: number,
  table: readonly ProcessInfo[] = listProcesses(),
): readonly ProcessInfo[] => {
  const found = new Map<number, ProcessInfo>();
  for (const p of table) if (p.pgid === leaderPid || p.pid === leaderPid) found.set(p.pid, p);
  for (const p of descendantsOf(leaderPid, table)) found.set(p.pid, p);
  return [...found.values()];
};

export const isAlive = (pid: number): boolean => readProcess(pid) !== undefined;

/** Send a signal, ignoring "no such process". */
export const signal = (pid: number, sig: NodeJS.Signals): void => {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
};

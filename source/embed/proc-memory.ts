// Resident memory of a process from /proc/<pid>/status (Linux). Elsewhere there is no cheap,
// dependency-free way to read it, so the answer is undefined and the view shows nothing.

import {readFileSync} from 'node:fs';

export const parseVmRssBytes = (status: string): number | undefined => {
  const match = /^VmRSS:\s+(\d+)\s+kB$/mu.exec(status);
  return match?.[1] ? Number(match[1]) * 1024 : undefined;
};

export const readRssBytes = (pid: number): number | undefined => {
  try {
    return parseVmRssBytes(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
};

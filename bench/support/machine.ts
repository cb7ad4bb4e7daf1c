// The machine the numbers were taken on: they mean little without it, and less still without the
// load from other processes at the time (this VM is shared).

import {readFileSync} from 'node:fs';
import os from 'node:os';

export type Machine = {
  readonly cores: number;
  readonly ramGiB: number;
  readonly node: string;
  readonly cpuModel: string;
  readonly kernel: string;
  readonly arch: string;
};

const cpuModel = (): string => {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const line = info.split('\n').find((l) => l.startsWith('model name'));
    return line?.split(':').slice(1).join(':').trim() || os.cpus()[0]?.model || 'unknown';
  } catch {
    return os.cpus()[0]?.model ?? 'unknown';
  }
};

export const describeMachine = (): Machine => ({
  cores: os.cpus().length,
  ramGiB: os.totalmem() / 1024 ** 3,
  node: process.version,
  cpuModel: cpuModel(),
  kernel: `${os.type()} ${os.release()}`,
  arch: os.arch(),
});

/** 1, 5 and 15 minute load averages, formatted. */
export const loadAverage = (): string =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');

// Cron (automation) jobs: cron.list results and the `cron` event. 9.6 and 4.1 both answer
// cron.list with a page `{jobs, total, offset, limit, hasMore, nextOffset}`; a job's scheduler
// state sits in `state` (9.6 also copies some of it to the top level). Every field may be missing.

import {
  compact,
  isRecord,
  readBoolean,
  readEpochMs,
  readId,
  readList,
  readNumber,
  readString,
  type UnknownRecord,
} from './parse-fields.ts';
import type {CronEvent, CronJob} from './types.ts';

const formatEvery = (ms: number): string => {
  if (ms % 86_400_000 === 0) return `every ${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `every ${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `every ${ms / 60_000}m`;
  if (ms % 1000 === 0) return `every ${ms / 1000}s`;
  return `every ${ms}ms`;
};

/** The schedule in one line, by kind; an unknown kind is named as it is. */
const describeSchedule = (schedule: UnknownRecord): string | undefined => {
  const kind = readId(schedule.kind);
  switch (kind) {
    case 'cron': {
      const expr = readString(schedule.expr);
      const tz = readString(schedule.tz);
      return expr === undefined ? 'cron' : tz === undefined ? expr : `${expr} (${tz})`;
    }
    case 'every': {
      const every = readNumber(schedule.everyMs);
      return every === undefined || every <= 0 ? 'every …' : formatEvery(every);
    }
    case 'at': {
      const at = readString(schedule.at);
      return at === undefined ? 'once' : `at ${at}`;
    }
    case 'on-exit': {
      const command = readString(schedule.command);
      return command === undefined ? 'on exit' : `on exit of ${command}`;
    }
    case 'stream':
      return 'on stream output';
    default:
      return kind;
  }
};

export const parseCronJob = (value: unknown): CronJob | undefined => {
  if (!isRecord(value)) return undefined;
  const id = readId(value.id) ?? readId(value.jobId);
  if (id === undefined) return undefined;
  const state = isRecord(value.state) ? value.state : {};
  const schedule = isRecord(value.schedule) ? value.schedule : undefined;
  // The top-level copies (9.6) and `state` say the same; state is the scheduler's own record.
  const pick = <T>(read: (v: unknown) => T | undefined, key: string): T | undefined =>
    read(state[key]) ?? read(value[key]);
  return compact<CronJob>({
    id,
    name: readString(value.name) ?? readString(value.displayName) ?? id,
    enabled: readBoolean(value.enabled),
    agentId: readId(value.agentId) ?? readId(value.effectiveAgentId),
    scheduleKind: schedule === undefined ? undefined : readId(schedule.kind),
    schedule: schedule === undefined ? undefined : describeSchedule(schedule),
    nextRunAt: pick(readEpochMs, 'nextRunAtMs'),
    runningAt: pick(readEpochMs, 'runningAtMs'),
    lastRunAt: pick(readEpochMs, 'lastRunAtMs'),
    lastRunStatus: pick(readId, 'lastRunStatus') ?? pick(readId, 'lastStatus'),
    lastError: pick(readString, 'lastError') ?? readString(value.lastRunError),
    lastDurationMs: pick(readNumber, 'lastDurationMs'),
    lastDeliveryStatus: pick(readId, 'lastDeliveryStatus'),
    consecutiveErrors: pick(readNumber, 'consecutiveErrors'),
  });
};

export type CronPage = {
  readonly jobs: readonly CronJob[];
  readonly hasMore: boolean;
  readonly nextOffset?: number;
};

/** cron.list: a page (9.6, 4.1); a bare array is taken as one complete page. */
export const parseCronList = (value: unknown): CronPage => {
  if (Array.isArray(value)) return {jobs: readList(value, parseCronJob), hasMore: false};
  if (!isRecord(value)) return {jobs: [], hasMore: false};
  return compact<CronPage>({
    jobs: readList(value.jobs, parseCronJob),
    hasMore: readBoolean(value.hasMore) ?? false,
    nextOffset: readNumber(value.nextOffset),
  });
};

export const parseCronEvent = (value: unknown): CronEvent | undefined => {
  if (!isRecord(value)) return undefined;
  const action = readId(value.action);
  const job = parseCronJob(value.job);
  const jobId = readId(value.jobId) ?? job?.id;
  if (action === undefined || jobId === undefined) return undefined;
  return compact<CronEvent>({
    action,
    jobId,
    job,
    status: readId(value.status),
    error: readString(value.error),
    runAt: readEpochMs(value.runAtMs),
    durationMs: readNumber(value.durationMs),
    nextRunAt: readEpochMs(value.nextRunAtMs),
  });
};

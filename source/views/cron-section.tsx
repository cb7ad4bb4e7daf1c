// The gateway's cron (automation) jobs in the Gateway pane: name, schedule, next run, last
// result. Read-only: cron.run / add / update / remove need operator.admin and change the
// gateway's schedule, which is not this console's job. Gateway values go through gwText.

import React from 'react';
import {Box, Text} from 'ink';
import type {CronJob} from '../protocol/types.ts';
import {fit, truncate} from '../text/sanitize.ts';
import {formatAge} from './format.ts';
import {gwText} from './gw.tsx';
import {useTheme, type Tone} from './theme.ts';

export type CronSectionProps = {
  readonly jobs: readonly CronJob[];
  /** "cron: not offered by this gateway (version …)" or why cron.list failed. */
  readonly unavailable?: string;
  /** The same for the task ledger, said here once as a fact about this gateway. */
  readonly tasksUnavailable?: string;
  readonly width: number;
  /** Job rows at most (the log below takes the rest). */
  readonly maxRows: number;
  readonly now: number;
};

/** Lines the section takes for these props (the pane sizes its log with it). */
export const cronSectionHeight = (props: Omit<CronSectionProps, 'width' | 'now'>): number =>
  1 +
  (props.tasksUnavailable === undefined ? 0 : 1) +
  (props.unavailable !== undefined
    ? 1
    : props.jobs.length === 0
      ? 1
      : 1 +
        Math.min(props.jobs.length, props.maxRows) +
        (props.jobs.length > props.maxRows ? 1 : 0));

const nextRun = (job: CronJob, now: number): string => {
  if (job.enabled === false) return 'disabled';
  if (job.runningAt !== undefined) return `running ${formatAge(now - job.runningAt)}`;
  if (job.nextRunAt === undefined) return '—';
  return job.nextRunAt <= now ? 'due' : `in ${formatAge(job.nextRunAt - now)}`;
};

const lastResult = (job: CronJob, now: number): {readonly text: string; readonly tone: Tone} => {
  if (job.lastRunStatus === undefined) return {text: 'never ran', tone: 'dim'};
  const when = job.lastRunAt === undefined ? '' : ` ${formatAge(now - job.lastRunAt)} ago`;
  const why = job.lastError === undefined ? '' : `: ${job.lastError}`;
  const tone: Tone =
    job.lastRunStatus === 'ok' ? 'ok' : job.lastRunStatus === 'error' ? 'danger' : 'warn';
  return {text: `${job.lastRunStatus}${when}${why}`, tone};
};

export function CronSection(props: CronSectionProps): React.ReactElement {
  const theme = useTheme();
  const {jobs, width, now} = props;
  const cols = {name: Math.max(10, Math.min(28, Math.floor(width / 4))), schedule: 18, next: 12};
  const rest = Math.max(4, width - cols.name - cols.schedule - cols.next - 5);
  const shown = jobs.slice(0, props.maxRows);
  return (
    <Box flexDirection="column" width={width}>
      {props.tasksUnavailable === undefined ? null : (
        <Text {...theme.tone('warn')}>{truncate(gwText(props.tasksUnavailable), width)}</Text>
      )}
      <Text {...theme.tone('title')}>
        {truncate(`cron · ${jobs.length} job${jobs.length === 1 ? '' : 's'} (read-only)`, width)}
      </Text>
      {props.unavailable !== undefined ? (
        <Text {...theme.tone('warn')}>{truncate(`  ${gwText(props.unavailable)}`, width)}</Text>
      ) : jobs.length === 0 ? (
        <Text {...theme.tone('dim')}>{truncate('  no cron jobs on this gateway', width)}</Text>
      ) : (
        <>
          <Text {...theme.tone('dim')}>
            {truncate(
              `  ${fit('name', cols.name)} ${fit('schedule', cols.schedule)} ${fit('next run', cols.next)} last result`,
              width,
            )}
          </Text>
          {shown.map((job) => {
            const last = lastResult(job, now);
            return (
              <Box key={job.id}>
                <Text>
                  {'  '}
                  {fit(gwText(job.name), cols.name)}{' '}
                </Text>
                <Text {...theme.tone('dim')}>
                  {fit(gwText(job.schedule ?? job.scheduleKind ?? '?'), cols.schedule)}{' '}
                  {fit(nextRun(job, now), cols.next)}{' '}
                </Text>
                <Text {...theme.tone(last.tone)}>{truncate(gwText(last.text), rest)}</Text>
              </Box>
            );
          })}
          {jobs.length > shown.length ? (
            <Text {...theme.tone('dim')}>
              {truncate(
                `  … ${jobs.length - shown.length} more (openclaw-tui has no cron twin; see openclaw automations list)`,
                width,
              )}
            </Text>
          ) : null}
        </>
      )}
    </Box>
  );
}

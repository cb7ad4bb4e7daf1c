// `L`: the newest entries of the local audit log (every decision and config change taken from
// this console), newest first. The file is plain JSON lines anyone could edit, and its ids and
// texts came from the gateway, so every value goes through <Gw>.

import React from 'react';
import {Box, Text} from 'ink';
import {fit, truncate} from '../text/sanitize.ts';
import type {AuditRow} from './commands.ts';
import {Gw, gwText} from './gw.tsx';
import {keysOf} from './keymap.ts';
import {useTheme} from './theme.ts';

export type AuditPanelState =
  | {readonly phase: 'loading'}
  | {readonly phase: 'ready'; readonly rows: readonly AuditRow[]; readonly top: number}
  | {readonly phase: 'failed'; readonly message: string};

export type AuditPanelProps = {
  readonly state: AuditPanelState;
  readonly width: number;
  readonly height: number;
};

/** `2026-09-14 13:56:45` in local time, or the stored text when it is not a timestamp. */
export function auditTime(ts: string): string {
  const at = Date.parse(ts);
  if (!Number.isFinite(at)) return gwText(ts, 19);
  const d = new Date(at);
  const p = (v: number) => String(v).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Newest first: the order the panel lists (and scrolls) the rows in. */
export const newestFirst = (rows: readonly AuditRow[]): readonly AuditRow[] => [...rows].reverse();

/** What was granted (without the id when it repeats it, as a config path does) and why not. */
export function whatOf(row: AuditRow): string {
  const granted = row.granted ?? '';
  const what = granted.startsWith(`${row.id}: `) ? granted.slice(row.id.length + 2) : granted;
  return row.message ? `${what} (${row.message})` : what;
}

const OUTCOME_TONE = {
  applied: 'ok',
  'not-applied': 'danger',
  unknown: 'warn',
  'already-resolved': 'dim',
  'not-found': 'dim',
} as const;

export function AuditPanel({state, width, height}: AuditPanelProps): React.ReactElement {
  const theme = useTheme();
  const close = keysOf('audit.close');
  if (state.phase !== 'ready') {
    return (
      <Box flexDirection="column" width={width}>
        <Text {...theme.tone('title')}>{truncate(`Audit log · ${close} closes`, width)}</Text>
        {state.phase === 'loading' ? (
          <Text {...theme.tone('dim')}>reading the audit log…</Text>
        ) : (
          <Gw
            value={`could not read the audit log: ${state.message}`}
            width={width}
            {...theme.tone('danger')}
          />
        )}
      </Box>
    );
  }
  const rows = newestFirst(state.rows);
  const room = Math.max(1, height - 2);
  const top = Math.max(0, Math.min(state.top, rows.length - room));
  const shown = rows.slice(top, top + room);
  const cols = {
    time: 19,
    kind: 15,
    id: Math.max(10, Math.min(30, Math.floor(width / 5))),
    decision: 13,
    outcome: 16,
  };
  const rest = Math.max(
    4,
    width - cols.time - cols.kind - cols.id - cols.decision - cols.outcome - 5,
  );
  const range = rows.length === 0 ? '' : ` · ${top + 1}–${top + shown.length} of ${rows.length}`;
  return (
    <Box flexDirection="column" width={width}>
      <Text {...theme.tone('title')}>
        {truncate(
          `Audit log: decisions from this console, newest first${range} · ${close} closes`,
          width,
        )}
      </Text>
      <Text {...theme.tone('dim')}>
        {truncate(
          `${fit('time', cols.time)} ${fit('kind', cols.kind)} ${fit('id', cols.id)} ${fit('decision', cols.decision)} ${fit('outcome', cols.outcome)} what`,
          width,
        )}
      </Text>
      {rows.length === 0 ? (
        <Text {...theme.tone('dim')}>no decisions recorded yet</Text>
      ) : (
        shown.map((row, i) => (
          <Box key={top + i}>
            <Text {...theme.tone('dim')}>{fit(auditTime(row.ts), cols.time)} </Text>
            <Text {...theme.tone('accent')}>{fit(gwText(row.kind), cols.kind)} </Text>
            <Text>{fit(gwText(row.id), cols.id)} </Text>
            <Text {...theme.tone('title')}>{fit(gwText(row.decision), cols.decision)} </Text>
            <Text {...theme.tone(OUTCOME_TONE[row.outcome] ?? 'dim')}>
              {fit(gwText(row.outcome), cols.outcome)}{' '}
            </Text>
            <Gw value={whatOf(row)} width={rest} {...theme.tone('dim')} />
          </Box>
        ))
      )}
    </Box>
  );
}

// The live subagent tree. Renders only the rows that fit around the selection, so its cost does
// not grow with the number of sessions.

import React from 'react';
import {Box, Text} from 'ink';
import type {TreeRow} from '../state/model.ts';
import {sameAsSession, TASK_STATE_LABEL, type TaskState} from '../state/task-state.ts';
import {fit, truncate} from '../text/sanitize.ts';
import {Gw, gwText} from './gw.tsx';
import {formatAge, formatCount} from './format.ts';
import {useTheme} from './theme.ts';
import {windowAround} from './window.ts';

export type SessionsPaneProps = {
  readonly rows: readonly TreeRow[];
  readonly selected: number;
  /** Lines available for rows (the column header takes one more). */
  readonly height: number;
  readonly width: number;
  readonly now: number;
  /** Shown above the list when a filter is applied. */
  readonly filter?: string;
  /** e.g. "loading…", or why the list may be partial. */
  readonly note?: string;
  /** Row uid (else session key) → its tasks' state (shown where it differs from its status). */
  readonly taskStates?: ReadonlyMap<string, TaskState>;
};

type Column = {
  readonly title: string;
  readonly width: number;
  /** Columns below this terminal width are dropped, least useful first. */
  readonly minTerminal: number;
  readonly cell: (row: TreeRow, now: number) => string;
};

const runs = (row: TreeRow): string =>
  row.session.activeRunIds.length > 0 ? `▶${row.session.activeRunIds.length}` : '';

const ageOf = (row: TreeRow, now: number): string => {
  const at = row.session.lastActivityAt ?? row.session.updatedAt ?? row.session.createdAt;
  return at === undefined ? '' : formatAge(now - at);
};

const COLUMNS: readonly Column[] = [
  {title: 'agent', width: 10, minTerminal: 60, cell: (r) => gwText(r.session.agentId ?? '')},
  {title: 'status', width: 8, minTerminal: 0, cell: (r) => r.session.status},
  {title: 'role', width: 8, minTerminal: 90, cell: (r) => r.session.role},
  {title: 'channel', width: 9, minTerminal: 110, cell: (r) => gwText(r.session.channel ?? '')},
  {title: 'model', width: 14, minTerminal: 120, cell: (r) => gwText(r.session.model ?? '')},
  {title: 'age', width: 4, minTerminal: 70, cell: (r, now) => ageOf(r, now)},
  {title: 'tokens', width: 6, minTerminal: 100, cell: (r) => formatCount(r.session.totalTokens)},
  {title: 'runs', width: 4, minTerminal: 80, cell: runs},
  {
    title: 'kids',
    width: 4,
    minTerminal: 80,
    cell: (r) => (r.childCount > 0 ? String(r.childCount) : ''),
  },
];

const WAITING = '⚑ waiting for you';

/** What a task state needing attention looks like next to a title. */
const TASK_TONE: Readonly<Partial<Record<TaskState, 'danger' | 'warn' | 'waiting' | 'dim'>>> = {
  'blocked-delivery': 'danger',
  failed: 'danger',
  'timed-out': 'danger',
  'waiting-approval': 'waiting',
  'waiting-input': 'waiting',
  'waiting-children': 'warn',
  waiting: 'warn',
  unknown: 'warn',
};

/** The task badge for a row, or undefined when the tasks say what the row already says. */
export const taskBadge = (row: TreeRow, state: TaskState | undefined): string | undefined =>
  state === undefined || row.parentMissing || sameAsSession(state, row.session.status)
    ? undefined
    : `◆ task ${TASK_STATE_LABEL[state]}`;

const marker = (row: TreeRow): string => {
  if (!row.hasChildren) return '·';
  return row.expanded ? '▾' : '▸';
};

type TreeLineProps = {
  readonly row: TreeRow;
  readonly selected: boolean;
  readonly columns: readonly Column[];
  readonly titleWidth: number;
  readonly now: number;
  readonly taskState?: TaskState;
};

/**
 * A line draws the same as long as its session object (sessions keep their object while their
 * row is unchanged), its place in the tree and its age text are the same. Under a swarm most
 * visible lines are unchanged from one frame to the next, and React skips them.
 */
const sameLine = (a: TreeLineProps, b: TreeLineProps): boolean =>
  a.row.session === b.row.session &&
  a.row.key === b.row.key &&
  a.row.depth === b.row.depth &&
  a.row.expanded === b.row.expanded &&
  a.row.hasChildren === b.row.hasChildren &&
  a.row.childCount === b.row.childCount &&
  a.row.parentMissing === b.row.parentMissing &&
  a.row.waitingForYou === b.row.waitingForYou &&
  a.row.head === b.row.head &&
  a.selected === b.selected &&
  a.columns === b.columns &&
  a.titleWidth === b.titleWidth &&
  a.taskState === b.taskState &&
  (a.now === b.now || ageOf(a.row, a.now) === ageOf(b.row, b.now));

const TreeLine = React.memo(function TreeLine({
  row,
  selected,
  columns,
  titleWidth,
  now,
  taskState,
}: TreeLineProps): React.ReactElement {
  const theme = useTheme();
  const indent = '  '.repeat(Math.min(row.depth, 12));
  if (row.head) {
    // A fleet's gateway row: its sessions hang below it.
    const h = row.head;
    const facts = `${h.state} · ${h.running} running / ${h.total} sessions${h.waiting > 0 ? ` · ⚑ ${h.waiting} waiting` : ''}`;
    const width = titleWidth + columns.reduce((n, c) => n + c.width + 1, 0);
    const name = `${marker(row)} ⬢ ${gwText(h.name, 24)}  `;
    return (
      <Box>
        <Text {...(selected ? theme.tone('selected') : theme.tone('title'))}>
          {selected ? '› ' : '  '}
          {name}
        </Text>
        <Text {...(h.connected ? theme.tone('dim') : theme.status('failed'))}>
          {truncate(facts, Math.max(1, width - name.length))}
        </Text>
      </Box>
    );
  }
  const waiting = row.waitingForYou ? ` ${WAITING}` : '';
  const head = `${indent}${marker(row)} `;
  const badgeText = taskBadge(row, taskState);
  // The badge gives way before the title does: at least four title columns stay.
  const badgeRoom = Math.max(0, titleWidth - head.length - waiting.length - 4);
  const badge =
    badgeText === undefined || badgeRoom < 4 ? '' : truncate(` ${badgeText}`, badgeRoom);
  if (row.parentMissing) {
    const label = `${indent}${marker(row)} ┄ parent not visible: ${gwText(row.key)}`;
    return (
      <Box>
        <Text {...(selected ? theme.tone('selected') : theme.tone('dim'))}>
          {selected ? '› ' : '  '}
          {fit(label, titleWidth + columns.reduce((n, c) => n + c.width + 1, 0))}
        </Text>
      </Box>
    );
  }
  const titleBudget = Math.max(1, titleWidth - head.length - waiting.length - badge.length);
  const title = fit(gwText(row.session.title, titleBudget), titleBudget);
  return (
    <Box>
      <Text {...(selected ? theme.tone('selected') : {})}>
        {selected ? '› ' : '  '}
        {head}
        {title}
      </Text>
      {waiting ? <Text {...theme.tone('waiting')}>{waiting}</Text> : null}
      {badge ? (
        <Text {...theme.tone((taskState && TASK_TONE[taskState]) ?? 'accent')}>{badge}</Text>
      ) : null}
      {columns.map((c) => {
        const value = fit(c.cell(row, now), c.width);
        const style = c.title === 'status' ? theme.status(row.session.status) : theme.tone('dim');
        return (
          <Text key={c.title} {...style}>
            {' '}
            {value}
          </Text>
        );
      })}
    </Box>
  );
}, sameLine);

/** One array per terminal width, so memoised lines see the same columns from frame to frame. */
const columnsFor = (() => {
  const byWidth = new Map<number, readonly Column[]>();
  return (width: number): readonly Column[] => {
    let columns = byWidth.get(width);
    if (columns === undefined) {
      columns = COLUMNS.filter((c) => width >= c.minTerminal);
      byWidth.set(width, columns);
    }
    return columns;
  };
})();

export function SessionsPane(props: SessionsPaneProps): React.ReactElement {
  const theme = useTheme();
  const columns = columnsFor(props.width);
  const fixed = columns.reduce((n, c) => n + c.width + 1, 0);
  // 2 columns for the selection marker.
  const titleWidth = Math.max(10, props.width - fixed - 2);
  const room = Math.max(1, props.height - 1 - (props.filter ? 1 : 0) - (props.note ? 1 : 0));
  // The "rows x–y of n" line needs a line of its own when the list does not fit.
  const listHeight = props.rows.length > room ? Math.max(1, room - 1) : room;
  const {start, end} = windowAround(props.rows.length, props.selected, listHeight);
  const visible = props.rows.slice(start, end);
  return (
    <Box flexDirection="column" width={props.width}>
      {props.filter ? (
        <Text {...theme.tone('accent')}>
          {truncate(`filter: ${gwText(props.filter)} (${props.rows.length} match)`, props.width)}
        </Text>
      ) : null}
      {props.note ? <Gw value={props.note} width={props.width} {...theme.tone('dim')} /> : null}
      <Text {...theme.tone('dim')}>
        {'  '}
        {fit('session', titleWidth)}
        {columns.map((c) => ` ${fit(c.title, c.width)}`).join('')}
      </Text>
      {visible.length === 0 ? (
        <Text {...theme.tone('dim')}>
          {props.filter ? '  no session matches the filter' : '  no sessions yet'}
        </Text>
      ) : (
        visible.map((row, i) => (
          <TreeLine
            key={row.uid ?? row.key}
            row={row}
            selected={start + i === props.selected}
            columns={columns}
            titleWidth={titleWidth}
            now={props.now}
            {...(props.taskStates?.has(row.uid ?? row.key)
              ? {taskState: props.taskStates.get(row.uid ?? row.key)}
              : {})}
          />
        ))
      )}
      {props.rows.length > end - start ? (
        <Text {...theme.tone('dim')}>
          {truncate(`  rows ${start + 1}–${end} of ${props.rows.length}`, props.width)}
        </Text>
      ) : null}
    </Box>
  );
}

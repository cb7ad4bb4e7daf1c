// `t` on a session: the tasks it runs and the tasks it requested (runtime, what each is doing,
// delivery of its result, started, last activity, tool count), with what the operator's last
// cancel / retry / dismiss came to. Every gateway value goes through <Gw> / gwText.

import React from 'react';
import {Box, Text} from 'ink';
import type {TaskSummary} from '../protocol/types.ts';
import {TASK_STATE_LABEL, taskStateOf, type TaskState} from '../state/task-state.ts';
import type {TaskActionState} from '../state/tasks-slice.ts';
import {fit, truncate} from '../text/sanitize.ts';
import {formatAge} from './format.ts';
import {Gw, gwText} from './gw.tsx';
import {keysOf} from './keymap.ts';
import {useTheme, type Tone} from './theme.ts';
import {windowAround} from './window.ts';

export type TasksPanelState = {
  readonly sessionKey: string;
  readonly title: string;
  /** Index into the session's task list. */
  readonly selected: number;
  /** In a fleet: the gateway of the row it was opened on (its ledger is the one shown). */
  readonly gateway?: string;
};

export type TasksPanelProps = {
  readonly panel: TasksPanelState;
  readonly tasks: readonly TaskSummary[];
  readonly actions: Readonly<Record<string, TaskActionState>>;
  /** "tasks: not offered by this gateway (version …)", or why the ledger was not read. */
  readonly unavailable?: string;
  readonly width: number;
  readonly height: number;
  readonly now: number;
};

const STATE_TONE: Readonly<Record<TaskState, Tone>> = {
  queued: 'dim',
  running: 'ok',
  'waiting-approval': 'waiting',
  'waiting-input': 'waiting',
  'waiting-children': 'warn',
  waiting: 'warn',
  'blocked-delivery': 'danger',
  failed: 'danger',
  'timed-out': 'danger',
  cancelled: 'warn',
  done: 'dim',
  unknown: 'warn',
};

const ACTION_WORD: Readonly<Record<TaskActionState['action'], string>> = {
  cancel: 'cancelling',
  retry: 'retrying delivery',
  dismiss: 'dismissing delivery',
};

const age = (at: number | undefined, now: number): string =>
  at === undefined ? '—' : formatAge(now - at);

const lastActivityAt = (task: TaskSummary): number | undefined =>
  task.execution?.lastActivityAt ?? task.updatedAt;

/** Where this task stands relative to the session: the work it runs, or work it asked for. */
const relation = (task: TaskSummary, sessionKey: string): string =>
  task.childSessionKey === sessionKey ? 'runs here' : 'requested here';

export function actionText(entry: TaskActionState | undefined): string | undefined {
  if (entry === undefined) return undefined;
  if (entry.phase === 'sending') return `${ACTION_WORD[entry.action]}…`;
  return entry.message;
}

export function TasksPanel(props: TasksPanelProps): React.ReactElement {
  const theme = useTheme();
  const {panel, tasks, width, height, now} = props;
  const close = keysOf('tasks.close');
  const header = (
    <Box>
      <Text {...theme.tone('title')}>tasks of </Text>
      <Gw
        value={panel.title}
        width={Math.max(4, Math.floor(width / 3))}
        {...theme.tone('accent')}
      />
      <Text {...theme.tone('dim')}> </Text>
      <Gw
        value={panel.sessionKey}
        width={Math.max(4, width - Math.floor(width / 3) - 30)}
        {...theme.tone('dim')}
      />
      <Text {...theme.tone('dim')}>{truncate(` · ${close} closes`, 16)}</Text>
    </Box>
  );
  if (props.unavailable !== undefined && tasks.length === 0) {
    return (
      <Box flexDirection="column" width={width}>
        {header}
        <Gw value={props.unavailable} width={width} {...theme.tone('warn')} />
      </Box>
    );
  }
  const cols = {runtime: 9, state: 21, delivery: 15, started: 8, last: 8, tools: 5};
  const fixed = Object.values(cols).reduce((n, c) => n + c + 1, 0);
  const titleWidth = Math.max(8, width - fixed - 2);
  // header, column titles, detail (2 lines), range line
  const room = Math.max(1, height - 6);
  const selected = Math.min(panel.selected, Math.max(0, tasks.length - 1));
  const {start, end} = windowAround(tasks.length, selected, room);
  const current = tasks[selected];
  const detail =
    current === undefined
      ? undefined
      : detailLines(current, panel.sessionKey, props.actions[current.id]);
  return (
    <Box flexDirection="column" width={width}>
      {header}
      {props.unavailable === undefined ? null : (
        <Gw value={props.unavailable} width={width} {...theme.tone('warn')} />
      )}
      <Text {...theme.tone('dim')}>
        {truncate(
          `  ${fit('runtime', cols.runtime)} ${fit('status', cols.state)} ${fit('delivery', cols.delivery)} ${fit('started', cols.started)} ${fit('last act', cols.last)} ${fit('tools', cols.tools)} task`,
          width,
        )}
      </Text>
      {tasks.length === 0 ? (
        <Text {...theme.tone('dim')}> no tasks for this session in the ledger</Text>
      ) : (
        tasks.slice(start, end).map((task, i) => {
          const state = taskStateOf(task);
          const isSelected = start + i === selected;
          return (
            <Box key={task.id}>
              <Text {...(isSelected ? theme.tone('selected') : {})}>
                {isSelected ? '› ' : '  '}
                {fit(gwText(task.runtime ?? '?'), cols.runtime)}{' '}
              </Text>
              <Text {...theme.tone(STATE_TONE[state])}>
                {fit(TASK_STATE_LABEL[state], cols.state)}{' '}
              </Text>
              <Text {...theme.tone(state === 'blocked-delivery' ? 'danger' : 'dim')}>
                {fit(gwText(task.deliveryStatus ?? '—'), cols.delivery)}{' '}
              </Text>
              <Text {...theme.tone('dim')}>
                {fit(age(task.startedAt ?? task.createdAt, now), cols.started)}{' '}
                {fit(age(lastActivityAt(task), now), cols.last)}{' '}
                {fit(
                  task.toolUseCount === undefined ? '—' : String(task.toolUseCount),
                  cols.tools,
                )}{' '}
              </Text>
              <Gw value={task.title ?? task.id} width={titleWidth} />
            </Box>
          );
        })
      )}
      {tasks.length > end - start ? (
        <Text {...theme.tone('dim')}>
          {truncate(`  tasks ${start + 1}–${end} of ${tasks.length}`, width)}
        </Text>
      ) : null}
      {detail === undefined
        ? null
        : detail.map((line, i) => (
            <Gw key={i} value={line.text} width={width} {...theme.tone(line.tone)} />
          ))}
    </Box>
  );
}

/** Two lines about the selected task: where it belongs and ids, then what it said last. */
function detailLines(
  task: TaskSummary,
  sessionKey: string,
  action: TaskActionState | undefined,
): {readonly text: string; readonly tone: Tone}[] {
  const ids = [
    relation(task, sessionKey),
    `task ${task.id}`,
    task.runId === undefined ? undefined : `run ${task.runId}`,
    task.childSessionKey === undefined || task.childSessionKey === sessionKey
      ? undefined
      : `child ${task.childSessionKey}`,
    task.sessionKey === undefined || task.sessionKey === sessionKey
      ? undefined
      : `requester ${task.sessionKey}`,
  ].filter((part): part is string => part !== undefined);
  const said =
    actionText(action) ??
    task.error ??
    task.lastActivity ??
    task.terminalSummary ??
    task.progressSummary ??
    (task.lastToolName === undefined ? undefined : `last tool ${task.lastToolName}`);
  const tone: Tone =
    action?.phase === 'refused' || (action === undefined && task.error !== undefined)
      ? 'danger'
      : 'dim';
  return [
    {text: `  ${ids.join(' · ')}`, tone: 'dim'},
    ...(said === undefined ? [] : [{text: `  ${said}`, tone}]),
  ];
}

// A blocked delivery in the Inbox: a task whose work finished but whose result never reached its
// requester. One list line, and the detail beside it: what finished, for whom, what happened to
// the delivery, and which keys act on it. Gateway values go through <Gw> / gwText.

import React from 'react';
import {Box, Text} from 'ink';
import type {TaskSummary} from '../protocol/types.ts';
import type {TaskActionState} from '../state/tasks-slice.ts';
import {fit, truncate} from '../text/sanitize.ts';
import {formatAge, formatAgo} from './format.ts';
import {Gw, gwText} from './gw.tsx';
import {keysOf} from './keymap.ts';
import {actionText} from './tasks-panel.tsx';
import {useTheme} from './theme.ts';

export const DELIVERY_LABEL = 'blocked delivery';

const finishedAt = (task: TaskSummary): number | undefined =>
  task.endedAt ?? task.updatedAt ?? task.createdAt;

export function DeliveryLine(props: {
  readonly task: TaskSummary;
  readonly selected: boolean;
  readonly sending: boolean;
  readonly width: number;
  readonly now: number;
  /** In a fleet: the gateway the task ran on, and its column's width. */
  readonly gateway?: {readonly name: string; readonly width: number};
}): React.ReactElement {
  const theme = useTheme();
  const {task, selected, width, now, gateway} = props;
  const at = finishedAt(task);
  const age = (at === undefined ? '' : formatAge(now - at)).padStart(4);
  const budget = Math.max(4, width - 2 - 2 - 16 - 5 - (gateway ? gateway.width + 1 : 0));
  return (
    <Box>
      <Text {...(selected ? theme.tone('selected') : {})}>{selected ? '›' : ' '}</Text>
      <Text {...theme.tone(props.sending ? 'dim' : 'danger')}>{props.sending ? '…' : '⚑'} </Text>
      {gateway === undefined ? null : (
        <Text {...theme.tone('title')}>
          {fit(gwText(gateway.name, gateway.width), gateway.width)}{' '}
        </Text>
      )}
      <Text {...(selected ? theme.tone('selected') : theme.tone('accent'))}>
        {fit(DELIVERY_LABEL, 15)}{' '}
      </Text>
      <Text {...(selected ? theme.tone('selected') : {})}>
        {fit(gwText(task.title ?? task.id, budget), budget)}
      </Text>
      <Text {...theme.tone('dim')}> {age}</Text>
    </Box>
  );
}

export function DeliveryDetail(props: {
  readonly task: TaskSummary;
  readonly action?: TaskActionState;
  readonly width: number;
  readonly now: number;
}): React.ReactElement {
  const theme = useTheme();
  const {task, width, now} = props;
  const at = finishedAt(task);
  const fields: readonly (readonly [string, string | undefined])[] = [
    ['task', task.title],
    ['runtime', task.runtime],
    ['ran in', task.childSessionKey],
    ['waits', task.sessionKey === undefined ? undefined : `${task.sessionKey} (the requester)`],
    ['delivery', task.deliveryStatus],
    ['outcome', task.terminalOutcome],
    ['result', task.terminalSummary ?? task.progressSummary],
    ['error', task.error],
  ];
  const said = actionText(props.action);
  return (
    <Box flexDirection="column" width={width}>
      <Box>
        <Text {...theme.tone('title')}>Blocked delivery </Text>
        <Text {...theme.tone('dim')}>task </Text>
        <Gw value={task.id} width={Math.max(8, width - 24)} {...theme.tone('accent')} />
      </Box>
      <Text {...theme.tone('danger')}>
        {truncate('the work finished; its result did not reach the requester', width)}
      </Text>
      {at === undefined ? null : (
        <Text {...theme.tone('dim')}>{truncate(`finished ${formatAgo(now - at)}`, width)}</Text>
      )}
      <Box flexDirection="column" marginTop={1}>
        {fields
          .filter(([, value]) => value !== undefined && value !== '')
          .map(([label, value]) => (
            <Box key={label}>
              <Text {...theme.tone('dim')}>{fit(label, 11)} </Text>
              <Gw value={value} width={Math.max(4, width - 12)} />
            </Box>
          ))}
      </Box>
      {said === undefined ? null : (
        <Gw
          value={said}
          width={width}
          {...theme.tone(props.action?.phase === 'refused' ? 'danger' : 'dim')}
        />
      )}
      <Text {...theme.tone('dim')}>
        {truncate(
          `${keysOf('inbox.retry-delivery')} delivers it again · ${keysOf('inbox.deny')} dismisses it (the result is kept)`,
          width,
        )}
      </Text>
    </Box>
  );
}

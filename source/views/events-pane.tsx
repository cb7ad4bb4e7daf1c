// The tail of spawns, runs, tools and approvals. A failure carries its diagnosis (cause and fix)
// on the lines below it.
//
// Why not <Static>: Static writes finished lines above the live region for good, which suits a
// single scrolling log but not a console whose body switches between five panes — the history
// would pile up above the sessions tree and the inbox, and could not be filtered or paused. So the
// pane draws a bounded window of the (already bounded) event list held in state, ending at the
// newest line while following, or around the selected line while paused.

import React from 'react';
import {Box, Text} from 'ink';
import type {TailEvent} from '../state/model.ts';
import {fit, truncate, truncateStart} from '../text/sanitize.ts';
import {Gw, gwText} from './gw.tsx';
import {formatTime} from './format.ts';
import {useTheme} from './theme.ts';

export type EventsPaneProps = {
  readonly events: readonly TailEvent[];
  readonly width: number;
  readonly height: number;
  /** Following: the newest lines stay in view. Paused: the view stays on `selected`. */
  readonly follow: boolean;
  readonly selected: number;
  readonly filter?: string;
  /** `main › research › fetch` for a session key (of line `index`), when the tree knows it. */
  readonly sessionLabel?: (sessionKey: string, index?: number) => string | undefined;
  /** In a fleet: the name of the gateway line `index` came from (a column). */
  readonly gatewayOf?: (index: number) => string;
};

const GATEWAY_COLUMN = 10;

const SEVERITY_ICON: Readonly<Record<TailEvent['severity'], string>> = {
  info: '·',
  warn: '!',
  error: '✗',
};

const linesOf = (event: TailEvent): number => (event.diagnosis ? 3 : 1);

/** Indices [start, end) whose lines fit in `height`, ending at the newest or around `selected`. */
export function eventWindow(
  events: readonly TailEvent[],
  height: number,
  follow: boolean,
  selected: number,
): {readonly start: number; readonly end: number} {
  const total = events.length;
  if (total === 0) return {start: 0, end: 0};
  const anchor = follow ? total - 1 : Math.min(Math.max(0, selected), total - 1);
  let start = anchor;
  let end = anchor + 1;
  let used = linesOf(events[anchor]!);
  // Paused: keep some context after the selection; following: everything goes above.
  const below = follow ? 0 : Math.floor(height / 2);
  while (end < total && used + linesOf(events[end]!) <= below) {
    used += linesOf(events[end]!);
    end++;
  }
  while (start > 0 && used + linesOf(events[start - 1]!) <= height) {
    start--;
    used += linesOf(events[start]!);
  }
  while (end < total && used + linesOf(events[end]!) <= height) {
    used += linesOf(events[end]!);
    end++;
  }
  return {start, end};
}

function EventLine({
  event,
  selected,
  width,
  sessionLabel,
  index,
  gateway,
}: {
  readonly event: TailEvent;
  readonly selected: boolean;
  readonly width: number;
  readonly sessionLabel?: (sessionKey: string, index?: number) => string | undefined;
  readonly index: number;
  readonly gateway?: string;
}): React.ReactElement {
  const theme = useTheme();
  // Paths are cut at the start: the session itself (the end of the path) is what matters.
  const whereWidth = Math.min(28, Math.max(0, Math.floor(width / 4)));
  const where = event.sessionKey
    ? truncateStart(gwText(sessionLabel?.(event.sessionKey, index) ?? event.sessionKey), whereWidth)
    : '';
  const head = `${formatTime(event.ts)} `;
  const kind = fit(event.kind, 8);
  const whereCol = fit(where, whereWidth);
  const gatewayWidth = gateway === undefined ? 0 : GATEWAY_COLUMN + 1;
  const budget = Math.max(4, width - 1 - head.length - 2 - 9 - whereWidth - 1 - gatewayWidth);
  const tone =
    event.severity === 'error'
      ? theme.tone('danger')
      : event.severity === 'warn'
        ? theme.tone('warn')
        : {};
  return (
    <Box flexDirection="column">
      <Box>
        <Text {...(selected ? theme.tone('selected') : {})}>{selected ? '›' : ' '}</Text>
        <Text {...theme.tone('dim')}>{head}</Text>
        {gateway === undefined ? null : (
          <Text {...theme.tone('title')}>
            {fit(gwText(gateway, GATEWAY_COLUMN), GATEWAY_COLUMN)}{' '}
          </Text>
        )}
        <Text {...tone}>{SEVERITY_ICON[event.severity]} </Text>
        <Text {...theme.tone('accent')}>{kind} </Text>
        <Text {...theme.tone('dim')}>{whereCol} </Text>
        <Gw value={event.summary} width={budget} {...tone} />
      </Box>
      {event.diagnosis ? (
        <>
          <Box paddingLeft={4}>
            <Text {...theme.tone('danger')}>cause: </Text>
            <Gw value={event.diagnosis.cause} width={Math.max(4, width - 10)} />
          </Box>
          <Box paddingLeft={4}>
            <Text {...theme.tone('ok')}>fix: </Text>
            <Gw value={event.diagnosis.fix} width={Math.max(4, width - 10)} />
          </Box>
        </>
      ) : null}
    </Box>
  );
}

export function EventsPane(props: EventsPaneProps): React.ReactElement {
  const theme = useTheme();
  const status = props.follow ? 'following' : 'paused';
  const heading = `${props.events.length} events · ${status}${props.filter ? ` · filter: ${gwText(props.filter)}` : ''}`;
  const height = Math.max(1, props.height - 1);
  const {start, end} = eventWindow(props.events, height, props.follow, props.selected);
  return (
    <Box flexDirection="column" width={props.width}>
      <Text {...(props.follow ? theme.tone('dim') : theme.tone('warn'))}>
        {truncate(heading, props.width)}
      </Text>
      {props.events.length === 0 ? (
        <Text {...theme.tone('dim')}>
          {props.filter ? '  no event matches the filter' : '  no events yet'}
        </Text>
      ) : (
        props.events.slice(start, end).map((event, i) => {
          const gateway = props.gatewayOf?.(start + i);
          return (
            <EventLine
              key={gateway === undefined ? event.id : `${gateway}\u001f${event.id}`}
              event={event}
              selected={!props.follow && start + i === props.selected}
              width={props.width}
              sessionLabel={props.sessionLabel}
              index={start + i}
              {...(gateway === undefined ? {} : {gateway})}
            />
          );
        })
      )}
    </Box>
  );
}

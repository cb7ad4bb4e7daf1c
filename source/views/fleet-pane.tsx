// The Fleet pane: one row per gateway — where it is, what it runs, whether we are talking to it,
// how busy it is and how much waits there — and under a gateway that is not working, why and how
// to fix it. Props only; `enter` (the keymap's fleet.focus) makes the selected row the focus.

import React from 'react';
import {Box, Text} from 'ink';
import type {FleetRow} from '../state/fleet-rows.ts';
import {fit, truncate} from '../text/sanitize.ts';
import {Gw, gwText} from './gw.tsx';
import {explainFleetRow, fleetStateLabel, fleetStateTone, tunnelLabel} from './fleet-text.ts';
import {formatAge} from './format.ts';
import {useTheme} from './theme.ts';
import {windowAround} from './window.ts';

export type FleetPaneProps = {
  readonly rows: readonly FleetRow[];
  readonly selected: number;
  readonly width: number;
  readonly height: number;
  readonly now: number;
};

type Column = {
  readonly title: string;
  readonly width: number;
  /** Dropped below this terminal width, least useful first. */
  readonly minTerminal: number;
  readonly cell: (row: FleetRow, now: number) => string;
  readonly right?: boolean;
};

const lastSeen = (row: FleetRow, now: number): string =>
  row.lastEventAt === undefined ? '—' : formatAge(now - row.lastEventAt);

const COLUMNS: readonly Column[] = [
  {title: 'host', width: 22, minTerminal: 70, cell: (r) => gwText(r.host)},
  {title: 'version', width: 10, minTerminal: 100, cell: (r) => gwText(r.version ?? '')},
  {
    title: 'proto',
    width: 5,
    minTerminal: 90,
    cell: (r) => (r.protocol === undefined ? '' : String(r.protocol)),
  },
  {title: 'state', width: 22, minTerminal: 0, cell: (r, now) => fleetStateLabel(r.state, now)},
  {title: 'tunnel', width: 12, minTerminal: 110, cell: (r) => tunnelLabel(r.tunnel)},
  {title: 'run', width: 4, minTerminal: 60, cell: (r) => String(r.sessionsRunning), right: true},
  {title: 'wait', width: 4, minTerminal: 0, cell: (r) => String(r.waiting), right: true},
  {title: 'last', width: 4, minTerminal: 80, cell: lastSeen, right: true},
];

const NAME_MIN = 8;

export function FleetPane(props: FleetPaneProps): React.ReactElement {
  const theme = useTheme();
  const {rows, width, now} = props;
  if (rows.length === 0) {
    return (
      <Text {...theme.tone('dim')}>
        {truncate('  no gateways configured (gateways.json5 or --gateway NAME=URL)', width)}
      </Text>
    );
  }
  const anyTunnel = rows.some((r) => r.tunnel !== undefined);
  const columns = COLUMNS.filter(
    (c) => width >= c.minTerminal && (c.title !== 'tunnel' || anyTunnel),
  );
  const fixed = columns.reduce((sum, c) => sum + c.width + 1, 0);
  // marker (3) + name + the columns; the name takes what is left, within reason.
  const nameWidth = Math.max(NAME_MIN, Math.min(20, width - 4 - fixed));
  const cellText = (c: Column, text: string) =>
    c.right ? fit(text, c.width).trimEnd().padStart(c.width) : fit(text, c.width);
  const header = `   ${fit('gateway', nameWidth)} ${columns.map((c) => cellText(c, c.title)).join(' ')}`;
  // Each failing gateway takes two more lines (why, fix); the window counts rows, so keep it
  // generous: a fleet is a handful of gateways, not thousands.
  const {start, end} = windowAround(rows.length, props.selected, Math.max(1, props.height - 1));
  const detailWidth = Math.max(10, width - 6 - 5);
  return (
    <Box flexDirection="column" width={width}>
      <Text {...theme.tone('dim')}>{truncate(header, width)}</Text>
      {rows.slice(start, end).map((row, i) => {
        const selected = start + i === props.selected;
        const explanation = explainFleetRow(row);
        const marker = `${selected ? '›' : ' '}${row.focused ? '●' : ' '} `;
        const flags = row.readOnly ? ' ro' : '';
        const name = fit(gwText(row.name, nameWidth - flags.length) + flags, nameWidth);
        return (
          <Box key={row.id} flexDirection="column">
            <Box>
              <Text {...(selected ? theme.tone('selected') : {})}>{marker}</Text>
              <Text {...(selected ? theme.tone('selected') : theme.tone('accent'))}>{name} </Text>
              {columns.map((c) => (
                <Text
                  key={c.title}
                  {...(c.title === 'state'
                    ? theme.status(fleetStateTone(row.state))
                    : c.title === 'wait' && row.waiting > 0
                      ? theme.tone('waiting')
                      : {})}
                >
                  {cellText(c, c.cell(row, now))}{' '}
                </Text>
              ))}
            </Box>
            {explanation ? (
              <Box flexDirection="column" paddingLeft={4}>
                <Box>
                  <Text {...theme.tone('danger')}>why </Text>
                  <Gw value={explanation.why} width={detailWidth} />
                </Box>
                <Box>
                  <Text {...theme.tone('key')}>fix </Text>
                  <Gw value={explanation.fix} width={detailWidth} />
                </Box>
              </Box>
            ) : null}
          </Box>
        );
      })}
    </Box>
  );
}

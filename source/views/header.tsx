// Top two lines, the same on every pane: where we are connected, as whom, and how many things wait
// for a human; then the pane tabs (labels from the keymap).

import React from 'react';
import {Box} from 'ink';
import type {ConnectionPhase} from '../state/model.ts';
import {gwText} from './gw.tsx';
import {Line, type Segment} from './segments.tsx';
import {formatClockDuration, shortScope} from './format.ts';
import {KEYMAP, type PaneId} from './keymap.ts';
import {useTheme} from './theme.ts';

export type HeaderProps = {
  readonly host: string;
  readonly serverVersion?: string;
  readonly protocol?: number;
  readonly phase: ConnectionPhase;
  readonly attempt: number;
  /** Milliseconds until the next reconnect attempt (already computed against "now"). */
  readonly retryInMs?: number;
  readonly scopes: readonly string[];
  readonly inboxPending: number;
  readonly demo: boolean;
  readonly readOnly: boolean;
  readonly pane: PaneId;
  readonly width: number;
  /**
   * Set when a fleet is configured: which gateway(s) the pane shows. host/version/phase/scopes
   * above are then the focused gateway's.
   */
  readonly fleet?: FleetHeader;
};

export type FleetHeader = {
  /** 'all': this pane merges every gateway (tree, inbox, events); 'focused': one gateway's. */
  readonly scope: 'all' | 'focused';
  readonly focused: string;
  readonly gateways: ReadonlyArray<{readonly name: string; readonly connected: boolean}>;
};

/** Panes that show every gateway at once; the others show the focused one. */
export const fleetScopeOf = (pane: PaneId): FleetHeader['scope'] =>
  pane === 'gateway' || pane === 'policy' || pane === 'problem' ? 'focused' : 'all';

/** The first words of the header: which gateway(s) the operator is looking at. */
export function lookingAt(fleet: FleetHeader): string {
  const total = fleet.gateways.length;
  const name = gwText(fleet.focused, 20);
  if (fleet.scope === 'focused') return `gateway ${name} (1 of ${total})`;
  const marks = fleet.gateways
    .map((g) => `${gwText(g.name, 14)} ${g.connected ? '✓' : '✗'}`)
    .join(' ');
  return `all ${total} gateways: ${marks} · focus ${name}`;
}

export function connectionLabel(
  phase: ConnectionPhase,
  attempt: number,
  retryInMs: number | undefined,
): string {
  switch (phase) {
    case 'reconnecting': {
      const next = retryInMs === undefined ? '' : `, next in ${formatClockDuration(retryInMs)}`;
      return `reconnecting (attempt ${attempt}${next})`;
    }
    case 'paused':
      return 'paused (press r to retry)';
    default:
      return phase;
  }
}

const PANE_TABS = KEYMAP.filter((b) => b.id.startsWith('pane.') && b.keys.length === 1 && b.hint);
// With one gateway the Fleet tab is not shown: the console looks exactly as it did before fleets.
const SINGLE_TABS = PANE_TABS.filter((b) => b.id !== 'pane.fleet');

export function Header(props: HeaderProps): React.ReactElement {
  const theme = useTheme();
  const conn = connectionLabel(props.phase, props.attempt, props.retryInMs);
  const scopes = props.scopes.length > 0 ? props.scopes.map(shortScope).join(',') : 'none';
  const facts = [
    props.serverVersion ? `gateway ${gwText(props.serverVersion, 20)}` : undefined,
    props.protocol === undefined ? undefined : `protocol ${props.protocol}`,
  ].filter(Boolean);
  const line: Segment[] = [
    ...(props.demo ? [{text: ' DEMO ', style: theme.tone('badge-demo')}, {text: ' '}] : []),
    ...(props.readOnly
      ? [{text: ' READ-ONLY ', style: theme.tone('badge-readonly')}, {text: ' '}]
      : []),
    {text: 'openclaw-tui ', style: theme.tone('title')},
    ...(props.fleet ? [{text: `${lookingAt(props.fleet)} `, style: theme.tone('title')}] : []),
    {text: gwText(props.host, 32), style: theme.tone('accent')},
    {text: ` ● ${conn}`, style: theme.status(props.phase)},
    {text: facts.length > 0 ? ` · ${facts.join(' · ')}` : '', style: theme.tone('dim')},
    {text: ' · scopes ', style: theme.tone('dim')},
    {text: gwText(scopes)},
  ];
  const tabs: Segment[] = (props.fleet ? PANE_TABS : SINGLE_TABS).flatMap((b) => {
    const id = b.id.slice('pane.'.length);
    const active = id === props.pane;
    const count = id === 'inbox' ? ` (${props.inboxPending})` : '';
    // Brackets as well as inverse: the active tab must show even with no styling at all.
    const label = `${active ? '[' : ' '}${b.keys[0]!.display} ${b.hint!}${count}${active ? ']' : ' '}`;
    const tone =
      id === 'inbox' && props.inboxPending > 0 ? theme.tone('waiting') : theme.tone('dim');
    return [{text: label, style: active ? theme.tone('selected') : tone}, {text: ' '}];
  });
  tabs.push({
    text: props.inboxPending > 0 ? `⚑ ${props.inboxPending} waiting for you` : 'nothing waiting',
    style: props.inboxPending > 0 ? theme.tone('waiting') : theme.tone('dim'),
  });
  return (
    <Box flexDirection="column" width={props.width}>
      <Line segments={line} width={props.width} />
      <Line segments={tabs} width={props.width} />
    </Box>
  );
}

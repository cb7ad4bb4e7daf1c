// The body of the screen for the selected pane. Props only: the app hands over what selectors
// and the view-local state produced.

import React from 'react';
import {Box} from 'ink';
import type {EmbedStatus} from '../embed/types.ts';
import type {TaskSummary} from '../protocol/types.ts';
import type {AskedContext} from '../state/asked-context.ts';
import type {GatewayState, InboxItem, TailEvent, TreeRow} from '../state/model.ts';
import type {FleetRow} from '../state/fleet-rows.ts';
import type {TaskState} from '../state/task-state.ts';
import type {TaskActionState} from '../state/tasks-slice.ts';
import type {CronSectionProps} from './cron-section.tsx';
import {EventsPane} from './events-pane.tsx';
import {FleetPane} from './fleet-pane.tsx';
import {GatewayPane, type GatewayLogLine} from './gateway-pane.tsx';
import type {Grants} from '../state/describe-grant.ts';
import {InboxPane} from './inbox-pane.tsx';
import type {PaneId} from './keymap.ts';
import {PeekPanel, type PeekState} from './peek-panel.tsx';
import {PolicyPane} from './policy-pane.tsx';
import type {PolicyView} from './policy-view.ts';
import {SessionsPane} from './sessions-pane.tsx';

export type PaneBodyProps = {
  readonly pane: Exclude<PaneId, 'problem'>;
  readonly width: number;
  readonly height: number;
  readonly now: number;
  /** The filter text of this pane ('' = none). */
  readonly filter: string;
  readonly fleet?: {readonly rows: readonly FleetRow[]; readonly selected: number};
  readonly tree: {
    readonly rows: readonly TreeRow[];
    readonly selected: number;
    readonly taskStates?: ReadonlyMap<string, TaskState>;
  };
  readonly peek?: PeekState;
  readonly inbox: {
    readonly items: readonly InboxItem[];
    readonly selected: number;
    readonly approved?: Grants;
    readonly notes?: readonly string[];
    readonly deliveries?: readonly TaskSummary[];
    readonly taskActions?: Readonly<Record<string, TaskActionState>>;
    readonly gatewayOf?: (index: number) => string;
    readonly asked?: AskedContext;
  };
  readonly events: {
    readonly items: readonly TailEvent[];
    readonly selected: number;
    readonly follow: boolean;
    readonly sessionLabel: (key: string, index?: number) => string | undefined;
    readonly gatewayOf?: (index: number) => string;
  };
  readonly gateway: {
    readonly state: GatewayState;
    readonly embed?: EmbedStatus;
    readonly log: readonly GatewayLogLine[];
    readonly selected: number;
    readonly follow: boolean;
    readonly cron?: Omit<CronSectionProps, 'width' | 'now' | 'maxRows'>;
  };
  readonly policy: {readonly view: PolicyView; readonly selected: number};
};

export function PaneBody(props: PaneBodyProps): React.ReactElement {
  const {width, height, now} = props;
  const filter = props.filter || undefined;
  switch (props.pane) {
    case 'fleet':
      return (
        <FleetPane
          rows={props.fleet?.rows ?? []}
          selected={props.fleet?.selected ?? 0}
          width={width}
          height={height}
          now={now}
        />
      );
    case 'sessions': {
      const tree = (w: number) => (
        <SessionsPane
          rows={props.tree.rows}
          selected={props.tree.selected}
          height={height}
          width={w}
          now={now}
          filter={filter}
          {...(props.tree.taskStates === undefined ? {} : {taskStates: props.tree.taskStates})}
        />
      );
      if (!props.peek) return tree(width);
      // Narrow terminals show one pane: the peek replaces the tree until esc.
      if (width < 80) return <PeekPanel peek={props.peek} width={width} height={height} />;
      const peekWidth = Math.floor(width * 0.4);
      return (
        <Box>
          {tree(width - peekWidth - 1)}
          <Box marginLeft={1}>
            <PeekPanel peek={props.peek} width={peekWidth} height={height} />
          </Box>
        </Box>
      );
    }
    case 'inbox':
      return (
        <InboxPane
          items={props.inbox.items}
          selected={props.inbox.selected}
          width={width}
          height={height}
          now={now}
          approved={props.inbox.approved}
          {...(props.inbox.notes ? {notes: props.inbox.notes} : {})}
          filter={filter}
          {...(props.inbox.deliveries === undefined ? {} : {deliveries: props.inbox.deliveries})}
          {...(props.inbox.taskActions === undefined ? {} : {taskActions: props.inbox.taskActions})}
          {...(props.inbox.gatewayOf ? {gatewayOf: props.inbox.gatewayOf} : {})}
          {...(props.inbox.asked === undefined ? {} : {asked: props.inbox.asked})}
        />
      );
    case 'events':
      return (
        <EventsPane
          events={props.events.items}
          width={width}
          height={height}
          follow={props.events.follow}
          selected={props.events.selected}
          filter={filter}
          sessionLabel={props.events.sessionLabel}
          {...(props.events.gatewayOf ? {gatewayOf: props.events.gatewayOf} : {})}
        />
      );
    case 'gateway':
      return (
        <GatewayPane
          gateway={props.gateway.state}
          embed={props.gateway.embed}
          log={props.gateway.log}
          follow={props.gateway.follow}
          selected={props.gateway.selected}
          search={filter}
          now={now}
          width={width}
          height={height}
          {...(props.gateway.cron === undefined ? {} : {cron: props.gateway.cron})}
        />
      );
    case 'policy':
      return (
        <PolicyPane
          view={props.policy.view}
          selected={props.policy.selected}
          width={width}
          height={height}
        />
      );
  }
}

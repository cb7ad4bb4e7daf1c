// The inbox: a list of everything waiting for a human and, beside it (below it when narrow), the
// full detail of the selected item — who asks, for what exactly, and until when.

import React from 'react';
import {Box, Text} from 'ink';
import type {TaskSummary} from '../protocol/types.ts';
import type {InboxItem} from '../state/model.ts';
import type {TaskActionState} from '../state/tasks-slice.ts';
import {fit, truncate} from '../text/sanitize.ts';
import {Gw, gwText} from './gw.tsx';
import {formatAge, formatAgo, formatClockDuration} from './format.ts';
import {isOpen} from '../state/inbox-items.ts';
import {KIND_LABEL, itemSummary} from '../state/inbox-describe.ts';
import type {Field} from '../state/confirm-spec.ts';
import type {Grants} from '../state/describe-grant.ts';
import type {AskedContext} from '../state/asked-context.ts';
import {detailFields, stateLabel} from './inbox-text.ts';
import {DeliveryDetail, DeliveryLine} from './inbox-delivery.tsx';
import {useTheme} from './theme.ts';
import {windowAround} from './window.ts';
import {keysOf} from './keymap.ts';
import {detailBody} from './approval-detail.tsx';

export type InboxPaneProps = {
  readonly items: readonly InboxItem[];
  readonly selected: number;
  readonly width: number;
  readonly height: number;
  readonly now: number;
  /** What the selected device already holds (for upgrades), when the paired list says. */
  readonly approved?: Grants;
  readonly filter?: string;
  /** Kinds this gateway does not offer, one line each ("questions: not offered by …"). */
  readonly notes?: readonly string[];
  /** Blocked deliveries, listed after the requests (the cursor runs over both). */
  readonly deliveries?: readonly TaskSummary[];
  readonly taskActions?: Readonly<Record<string, TaskActionState>>;
  /** In a fleet: the name of the gateway item `index` came from (a column, and in the detail). */
  readonly gatewayOf?: (index: number) => string;
  /** Who asked, beyond the request itself, for the selected item: its task, its approver. */
  readonly asked?: AskedContext;
};

const NO_DELIVERIES: readonly TaskSummary[] = [];
const GATEWAY_COLUMN = 10;

const STATE_ICON: Readonly<Record<InboxItem['state']['phase'], string>> = {
  pending: '⚑',
  deciding: '…',
  resolved: '✓',
  expired: '⊘',
  superseded: '↻',
  failed: '✗',
};

export function InboxList(props: {
  readonly items: readonly InboxItem[];
  readonly selected: number;
  readonly width: number;
  readonly height: number;
  readonly now: number;
  readonly deliveries?: readonly TaskSummary[];
  readonly taskActions?: Readonly<Record<string, TaskActionState>>;
  readonly gatewayOf?: (index: number) => string;
}): React.ReactElement {
  const theme = useTheme();
  const deliveries = props.deliveries ?? NO_DELIVERIES;
  const total = props.items.length + deliveries.length;
  const gatewayWidth = props.gatewayOf ? GATEWAY_COLUMN + 1 : 0;
  const {start, end} = windowAround(total, props.selected, props.height);
  const shownDeliveries = deliveries
    .map((task, index) => ({task, index: props.items.length + index}))
    .filter(({index}) => index >= start && index < end);
  if (total === 0) {
    return (
      <Text {...theme.tone('dim')}>{truncate('  nothing is waiting for you', props.width)}</Text>
    );
  }
  return (
    <Box flexDirection="column" width={props.width}>
      {props.items.slice(start, end).map((item, i) => {
        const selected = start + i === props.selected;
        const kind = fit(KIND_LABEL[item.kind], 15);
        // An open question counts down (the agent stops waiting then); everything else shows age.
        const age =
          item.kind === 'question' && item.expiresAt !== undefined && isOpen(item)
            ? formatClockDuration(item.expiresAt - props.now).padStart(5)
            : formatAge(props.now - item.receivedAt).padStart(4);
        const budget = Math.max(4, props.width - 2 - 2 - 16 - 5 - gatewayWidth);
        const phaseTone = theme.status(item.state.phase);
        const gateway = props.gatewayOf?.(start + i);
        return (
          <Box key={gateway === undefined ? item.id : `${gateway}\u001f${item.id}`}>
            <Text {...(selected ? theme.tone('selected') : {})}>{selected ? '›' : ' '}</Text>
            <Text {...phaseTone}>{STATE_ICON[item.state.phase]} </Text>
            {gateway === undefined ? null : (
              <Text {...theme.tone('title')}>
                {fit(gwText(gateway, GATEWAY_COLUMN), GATEWAY_COLUMN)}{' '}
              </Text>
            )}
            <Text {...(selected ? theme.tone('selected') : theme.tone('accent'))}>{kind} </Text>
            <Text {...(selected ? theme.tone('selected') : {})}>
              {fit(gwText(itemSummary(item), budget), budget)}
            </Text>
            <Text {...theme.tone('dim')}> {age}</Text>
          </Box>
        );
      })}
      {shownDeliveries.map(({task, index}) => (
        <DeliveryLine
          key={`${props.gatewayOf?.(index) ?? ''}\u001ftask:${task.id}`}
          {...(props.gatewayOf
            ? {gateway: {name: props.gatewayOf(index), width: GATEWAY_COLUMN}}
            : {})}
          task={task}
          selected={index === props.selected}
          sending={props.taskActions?.[task.id]?.phase === 'sending'}
          width={props.width}
          now={props.now}
        />
      ))}
    </Box>
  );
}

function FieldRows({fields, width}: {readonly fields: readonly Field[]; readonly width: number}) {
  const theme = useTheme();
  const shown = fields.filter((f) => f.value !== undefined && f.value !== '');
  const labelWidth = 11;
  return (
    <Box flexDirection="column">
      {shown.map((f) => (
        <Box key={f.label}>
          <Text {...theme.tone('dim')}>{fit(f.label, labelWidth)} </Text>
          <Gw value={f.value} width={Math.max(4, width - labelWidth - 1)} />
        </Box>
      ))}
    </Box>
  );
}

/** Requested vs already approved, one line per scope/role, so an upgrade's delta is obvious. */
export function GrantTable({
  requested,
  approved,
  isRepair,
  width,
}: {
  readonly requested: Grants;
  readonly approved?: Grants;
  readonly isRepair: boolean;
  readonly width: number;
}): React.ReactElement {
  const theme = useTheme();
  const known = approved ?? (isRepair ? undefined : {roles: [], scopes: []});
  const rows = [
    ...requested.roles.map((r) => ({name: `role ${r}`, has: known?.roles.includes(r)})),
    ...requested.scopes.map((s) => ({name: s, has: known?.scopes.includes(s)})),
    // Held but not asked for again: an upgrade request replaces the set, so these would go.
    ...(known?.scopes ?? [])
      .filter((s) => !requested.scopes.includes(s))
      .map((s) => ({name: s, has: true, dropped: true})),
  ];
  const nameWidth = Math.max(10, Math.min(28, width - 30));
  return (
    <Box flexDirection="column">
      <Text {...theme.tone('dim')}>
        {fit('', nameWidth)} {fit('requested', 10)} {fit('approved now', 13)}
      </Text>
      {rows.map((row) => {
        const requestedMark = 'dropped' in row ? '·' : '✓';
        const approvedMark = row.has === undefined ? '?' : row.has ? '✓' : '·';
        const note = 'dropped' in row ? 'not requested' : row.has === false ? 'NEW' : '';
        return (
          <Box key={row.name}>
            <Text>{fit(gwText(row.name), nameWidth)} </Text>
            <Text>{fit(requestedMark, 10)} </Text>
            <Text>{fit(approvedMark, 13)} </Text>
            <Text {...(note === 'NEW' ? theme.tone('warn') : theme.tone('dim'))}>{note}</Text>
          </Box>
        );
      })}
      {known === undefined ? (
        <Text {...theme.tone('dim')}>? = the gateway did not list what this device holds now</Text>
      ) : null}
    </Box>
  );
}

export function InboxDetail({
  item,
  width,
  now,
  approved,
  gateway,
  asked,
}: {
  readonly item: InboxItem | undefined;
  readonly width: number;
  readonly now: number;
  readonly approved?: Grants;
  /** In a fleet: the gateway it came from, the one a decision goes to. */
  readonly gateway?: string;
  readonly asked?: AskedContext;
}): React.ReactElement {
  const theme = useTheme();
  if (!item) return <Text {...theme.tone('dim')}>Select an item to see what it asks for.</Text>;
  const state = stateLabel(item, now);
  return (
    <Box flexDirection="column" width={width}>
      <Box>
        <Text {...theme.tone('title')}>{KIND_LABEL[item.kind]} </Text>
        <Text {...theme.tone('dim')}>request </Text>
        <Gw value={item.id} width={Math.max(8, width - 30)} {...theme.tone('accent')} />
      </Box>
      {gateway === undefined ? null : (
        <Box>
          <Text {...theme.tone('dim')}>on gateway </Text>
          <Gw value={gateway} width={Math.max(8, width - 11)} {...theme.tone('title')} />
        </Box>
      )}
      <Box>
        <Gw
          value={state}
          width={width}
          {...(item.state.phase === 'failed'
            ? theme.tone('danger')
            : theme.status(item.state.phase))}
        />
      </Box>
      <Text {...theme.tone('dim')}>
        {truncate(`received ${formatAgo(now - item.receivedAt)}`, width)}
      </Text>
      {item.supersedes ? (
        <Gw
          value={`replaces earlier request ${item.supersedes}`}
          width={width}
          {...theme.tone('dim')}
        />
      ) : null}
      {item.kind === 'exec-approval' ? (
        <Box flexDirection="column" marginY={1}>
          <Text {...theme.tone('dim')}>
            command (shown exactly; ␛ ⟨U+…⟩ mark hidden characters):
          </Text>
          <Gw
            value={item.request.command ?? item.request.commandPreview}
            multiline
            maxLines={12}
            fallback="(the gateway did not send the command text)"
            {...theme.tone('title')}
          />
        </Box>
      ) : null}
      {item.kind === 'question' ? (
        <Box flexDirection="column" marginY={1}>
          {item.request.questions.map((q, qi) => (
            <Box key={q.questionId} flexDirection="column">
              <Gw
                value={`${qi + 1}. ${q.question}`}
                multiline
                maxLines={4}
                {...theme.tone('title')}
              />
              {q.options.map((o, oi) => (
                <Gw key={oi} value={`   ${oi + 1}) ${o.label}`} width={width} />
              ))}
              {q.allowsText ? <Text {...theme.tone('dim')}> or your own words</Text> : null}
            </Box>
          ))}
          {item.recorded ? (
            <Gw
              value={`answer: ${Object.entries(item.recorded)
                .map(([k, v]) => `${k} = ${v.join(', ')}`)
                .join('; ')}`}
              width={width}
              {...theme.tone('accent')}
            />
          ) : null}
          {isOpen(item) ? (
            <Text {...theme.tone('key')}>
              {truncate(`${keysOf('inbox.open')} answer it · numbers pick options`, width)}
            </Text>
          ) : null}
        </Box>
      ) : null}
      {(item.kind === 'exec-approval' || item.kind === 'system-agent-approval') &&
      detailBody(item).length > 12 ? (
        <Text {...theme.tone('key')}>
          {truncate(`${keysOf('inbox.open')} read all ${detailBody(item).length} lines`, width)}
        </Text>
      ) : null}
      {item.kind === 'system-agent-approval' ? (
        <Box flexDirection="column" marginY={1}>
          <Text {...theme.tone('dim')}>the change the system agent asks to make:</Text>
          <Gw
            value={item.request.command ?? item.request.description}
            multiline
            maxLines={12}
            fallback="(the gateway did not describe the change)"
            {...theme.tone('title')}
          />
        </Box>
      ) : null}
      {item.kind === 'plugin-approval' && item.request.description ? (
        <Box marginY={1}>
          <Gw value={item.request.description} multiline maxLines={8} />
        </Box>
      ) : null}
      <FieldRows fields={detailFields(item, asked)} width={width} />
      {item.kind === 'device-pairing' ? (
        <Box marginTop={1}>
          <GrantTable
            requested={{
              roles:
                item.request.roles && item.request.roles.length > 0
                  ? item.request.roles
                  : item.request.role
                    ? [item.request.role]
                    : [],
              scopes: item.request.scopes ?? [],
            }}
            approved={approved}
            isRepair={item.request.isRepair === true}
            width={width}
          />
        </Box>
      ) : null}
    </Box>
  );
}

export function InboxPane(props: InboxPaneProps): React.ReactElement {
  const theme = useTheme();
  const item = props.items[props.selected];
  const deliveries = props.deliveries ?? NO_DELIVERIES;
  const delivery = item ? undefined : deliveries[props.selected - props.items.length];
  const total = props.items.length + deliveries.length;
  const side = props.width >= 80;
  const listWidth = side ? Math.max(30, Math.floor(props.width * 0.42)) : props.width;
  const detailWidth = side ? props.width - listWidth - 2 : props.width;
  const filterLine = props.filter ? 1 : 0;
  const listHeight = side
    ? Math.max(1, props.height - filterLine)
    : Math.max(1, Math.min(total, Math.floor(props.height / 3)));
  return (
    <Box flexDirection="column" width={props.width}>
      {props.filter ? (
        <Text {...theme.tone('accent')}>
          {truncate(`filter: ${gwText(props.filter)} (${total} match)`, props.width)}
        </Text>
      ) : null}
      <Box flexDirection={side ? 'row' : 'column'}>
        <Box width={listWidth} marginRight={side ? 2 : 0} marginBottom={side ? 0 : 1}>
          <Box flexDirection="column">
            <InboxList
              items={props.items}
              selected={props.selected}
              width={listWidth}
              height={Math.max(1, listHeight - (props.notes?.length ?? 0))}
              now={props.now}
              deliveries={deliveries}
              {...(props.taskActions === undefined ? {} : {taskActions: props.taskActions})}
              {...(props.gatewayOf ? {gatewayOf: props.gatewayOf} : {})}
            />
            {(props.notes ?? []).map((note) => (
              <Text key={note} {...theme.tone('dim')}>
                {truncate(gwText(note), listWidth)}
              </Text>
            ))}
          </Box>
        </Box>
        <Box width={detailWidth}>
          {delivery ? (
            <DeliveryDetail
              task={delivery}
              {...(props.taskActions?.[delivery.id] === undefined
                ? {}
                : {action: props.taskActions[delivery.id]})}
              width={detailWidth}
              now={props.now}
            />
          ) : (
            <InboxDetail
              item={item}
              width={detailWidth}
              now={props.now}
              approved={props.approved}
              {...(props.gatewayOf && item ? {gateway: props.gatewayOf(props.selected)} : {})}
              {...(props.asked === undefined ? {} : {asked: props.asked})}
            />
          )}
        </Box>
      </Box>
    </Box>
  );
}

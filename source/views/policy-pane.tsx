// Who may reach the agents: per channel the DM policy and allowlist (a "*" is flagged loudly),
// senders waiting to be allowed, and per agent which agents it may spawn as subagents.

import React from 'react';
import {Box, Text} from 'ink';
import {APPROVAL_DISABLED_MARKER} from '../protocol/parse-config-policy.ts';
import {fit, truncate} from '../text/sanitize.ts';
import {Gw, gwText} from './gw.tsx';
import {isWildcard, policyRows, type PolicyRow, type PolicyView} from './policy-view.ts';
import {useTheme} from './theme.ts';
import {windowAround} from './window.ts';

export type PolicyPaneProps = {
  readonly view: PolicyView;
  readonly selected: number;
  readonly width: number;
  readonly height: number;
};

const channelName = (row: {readonly channel: string; readonly accountId?: string}): string =>
  row.accountId ? `${row.channel} / ${row.accountId}` : row.channel;

function Line({row, width}: {readonly row: PolicyRow; readonly width: number}): React.ReactElement {
  const theme = useTheme();
  switch (row.kind) {
    case 'channel': {
      const c = row.channel;
      const open = isWildcard(c.allowFrom) || c.dmPolicy === 'open';
      return (
        <Box>
          <Text {...theme.tone('title')}>{fit(gwText(channelName(c)), 28)} </Text>
          <Text {...theme.tone('dim')}>dm </Text>
          <Gw value={c.dmPolicy ?? 'default'} width={10} />
          <Text {...theme.tone('dim')}>
            {' '}
            · {c.allowFrom.filter((entry) => entry !== APPROVAL_DISABLED_MARKER).length} allowed
          </Text>
          {open ? <Text {...theme.tone('danger')}> ⚠ "*" — ANYONE can DM this bot</Text> : null}
        </Box>
      );
    }
    case 'allowed':
      if (row.senderId === APPROVAL_DISABLED_MARKER) {
        // Not a sender: the marker that keeps the channel's native approval actions off.
        return (
          <Box paddingLeft={2}>
            <Text {...theme.tone('dim')}>
              {truncate(
                `⊘ ${APPROVAL_DISABLED_MARKER} (not a sender): approval buttons off, this console approves`,
                width - 2,
              )}
            </Text>
          </Box>
        );
      }
      return (
        <Box paddingLeft={2}>
          {row.senderId === '*' ? (
            <Text {...theme.tone('danger')}>✓ * (everyone)</Text>
          ) : (
            <>
              <Text {...theme.tone('ok')}>✓ </Text>
              <Gw value={row.senderId} width={width - 4} />
            </>
          )}
        </Box>
      );
    case 'candidate':
      return (
        <Box paddingLeft={2}>
          <Text {...theme.tone('waiting')}>? </Text>
          <Gw
            value={
              row.sender.label
                ? `${row.sender.label} (${row.sender.senderId})`
                : row.sender.senderId
            }
            width={width - 30}
          />
          <Text {...theme.tone('dim')}> not allowed — u to allow</Text>
        </Box>
      );
    case 'agent': {
      const a = row.agent;
      const list = a.allowAgents;
      return (
        <Box>
          <Text {...theme.tone('dim')}>agent </Text>
          <Text {...theme.tone('title')}>{fit(gwText(a.agentId), 20)} </Text>
          <Text {...theme.tone('dim')}>may spawn </Text>
          {isWildcard(list) ? (
            <Text {...theme.tone('danger')}>⚠ "*" — ANY configured agent</Text>
          ) : (
            <Gw
              value={
                list === undefined ? '(default)' : list.length === 0 ? 'none' : list.join(', ')
              }
              width={Math.max(4, width - 40)}
            />
          )}
        </Box>
      );
    }
  }
}

export function PolicyPane(props: PolicyPaneProps): React.ReactElement {
  const theme = useTheme();
  const v = props.view;
  if (!v.loaded) {
    return (
      <Box flexDirection="column" width={props.width}>
        <Text {...theme.tone('dim')}>loading the gateway configuration…</Text>
        {v.error ? <Gw value={v.error} width={props.width} {...theme.tone('danger')} /> : null}
      </Box>
    );
  }
  const rows = policyRows(v);
  const header = v.defaultAllowAgents
    ? `default subagent targets: ${v.defaultAllowAgents.length === 0 ? 'none' : v.defaultAllowAgents.join(', ')}`
    : undefined;
  const height = Math.max(1, props.height - (header ? 1 : 0) - (v.error ? 1 : 0));
  const {start, end} = windowAround(rows.length, props.selected, height);
  return (
    <Box flexDirection="column" width={props.width}>
      {v.error ? <Gw value={v.error} width={props.width} {...theme.tone('danger')} /> : null}
      {header ? (
        <Text {...(isWildcard(v.defaultAllowAgents) ? theme.tone('danger') : theme.tone('dim'))}>
          {truncate(gwText(header), props.width)}
          {isWildcard(v.defaultAllowAgents) ? ' ⚠ "*" — any agent may spawn any agent' : ''}
        </Text>
      ) : null}
      {rows.length === 0 ? (
        <Text {...theme.tone('dim')}>no channels or agents configured</Text>
      ) : (
        rows.slice(start, end).map((row, i) => {
          const selected = start + i === props.selected;
          return (
            <Box key={start + i}>
              <Text {...(selected ? theme.tone('selected') : {})}>{selected ? '›' : ' '}</Text>
              <Line row={row} width={props.width - 1} />
            </Box>
          );
        })
      )}
    </Box>
  );
}

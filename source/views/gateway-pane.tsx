// The gateway: how we are connected (and since when, with which scopes), the embedded child when
// we supervise one, and its live log with search and follow/pause.

import React from 'react';
import {Box, Text} from 'ink';
import type {EmbedStatus} from '../embed/types.ts';
import type {GatewayState} from '../state/model.ts';
import {fit, truncate} from '../text/sanitize.ts';
import {Gw, gwText} from './gw.tsx';
import {CronSection, cronSectionHeight, type CronSectionProps} from './cron-section.tsx';
import {connectionLabel} from './header.tsx';
import {formatAge, formatBytes, formatClockDuration, formatTime, shortScope} from './format.ts';
import {useTheme} from './theme.ts';
import {windowTail} from './window.ts';

export type GatewayLogLine = {
  readonly text: string;
  readonly at: number;
  readonly stream?: string;
};

export type GatewayPaneProps = {
  readonly gateway: GatewayState;
  readonly embed?: EmbedStatus;
  readonly log: readonly GatewayLogLine[];
  readonly follow: boolean;
  /** Paused: the log line kept in view. */
  readonly selected: number;
  /** `/` search: only matching lines are shown (already filtered by the caller or here). */
  readonly search?: string;
  readonly now: number;
  readonly width: number;
  readonly height: number;
  /** The gateway's cron jobs (and whether tasks/cron are offered at all). */
  readonly cron?: Omit<CronSectionProps, 'width' | 'now' | 'maxRows'>;
};

/** Cron rows shown at most; the log keeps the rest of the pane. */
const CRON_ROWS = 5;

function Fact({
  label,
  value,
  width,
}: {
  readonly label: string;
  readonly value: unknown;
  readonly width: number;
}) {
  const theme = useTheme();
  if (value === undefined || value === '') return null;
  return (
    <Box>
      <Text {...theme.tone('dim')}>{fit(label, 13)} </Text>
      <Gw value={value} width={Math.max(4, width - 14)} />
    </Box>
  );
}

/** Case-insensitive substring search over sanitised text (what the operator sees). */
export function searchLog(lines: readonly GatewayLogLine[], search: string | undefined) {
  if (!search) return lines;
  const needle = search.toLowerCase();
  return lines.filter((line) => gwText(line.text).toLowerCase().includes(needle));
}

export function GatewayPane(props: GatewayPaneProps): React.ReactElement {
  const theme = useTheme();
  const g = props.gateway;
  const half = Math.floor(props.width / 2) - 1;
  const wide = props.width >= 80;
  const factWidth = wide ? half : props.width;
  const retryIn = g.retryAt === undefined ? undefined : Math.max(0, g.retryAt - props.now);
  const connection = (
    <Box flexDirection="column" width={factWidth}>
      <Text {...theme.tone('title')}>connection</Text>
      <Fact label="url" value={`${g.url} (from ${g.urlSource})`} width={factWidth} />
      <Fact label="credentials" value={g.credentialSource} width={factWidth} />
      <Fact
        label="tls pin"
        value={g.tlsPinSource === undefined ? undefined : `from ${g.tlsPinSource}`}
        width={factWidth}
      />
      <Box>
        <Text {...theme.tone('dim')}>{fit('state', 13)} </Text>
        <Text {...theme.status(g.phase)}>{connectionLabel(g.phase, g.attempt, retryIn)}</Text>
      </Box>
      <Fact label="gateway" value={g.serverVersion} width={factWidth} />
      <Fact
        label="protocol"
        value={g.protocol === undefined ? undefined : String(g.protocol)}
        width={factWidth}
      />
      <Fact
        label="connected"
        value={
          g.connectedAt === undefined || g.phase !== 'connected'
            ? undefined
            : `for ${formatClockDuration(props.now - g.connectedAt)}`
        }
        width={factWidth}
      />
      <Fact
        label="scopes"
        value={g.scopes.length > 0 ? g.scopes.map(shortScope).join(', ') : 'none'}
        width={factWidth}
      />
      <Fact
        label="methods"
        value={g.methods.length > 0 ? `${g.methods.length} advertised` : undefined}
        width={factWidth}
      />
      <Fact label="main session" value={g.mainSessionKey} width={factWidth} />
      <Fact
        label="last close"
        value={
          g.lastClose
            ? `${g.lastClose.code} ${g.lastClose.reason} (${formatAge(props.now - g.lastClose.at)} ago)`
            : undefined
        }
        width={factWidth}
      />
      <Fact
        label="shutdown"
        value={
          g.shutdown
            ? `${g.shutdown.reason}${g.shutdown.restartExpectedMs === undefined ? '' : `, restart expected in ${formatClockDuration(g.shutdown.restartExpectedMs)}`}`
            : undefined
        }
        width={factWidth}
      />
      <Fact
        label="event gap"
        value={
          g.lastGap
            ? `expected #${g.lastGap.expected}, got #${g.lastGap.received}; state re-read (${formatAge(props.now - g.lastGap.at)} ago)`
            : undefined
        }
        width={factWidth}
      />
      <Fact
        label="problem"
        value={
          g.problem
            ? `${g.problem.kind}: ${'message' in g.problem ? g.problem.message : g.problem.detail}`
            : undefined
        }
        width={factWidth}
      />
    </Box>
  );
  const e = props.embed;
  const embedded = (
    <Box flexDirection="column" width={factWidth}>
      <Text {...theme.tone('title')}>embedded gateway</Text>
      {e ? (
        <>
          <Box>
            <Text {...theme.tone('dim')}>{fit('state', 13)} </Text>
            <Text {...theme.status(e.state)}>
              {e.state}
              {e.restartInMs === undefined
                ? ''
                : ` (next start in ${formatClockDuration(e.restartInMs)})`}
            </Text>
          </Box>
          <Fact
            label="pid"
            value={e.pid === undefined ? undefined : String(e.pid)}
            width={factWidth}
          />
          <Fact
            label="uptime"
            value={
              e.startedAt === undefined ? undefined : formatClockDuration(props.now - e.startedAt)
            }
            width={factWidth}
          />
          <Fact label="version" value={g.serverVersion} width={factWidth} />
          <Fact label="port" value={String(e.port)} width={factWidth} />
          <Fact label="restarts" value={String(e.restarts)} width={factWidth} />
          <Fact
            label="memory"
            value={e.memoryRssBytes === undefined ? undefined : formatBytes(e.memoryRssBytes)}
            width={factWidth}
          />
          <Fact label="last exit" value={e.lastExit?.reason} width={factWidth} />
          <Fact label="log file" value={e.logFile ?? e.logFileError} width={factWidth} />
        </>
      ) : (
        <Text {...theme.tone('dim')}>none (attached; --embed starts one)</Text>
      )}
    </Box>
  );
  const lines = searchLog(props.log, props.search);
  const factsHeight = wide ? 14 : 24;
  const cronHeight =
    props.cron === undefined ? 0 : 1 + cronSectionHeight({...props.cron, maxRows: CRON_ROWS});
  const logHeight = Math.max(3, props.height - factsHeight - 1 - cronHeight);
  const {start, end} = windowTail(
    lines.length,
    props.follow ? undefined : props.selected,
    logHeight,
  );
  const heading = `log · ${lines.length} line${lines.length === 1 ? '' : 's'} · ${props.follow ? 'following' : 'paused'}${props.search ? ` · search: ${gwText(props.search)}` : ''}`;
  return (
    <Box flexDirection="column" width={props.width}>
      <Box flexDirection={wide ? 'row' : 'column'}>
        <Box marginRight={wide ? 2 : 0}>{connection}</Box>
        {embedded}
      </Box>
      {props.cron === undefined ? null : (
        <Box marginTop={1}>
          <CronSection {...props.cron} maxRows={CRON_ROWS} width={props.width} now={props.now} />
        </Box>
      )}
      <Box marginTop={1} flexDirection="column">
        <Text {...(props.follow ? theme.tone('dim') : theme.tone('warn'))}>
          {truncate(heading, props.width)}
        </Text>
        {lines.length === 0 ? (
          <Text {...theme.tone('dim')}>
            {props.search ? '  no log line matches' : '  no log lines yet'}
          </Text>
        ) : (
          lines.slice(start, end).map((line, i) => {
            const selected = !props.follow && start + i === props.selected;
            return (
              <Box key={start + i}>
                <Text {...(selected ? theme.tone('selected') : theme.tone('dim'))}>
                  {selected ? '›' : ' '}
                  {formatTime(line.at)}{' '}
                </Text>
                <Gw
                  value={line.text}
                  width={Math.max(4, props.width - 10)}
                  {...(line.stream === 'stderr' ? theme.tone('warn') : {})}
                />
              </Box>
            );
          })
        )}
      </Box>
    </Box>
  );
}

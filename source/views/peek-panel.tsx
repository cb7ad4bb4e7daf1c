// `p`: a quick look at a session's recent messages without leaving the tree.

import React from 'react';
import {Box, Text} from 'ink';
import {truncate} from '../text/sanitize.ts';
import {Gw} from './gw.tsx';
import {keysOf} from './keymap.ts';
import {useTheme} from './theme.ts';

export type PeekLine = {readonly role: string; readonly text: string};

export type PeekState =
  | {readonly phase: 'loading'; readonly sessionKey: string; readonly title: string}
  | {
      readonly phase: 'ready';
      readonly sessionKey: string;
      readonly title: string;
      readonly lines: readonly PeekLine[];
    }
  | {
      readonly phase: 'failed';
      readonly sessionKey: string;
      readonly title: string;
      readonly message: string;
    };

export type PeekPanelProps = {
  readonly peek: PeekState;
  readonly width: number;
  readonly height: number;
};

export function PeekPanel({peek, width, height}: PeekPanelProps): React.ReactElement {
  const theme = useTheme();
  const inner = Math.max(10, width - 4);
  const room = Math.max(1, height - 4);
  return (
    <Box flexDirection="column" width={width} borderStyle="single" paddingX={1}>
      <Box>
        <Text {...theme.tone('title')}>peek </Text>
        <Gw value={peek.title} width={Math.max(4, inner - 30)} {...theme.tone('accent')} />
      </Box>
      <Gw value={peek.sessionKey} width={inner} {...theme.tone('dim')} />
      {peek.phase === 'loading' ? <Text {...theme.tone('dim')}>loading…</Text> : null}
      {peek.phase === 'failed' ? (
        <Gw value={peek.message} width={inner} {...theme.tone('danger')} />
      ) : null}
      {peek.phase === 'ready' && peek.lines.length === 0 ? (
        <Text {...theme.tone('dim')}>no messages</Text>
      ) : null}
      {peek.phase === 'ready'
        ? peek.lines.slice(-room).map((line, i) => (
            <Box key={i}>
              <Text {...theme.tone('accent')}>{truncate(line.role, 10).padEnd(10)} </Text>
              <Box width={Math.max(4, inner - 11)}>
                <Gw value={line.text} multiline maxLines={4} />
              </Box>
            </Box>
          ))
        : null}
      <Text {...theme.tone('dim')}>{keysOf('peek.close')} close</Text>
    </Box>
  );
}

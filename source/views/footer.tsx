// Bottom line: key hints for the current mode and pane, rendered from the keymap, plus one status
// message (e.g. why a key is disabled, or what a command did).

import React from 'react';
import {Box, Text} from 'ink';
import {truncate} from '../text/sanitize.ts';
import {Gw} from './gw.tsx';
import {footerHints, type KeyContext} from './keymap.ts';
import {useTheme} from './theme.ts';

export type FooterProps = {
  readonly context: KeyContext;
  readonly width: number;
  /** One line of feedback; may quote gateway text, so it is rendered through <Gw>. */
  readonly message?: {readonly text: string; readonly tone: 'info' | 'warn' | 'danger'};
};

export function Footer({context, width, message}: FooterProps): React.ReactElement {
  const theme = useTheme();
  const hints = footerHints(context);
  const parts: React.ReactElement[] = [];
  let used = 0;
  for (const hint of hints) {
    const piece = `${hint.keys} ${hint.label}`;
    const cost = piece.length + 2;
    if (used + cost > width) break;
    used += cost;
    parts.push(
      <Box key={piece} marginRight={2}>
        <Text {...(hint.disabled ? theme.tone('dim') : theme.tone('key'))}>{hint.keys}</Text>
        <Text {...theme.tone('dim')}> {hint.label}</Text>
      </Box>,
    );
  }
  return (
    <Box flexDirection="column" width={width}>
      {message ? <Gw value={message.text} width={width} {...theme.tone(message.tone)} /> : null}
      <Box width={width}>{parts.length > 0 ? parts : <Text>{truncate('', width)}</Text>}</Box>
    </Box>
  );
}

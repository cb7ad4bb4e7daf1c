// The question before anything is sent: exactly what is granted, to whom, for how long, and the
// exact request id the decision goes to. Only `y` sends; `n` or esc cancels.

import React from 'react';
import {Box, Text} from 'ink';
import {fit} from '../text/sanitize.ts';
import {Gw, gwText} from './gw.tsx';
import type {ConfirmSpec} from '../state/confirm-spec.ts';
import {keysOf} from './keymap.ts';
import {useTheme} from './theme.ts';

export type ConfirmDialogProps = {
  readonly spec: ConfirmSpec;
  readonly width: number;
  /** Replaces the "y yes · n cancel" line when the answer is typed instead (the "*" check). */
  readonly answer?: string;
};

export function ConfirmDialog({spec, width, answer}: ConfirmDialogProps): React.ReactElement {
  const theme = useTheme();
  const inner = Math.max(20, width - 4);
  const labelWidth = 11;
  return (
    <Box
      flexDirection="column"
      width={width}
      borderStyle="round"
      borderColor={theme.tone(spec.danger ? 'danger' : 'accent').color}
      paddingX={1}
    >
      <Text {...theme.tone(spec.danger ? 'danger' : 'title')}>
        {spec.title}
        {spec.gateway === undefined ? '' : ` — on gateway ${gwText(spec.gateway, 32)}`}
      </Text>
      <Box>
        <Text {...theme.tone('dim')}>{fit('action', labelWidth)} </Text>
        <Text {...theme.tone('title')}>{spec.action}</Text>
      </Box>
      <Box>
        <Text {...theme.tone('dim')}>{fit(spec.target.label, labelWidth)} </Text>
        <Gw value={spec.target.id} width={inner - labelWidth - 1} {...theme.tone('accent')} />
      </Box>
      {spec.body !== undefined ? (
        <Box flexDirection="column" marginY={1}>
          {spec.bodyLabel !== undefined ? (
            <Text {...theme.tone('dim')}>{spec.bodyLabel}:</Text>
          ) : null}
          <Gw value={spec.body} multiline maxLines={12} {...theme.tone('title')} />
        </Box>
      ) : null}
      {spec.fields
        .filter((f) => f.value !== undefined && f.value !== '')
        .map((f) => (
          <Box key={f.label}>
            {/* The label keeps its width; a long value wraps in its own column beside it. */}
            <Box flexShrink={0}>
              <Text {...theme.tone('dim')}>{fit(f.label, labelWidth)} </Text>
            </Box>
            <Box flexShrink={1}>
              <Gw value={f.value} multiline maxLines={4} />
            </Box>
          </Box>
        ))}
      {answer !== undefined ? (
        <Box marginTop={1}>
          <Text {...theme.tone(spec.danger ? 'danger' : 'key')}>{answer}</Text>
        </Box>
      ) : (
        <Box marginTop={1}>
          <Text {...theme.tone('key')}>{keysOf('confirm.yes')}</Text>
          <Text>
            {' '}
            yes, {spec.action}
            {spec.gateway === undefined ? '' : ` on ${gwText(spec.gateway, 32)}`} ·{' '}
          </Text>
          <Text {...theme.tone('key')}>{keysOf('confirm.no')}</Text>
          <Text> cancel</Text>
        </Box>
      )}
    </Box>
  );
}

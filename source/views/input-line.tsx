// One line of typed text: the `/` filter and the steer message. The text is the operator's own,
// but it is sanitised anyway: a paste can carry escape sequences too.

import React from 'react';
import {Box, Text} from 'ink';
import {truncate, truncateStart} from '../text/sanitize.ts';
import {Gw, gwText} from './gw.tsx';
import {keysOf, type CommandId} from './keymap.ts';
import {useTheme} from './theme.ts';

export type InputLineProps = {
  /** Our label: "filter", "steer". */
  readonly label: string;
  /** What the input is for, possibly gateway text (the session title). */
  readonly target?: string;
  /**
   * In a fleet, the gateway the typed text goes to. Kept apart from the target so a long
   * title is cut, never the name of the gateway that receives the message.
   */
  readonly gateway?: string;
  readonly value: string;
  readonly width: number;
  readonly submit: CommandId;
  readonly cancel: CommandId;
  readonly submitLabel: string;
  readonly cancelLabel: string;
};

export function InputLine(props: InputLineProps): React.ReactElement {
  const theme = useTheme();
  const help = ` ${keysOf(props.submit)} ${props.submitLabel} · ${keysOf(props.cancel)} ${props.cancelLabel}`;
  const prefix = props.target ? `${props.label} → ` : `${props.label}: `;
  const onGateway = props.target && props.gateway ? ` on ${gwText(props.gateway, 24)}` : '';
  const targetText = props.target ? `${gwText(props.target, 30)}${onGateway}: ` : '';
  const room = Math.max(4, props.width - prefix.length - targetText.length - help.length - 1);
  // Show the end of long input: that is where the cursor is.
  const shown = truncateStart(gwText(props.value), room);
  return (
    <Box width={props.width}>
      <Text {...theme.tone('accent')}>{prefix}</Text>
      {props.target ? <Gw value={props.target} width={30} {...theme.tone('title')} /> : null}
      {onGateway ? <Text {...theme.tone('accent')}>{onGateway}</Text> : null}
      {props.target ? <Text>: </Text> : null}
      <Text>{shown}</Text>
      <Text {...theme.tone('selected')}> </Text>
      <Text {...theme.tone('dim')}>{truncate(help, props.width)}</Text>
    </Box>
  );
}

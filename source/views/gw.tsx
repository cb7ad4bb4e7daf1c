// <Gw> is how gateway text reaches the screen: sanitised (controls and bidi made visible), then
// cut to the column width. Components never put a gateway string into <Text> any other way; plain
// strings they build themselves (labels, numbers) go into <Text> directly.

import React from 'react';
import {Text} from 'ink';
import {safe, safeMultiline, truncate} from '../text/sanitize.ts';
import {useTheme, type TextStyle} from './theme.ts';

export type GwProps = TextStyle & {
  /** Raw gateway value; anything not a string is shown via String(). */
  readonly value: unknown;
  /** Column budget for one-line text; it ends with '…' when cut. */
  readonly width?: number;
  /**
   * Keep line breaks and wrap instead of cutting (exec commands, log lines, peeks): the operator
   * must be able to read all of what they approve. Capped at maxLines with a visible "more" note.
   */
  readonly multiline?: boolean;
  readonly maxLines?: number;
  /** Shown dim when the value is missing or empty. */
  readonly fallback?: string;
};

/** Sanitised (and optionally cut) one-line text, for places that compose a string themselves. */
export function gwText(value: unknown, width?: number): string {
  const text = safe(value);
  return width === undefined ? text : truncate(text, width);
}

const isEmpty = (value: unknown): boolean => value === undefined || value === null || value === '';

export function Gw({
  value,
  width,
  multiline,
  maxLines,
  fallback,
  ...style
}: GwProps): React.ReactElement {
  const theme = useTheme();
  if (isEmpty(value) && fallback !== undefined) {
    return (
      <Text {...theme.tone('dim')}>
        {width === undefined ? fallback : truncate(fallback, width)}
      </Text>
    );
  }
  if (multiline) {
    const lines = safeMultiline(value).split('\n');
    const cap = maxLines ?? Number.POSITIVE_INFINITY;
    const shown = lines.slice(0, cap).join('\n');
    const more = lines.length - Math.min(lines.length, cap);
    return (
      <Text {...style} wrap="wrap">
        {shown}
        {more > 0 ? (
          <Text {...theme.tone('dim')}>{`\n… ${more} more line${more === 1 ? '' : 's'}`}</Text>
        ) : null}
      </Text>
    );
  }
  return (
    <Text {...style} wrap="truncate-end">
      {gwText(value, width)}
    </Text>
  );
}

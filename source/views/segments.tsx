// A line made of differently styled pieces, cut as a whole to the terminal width. Ink would
// otherwise shrink each <Text> of a row on its own and wrap them into a jumble.

import React from 'react';
import {Box, Text} from 'ink';
import {textWidth, truncate} from '../text/sanitize.ts';
import type {TextStyle} from './theme.ts';

export type Segment = {
  /** Already sanitised (gwText) or our own text. */
  readonly text: string;
  readonly style?: TextStyle;
};

/** Keep pieces in order until the width is used up; the piece that crosses it ends with '…'. */
export function fitSegments(segments: readonly Segment[], width: number): Segment[] {
  const out: Segment[] = [];
  let left = width;
  for (const segment of segments) {
    if (left <= 0) break;
    const w = textWidth(segment.text);
    if (w <= left) {
      out.push(segment);
      left -= w;
    } else {
      out.push({...segment, text: truncate(segment.text, left)});
      left = 0;
    }
  }
  return out;
}

export function Line({
  segments,
  width,
}: {
  readonly segments: readonly Segment[];
  readonly width: number;
}): React.ReactElement {
  return (
    <Box width={width} flexShrink={0}>
      <Text wrap="truncate-end">
        {fitSegments(segments, width).map((s, i) => (
          <Text key={i} {...(s.style ?? {})}>
            {s.text}
          </Text>
        ))}
      </Text>
    </Box>
  );
}

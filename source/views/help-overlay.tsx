// `?`: every key, grouped, straight from the keymap. In --read-only the commands that would change
// something are not listed at all.

import React from 'react';
import {Box, Text} from 'ink';
import {fit, truncate} from '../text/sanitize.ts';
import {helpSections, READ_ONLY_REASON, type HelpSection} from './keymap.ts';
import {useTheme} from './theme.ts';

export type HelpOverlayProps = {
  readonly readOnly: boolean;
  readonly width: number;
};

const linesOf = (column: readonly HelpSection[]): number =>
  column.reduce((n, s) => n + s.bindings.length + 1, 0);

/**
 * Split sections, in order, into `count` columns so the tallest column is as short as possible
 * (sections are few, so trying every split is cheap).
 */
export function balance(sections: readonly HelpSection[], count: number): HelpSection[][] {
  if (count <= 1 || sections.length <= 1) return [[...sections]];
  let best: HelpSection[][] = [[...sections]];
  let bestHeight = linesOf(sections);
  for (let cut = 1; cut < sections.length; cut++) {
    const rest = balance(sections.slice(cut), count - 1);
    const columns = [sections.slice(0, cut), ...rest];
    const height = Math.max(...columns.map(linesOf));
    if (height < bestHeight) {
      best = columns;
      bestHeight = height;
    }
  }
  return best;
}

export function HelpOverlay({readOnly, width}: HelpOverlayProps): React.ReactElement {
  const theme = useTheme();
  const sections = helpSections(readOnly);
  const keyWidth =
    Math.max(
      ...sections.flatMap((sec) =>
        sec.bindings.map((b) => b.keys.map((k) => k.display).join(' ').length),
      ),
    ) + 1;
  const count = width >= 150 ? 3 : width >= 90 ? 2 : 1;
  const inner = width - 1;
  const columnWidth = Math.floor((inner - 2 * (count - 1)) / count);
  const columns = balance(sections, count);
  return (
    <Box flexDirection="column" width={width} paddingLeft={1} flexShrink={0}>
      <Text {...theme.tone('title')}>
        {truncate(
          `Keys${readOnly ? ' (read-only: commands that change things are hidden)' : ''} — esc, ? or q closes`,
          inner,
        )}
      </Text>
      {readOnly ? <Text {...theme.tone('dim')}>{truncate(READ_ONLY_REASON, inner)}</Text> : null}
      <Box flexDirection="row">
        {columns.map((column, c) => (
          <Box
            key={c}
            flexDirection="column"
            width={columnWidth}
            marginRight={c < columns.length - 1 ? 2 : 0}
            flexShrink={0}
          >
            {column.map((section) => (
              <Box key={section.title} flexDirection="column" flexShrink={0}>
                <Text {...theme.tone('accent')}>{truncate(section.title, columnWidth)}</Text>
                {section.bindings.map((b) => (
                  <Text key={b.id} wrap="truncate-end">
                    <Text {...theme.tone('key')}>
                      {fit(b.keys.map((k) => k.display).join(' '), keyWidth)}
                    </Text>
                    {truncate(b.description, Math.max(4, columnWidth - keyWidth))}
                  </Text>
                ))}
              </Box>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}

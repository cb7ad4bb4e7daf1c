// An approval read in full: who asked and why (agent, session, run, where it came from), then the
// whole command or change, scrolled with j/k/pgup/pgdn. However long the command (a heredoc of
// hundreds of lines), the decision keys stay on screen: the last line of the panel names them
// and the footer lists them, and the panel never grows past the body's height.

import React from 'react';
import {Box, Text} from 'ink';
import type {InboxItem} from '../state/model.ts';
import {safeMultiline, truncate} from '../text/sanitize.ts';
import {KIND_LABEL} from '../state/inbox-describe.ts';
import {Gw} from './gw.tsx';
import type {AskedContext} from '../state/asked-context.ts';
import {detailFields, stateLabel} from './inbox-text.ts';
import {keysOf} from './keymap.ts';
import {useTheme} from './theme.ts';

/** The long text of an item, one entry per line (what the detail scrolls over). */
export function detailBody(item: InboxItem | undefined): readonly string[] {
  if (!item) return [];
  let text: string | undefined;
  switch (item.kind) {
    case 'exec-approval':
      text = item.request.command ?? item.request.commandPreview;
      break;
    case 'plugin-approval':
      text = item.request.description;
      break;
    case 'system-agent-approval':
      text = item.request.command ?? item.request.description;
      break;
    case 'question':
      text = item.request.questions
        .map((q) => [q.question, ...q.options.map((o, i) => `  ${i + 1}. ${o.label}`)].join('\n'))
        .join('\n\n');
      break;
    default:
      text = undefined;
  }
  return text === undefined ? [] : safeMultiline(text).split('\n');
}

/**
 * What the detail shows at this height: its fields, its lines, how many fit and the last top line
 * a scroll can reach (the keys clamp to it, so `k` after `G` moves at once).
 */
export function detailLayout(item: InboxItem, asked: AskedContext | undefined, height: number) {
  const fields = detailFields(item, asked).filter((f) => f.value !== undefined && f.value !== '');
  const lines = detailBody(item);
  // header 2 + fields + "lines a-b of n" + the keys line; the rest is the scrolling window.
  const windowHeight = Math.max(3, height - (2 + fields.length + 2));
  return {fields, lines, windowHeight, maxTop: Math.max(0, lines.length - windowHeight)};
}

export type ApprovalDetailProps = {
  readonly item: InboxItem;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly now: number;
  readonly readOnly: boolean;
  /** Its task and approver, beyond what the request carries. */
  readonly asked?: AskedContext;
};

export function ApprovalDetail(props: ApprovalDetailProps): React.ReactElement {
  const theme = useTheme();
  const {item, width, height} = props;
  const {fields, lines, maxTop, windowHeight} = detailLayout(item, props.asked, height);
  const top = Math.max(0, Math.min(props.top, maxTop));
  const shown = lines.slice(top, top + windowHeight);
  const numberWidth = String(lines.length).length;
  const keys = props.readOnly
    ? `${keysOf('cursor.down')}/${keysOf('cursor.up')} scroll · ${keysOf('detail.close')} back`
    : `${keysOf('inbox.approve')} approve · ${keysOf('inbox.allow-always')} always · ${keysOf('inbox.deny')} deny · ${keysOf('cursor.down')}/${keysOf('cursor.up')} scroll · ${keysOf('detail.close')} back`;
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Box>
        <Text {...theme.tone('title')}>{KIND_LABEL[item.kind]} </Text>
        <Gw value={item.id} width={Math.max(8, width - 20)} {...theme.tone('accent')} />
      </Box>
      <Gw value={stateLabel(item, props.now)} width={width} {...theme.status(item.state.phase)} />
      {fields.map((f) => (
        <Box key={f.label}>
          <Text {...theme.tone('dim')}>{f.label.padEnd(11).slice(0, 11)} </Text>
          <Gw value={f.value} width={Math.max(4, width - 12)} />
        </Box>
      ))}
      <Text {...theme.tone('dim')}>
        {truncate(
          lines.length === 0
            ? '(no long text)'
            : `lines ${top + 1}-${top + shown.length} of ${lines.length} (shown exactly; ␛ ⟨U+…⟩ mark hidden characters)`,
          width,
        )}
      </Text>
      {shown.map((line, index) => (
        <Box key={top + index}>
          <Text {...theme.tone('dim')}>{String(top + index + 1).padStart(numberWidth)} </Text>
          {/* already sanitised by safeMultiline; cut, never wrapped, so the window keeps its rows */}
          <Text wrap="truncate-end">{line}</Text>
        </Box>
      ))}
      <Text {...theme.tone('key')}>{truncate(keys, width)}</Text>
    </Box>
  );
}

// chat.history messages, reduced to what the peek panel shows: who spoke and the text, with tool
// calls and results named (content blocks of other kinds are summarised, not dropped silently).

import {isRecord} from './parse-fields.ts';

export type HistoryLine = {readonly role: string; readonly text: string};

const blockText = (block: unknown): string | undefined => {
  if (typeof block === 'string') return block;
  if (!isRecord(block)) return undefined;
  if (block.type === 'text' && typeof block.text === 'string') return block.text;
  if (block.type === 'toolCall' || block.type === 'tool_use' || block.type === 'toolUse') {
    const name = typeof block.name === 'string' ? block.name : 'tool';
    return `→ ${name}(${JSON.stringify(block.arguments ?? block.input ?? {}).slice(0, 160)})`;
  }
  if (typeof block.type === 'string') return `[${block.type}]`;
  return undefined;
};

const messageText = (content: unknown): string => {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map(blockText)
      .filter((text): text is string => text !== undefined)
      .join(' ');
  }
  return '';
};

/** The last `limit` messages, oldest first. */
export const parseChatHistory = (value: unknown, limit = 20): HistoryLine[] => {
  const messages = isRecord(value) && Array.isArray(value.messages) ? value.messages : [];
  const lines: HistoryLine[] = [];
  for (const message of messages) {
    if (!isRecord(message)) continue;
    const role = typeof message.role === 'string' ? message.role : 'unknown';
    const name = typeof message.toolName === 'string' ? ` ${message.toolName}` : '';
    lines.push({role: `${role}${name}`, text: messageText(message.content)});
  }
  return lines.slice(-limit);
};

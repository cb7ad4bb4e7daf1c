// An open agent question: who asks (agent, session, run), how long it waits, and the question
// that is up with its numbered options. The number keys pick; what was picked for the earlier
// questions of the same request stays visible above.

import React from 'react';
import {Box, Text} from 'ink';
import type {InboxItem} from '../state/model.ts';
import {truncate} from '../text/sanitize.ts';
import type {AnswerDraft} from './answer-flow.ts';
import type {AskedContext} from '../state/asked-context.ts';
import {formatExpiry} from './format.ts';
import {taskText} from './inbox-text.ts';
import {Gw, gwText} from './gw.tsx';
import {keysOf} from './keymap.ts';
import {useTheme} from './theme.ts';

type QuestionItem = Extract<InboxItem, {readonly kind: 'question'}>;

export type QuestionPanelProps = {
  readonly item: QuestionItem;
  readonly draft: AnswerDraft;
  readonly width: number;
  readonly now: number;
  readonly readOnly: boolean;
  /** The task whose run asks. */
  readonly asked?: AskedContext;
};

const pickText = (
  item: QuestionItem,
  index: number,
  pick: AnswerDraft['picks'][number],
): string => {
  const options = item.request.questions[index]?.options ?? [];
  if ('text' in pick) return `"${pick.text}"`;
  const numbers = 'option' in pick ? [pick.option] : pick.options;
  return numbers.map((n) => `${n}. ${options[n - 1]?.label ?? '?'}`).join(', ');
};

export function QuestionPanel({
  item,
  draft,
  width,
  now,
  readOnly,
  asked,
}: QuestionPanelProps): React.ReactElement {
  const theme = useTheme();
  const r = item.request;
  const question = r.questions[draft.step];
  const who = [
    r.agentId ? `agent ${r.agentId}` : undefined,
    r.sessionKey ? `session ${r.sessionKey}` : undefined,
    r.runId ? `run ${r.runId}` : undefined,
    asked?.task ? taskText(asked.task) : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(' · ');
  const inner = Math.max(20, width - 4);
  return (
    <Box
      flexDirection="column"
      width={width}
      borderStyle="round"
      borderColor={theme.tone('accent').color}
      paddingX={1}
    >
      <Box>
        <Text {...theme.tone('title')}>Agent question </Text>
        <Gw value={item.id} width={Math.max(8, inner - 16)} {...theme.tone('accent')} />
      </Box>
      <Gw value={who || 'asked by an agent (the gateway did not say which)'} width={inner} />
      <Text {...theme.tone('warn')}>
        {truncate(formatExpiry(item.expiresAt, now) ?? 'no expiry given', inner)}
      </Text>
      {draft.picks.map((pick, index) => (
        <Text key={index} {...theme.tone('dim')}>
          {gwText(
            `${r.questions[index]?.questionId ?? index + 1}: ${pickText(item, index, pick)}`,
            inner,
          )}
        </Text>
      ))}
      {question ? (
        <Box flexDirection="column" marginTop={1}>
          <Text {...theme.tone('dim')}>
            {truncate(
              `question ${draft.step + 1} of ${r.questions.length}${question.header ? ` · ${gwText(question.header)}` : ''}${question.multiSelect ? ' · choose several, then enter' : ''}`,
              inner,
            )}
          </Text>
          <Gw value={question.question} multiline maxLines={6} {...theme.tone('title')} />
          <Box flexDirection="column" marginTop={1}>
            {question.options.map((option, index) => {
              const on = draft.toggled.includes(index + 1);
              const mark = question.multiSelect ? (on ? '[x] ' : '[ ] ') : '';
              return (
                <Box key={index} flexDirection="column">
                  <Box>
                    <Text {...theme.tone('key')}>{`${index + 1}`}</Text>
                    <Text> {mark}</Text>
                    <Gw value={option.label} width={Math.max(4, inner - 8)} />
                  </Box>
                  {option.description ? (
                    <Box marginLeft={4}>
                      <Gw
                        value={option.description}
                        width={Math.max(4, inner - 4)}
                        {...theme.tone('dim')}
                      />
                    </Box>
                  ) : null}
                </Box>
              );
            })}
            {question.allowsText ? (
              <Box>
                <Text {...theme.tone('key')}>{keysOf('answer.text')}</Text>
                <Text> type your own answer</Text>
              </Box>
            ) : null}
          </Box>
        </Box>
      ) : null}
      <Box marginTop={1}>
        {readOnly ? (
          <Text {...theme.tone('dim')}>read-only: this console cannot answer</Text>
        ) : (
          <Text {...theme.tone('dim')}>
            {truncate(
              `${keysOf('answer.option')} choose · ${keysOf('answer.close')} leave it unanswered · the answer is shown before it is sent`,
              inner,
            )}
          </Text>
        )}
      </Box>
    </Box>
  );
}

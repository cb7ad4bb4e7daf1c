// `openclaw-tui answer <id> --option N | --text "…"`: one answer, to one agent question by its
// exact id, sent once, audited. Like approve/deny, the id is looked up only after every list was
// read, and the exit codes are the same: 0 recorded · 1 failed (refused, outcome unknown, could
// not look) · 2 usage (an option the question does not have, text where only options are taken,
// --read-only, a request of several questions) · 3 no such pending question.

import type {Options} from '../config/options.ts';
import {buildAnswers, describeAnswer, type AnswerChoice} from '../control/answer.ts';
import type {QuestionAnswers} from '../protocol/types.ts';
import {isOpen} from '../state/inbox-items.ts';
import {gatewayRecordOf} from '../state/reducer.ts';
import {selectInboxItem} from '../state/selectors.ts';
import {safe} from '../text/sanitize.ts';
import {failed} from './command-failure.ts';
import {EXIT} from './command-io.ts';
import {
  openGuardedAudit,
  refuseReadOnly,
  resultCode,
  unreadListsFailure,
} from './decision-prologue.ts';
import type {SessionDeps} from './gateway-session.ts';
import {hasScope} from './inbox-coverage.ts';
import {readOneShot} from './one-shot.ts';
import {
  printedTwin,
  succeeded,
  withWarnings,
  type TwinResult,
  type TwinView,
} from './twin-result.ts';

export type AnswerRequest = {
  readonly id: string;
  readonly answer: {readonly options: readonly number[]} | {readonly text: string};
};

/** `answer <id> --json` (schema in the readme). */
export type AnswerDoc = {
  readonly ok: true;
  readonly id: string;
  readonly kind: 'question';
  readonly answers: QuestionAnswers;
};

/** The document, and the answer in words for the human line. */
export type Answered = {readonly doc: AnswerDoc; readonly described: string};

/** Answer one exact question id on the gateway `options` point at; the outcome as data. */
export const answerOn = (
  options: Options,
  deps: SessionDeps,
  request: AnswerRequest,
): Promise<TwinResult<Answered>> => {
  const {id} = request;
  const extra = {id, decision: 'answer'};
  if (options.readOnly) return Promise.resolve(refuseReadOnly('answer', extra));
  const audit = openGuardedAudit(options);
  return readOneShot(
    options,
    deps,
    async (session): Promise<TwinResult<Answered>> => {
      const state = gatewayRecordOf(session.store.getState(), session.gateway);
      const item = state.inbox.items[id];
      if (item?.kind !== 'question' || !isOpen(item)) {
        const unread =
          item === undefined ? unreadListsFailure(state, session.warnings(), id, extra) : undefined;
        return (
          unread ??
          failed(
            {
              kind: 'not-found',
              message:
                item !== undefined && item.kind !== 'question'
                  ? `${id} is not an agent question (use approve or deny)`
                  : `no pending agent question with id ${id} (it was answered, cancelled or expired, or never existed; ids must be exact)`,
            },
            item !== undefined && item.kind !== 'question' ? EXIT.usage : EXIT.notFound,
            extra,
          )
        );
      }
      const questions = item.request.questions;
      if (questions.length !== 1) {
        return failed(
          {
            kind: 'usage',
            message: `${id} asks ${questions.length} questions at once: answer it in the console (enter on it in the Inbox)`,
          },
          EXIT.usage,
          {...extra, kind: item.kind},
        );
      }
      const choice: AnswerChoice =
        'text' in request.answer
          ? {text: request.answer.text}
          : request.answer.options.length === 1
            ? {option: request.answer.options[0]!}
            : {options: request.answer.options};
      const built = buildAnswers(questions, [choice]);
      if ('error' in built) {
        return failed({kind: 'usage', message: `answer ${id}: ${built.error}`}, EXIT.usage, {
          ...extra,
          kind: item.kind,
        });
      }
      if (!hasScope(state.gateway.scopes, 'operator.questions')) {
        return failed(
          {
            kind: 'forbidden',
            message: 'answer needs operator.questions, which the gateway did not grant',
          },
          EXIT.failed,
          {...extra, kind: item.kind},
        );
      }
      const sent = describeAnswer(questions, built.answers);
      const result = await session.answer(id, built.answers);
      if (result.status !== 'applied') {
        return withWarnings(
          failed(
            {kind: result.status, message: `answer ${id}: ${result.message}`},
            resultCode(result),
            {...extra, kind: item.kind, answer: sent},
          ),
          audit.warnings(),
        );
      }
      const recorded = selectInboxItem(session.store.getState(), session.gateway, id);
      const answers =
        recorded?.kind === 'question' && recorded.recorded ? recorded.recorded : built.answers;
      return withWarnings(
        succeeded({
          doc: {ok: true, id, kind: 'question', answers},
          described: describeAnswer(questions, answers),
        }),
        audit.warnings(),
      );
    },
    {failureExtra: extra, reads: 'inbox', audit: audit.log},
  );
};

export const answerView: TwinView<Answered> = {
  json: ({doc}) => doc,
  lines: ({doc, described}) => [`answered agent question ${safe(doc.id)}: ${safe(described)}`],
};

export const runAnswer = printedTwin(answerOn, answerView);

// `openclaw-tui answer <id> --option N | --text "…"`: one answer, to one agent question by its
// exact id, sent once, audited. Like approve/deny, the id is looked up only after every list was
// read, and the exit codes are the same: 0 recorded · 1 failed (refused, outcome unknown, could
// not look) · 2 usage (an option the question does not have, text where only options are taken,
// --read-only, a request of several questions) · 3 no such pending question.

import type {Options} from '../config/options.ts';
import {buildAnswers, describeAnswer, type AnswerChoice} from '../control/answer.ts';
import {isOpen} from '../state/inbox-items.ts';
import {gatewayRecordOf} from '../state/reducer.ts';
import {selectInboxItem} from '../state/selectors.ts';
import {safe} from '../text/sanitize.ts';
import {reportFailure} from './command-failure.ts';
import {EXIT, writeJson, writeLine, type CommandIo, type ExitCode} from './command-io.ts';
import {
  openGuardedAudit,
  refuseReadOnly,
  reportUnreadLists,
  resultCode,
} from './decision-prologue.ts';
import type {SessionDeps} from './gateway-session.ts';
import {hasScope} from './inbox-coverage.ts';
import {withOneShotSession} from './one-shot.ts';

export type AnswerRequest = {
  readonly id: string;
  readonly answer: {readonly options: readonly number[]} | {readonly text: string};
};

export const runAnswer = (
  options: Options,
  io: CommandIo,
  deps: SessionDeps,
  request: AnswerRequest,
): Promise<ExitCode> => {
  const {id} = request;
  const extra = {id, decision: 'answer'};
  if (options.readOnly) return refuseReadOnly(io, options, 'answer', extra);
  const audit = openGuardedAudit(options);
  return withOneShotSession(
    options,
    io,
    deps,
    async (session) => {
      const state = gatewayRecordOf(session.store.getState(), session.gateway);
      const item = state.inbox.items[id];
      if (item?.kind !== 'question' || !isOpen(item)) {
        if (item === undefined) {
          const unread = reportUnreadLists(io, options, state, session.warnings(), id, extra);
          if (unread !== undefined) return unread;
        }
        return reportFailure(
          io,
          options,
          {
            kind: 'not-found',
            message:
              item !== undefined && item.kind !== 'question'
                ? `${id} is not an agent question (use approve or deny)`
                : `no pending agent question with id ${id} (it was answered, cancelled or expired, or never existed; ids must be exact)`,
          },
          item !== undefined && item.kind !== 'question' ? EXIT.usage : EXIT.notFound,
          extra,
        );
      }
      const questions = item.request.questions;
      if (questions.length !== 1) {
        return reportFailure(
          io,
          options,
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
        return reportFailure(
          io,
          options,
          {kind: 'usage', message: `answer ${id}: ${built.error}`},
          EXIT.usage,
          {...extra, kind: item.kind},
        );
      }
      if (!hasScope(state.gateway.scopes, 'operator.questions')) {
        return reportFailure(
          io,
          options,
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
      audit.warnFailures(io);
      const code = resultCode(result);
      if (result.status !== 'applied') {
        return reportFailure(
          io,
          options,
          {kind: result.status, message: `answer ${id}: ${result.message}`},
          code,
          {...extra, kind: item.kind, answer: sent},
        );
      }
      const recorded = selectInboxItem(session.store.getState(), session.gateway, id);
      const answers =
        recorded?.kind === 'question' && recorded.recorded ? recorded.recorded : built.answers;
      if (options.json) {
        writeJson(io, {ok: true, id, kind: 'question', answers});
      } else {
        writeLine(
          io,
          `answered agent question ${safe(id)}: ${safe(describeAnswer(questions, answers))}`,
        );
      }
      return code;
    },
    {failureExtra: extra, reads: 'inbox', audit: audit.log},
  );
};

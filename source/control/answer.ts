// Sending an operator's answer to one agent question, by its exact id, exactly once.
// question.resolve {id, answers:{answers:{<questionId>: [values]}}} — the gateway validates the
// values against the question (an unknown option without free text allowed is refused) and answers
// with the canonical record. An answer whose reply is lost (timeout, dropped socket) is 'unknown':
// it may have been recorded, so it is reported and never sent again; the next question.list tells.

import {RequestError} from '../client/types.ts';
import {parseQuestionAnswers} from '../protocol/parse-questions.ts';
import type {Question, QuestionAnswers} from '../protocol/types.ts';
import {forGateway} from '../state/actions.ts';
import {selectInboxItem} from '../state/selectors.ts';
import {
  classifyDecisionError,
  type DecideOptions,
  type DecisionFailure,
  type DecisionResult,
} from './decide.ts';
import {sendAudited} from './send-audited.ts';

/** One answer per question, in the operator's words: an option's number (from 1) or free text. */
export type AnswerChoice =
  {readonly option: number} | {readonly options: readonly number[]} | {readonly text: string};

/** The answer as it goes on the wire, or why it cannot be built from these choices. */
export const buildAnswers = (
  questions: readonly Question[],
  choices: readonly AnswerChoice[],
): {readonly answers: QuestionAnswers} | {readonly error: string} => {
  if (choices.length !== questions.length) {
    return {
      error: `this request has ${questions.length} question${questions.length === 1 ? '' : 's'}; ${choices.length} answer${choices.length === 1 ? '' : 's'} given`,
    };
  }
  const answers: Record<string, readonly string[]> = {};
  for (const [index, question] of questions.entries()) {
    const choice = choices[index]!;
    const label = `question ${index + 1} (${question.questionId})`;
    if (question.isSecret) {
      return {error: `${label} asks for a secret: answer it in the Control UI, never here`};
    }
    if ('text' in choice) {
      const text = choice.text.trim();
      if (text === '') return {error: `${label}: the answer is empty`};
      if (!question.allowsText && !question.options.some((o) => o.label.trim() === text)) {
        return {error: `${label} takes one of its options only, no free text`};
      }
      answers[question.questionId] = [text];
      continue;
    }
    const numbers = 'option' in choice ? [choice.option] : choice.options;
    if (numbers.length === 0) return {error: `${label}: choose at least one option`};
    if (numbers.length > 1 && !question.multiSelect) {
      return {error: `${label} takes one option`};
    }
    const values: string[] = [];
    for (const number of numbers) {
      const option = question.options[number - 1];
      if (!Number.isInteger(number) || option === undefined) {
        return {
          error: `${label} has options 1-${question.options.length}; there is no option ${number}`,
        };
      }
      if (!values.includes(option.label)) values.push(option.label);
    }
    answers[question.questionId] = values;
  }
  return {answers};
};

/** The exact answer, one line per question, as the confirmation and the audit show it. */
export const describeAnswer = (questions: readonly Question[], answers: QuestionAnswers): string =>
  questions
    .map((q) => `${q.questionId}: ${(answers[q.questionId] ?? []).map((v) => `"${v}"`).join(', ')}`)
    .join('\n');

const questionErrorText = (error: RequestError): string =>
  `${error.code} ${error.message} ${JSON.stringify(error.details ?? {})}`.toLowerCase();

/** The gateway's refusals of question.resolve, sorted like decisions are. */
export const classifyAnswerError = (error: unknown): DecisionFailure => {
  if (error instanceof RequestError && error.outcome === 'rejected') {
    const text = questionErrorText(error);
    if (text.includes('question_already_terminal') || text.includes('is already')) {
      return {
        status: 'already-resolved',
        message: 'already answered, cancelled or expired elsewhere',
      };
    }
    if (text.includes('question_not_found') || text.includes('was not found')) {
      return {
        status: 'not-found',
        message: 'no such pending question: it expired or was answered elsewhere',
      };
    }
    if (text.includes('question_invalid_answer')) {
      return {status: 'refused', message: `the gateway refused the answer: ${error.message}`};
    }
  }
  const result = classifyDecisionError(error);
  return result.status === 'unknown'
    ? {
        status: 'unknown',
        message: result.message.replace('applied the decision', 'recorded the answer'),
      }
    : result;
};

/** What an answerer needs is what a decider needs: the same connection, store, audit and re-read. */
export type AnswerOptions = DecideOptions;

/** Sends one answer by exact id; never twice. */
export type Answerer = (id: string, answers: QuestionAnswers) => Promise<DecisionResult>;

export const createAnswerer = (options: AnswerOptions): Answerer => {
  const now = options.now ?? Date.now;
  const {store, gateway} = options;
  const inFlight = new Set<string>();

  return async (id, answers) => {
    const item = selectInboxItem(store.getState(), gateway, id);
    if (item?.kind !== 'question') {
      return {status: 'not-found', message: `no pending agent question with id ${id}`};
    }
    const phase = item.state.phase;
    // Never twice: not while one is on its way, and not after one whose outcome is unknown.
    if (inFlight.has(id) || phase === 'deciding') {
      return {status: 'refused', message: 'an answer to this question is already on its way'};
    }
    if (phase === 'failed' && item.state.outcome === 'unknown') {
      return {
        status: 'refused',
        message:
          'the last answer may have been recorded; it is not sent again — wait for the re-read',
      };
    }
    if (phase !== 'pending' && phase !== 'failed') {
      return {status: 'not-found', message: `this question is ${phase}`};
    }
    inFlight.add(id);
    store.dispatch(forGateway(gateway, {type: 'answer/started', id, answers, at: now()}));
    try {
      return await sendAudited({
        send: async () => {
          const reply = await options.connection.request<unknown>('question.resolve', {
            id,
            answers: {answers},
          });
          const recorded =
            typeof reply === 'object' && reply !== null && 'answers' in reply
              ? parseQuestionAnswers((reply as {answers: unknown}).answers)
              : undefined;
          store.dispatch(
            forGateway(gateway, {
              type: 'answer/succeeded',
              id,
              answers: recorded ?? answers,
              at: now(),
            }),
          );
        },
        classify: classifyAnswerError,
        failed: (failure) =>
          store.dispatch(
            forGateway(gateway, {
              type: 'answer/failed',
              id,
              outcome: failure.status === 'unknown' ? 'unknown' : 'not-applied',
              message: failure.message,
              at: now(),
            }),
          ),
        ...(options.resync === undefined ? {} : {resync: options.resync}),
        ...(options.audit === undefined ? {} : {audit: options.audit}),
        entry: () => ({
          ts: new Date(now()).toISOString(),
          gateway: options.gatewayLabel,
          kind: item.kind,
          id,
          decision: 'answer',
          granted: describeAnswer(item.request.questions, answers).replaceAll('\n', '; '),
        }),
      });
    } finally {
      inFlight.delete(id);
    }
  };
};

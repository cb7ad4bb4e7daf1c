// Answering an agent question from the inbox: `enter` opens it, a number key picks an option
// (multi-select: toggles, `enter` goes on), `t` types a free answer where the question allows it,
// `esc` leaves it unanswered. After the last question the confirmation shows the exact answer
// that `y` will send, for the exact question id; nothing is sent before that.

import {buildAnswers, describeAnswer, type AnswerChoice} from '../control/answer.ts';
import type {QuestionAnswers} from '../protocol/types.ts';
import type {InboxItem} from '../state/model.ts';
import type {GatewayId} from '../state/gateway-id.ts';
import {selectInboxItem} from '../state/selectors.ts';
import type {Store} from '../state/store.ts';
import type {ConfirmSpec} from '../state/confirm-spec.ts';
import {keysOf} from './keymap.ts';
import {withLocal, withConfirm, type ViewLocal} from './view-local.ts';

/** The question being answered: which of its questions is up, and what was chosen so far. */
export type AnswerDraft = {
  readonly id: string;
  /** The gateway the question came from (in a fleet the same id elsewhere is another one). */
  readonly gateway: GatewayId;
  readonly step: number;
  readonly picks: readonly AnswerChoice[];
  /** Multi-select: the options toggled on for the current question. */
  readonly toggled: readonly number[];
};

/** The ui.input purpose of a typed free-text answer. */
export const ANSWER_TEXT_INPUT = 'answer-text';

type QuestionItem = Extract<InboxItem, {readonly kind: 'question'}>;

/** Why this question cannot be answered now, or undefined. */
export function answerBlocked(item: QuestionItem): string | undefined {
  const s = item.state;
  if (s.phase === 'deciding') return 'an answer to this question is on its way';
  if (s.phase === 'failed' && s.outcome === 'unknown') {
    return 'the last answer may have been recorded; it is not sent again — wait for the re-read';
  }
  if (s.phase !== 'pending' && s.phase !== 'failed') return 'this question is no longer pending';
  if (item.request.questions.some((q) => q.isSecret)) {
    return 'it asks for a secret: answer it in the Control UI, never in a terminal';
  }
  return undefined;
}

/** The dialog for `y`: the exact answer, per question, and the exact id it goes to. */
export function describeAnswerConfirm(item: QuestionItem, answers: QuestionAnswers): ConfirmSpec {
  const r = item.request;
  return {
    title: 'Send this answer to the agent?',
    danger: false,
    action: 'answer',
    target: {label: 'question id', id: item.id},
    fields: [
      {label: 'agent', value: r.agentId},
      {label: 'session', value: r.sessionKey},
      {label: 'run', value: r.runId},
      {label: 'note', value: 'the agent continues with this answer; it cannot be changed after'},
    ],
    body: describeAnswer(r.questions, answers),
    bodyLabel: 'exact answer',
  };
}

export type AnswerFlowDeps = {
  readonly store: Store;
  /** The gateway whose inbox holds the question. */
  readonly gateway: GatewayId;
  readonly local: {
    readonly get: () => ViewLocal;
    readonly update: (change: (local: ViewLocal) => ViewLocal) => void;
  };
  readonly notify: (text: string, tone?: 'info' | 'warn' | 'error') => void;
};

export function createAnswerFlow({store, gateway, local, notify}: AnswerFlowDeps) {
  const current = (): {draft: AnswerDraft; item: QuestionItem} | undefined => {
    const draft = local.get().answering;
    if (!draft) return undefined;
    const state = store.getState();
    const item = state.gateways[draft.gateway] && selectInboxItem(state, draft.gateway, draft.id);
    if (item?.kind !== 'question') {
      local.update((l) => withLocal(l, 'answering', undefined));
      notify('the question is gone (answered, cancelled or expired)', 'warn');
      return undefined;
    }
    return {draft, item};
  };

  /** Record one answer and move to the next question, or to the confirmation after the last. */
  const advance = (draft: AnswerDraft, item: QuestionItem, choice: AnswerChoice) => {
    const picks = [...draft.picks, choice];
    const questions = item.request.questions;
    if (picks.length < questions.length) {
      local.update((l) =>
        withLocal(l, 'answering', {...draft, step: picks.length, picks, toggled: []}),
      );
      return;
    }
    const built = buildAnswers(questions, picks);
    if ('error' in built) {
      local.update((l) => withLocal(l, 'answering', undefined));
      return notify(`not sent: ${built.error}`, 'warn');
    }
    const spec = describeAnswerConfirm(item, built.answers);
    local.update((l) =>
      withConfirm(withLocal(l, 'answering', undefined), {
        kind: 'answer',
        gateway: draft.gateway,
        id: item.id,
        answers: built.answers,
        spec,
      }),
    );
  };

  return {
    open(item: QuestionItem) {
      const blocked = answerBlocked(item);
      if (blocked) return notify(`cannot answer: ${blocked}`, 'warn');
      local.update((l) =>
        withLocal(l, 'answering', {id: item.id, gateway, step: 0, picks: [], toggled: []}),
      );
    },
    option(number: number) {
      const open = current();
      if (!open) return;
      const {draft, item} = open;
      const question = item.request.questions[draft.step];
      if (!question) return;
      if (number > question.options.length) {
        const text = question.allowsText ? `, or ${keysOf('answer.text')} to type one` : '';
        return notify(`no option ${number}: choose 1-${question.options.length}${text}`, 'warn');
      }
      if (!question.multiSelect) return advance(draft, item, {option: number});
      const toggled = draft.toggled.includes(number)
        ? draft.toggled.filter((n) => n !== number)
        : [...draft.toggled, number].sort((a, b) => a - b);
      local.update((l) => withLocal(l, 'answering', {...draft, toggled}));
    },
    next() {
      const open = current();
      if (!open) return;
      const {draft, item} = open;
      const question = item.request.questions[draft.step];
      if (!question?.multiSelect || draft.toggled.length === 0) {
        return notify(`choose an option with its number first`, 'warn');
      }
      advance(draft, item, {options: draft.toggled});
    },
    typeText() {
      const open = current();
      if (!open) return;
      const question = open.item.request.questions[open.draft.step];
      if (!question?.allowsText)
        return notify('this question takes one of its options only', 'warn');
      store.dispatch({type: 'ui/input-opened', purpose: ANSWER_TEXT_INPUT, target: open.item.id});
    },
    /** enter on the typed answer line. */
    submitText(text: string) {
      const open = current();
      if (!open) return;
      if (text.trim() === '') return notify('the answer is empty: nothing recorded', 'warn');
      advance(open.draft, open.item, {text});
    },
    close() {
      if (!local.get().answering) return;
      local.update((l) => withLocal(l, 'answering', undefined));
      notify('left unanswered: the agent keeps waiting until it expires', 'info');
    },
  };
}

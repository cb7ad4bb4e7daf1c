// Agent questions (ask_user) in the inbox. A question is an inbox item like an approval — exact
// id, pending until someone answers, history afterwards — but what the operator sends is an
// answer, not a decision, and the gateway reports how it ended: answered (with the recorded
// answer, so "answered here" vs "answered elsewhere" is told by comparing it with ours),
// cancelled (the asking run was aborted), or expired.
//
// question.list returns pending questions only. A question that left the list while the console
// was away (a reconnect) is shown as "no longer pending" rather than dropped: the operator may
// have been about to answer it, or may have sent an answer whose delivery is uncertain.

import type {QuestionAnswers, QuestionRecord, QuestionResolved} from '../protocol/types.ts';
import type {QuestionAction} from './action-types/questions.ts';
import type {GatewayRecordAction} from './actions.ts';
import {PENDING, reconcileList, receive, type InboxState} from './inbox-items.ts';
import type {InboxItem} from './model.ts';

export type QuestionItem = Extract<InboxItem, {readonly kind: 'question'}>;

/** The words a resolved question shows: how it ended. */
export const NO_LONGER_PENDING = 'no longer pending';

export const questionItem = (question: QuestionRecord, at: number): QuestionItem => ({
  kind: 'question',
  id: question.id,
  request: question,
  receivedAt: at,
  ...(question.expiresAtMs === undefined ? {} : {expiresAt: question.expiresAtMs}),
  state: PENDING,
});

/** Same questions, same values (order inside a multi-select does not matter). */
export const sameAnswers = (a: QuestionAnswers | undefined, b: QuestionAnswers | undefined) => {
  if (a === undefined || b === undefined) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => {
    const left = [...(a[key] ?? [])].map((v) => v.trim()).sort();
    const right = [...(b[key] ?? [])].map((v) => v.trim()).sort();
    return left.length === right.length && left.every((value, i) => value === right[i]);
  });
};

const put = (state: InboxState, item: InboxItem, resolvedAt?: number): InboxState => ({
  ...state,
  items: {...state.items, [item.id]: item},
  ...(resolvedAt === undefined
    ? {}
    : {resolvedIds: {...state.resolvedIds, [item.id]: state.resolvedIds[item.id] ?? resolvedAt}}),
});

const listed = (state: InboxState, action: Extract<QuestionAction, {type: 'questions/listed'}>) => {
  const fresh = action.questions.map((question) => questionItem(question, action.at));
  const next = reconcileList(state, 'question', fresh, action);
  // reconcileList drops what left the list; a question keeps a line saying it is over.
  let items: Record<string, InboxItem> | undefined;
  for (const [id, before] of Object.entries(state.items)) {
    if (before.kind !== 'question' || next.items[id] !== undefined) continue;
    const phase = before.state.phase;
    if (phase !== 'pending' && phase !== 'failed') continue;
    items ??= {...next.items};
    items[id] = {
      ...before,
      state: {phase: 'resolved', decision: NO_LONGER_PENDING, by: 'elsewhere', at: action.at},
    };
  }
  return items === undefined ? next : {...next, items};
};

const resolved = (state: InboxState, event: QuestionResolved, at: number): InboxState => {
  const existing = state.items[event.id];
  if (existing?.kind !== 'question') {
    return {
      ...state,
      resolvedIds: {...state.resolvedIds, [event.id]: state.resolvedIds[event.id] ?? at},
    };
  }
  const phase = existing.state.phase;
  if (phase === 'resolved' || phase === 'superseded') {
    // Our resolve reply came first; the event may still bring the canonical answer.
    return event.answers && existing.recorded === undefined
      ? put(state, {...existing, recorded: event.answers})
      : state;
  }
  const ours =
    event.status === 'answered' &&
    existing.answer !== undefined &&
    (phase === 'deciding' || phase === 'failed') &&
    (event.answers === undefined || sameAnswers(existing.answer, event.answers));
  return put(
    state,
    {
      ...existing,
      ...(event.answers === undefined ? {} : {recorded: event.answers}),
      state: {phase: 'resolved', decision: event.status, by: ours ? 'console' : 'elsewhere', at},
    },
    at,
  );
};

const answering = (state: InboxState, action: GatewayRecordAction): InboxState => {
  if (
    action.type !== 'answer/started' &&
    action.type !== 'answer/succeeded' &&
    action.type !== 'answer/failed'
  )
    return state;
  const existing = state.items[action.id];
  if (existing?.kind !== 'question') return state;
  const phase = existing.state.phase;
  switch (action.type) {
    case 'answer/started':
      if (phase !== 'pending' && !(phase === 'failed' && existing.state.outcome === 'not-applied'))
        return state;
      return put(state, {
        ...existing,
        answer: action.answers,
        state: {phase: 'deciding', decision: 'answer'},
      });
    case 'answer/succeeded':
      if (phase === 'resolved' || phase === 'superseded') return state;
      return put(
        state,
        {
          ...existing,
          recorded: action.answers,
          state: {phase: 'resolved', decision: 'answered', by: 'console', at: action.at},
        },
        action.at,
      );
    case 'answer/failed':
      if (phase !== 'deciding' && phase !== 'pending') return state;
      return put(state, {
        ...existing,
        state: {
          phase: 'failed',
          decision: 'answer',
          outcome: action.outcome,
          message: action.message,
          at: action.at,
        },
      });
  }
};

export const questionReducer = (state: InboxState, action: GatewayRecordAction): InboxState => {
  switch (action.type) {
    case 'questions/listed':
      return listed(state, action);
    case 'question/requested':
      return receive(state, questionItem(action.question, action.at), action.at);
    case 'question/resolved':
      return resolved(state, action.resolved, action.at);
    case 'answer/started':
    case 'answer/succeeded':
    case 'answer/failed':
      return answering(state, action);
    default:
      return state;
  }
};

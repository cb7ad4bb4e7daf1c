// question.* (agent questions from the ask_user tool; 9.6, since 2026.7). A record is
// `{id, questions:[{questionId, header, question, options:[{label, description?}], multiSelect?,
// isOther?, isSecret?, url?}], agentId?, sessionKey?, runId?, createdAtMs, expiresAtMs, status,
// answers?:{answers:{<questionId>: string[]}}, resolvedBy?}` — the same shape in question.list,
// question.get and the question.requested event; question.resolved carries `{id, status,
// answers?}`. The id is kept exactly as sent: an answer goes to that id only.

import {
  compact,
  isRecord,
  readBoolean,
  readId,
  readList,
  readNumber,
  readString,
  readStringArray,
} from './parse-fields.ts';
import type {
  Question,
  QuestionAnswers,
  QuestionOption,
  QuestionRecord,
  QuestionResolved,
  QuestionStatus,
} from './types.ts';

const STATUSES: ReadonlySet<string> = new Set<QuestionStatus>([
  'pending',
  'answered',
  'cancelled',
  'expired',
]);

const parseOption = (value: unknown): QuestionOption | undefined => {
  if (!isRecord(value)) return undefined;
  const label = readId(value.label);
  if (label === undefined) return undefined;
  return compact<QuestionOption>({label, description: readString(value.description)});
};

const parseQuestion = (value: unknown): Question | undefined => {
  if (!isRecord(value)) return undefined;
  // ask_user's model-facing schema says `id`; the gateway record says `questionId`.
  const questionId = readId(value.questionId) ?? readId(value.id);
  const question = readString(value.question);
  if (questionId === undefined || question === undefined) return undefined;
  return compact<Question>({
    questionId,
    header: readString(value.header) ?? '',
    question,
    options: readList(value.options, parseOption),
    multiSelect: readBoolean(value.multiSelect) ?? false,
    allowsText: readBoolean(value.isOther) ?? false,
    isSecret: readBoolean(value.isSecret) === true || isRecord(value.secretStore),
    url: readString(value.url),
  });
};

/** `{answers: {id: [..]}}` (the protocol's envelope) or a bare map; undefined when neither. */
export const parseQuestionAnswers = (value: unknown): QuestionAnswers | undefined => {
  if (!isRecord(value)) return undefined;
  const map = isRecord(value.answers) ? value.answers : value;
  const out: Record<string, readonly string[]> = {};
  for (const [key, entry] of Object.entries(map)) {
    const values = readStringArray(entry);
    if (values !== undefined) out[key] = values;
  }
  return out;
};

const statusOf = (value: unknown): QuestionStatus | undefined =>
  typeof value === 'string' && STATUSES.has(value) ? (value as QuestionStatus) : undefined;

/** One question record; undefined without an id or without a single readable question. */
export const parseQuestionRecord = (value: unknown): QuestionRecord | undefined => {
  if (!isRecord(value)) return undefined;
  const id = readId(value.id);
  if (id === undefined) return undefined;
  const questions = readList(value.questions, parseQuestion);
  if (questions.length === 0) return undefined;
  return compact<QuestionRecord>({
    id,
    questions,
    agentId: readId(value.agentId),
    sessionKey: readId(value.sessionKey),
    runId: readId(value.runId),
    createdAtMs: readNumber(value.createdAtMs),
    expiresAtMs: readNumber(value.expiresAtMs),
    status: statusOf(value.status) ?? 'pending',
    answers: parseQuestionAnswers(value.answers),
    resolvedBy: readId(value.resolvedBy),
  });
};

/** question.list → `{questions: [...]}` (pending only); a bare array is tolerated. */
export const parseQuestionList = (value: unknown): QuestionRecord[] =>
  readList(isRecord(value) ? value.questions : value, parseQuestionRecord).filter(
    (record) => record.status === 'pending',
  );

export const parseQuestionResolved = (value: unknown): QuestionResolved | undefined => {
  if (!isRecord(value)) return undefined;
  const id = readId(value.id);
  const status = statusOf(value.status);
  if (id === undefined || status === undefined || status === 'pending') return undefined;
  return compact<QuestionResolved>({id, status, answers: parseQuestionAnswers(value.answers)});
};

// Agent questions (ask_user) and our answers to them (reduced by question-inbox.ts, inside the
// inbox).

import type {QuestionAnswers, QuestionRecord, QuestionResolved} from '../../protocol/types.ts';
import type {Listed} from './listed.ts';

export type QuestionAction =
  | ({readonly type: 'questions/listed'; readonly questions: readonly QuestionRecord[]} & Listed)
  | {readonly type: 'question/requested'; readonly question: QuestionRecord; readonly at: number}
  | {readonly type: 'question/resolved'; readonly resolved: QuestionResolved; readonly at: number}
  /** The operator sent this exact answer for this exact question id. */
  | {
      readonly type: 'answer/started';
      readonly id: string;
      readonly answers: QuestionAnswers;
      readonly at: number;
    }
  | {
      readonly type: 'answer/succeeded';
      readonly id: string;
      /** The answer as the gateway recorded it (canonical labels). */
      readonly answers: QuestionAnswers;
      readonly at: number;
    }
  | {
      readonly type: 'answer/failed';
      readonly id: string;
      /** not-applied: refused, safe to answer again; unknown: it may have been recorded. */
      readonly outcome: 'not-applied' | 'unknown';
      readonly message: string;
      readonly at: number;
    };

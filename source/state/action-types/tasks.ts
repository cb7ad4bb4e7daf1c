// The task ledger and cron jobs, and the operator's task actions (reduced by tasks-slice.ts).

import type {CronEvent, CronJob, TaskSummary} from '../../protocol/types.ts';
import type {Listed} from './listed.ts';

export type TaskActionKind = 'cancel' | 'retry' | 'dismiss';

export type TasksAction =
  | ({
      readonly type: 'tasks/listed';
      readonly tasks: readonly TaskSummary[];
      readonly complete: boolean;
    } & Listed)
  | {readonly type: 'tasks/not-offered'; readonly version?: string; readonly at: number}
  | {readonly type: 'tasks/read-failed'; readonly reason: string; readonly at: number}
  | {
      readonly type: 'task-action/started';
      readonly taskId: string;
      readonly action: TaskActionKind;
      readonly at: number;
    }
  | {
      readonly type: 'task-action/finished';
      readonly taskId: string;
      readonly action: TaskActionKind;
      /** The gateway did it (cancelled, retried, dismissed); false = it said no, with why. */
      readonly ok: boolean;
      readonly message: string;
      /** The task as the gateway returned it with the answer. */
      readonly task?: TaskSummary;
      readonly at: number;
    }
  | ({
      readonly type: 'cron/listed';
      readonly jobs: readonly CronJob[];
      readonly complete: boolean;
    } & Listed)
  | {readonly type: 'cron/not-offered'; readonly version?: string; readonly at: number}
  | {readonly type: 'cron/read-failed'; readonly reason: string; readonly at: number}
  | {readonly type: 'cron/changed'; readonly event: CronEvent; readonly at: number};

// Agent and task events for the tail (reduced by events-slice.ts).

import type {TaskEvent} from '../../protocol/parse-task.ts';
import type {AgentEvent} from '../../protocol/types.ts';

export type AgentEventReceived = {
  readonly type: 'agent/event';
  /** An `agent` or a `session.tool` event. */
  readonly event: AgentEvent;
  readonly at: number;
};

export type TaskUpdated = {
  readonly type: 'task/updated';
  readonly event: TaskEvent;
  readonly at: number;
};

export type EventsAction = AgentEventReceived | TaskUpdated;

// Confirmation texts for stopping runs (config changes: config-change-text.ts). Like
// state/describe-grant.ts, they name the exact id the action goes to.

import type {Session} from '../state/model.ts';
import type {ConfirmSpec} from '../state/confirm-spec.ts';

/**
 * `runId` undefined: the gateway says the session is running but not which run (real 9.6 rows
 * carry hasActiveRun without activeRunIds); the abort then names the session only.
 */
export function describeStopRun(session: Session, runId: string | undefined): ConfirmSpec {
  return {
    title: 'Stop this run?',
    danger: true,
    action: 'stop run',
    target: runId === undefined ? {label: 'run of', id: session.key} : {label: 'run id', id: runId},
    fields: [
      {label: 'session', value: `${session.title} (${session.key})`},
      {label: 'agent', value: session.agentId},
      {label: 'effect', value: 'only this run is aborted; subagents it started keep running'},
    ],
  };
}

export function describeStopSubtree(session: Session, descendants: number): ConfirmSpec {
  return {
    title: 'Stop this session and every subagent below it?',
    danger: true,
    action: 'stop subtree',
    target: {label: 'session', id: session.key},
    fields: [
      {label: 'title', value: session.title},
      {
        label: 'below it',
        value: `${descendants} known subagent session${descendants === 1 ? '' : 's'}`,
      },
      {
        label: 'effect',
        value: 'the session’s run is aborted and the gateway cascades to the subagents it controls',
      },
    ],
  };
}

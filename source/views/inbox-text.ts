// An inbox item's details and state, in words, and which decision each key sends (what the item
// is and whether it can be decided: state/inbox-describe.ts; what a decision grants, for the
// dialog, the audit file and the twins alike: state/describe-grant.ts). Pure functions. Values may
// contain raw gateway text; components render them through <Gw>.

import type {ApprovalDecision, TaskSummary} from '../protocol/types.ts';
import type {AskedContext} from '../state/asked-context.ts';
import {joinDefined, list, origin, type Field} from '../state/confirm-spec.ts';
import type {InboxItem} from '../state/model.ts';
import {formatAgo, formatExpiry} from './format.ts';

/** "pending", "deciding allow-once…", "resolved: deny (elsewhere)", … */
export function stateLabel(item: InboxItem, now: number): string {
  const s = item.state;
  switch (s.phase) {
    case 'pending':
      return formatExpiry(item.expiresAt, now) ?? 'pending';
    case 'deciding':
      return s.decision === 'answer' ? 'sending the answer…' : `sending ${s.decision}…`;
    case 'resolved':
      if (item.kind === 'question') return questionOutcome(s.decision, s.by, now - s.at);
      return `resolved: ${s.decision}${s.by === 'elsewhere' ? ' (decided elsewhere)' : ''} ${formatAgo(now - s.at)}`;
    case 'expired':
      return `expired ${formatAgo(now - s.at)}`;
    case 'superseded':
      return `replaced by request ${s.by}`;
    case 'failed':
      if (s.decision === 'answer') {
        return s.outcome === 'unknown'
          ? `answer delivery uncertain (it may have been recorded; not sent again — re-reading): ${s.message}`
          : `answer not recorded: ${s.message}`;
      }
      return s.outcome === 'unknown'
        ? `failed (${s.decision}; may have been applied — re-reading): ${s.message}`
        : `failed (${s.decision} not applied): ${s.message}`;
  }
}

/** How a question ended, in words. */
function questionOutcome(how: string, by: 'console' | 'elsewhere', ago: number): string {
  const when = formatAgo(ago);
  switch (how) {
    case 'answered':
      return by === 'console' ? `answered here ${when}` : `answered elsewhere ${when}`;
    case 'cancelled':
      return `cancelled ${when} (the asking run ended or was aborted)`;
    case 'expired':
      return `expired ${when} (the agent continues on its own judgement)`;
    default:
      return `${how} ${when} (answered, cancelled or expired while the console was away)`;
  }
}

/** Who asked: agent, session, run (every approval names them when the gateway says). */
/** "task 7f3a · subagent · Summarise the logs · running" (raw gateway text: render via <Gw>) */
export const taskText = (task: TaskSummary): string =>
  `task ${[task.id, task.runtime, task.title, task.status].filter((part) => part).join(' · ')}`;

export const askedByFields = (
  request: {
    readonly agentId?: string;
    readonly sessionKey?: string;
    readonly runId?: string;
  },
  asked: AskedContext = {},
): readonly Field[] => [
  {label: 'agent', value: request.agentId},
  {label: 'session', value: request.sessionKey},
  {label: 'run', value: request.runId},
  {label: 'task', value: asked.task ? taskText(asked.task) : undefined},
];

/** An approval from a channel whose own approval buttons are off: this console decides it. */
const approverField = (asked: AskedContext): Field => ({
  label: 'approver',
  value: asked.approvalsOffOn
    ? `this console: ${asked.approvalsOffOn} has its own approval buttons off (openclaw:approval-disabled)`
    : undefined,
});

export type DecisionKey = 'inbox.approve' | 'inbox.allow-always' | 'inbox.deny';

export const DECISION_OF: Readonly<Record<DecisionKey, ApprovalDecision>> = {
  'inbox.approve': 'allow-once',
  'inbox.allow-always': 'allow-always',
  'inbox.deny': 'deny',
};

/** The detail panel's fields for an item (the "who asks" and "what exactly" facts). */
export function detailFields(item: InboxItem, asked: AskedContext = {}): readonly Field[] {
  switch (item.kind) {
    case 'device-pairing': {
      const r = item.request;
      return [
        {label: 'device', value: r.displayName},
        {label: 'platform', value: joinDefined([r.platform, r.deviceFamily]) || undefined},
        {
          label: 'client',
          value: r.clientId
            ? `${r.clientId}${r.clientMode ? ` (mode ${r.clientMode})` : ''}`
            : undefined,
        },
        {label: 'remote IP', value: r.remoteIp},
        {label: 'device id', value: r.deviceId},
        {label: 'kind', value: r.isRepair ? 'upgrade of an already paired device' : 'new device'},
      ];
    }
    case 'node-pairing': {
      const r = item.request;
      return [
        {label: 'node', value: r.displayName},
        {label: 'node id', value: r.nodeId},
        {
          label: 'platform',
          value: joinDefined([r.platform, r.version ? `v${r.version}` : undefined]) || undefined,
        },
        {
          label: 'client',
          value: r.clientId
            ? `${r.clientId}${r.clientMode ? ` (mode ${r.clientMode})` : ''}`
            : undefined,
        },
        {label: 'remote IP', value: r.remoteIp},
        {label: 'commands', value: r.commands ? list(r.commands) : undefined},
        {label: 'caps', value: r.caps ? list(r.caps) : undefined},
        {
          label: 'requires',
          value: r.requiredApproveScopes
            ? `your scopes ${list(r.requiredApproveScopes)}`
            : undefined,
        },
      ];
    }
    case 'exec-approval': {
      const r = item.request;
      return [
        {label: 'cwd', value: r.cwd},
        {
          label: 'host',
          value: joinDefined([r.host, r.nodeId ? `node ${r.nodeId}` : undefined]) || undefined,
        },
        {label: 'resolved', value: r.resolvedPath},
        ...askedByFields(r, asked),
        {label: 'asked via', value: origin(r)},
        approverField(asked),
        {
          label: 'policy',
          value:
            joinDefined([
              r.security ? `security ${r.security}` : undefined,
              r.ask ? `ask ${r.ask}` : undefined,
            ]) || undefined,
        },
        {label: 'allowed', value: r.allowedDecisions ? list(r.allowedDecisions) : undefined},
        {label: 'warning', value: r.warningText},
      ];
    }
    case 'plugin-approval': {
      const r = item.request;
      return [
        {label: 'title', value: r.title},
        {label: 'plugin', value: r.pluginId},
        {label: 'tool', value: r.toolName},
        {label: 'severity', value: r.severity},
        ...askedByFields(r, asked),
        {label: 'asked via', value: origin(r)},
        approverField(asked),
        {label: 'allowed', value: r.allowedDecisions ? list(r.allowedDecisions) : undefined},
      ];
    }
    case 'system-agent-approval': {
      const r = item.request;
      return [
        {label: 'title', value: r.title},
        ...askedByFields(r, asked),
        {label: 'asked via', value: origin(r)},
        approverField(asked),
        {label: 'allowed', value: r.allowedDecisions ? list(r.allowedDecisions) : undefined},
      ];
    }
    case 'question': {
      const r = item.request;
      return [...askedByFields(r, asked), {label: 'answered by', value: r.resolvedBy}];
    }
    case 'dm-access': {
      const r = item.request;
      return [
        {label: 'channel', value: joinDefined([r.channelLabel, r.channel], ' / ')},
        {label: 'account', value: joinDefined([r.accountLabel, r.accountId], ' / ')},
        {label: 'sender', value: joinDefined([r.senderLabel, r.senderId], ' / ')},
      ];
    }
  }
}

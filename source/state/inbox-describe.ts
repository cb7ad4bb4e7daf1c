// What an inbox item is, in a few words, and whether a decision can be sent for it now. Shared by
// the views and the twins (`pending`, `approve`, `deny`, `status`), so both say the same thing.

import type {ApprovalDecision} from '../protocol/types.ts';
import type {InboxItem, InboxKind} from './model.ts';

export const KIND_LABEL: Readonly<Record<InboxKind, string>> = {
  'device-pairing': 'device pairing',
  'node-pairing': 'node pairing',
  'exec-approval': 'exec approval',
  'plugin-approval': 'plugin approval',
  'dm-access': 'DM access',
  'system-agent-approval': 'system approval',
  question: 'agent question',
};

/** One line for the inbox list: what is being asked for. */
export function itemSummary(item: InboxItem): string {
  switch (item.kind) {
    case 'device-pairing': {
      const r = item.request;
      const who = r.displayName ?? r.clientId ?? r.deviceId.slice(0, 12);
      return `${who}${r.isRepair ? ' wants more access' : ' wants to pair'}`;
    }
    case 'node-pairing':
      return `${item.request.displayName ?? item.request.nodeId} wants node approval`;
    case 'exec-approval':
      return item.request.commandPreview ?? item.request.command ?? '(command not shown)';
    case 'plugin-approval':
      return item.request.title ?? item.request.toolName ?? '(plugin tool)';
    case 'dm-access': {
      const r = item.request;
      return `${r.senderLabel ?? r.senderId} on ${r.channelLabel ?? r.channel}`;
    }
    case 'system-agent-approval':
      return (
        item.request.description ??
        item.request.command ??
        item.request.title ??
        '(OpenClaw change)'
      );
    case 'question': {
      const r = item.request;
      const first = r.questions[0]?.question ?? '(question)';
      const more = r.questions.length > 1 ? ` (+${r.questions.length - 1} more)` : '';
      return `${r.agentId ?? 'agent'} asks: ${first}${more}`;
    }
  }
}

/** The approval kinds that carry an ApprovalRequest (and allowedDecisions). */
export const isApprovalKind = (
  kind: InboxKind,
): kind is 'exec-approval' | 'plugin-approval' | 'system-agent-approval' =>
  kind === 'exec-approval' || kind === 'plugin-approval' || kind === 'system-agent-approval';

/** Why `decision` cannot be sent for this item now, or undefined when it can. */
export function decisionDisabled(
  item: InboxItem | undefined,
  decision: ApprovalDecision,
): string | undefined {
  if (!item) return 'nothing selected';
  if (item.kind === 'question') return 'an agent question is answered: press enter to open it';
  if (item.state.phase === 'deciding') return 'a decision for this request is being sent';
  if (item.state.phase !== 'pending' && item.state.phase !== 'failed') {
    return `this request is ${item.state.phase}`;
  }
  if (item.state.phase === 'failed' && item.state.outcome === 'unknown') {
    return 'the last decision may have been applied; wait for the re-read';
  }
  if (decision === 'allow-always') {
    if (item.kind !== 'exec-approval' && item.kind !== 'plugin-approval') {
      return 'allow always exists only for exec and plugin approvals';
    }
  }
  if (item.kind === 'system-agent-approval' && decision === 'allow-always') {
    return 'a system-agent change is applied once or denied, never allowed always';
  }
  if (isApprovalKind(item.kind) && 'allowedDecisions' in item.request) {
    const allowed = item.request.allowedDecisions;
    if (allowed && allowed.length > 0 && !allowed.includes(decision)) {
      return `this request allows only: ${allowed.join(', ')}`;
    }
  }
  return undefined;
}

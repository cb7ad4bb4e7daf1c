// One sentence that says exactly what a decision grants, to whom, and for how long: the audit file
// and the CLI twins' output carry it. The console's confirmation lays out the same facts field by
// field (views/inbox-text.ts describeDecision).

import type {ApprovalDecision} from '../protocol/types.ts';
import type {InboxItem} from '../state/model.ts';

const list = (values: readonly string[] | undefined): string =>
  values && values.length > 0 ? values.join(', ') : 'no scopes';

const duration = (decision: ApprovalDecision): string =>
  decision === 'allow-always' ? 'from now on (allow always)' : 'this one time';

export const describeGrant = (item: InboxItem, decision: ApprovalDecision): string => {
  switch (item.kind) {
    case 'device-pairing': {
      const who = item.request.displayName ?? item.request.deviceId.slice(0, 12);
      if (decision === 'deny') return `reject device ${who} (request ${item.id})`;
      return `pair device ${who} as ${item.request.role ?? 'operator'} with ${list(item.request.scopes)} until revoked`;
    }
    case 'node-pairing': {
      const who = item.request.displayName ?? item.request.nodeId;
      if (decision === 'deny') return `reject node ${who} (request ${item.id})`;
      return `pair node ${who} with commands ${list(item.request.commands)} until removed`;
    }
    case 'exec-approval': {
      const command = item.request.command ?? item.request.commandPreview ?? '(command not shown)';
      if (decision === 'deny') return `deny running \`${command}\``;
      return `run \`${command}\` on ${item.request.host ?? 'the gateway host'} in ${item.request.cwd ?? '?'} ${duration(decision)}`;
    }
    case 'plugin-approval': {
      const what = item.request.title ?? item.request.toolName ?? 'plugin action';
      if (decision === 'deny') return `deny plugin ${item.request.pluginId ?? ''} ${what}`.trim();
      return `allow plugin ${item.request.pluginId ?? ''} ${what} ${duration(decision)}`.trim();
    }
    case 'dm-access': {
      const who = item.request.senderLabel ?? item.request.senderId;
      if (decision === 'deny')
        return `dismiss DM access request from ${who} on ${item.request.channel}`;
      return `let ${who} (${item.request.senderId}) message the bot on ${item.request.channel}/${item.request.accountId} until removed from the allowlist`;
    }
  }
};

// What a decision on an inbox item would do, and the item's details and state, in words (what
// the item is and whether it can be decided: state/inbox-describe.ts). Pure functions: the inbox
// pane, the confirm dialog and the app's key handling share them, so the dialog says exactly what
// the key will send. Values may contain raw gateway text; components render them through <Gw>.

import type {ApprovalDecision} from '../protocol/types.ts';
import type {InboxItem} from '../state/model.ts';
import {formatAgo, formatExpiry} from './format.ts';

const list = (values: readonly string[] | undefined): string =>
  values && values.length > 0 ? values.join(', ') : 'none';

const joinDefined = (parts: ReadonlyArray<string | undefined>, sep = ' · '): string =>
  parts.filter((p): p is string => p !== undefined && p !== '').join(sep);

/** Which agent and session an approval is for. */
const forField = (request: {readonly agentId?: string; readonly sessionKey?: string}): Field => ({
  label: 'for',
  value:
    joinDefined([
      request.agentId ? `agent ${request.agentId}` : undefined,
      request.sessionKey ? `session ${request.sessionKey}` : undefined,
    ]) || undefined,
});

/** "pending", "deciding allow-once…", "resolved: deny (elsewhere)", … */
export function stateLabel(item: InboxItem, now: number): string {
  const s = item.state;
  switch (s.phase) {
    case 'pending':
      return formatExpiry(item.expiresAt, now) ?? 'pending';
    case 'deciding':
      return `sending ${s.decision}…`;
    case 'resolved':
      return `resolved: ${s.decision}${s.by === 'elsewhere' ? ' (decided elsewhere)' : ''} ${formatAgo(now - s.at)}`;
    case 'expired':
      return `expired ${formatAgo(now - s.at)}`;
    case 'superseded':
      return `replaced by request ${s.by}`;
    case 'failed':
      return s.outcome === 'unknown'
        ? `failed (${s.decision}; may have been applied — re-reading): ${s.message}`
        : `failed (${s.decision} not applied): ${s.message}`;
  }
}

export type DecisionKey = 'inbox.approve' | 'inbox.allow-always' | 'inbox.deny';

export const DECISION_OF: Readonly<Record<DecisionKey, ApprovalDecision>> = {
  'inbox.approve': 'allow-once',
  'inbox.allow-always': 'allow-always',
  'inbox.deny': 'deny',
};

export type Field = {readonly label: string; readonly value: string | undefined};

export type Grants = {readonly roles: readonly string[]; readonly scopes: readonly string[]};

export type ConfirmSpec = {
  /** Our words: "Approve device pairing?" */
  readonly title: string;
  readonly danger: boolean;
  /** What `y` sends, e.g. 'allow-once', 'stop run'. */
  readonly action: string;
  /** The exact id the action goes to. */
  readonly target: {readonly label: string; readonly id: string};
  /** What / to whom / for how long / where, each possibly quoting gateway text. */
  readonly fields: readonly Field[];
  /** Multi-line text that must be read in full before saying yes (the exec command, a diff). */
  readonly body?: string;
  /** A heading above the body, e.g. "exact change". */
  readonly bodyLabel?: string;
};

const origin = (r: {
  readonly turnSourceChannel?: string;
  readonly turnSourceTo?: string;
  readonly turnSourceAccountId?: string;
}): string | undefined =>
  r.turnSourceChannel
    ? joinDefined([
        r.turnSourceChannel,
        r.turnSourceTo ? `from ${r.turnSourceTo}` : undefined,
        r.turnSourceAccountId ? `account ${r.turnSourceAccountId}` : undefined,
      ])
    : undefined;

/** Scopes requested that are not approved yet, given what the device already has. */
export function newScopes(requested: readonly string[], approved: Grants | undefined): string[] {
  const have = new Set(approved?.scopes ?? []);
  return requested.filter((s) => !have.has(s));
}

/** Everything the confirm dialog says for `decision` on `item`. */
export function describeDecision(
  item: InboxItem,
  decision: ApprovalDecision,
  approved?: Grants,
): ConfirmSpec {
  const base = {action: decision, target: {label: 'request id', id: item.id}};
  const deny = decision === 'deny';
  switch (item.kind) {
    case 'exec-approval': {
      const r = item.request;
      const fields: Field[] = [
        {
          label: 'where',
          value:
            joinDefined([
              r.cwd ? `cwd ${r.cwd}` : undefined,
              r.host ? `host ${r.host}` : undefined,
              r.nodeId ? `node ${r.nodeId}` : undefined,
            ]) || undefined,
        },
        forField(r),
        {label: 'asked via', value: origin(r)},
        {
          label: 'how long',
          value: deny
            ? 'the command does not run; the agent is told it was denied'
            : decision === 'allow-once'
              ? 'this one run only'
              : 'always: this exact command in this working directory is added to the exec allowlist until someone removes it',
        },
      ];
      return {
        ...base,
        title: deny
          ? 'Deny this command?'
          : decision === 'allow-once'
            ? 'Allow this command to run once?'
            : 'Always allow this command?',
        danger: decision === 'allow-always',
        fields,
        body: r.command ?? r.commandPreview ?? '(the gateway did not send the command text)',
      };
    }
    case 'plugin-approval': {
      const r = item.request;
      return {
        ...base,
        title: deny
          ? 'Deny this plugin action?'
          : decision === 'allow-once'
            ? 'Allow this plugin action once?'
            : 'Always allow this plugin tool?',
        danger: decision === 'allow-always' || r.severity === 'critical',
        fields: [
          {
            label: 'what',
            value: joinDefined([
              r.title,
              r.toolName ? `tool ${r.toolName}` : undefined,
              r.pluginId ? `plugin ${r.pluginId}` : undefined,
            ]),
          },
          {label: 'severity', value: r.severity},
          forField(r),
          {
            label: 'how long',
            value: deny
              ? 'the action does not run'
              : decision === 'allow-once'
                ? 'this one call only'
                : 'always, for this plugin tool, until removed from the allowlist',
          },
        ],
        body: r.description,
      };
    }
    case 'device-pairing': {
      const r = item.request;
      const requested = r.scopes ?? [];
      const added = newScopes(requested, approved);
      const roles = r.roles && r.roles.length > 0 ? r.roles : r.role ? [r.role] : [];
      return {
        ...base,
        title: deny
          ? 'Reject this device pairing request?'
          : r.isRepair
            ? 'Approve this access upgrade?'
            : 'Pair this device?',
        danger: !deny && requested.some((s) => s === 'operator.admin'),
        fields: deny
          ? [
              {label: 'device', value: deviceWho(r)},
              {
                label: 'result',
                value: r.isRepair
                  ? 'the device keeps only what it already had'
                  : 'the device stays unpaired; it may ask again',
              },
            ]
          : [
              {label: 'grant', value: `role ${list(roles)}; scopes ${list(requested)}`},
              {label: 'new', value: r.isRepair ? list(added) : 'everything above (new device)'},
              {label: 'to', value: deviceWho(r)},
              {label: 'how long', value: 'until the device is removed or its token is revoked'},
            ],
      };
    }
    case 'node-pairing': {
      const r = item.request;
      return {
        ...base,
        title: deny ? 'Reject this node?' : 'Approve this node?',
        danger: !deny,
        fields: deny
          ? [
              {label: 'node', value: joinDefined([r.displayName, r.nodeId])},
              {label: 'result', value: 'the node is not approved; it may ask again'},
            ]
          : [
              {label: 'grant', value: `commands ${list(r.commands)}; caps ${list(r.caps)}`},
              {label: 'requires', value: `your scopes ${list(r.requiredApproveScopes)}`},
              {
                label: 'to',
                value: joinDefined([
                  r.displayName,
                  `node ${r.nodeId}`,
                  r.platform,
                  r.remoteIp ? `from ${r.remoteIp}` : undefined,
                ]),
              },
              {label: 'how long', value: 'until the node is removed'},
            ],
      };
    }
    case 'dm-access': {
      const r = item.request;
      const sender = r.senderLabel ? `${r.senderLabel} (${r.senderId})` : r.senderId;
      const where = joinDefined([
        r.channelLabel ?? r.channel,
        `account ${r.accountLabel ?? r.accountId}`,
      ]);
      return {
        ...base,
        title: deny ? 'Dismiss this DM access request?' : 'Let this sender DM the bot?',
        danger: false,
        fields: deny
          ? [
              {label: 'sender', value: sender},
              {label: 'where', value: where},
              {label: 'result', value: 'the sender stays blocked; they may ask again'},
            ]
          : [
              {label: 'grant', value: 'may send direct messages to the bot'},
              {label: 'to', value: sender},
              {label: 'where', value: where},
              {label: 'how long', value: 'until removed from the allowlist'},
            ],
      };
    }
  }
}

function deviceWho(r: {
  readonly displayName?: string;
  readonly platform?: string;
  readonly clientId?: string;
  readonly clientMode?: string;
  readonly remoteIp?: string;
  readonly deviceId: string;
}): string {
  return joinDefined([
    r.displayName ? `"${r.displayName}"` : undefined,
    r.platform,
    r.clientId ? `${r.clientId}${r.clientMode ? `/${r.clientMode}` : ''}` : undefined,
    r.remoteIp ? `from ${r.remoteIp}` : undefined,
    `device ${r.deviceId}`,
  ]);
}

/** The detail panel's fields for an item (the "who asks" and "what exactly" facts). */
export function detailFields(item: InboxItem): readonly Field[] {
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
        {label: 'agent', value: r.agentId},
        {label: 'session', value: r.sessionKey},
        {label: 'run', value: r.runId},
        {label: 'asked via', value: origin(r)},
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
        {label: 'agent', value: r.agentId},
        {label: 'session', value: r.sessionKey},
        {label: 'asked via', value: origin(r)},
        {label: 'allowed', value: r.allowedDecisions ? list(r.allowedDecisions) : undefined},
      ];
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

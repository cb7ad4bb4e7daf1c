// The one description of what a decision on an inbox item grants, to whom, where and for how long.
// The console's confirmation lays it out field by field (what `y` sends, the exact request id);
// the audit file and the one-shot twins carry its `sentence`. Both are built here from the same
// facts, kind by kind, so the dialog, the audit line and the twin's output cannot drift apart.
// Pure: views, control/ and commands/ all import it.

import type {ApprovalDecision} from '../protocol/types.ts';
import {joinDefined, list, origin, type ConfirmSpec, type Field} from './confirm-spec.ts';
import type {InboxItem} from './model.ts';

/** What a device already holds (from the paired-device list), to tell an upgrade's new scopes. */
export type Grants = {readonly roles: readonly string[]; readonly scopes: readonly string[]};

export type GrantDescription = ConfirmSpec & {
  /** The same grant in one line: "pair device ops-laptop as operator with operator.read until revoked". */
  readonly sentence: string;
};

/** Scopes requested that are not approved yet, given what the device already has. */
export function newScopes(requested: readonly string[], approved: Grants | undefined): string[] {
  const have = new Set(approved?.scopes ?? []);
  return requested.filter((s) => !have.has(s));
}

/** The words for each of the three decisions. */
type ByDecision = {readonly deny: string; readonly once: string; readonly always: string};
const pick = (decision: ApprovalDecision, words: ByDecision): string =>
  decision === 'deny' ? words.deny : decision === 'allow-once' ? words.once : words.always;

/** How long an approval lasts, in the one-line sentence. */
const duration = (decision: ApprovalDecision): string =>
  decision === 'allow-always' ? 'from now on (allow always)' : 'this one time';

/** Which agent and session an approval is for. */
const forField = (request: {readonly agentId?: string; readonly sessionKey?: string}): Field => ({
  label: 'for',
  value:
    joinDefined([
      request.agentId ? `agent ${request.agentId}` : undefined,
      request.sessionKey ? `session ${request.sessionKey}` : undefined,
    ]) || undefined,
});

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

/** Everything the confirmation says for `decision` on `item`, and the same grant in one line. */
export function describeGrant(
  item: InboxItem,
  decision: ApprovalDecision,
  approved?: Grants,
): GrantDescription {
  const base = {action: decision, target: {label: 'request id', id: item.id}};
  const deny = decision === 'deny';
  switch (item.kind) {
    case 'exec-approval': {
      const r = item.request;
      const command = r.command ?? r.commandPreview;
      const shown = command ?? '(command not shown)';
      return {
        ...base,
        title: pick(decision, {
          deny: 'Deny this command?',
          once: 'Allow this command to run once?',
          always: 'Always allow this command?',
        }),
        danger: decision === 'allow-always',
        fields: [
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
            value: pick(decision, {
              deny: 'the command does not run; the agent is told it was denied',
              once: 'this one run only',
              always:
                'always: this exact command in this working directory is added to the exec allowlist until someone removes it',
            }),
          },
        ],
        body: command ?? '(the gateway did not send the command text)',
        sentence: deny
          ? `deny running \`${shown}\``
          : `run \`${shown}\` on ${r.host ?? 'the gateway host'} in ${r.cwd ?? '?'} ${duration(decision)}`,
      };
    }
    case 'plugin-approval': {
      const r = item.request;
      const what = r.title ?? r.toolName ?? 'plugin action';
      return {
        ...base,
        title: pick(decision, {
          deny: 'Deny this plugin action?',
          once: 'Allow this plugin action once?',
          always: 'Always allow this plugin tool?',
        }),
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
            value: pick(decision, {
              deny: 'the action does not run',
              once: 'this one call only',
              always: 'always, for this plugin tool, until removed from the allowlist',
            }),
          },
        ],
        body: r.description,
        sentence: deny
          ? joinDefined(['deny plugin', r.pluginId, what], ' ')
          : joinDefined(['allow plugin', r.pluginId, what, duration(decision)], ' '),
      };
    }
    case 'system-agent-approval': {
      const r = item.request;
      const what = r.command ?? r.description ?? r.title ?? 'OpenClaw change';
      return {
        ...base,
        title: deny ? 'Deny this OpenClaw change?' : 'Apply this OpenClaw change once?',
        danger: !deny,
        fields: [
          {label: 'what', value: r.title},
          forField(r),
          {label: 'run', value: r.runId},
          {label: 'asked via', value: origin(r)},
          {
            label: 'result',
            value: deny
              ? 'nothing changes; the system agent is told it was denied'
              : 'the system agent applies exactly this change to the gateway config, once',
          },
        ],
        body: r.command ?? r.description ?? '(the gateway did not describe the change)',
        bodyLabel: 'exact change',
        sentence: deny
          ? `deny the OpenClaw change: ${what}`
          : `apply the OpenClaw change: ${what} (this one time)`,
      };
    }
    case 'question':
      // Never sent as a decision (answer.ts answers questions); said plainly if ever shown.
      return {
        ...base,
        title: 'An agent question is answered, not decided',
        danger: false,
        fields: [{label: 'note', value: 'press enter on it to answer; y does nothing here'}],
        sentence: `answer agent question ${item.id}`,
      };
    case 'device-pairing': {
      const r = item.request;
      const requested = r.scopes ?? [];
      const added = newScopes(requested, approved);
      const roles = r.roles && r.roles.length > 0 ? r.roles : r.role ? [r.role] : [];
      const short = r.displayName ?? r.deviceId.slice(0, 12);
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
        sentence: deny
          ? `reject device ${short} (request ${item.id})`
          : `pair device ${short} as ${r.role ?? 'operator'} with ${list(requested, 'no scopes')} until revoked`,
      };
    }
    case 'node-pairing': {
      const r = item.request;
      const short = r.displayName ?? r.nodeId;
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
        sentence: deny
          ? `reject node ${short} (request ${item.id})`
          : `pair node ${short} with commands ${list(r.commands)} until removed`,
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
        sentence: deny
          ? `dismiss DM access request from ${r.senderLabel ?? r.senderId} on ${r.channel}`
          : `let ${r.senderLabel ?? r.senderId} (${r.senderId}) message the bot on ${r.channel}/${r.accountId} until removed from the allowlist`,
      };
    }
  }
}

// One inbox item as the `pending --json` record (schema in the readme) and as human lines. The
// JSON keeps gateway text raw (safeJsonLine escapes it on the way out); the human lines pass every
// gateway string through the sanitiser.

import type {PairedDevice} from '../protocol/types.ts';
import type {InboxItem} from '../state/model.ts';
import {safe} from '../text/sanitize.ts';
import {itemSummary, KIND_LABEL} from '../state/inbox-describe.ts';
import {isoTime, orNull} from './command-io.ts';

/** Exec and plugin approvals offer all three unless the request narrows them. */
const DEFAULT_APPROVAL_DECISIONS = ['allow-once', 'allow-always', 'deny'] as const;
/** Pairing and DM access are approved (until revoked) or rejected: no "always". */
const PAIRING_DECISIONS = ['allow-once', 'deny'] as const;

export type PendingOrigin = {
  readonly channel: string | null;
  readonly accountId: string | null;
  readonly sender: string | null;
  readonly sessionKey: string | null;
  readonly agentId: string | null;
  readonly runId: string | null;
  readonly remoteIp: string | null;
  readonly clientId: string | null;
  readonly platform: string | null;
};

export type PendingEntry = {
  readonly id: string;
  readonly kind: InboxItem['kind'];
  readonly summary: string;
  readonly requested: readonly string[];
  readonly approved: readonly string[];
  readonly requestedRoles: readonly string[];
  readonly approvedRoles: readonly string[];
  readonly allowedDecisions: readonly string[];
  readonly createdAt: string | null;
  readonly expiresAt: string | null;
  readonly state: InboxItem['state']['phase'];
  readonly origin: PendingOrigin;
  readonly detail: Readonly<Record<string, unknown>>;
};

const NO_ORIGIN: PendingOrigin = {
  channel: null,
  accountId: null,
  sender: null,
  sessionKey: null,
  agentId: null,
  runId: null,
  remoteIp: null,
  clientId: null,
  platform: null,
};

/** The decisions `approve`/`deny` accept for this item. */
export const allowedDecisions = (item: InboxItem): readonly string[] => {
  // A question is answered (`answer <id> --option N | --text …`), never approved or denied.
  if (item.kind === 'question') return [];
  if (item.kind === 'system-agent-approval') {
    const allowed = item.request.allowedDecisions;
    return allowed && allowed.length > 0 ? allowed : PAIRING_DECISIONS;
  }
  if (item.kind === 'exec-approval' || item.kind === 'plugin-approval') {
    const allowed = item.request.allowedDecisions;
    return allowed && allowed.length > 0 ? allowed : DEFAULT_APPROVAL_DECISIONS;
  }
  return PAIRING_DECISIONS;
};

const rolesOf = (device: {readonly role?: string; readonly roles?: readonly string[]}) =>
  device.roles ?? (device.role === undefined ? [] : [device.role]);

/** Drops undefined values so `detail` holds only what the gateway said. */
const defined = (record: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

/** What differs by kind; grants are empty and origin fields null unless a kind says otherwise. */
type KindFields = Pick<PendingEntry, 'createdAt' | 'detail'> &
  Partial<Pick<PendingEntry, 'requested' | 'approved' | 'requestedRoles' | 'approvedRoles'>> & {
    readonly origin: Partial<PendingOrigin>;
  };

/** The documented key order, so `pending --json` reads the same for every kind. */
export const pendingEntry = (item: InboxItem, paired: readonly PairedDevice[]): PendingEntry => {
  const fields = kindFields(item, paired);
  return {
    id: item.id,
    kind: item.kind,
    summary: itemSummary(item),
    requested: fields.requested ?? [],
    approved: fields.approved ?? [],
    requestedRoles: fields.requestedRoles ?? [],
    approvedRoles: fields.approvedRoles ?? [],
    allowedDecisions: allowedDecisions(item),
    createdAt: fields.createdAt,
    expiresAt: isoTime(item.expiresAt),
    state: item.state.phase,
    origin: {...NO_ORIGIN, ...fields.origin},
    detail: fields.detail,
  };
};

const kindFields = (item: InboxItem, paired: readonly PairedDevice[]): KindFields => {
  switch (item.kind) {
    case 'device-pairing': {
      const r = item.request;
      const device = paired.find((entry) => entry.deviceId === r.deviceId);
      return {
        requested: r.scopes ?? [],
        approved: device?.scopes ?? [],
        requestedRoles: rolesOf(r),
        approvedRoles: device ? rolesOf(device) : [],
        createdAt: isoTime(r.ts),
        origin: {
          remoteIp: orNull(r.remoteIp),
          clientId: orNull(r.clientId),
          platform: orNull(r.platform),
        },
        detail: defined({
          deviceId: r.deviceId,
          displayName: r.displayName,
          clientMode: r.clientMode,
          deviceFamily: r.deviceFamily,
          isRepair: r.isRepair,
          alreadyPaired: device !== undefined,
        }),
      };
    }
    case 'node-pairing': {
      const r = item.request;
      return {
        requested: r.commands ?? [],
        requestedRoles: ['node'],
        createdAt: isoTime(r.ts),
        origin: {
          remoteIp: orNull(r.remoteIp),
          clientId: orNull(r.clientId),
          platform: orNull(r.platform),
        },
        detail: defined({
          nodeId: r.nodeId,
          displayName: r.displayName,
          version: r.version,
          caps: r.caps,
          requiredApproveScopes: r.requiredApproveScopes,
        }),
      };
    }
    case 'question': {
      const r = item.request;
      return {
        createdAt: isoTime(r.createdAtMs),
        origin: {
          sessionKey: orNull(r.sessionKey),
          agentId: orNull(r.agentId),
          runId: orNull(r.runId),
        },
        detail: {
          // Numbered as the console's keys and `answer --option N` number them (from 1).
          questions: r.questions.map((q) => ({
            questionId: q.questionId,
            header: q.header,
            question: q.question,
            options: q.options.map((option, index) => ({
              number: index + 1,
              label: option.label,
              description: option.description ?? null,
            })),
            multiSelect: q.multiSelect,
            allowsText: q.allowsText,
            secret: q.isSecret,
          })),
        },
      };
    }
    case 'exec-approval':
    case 'plugin-approval':
    case 'system-agent-approval': {
      const r = item.request;
      return {
        createdAt: isoTime(r.createdAtMs),
        origin: {
          channel: orNull(r.turnSourceChannel),
          accountId: orNull(r.turnSourceAccountId),
          sender: orNull(r.turnSourceTo),
          sessionKey: orNull(r.sessionKey),
          agentId: orNull(r.agentId),
          runId: orNull(r.runId),
        },
        detail:
          item.kind === 'system-agent-approval'
            ? defined({
                title: r.title,
                description: r.description,
                command: r.command,
                sessionId: r.sessionId,
              })
            : item.kind === 'exec-approval'
              ? defined({
                  command: r.command,
                  commandPreview: r.commandPreview,
                  cwd: r.cwd,
                  host: r.host,
                  nodeId: r.nodeId,
                  security: r.security,
                  ask: r.ask,
                  resolvedPath: r.resolvedPath,
                  warningText: r.warningText,
                })
              : defined({
                  title: r.title,
                  description: r.description,
                  severity: r.severity,
                  pluginId: r.pluginId,
                  toolName: r.toolName,
                }),
      };
    }
    case 'dm-access': {
      const r = item.request;
      return {
        createdAt: isoTime(r.createdAt),
        origin: {
          channel: r.channel,
          accountId: r.accountId,
          sender: r.senderId,
        },
        detail: defined({
          senderId: r.senderId,
          senderLabel: r.senderLabel,
          channelLabel: r.channelLabel,
          accountLabel: r.accountLabel,
          lastSeenAt: isoTime(r.lastSeenAt) ?? undefined,
        }),
      };
    }
  }
};

const minutesLeft = (expiresAt: number | undefined, now: number): string | undefined => {
  if (expiresAt === undefined) return undefined;
  const left = expiresAt - now;
  if (left <= 0) return 'expiring';
  const minutes = Math.ceil(left / 60_000);
  return minutes >= 90 ? `expires in ${Math.round(minutes / 60)} h` : `expires in ${minutes} min`;
};

/** Human lines for one item: header with the exact id, what it asks, where it came from. */
export const pendingLines = (
  item: InboxItem,
  entry: PendingEntry,
  now: number,
): readonly string[] => {
  const lines = [`${KIND_LABEL[item.kind]}  ${safe(item.id)}`];
  lines.push(`  ${safe(entry.summary)}`);
  if (item.kind === 'exec-approval' && item.request.cwd !== undefined) {
    lines.push(
      `  in ${safe(item.request.cwd)} on ${safe(item.request.host ?? 'the gateway host')}`,
    );
  }
  if (entry.requested.length > 0) {
    const what = item.kind === 'node-pairing' ? 'commands' : 'scopes';
    const newOnes = entry.requested.filter((scope) => !entry.approved.includes(scope));
    const upgrade =
      entry.approved.length > 0
        ? ` (has ${entry.approved.map(safe).join(', ')}; new: ${newOnes.map(safe).join(', ') || 'none'})`
        : '';
    lines.push(`  ${what}: ${entry.requested.map(safe).join(', ')}${upgrade}`);
  }
  const o = entry.origin;
  const from = [
    o.channel === null ? undefined : `channel ${safe(o.channel)}`,
    o.sender === null ? undefined : `from ${safe(o.sender)}`,
    o.sessionKey === null ? undefined : `session ${safe(o.sessionKey)}`,
    o.agentId === null ? undefined : `agent ${safe(o.agentId)}`,
    o.remoteIp === null ? undefined : `ip ${safe(o.remoteIp)}`,
    o.clientId === null ? undefined : `client ${safe(o.clientId)}`,
  ].filter((part): part is string => part !== undefined);
  if (from.length > 0) lines.push(`  ${from.join(' · ')}`);
  const expiry = minutesLeft(item.expiresAt, now);
  if (item.kind === 'question') {
    for (const q of item.request.questions) {
      lines.push(`  ${safe(q.questionId)}: ${safe(q.question)}`);
      q.options.forEach((option, index) => lines.push(`    ${index + 1}. ${safe(option.label)}`));
      if (q.allowsText) lines.push('    or a free-text answer (--text)');
    }
    lines.push(
      `  answer with: answer ${safe(item.id)} --option N | --text "…"${expiry === undefined ? '' : ` · ${expiry}`}`,
    );
    return lines;
  }
  lines.push(
    `  decisions: ${entry.allowedDecisions.join(', ')}${expiry === undefined ? '' : ` · ${expiry}`}`,
  );
  return lines;
};

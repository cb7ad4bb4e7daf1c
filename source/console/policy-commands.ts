// The two-step config changes behind the console's dialogs (allow a DM sender, let an agent spawn
// another): prepare reads config.get now and plans the change; the plan is held here under a
// token while the operator reads the exact diff; applyPrepared sends it once, with the baseHash it
// was planned against, and writes one audit entry. A token is used at most once.

import type {AuditLog} from '../audit/audit-log.ts';
import type {GatewayConnection} from '../client/types.ts';
import {prepareAllowAgent} from '../control/allow-agent.ts';
import {prepareAllowSender} from '../control/allow-sender.ts';
import {
  applyConfigChange,
  type ApplyResult,
  type PreparedConfigChange,
  type PrepareResult,
} from '../control/config-change.ts';
import type {GatewayId} from '../state/gateway-id.ts';
import {gatewayDispatch, type Store} from '../state/store.ts';
import type {ApplyView, Commands, PreparedView} from '../views/commands.ts';

export type PolicyCommandDeps = {
  readonly connection: GatewayConnection;
  readonly store: Store;
  /** The gateway (record in the store) a change is recorded for. */
  readonly gateway: GatewayId;
  readonly audit?: AuditLog;
  readonly gatewayLabel: string;
  readonly now?: () => number;
};

type Held = {
  readonly prepared: PreparedConfigChange;
  /** The audit log's `decision`: 'allow-sender' | 'allow-agent'. */
  readonly decision: string;
};

/** Plans nobody answered are dropped, oldest first, beyond this many. */
const MAX_HELD = 8;

const AUDIT_LIMIT = 50;

export type PolicyCommands = Pick<
  Commands,
  'prepareAllowSender' | 'prepareAllowAgent' | 'applyPrepared' | 'discardPrepared' | 'readAudit'
>;

const applyMessage = (summary: string, result: ApplyResult): ApplyView => {
  switch (result.status) {
    case 'applied':
      return {
        status: 'applied',
        message: result.noop
          ? `${summary}: the gateway already had it (nothing changed)`
          : `${summary}: applied`,
      };
    case 'persisted':
      return {
        status: 'persisted',
        message: `${summary}: written, but not active until the gateway restarts (${result.message})`,
      };
    case 'refused':
      return {status: 'refused', message: `${summary}: refused by the gateway: ${result.message}`};
    case 'conflict':
    case 'rate-limited':
    case 'unknown':
      return {status: result.status, message: `${summary}: ${result.message}`};
  }
};

export const createPolicyCommands = (deps: PolicyCommandDeps): PolicyCommands => {
  const now = deps.now ?? Date.now;
  const held = new Map<string, Held>();
  let counter = 0;

  const hold = (result: PrepareResult, decision: string): PreparedView => {
    if (result.status === 'no-op') return {status: 'no-op', message: result.message};
    if (result.status !== 'ready') return {status: 'refused', message: result.message};
    const token = `change-${++counter}`;
    held.set(token, {prepared: result.prepared, decision});
    while (held.size > MAX_HELD) held.delete(held.keys().next().value as string);
    const {prepared} = result;
    return {
      status: 'ready',
      token,
      summary: prepared.summary,
      diff: prepared.diff.map((line) => line.text),
      notes: prepared.notes,
    };
  };

  const record = (entry: Held, result: ApplyResult): void => {
    const {prepared, decision} = entry;
    const outcome =
      result.status === 'applied' || result.status === 'persisted'
        ? 'applied'
        : result.status === 'unknown'
          ? 'unknown'
          : 'not-applied';
    try {
      deps.audit?.append({
        ts: new Date(now()).toISOString(),
        gateway: deps.gatewayLabel,
        kind: 'policy',
        id: prepared.diff.map((line) => line.path).join(', '),
        decision,
        granted: prepared.diff.map((line) => line.text).join('; '),
        outcome,
        ...(result.status === 'applied' ? {} : {message: result.message}),
      });
    } catch {
      // The change itself went through (or not) regardless; a full disk must not hide that.
    }
  };

  return {
    async prepareAllowSender(channel, accountId, senderId, {confirmWildcard}) {
      const result = await prepareAllowSender(deps.connection, {
        channel,
        accountId,
        senderId,
        confirmWildcard,
      });
      if (result.status === 'needs-wildcard-confirmation') return result;
      return hold(result, 'allow-sender');
    },
    async prepareAllowAgent(requesterAgentId, targetAgentId) {
      return hold(
        await prepareAllowAgent(deps.connection, {requesterAgentId, targetAgentId}),
        'allow-agent',
      );
    },
    async applyPrepared(token) {
      const entry = held.get(token);
      if (!entry) {
        return {
          status: 'expired',
          message: 'this change is no longer held (already sent or cancelled): nothing was sent',
        };
      }
      // Taken before the request: a second y can never send it twice.
      held.delete(token);
      const result = await applyConfigChange(deps.connection, entry.prepared, {
        dispatch: gatewayDispatch(deps.store, deps.gateway),
        note: `openclaw-tui: ${entry.prepared.summary}`,
        now,
      });
      record(entry, result);
      return applyMessage(entry.prepared.summary, result);
    },
    discardPrepared(token) {
      held.delete(token);
    },
    async readAudit() {
      return deps.audit?.readRecent(AUDIT_LIMIT) ?? [];
    },
  };
};

// Why a sessions_spawn failed, and what the operator can do about it. The patterns are the
// error strings of openclaw 2026.9.6 (dist/sessions-spawn-tool-*.mjs,
// dist/subagent-spawn-ownership-*.mjs, the gateway client's "gateway closed (<code>): <reason>"
// and "gateway timeout after <n>ms"); config paths are from its docs
// (gateway/config-agents/entries-and-multi-agent.md, tools/subagents/nesting.md).
// An error we do not recognise is passed through verbatim with no invented fix.

import type {SpawnDiagnosis} from './model.ts';

export type SpawnContext = {
  /** `args.agentId` of the sessions_spawn call (the target the error does not name). */
  readonly requestedAgentId?: string;
  /** The agent that called sessions_spawn. */
  readonly requesterAgentId?: string;
  /** The newest pending device-pairing request in the inbox, if any. */
  readonly pendingDeviceRequestId?: string;
};

type Rule = (error: string, context: SpawnContext) => SpawnDiagnosis | undefined;

const quote = (value: string | undefined, fallback: string): string =>
  value === undefined ? fallback : `"${value}"`;

const pairingRequired: Rule = (error, context) => {
  if (!/pairing required/i.test(error)) return undefined;
  const named = /requestId:\s*([\w-]+)/i.exec(error)?.[1];
  const requestId = named ?? context.pendingDeviceRequestId;
  const inboxId = context.pendingDeviceRequestId;
  return {
    cause:
      'pairing required: the gateway connection the spawn needs is waiting for device approval',
    fix:
      inboxId !== undefined
        ? `approve the pending device request in the Inbox (or: openclaw devices approve ${requestId ?? inboxId})`
        : `approve the pending device request: openclaw devices approve ${requestId ?? '<requestId>'} (openclaw devices list shows it)`,
    ...(inboxId === undefined ? {} : {inboxId}),
  };
};

const agentNotAllowed: Rule = (error, context) => {
  const match = /agentId is not allowed for sessions_spawn \(allowed: ([^)]*)\)/.exec(error);
  if (!match) return undefined;
  const allowed = match[1] ?? 'none';
  const blocked = context.requestedAgentId;
  const requester = context.requesterAgentId;
  const entry =
    requester === undefined ? 'agents.entries.<requester>' : `agents.entries.${requester}`;
  return {
    cause: `agent not allowed: ${quote(requester, 'the requester')} may not spawn ${quote(blocked, 'that agent')} (allowed: ${allowed})`,
    fix: `add ${quote(blocked, 'the agent id')} to ${entry}.subagents.allowAgents (or agents.defaults.subagents.allowAgents for every agent; ["*"] = any configured agent)`,
    ...(blocked === undefined ? {} : {blockedAgentId: blocked}),
    ...(requester === undefined ? {} : {requesterAgentId: requester}),
  };
};

const agentNotConfigured: Rule = (error, context) => {
  const match = /agentId "([^"]+)" is not in the configured agent registry/.exec(error);
  if (!match) return undefined;
  const blocked = match[1] ?? context.requestedAgentId;
  return {
    cause: `agent not configured: ${quote(blocked, 'the target')} is allowed but has no agents.entries entry`,
    fix: `add an agents.entries.${blocked ?? '<id>'} entry, or run openclaw doctor --fix to drop the stale allowAgents entry`,
    ...(blocked === undefined ? {} : {blockedAgentId: blocked}),
    ...(context.requesterAgentId === undefined ? {} : {requesterAgentId: context.requesterAgentId}),
  };
};

const agentIdRequired: Rule = (error, context) => {
  if (!/sessions_spawn requires (explicit )?agentId/.test(error)) return undefined;
  return {
    cause: 'agent id required: this agent must name the target agent when it spawns',
    fix: 'pass agentId to sessions_spawn, or turn off subagents.requireAgentId for this agent',
    ...(context.requesterAgentId === undefined ? {} : {requesterAgentId: context.requesterAgentId}),
  };
};

const depthLimit: Rule = (error) => {
  const match = /not allowed at this depth \(current depth: (\d+), max: (\d+)/.exec(error);
  if (!match) return undefined;
  return {
    cause: `spawn depth limit: this session is at depth ${match[1]}, the maximum is ${match[2]}`,
    fix: 'spawn from a shallower session, or raise agents.defaults.subagents.maxSpawnDepth (1–5)',
  };
};

const childLimit: Rule = (error) => {
  const match = /max active children for this session \((\d+)\/(\d+)/.exec(error);
  if (!match) return undefined;
  return {
    cause: `max children reached: ${match[1]} of ${match[2]} active children`,
    fix: 'wait for (or kill) a running child, or raise agents.defaults.subagents.maxChildrenPerAgent (1–20)',
  };
};

const swarmLimit: Rule = (error) => {
  const match =
    /reached tools\.swarm\.(maxChildrenPerGroup|maxTotalPerGroup) \((\d+)\/(\d+)\)/.exec(error);
  if (!match) return undefined;
  return {
    cause: `swarm limit reached: ${match[2]} of ${match[3]} (${match[1]})`,
    fix: `wait for the group's children to finish, or raise tools.swarm.${match[1]}`,
  };
};

const gatewayTimeout: Rule = (error) => {
  const match = /gateway timeout after (\d+)ms/.exec(error);
  if (!match) return undefined;
  return {
    cause: `timeout: the gateway did not answer within ${match[1]} ms`,
    fix: 'check the gateway is healthy and not overloaded (Gateway pane, openclaw status), then retry',
  };
};

const runTimeout: Rule = (error) => {
  if (!/timed out/i.test(error)) return undefined;
  return {
    cause: 'timeout: the subagent run did not finish in time',
    fix: 'pass a larger runTimeoutSeconds to sessions_spawn, or raise agents.defaults.subagents.runTimeoutSeconds',
  };
};

const RULES: readonly Rule[] = [
  pairingRequired,
  agentNotAllowed,
  agentNotConfigured,
  agentIdRequired,
  depthLimit,
  childLimit,
  swarmLimit,
  gatewayTimeout,
  runTimeout,
];

export const diagnoseSpawnError = (error: string, context: SpawnContext = {}): SpawnDiagnosis => {
  for (const rule of RULES) {
    const diagnosis = rule(error, context);
    if (diagnosis !== undefined) return diagnosis;
  }
  return {cause: error, fix: ''};
};

// The fix for a spawn refused with "agentId is not allowed for sessions_spawn": add the target
// agent to the requester's subagents.allowAgents, through the two-step config change.
//
// How the server decides (openclaw 2026.9.6 dist/subagent-spawn-ownership-*.mjs):
//   list = requester's subagents.allowAgents ?? agents.defaults.subagents.allowAgents
//   no list  → only the requester itself ("same agent only");
//   a list   → exactly its ids (intersected with configured agents); "*" = any configured agent.
//   (A spawn that names no agentId always targets the requester and is always allowed.)
// So the requester's own new list is built from what is effective now, plus the target:
//   - it has its own list      → that list + target;
//   - it inherits the defaults → the defaults' entries + target (its own list replaces the
//                                defaults for it, so they are copied to keep what it had);
//   - nothing is set           → [requester, target]: the docs say "Include the requester id when
//                                self-targeted agentId calls should be allowed", and the default
//                                allowed them, so keeping the requester keeps that behaviour.
// Written to agents.entries.<requester>.subagents.allowAgents, or for the legacy roster
// agents.list[{id: requester}].subagents.allowAgents (the server merges list entries by id).
// Agent ids compare like the server's normalizeAgentId: trimmed and lower-cased.

import type {GatewayConnection} from '../client/types.ts';
import type {ConfigSnapshot} from '../protocol/parse-config-policy.ts';
import {isRecord, type UnknownRecord} from '../protocol/parse-fields.ts';
import {
  prepareConfigChange,
  prepareFromGateway,
  type PathSegment,
  type PrepareResult,
} from './config-change.ts';

export type AllowAgentInput = {
  /** The agent whose spawn was refused (SpawnDiagnosis.requesterAgentId). */
  readonly requesterAgentId: string;
  /** The agent it tried to spawn (SpawnDiagnosis.blockedAgentId). */
  readonly targetAgentId: string;
};

const AGENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const norm = (id: string): string => id.trim().toLowerCase();

type RosterEntry = {
  /** The id exactly as the config spells it (the patch must use the same spelling). */
  readonly key: string;
  readonly entry: UnknownRecord;
  readonly path: readonly PathSegment[];
};

type Roster = {
  readonly kind: 'entries' | 'list' | 'implicit';
  readonly entries: readonly RosterEntry[];
};

/** agents.entries wins over agents.list; neither = the implicit single agent "main". */
const readRoster = (config: UnknownRecord): Roster => {
  const agents = isRecord(config.agents) ? config.agents : undefined;
  if (agents !== undefined && Object.hasOwn(agents, 'entries') && agents.entries !== undefined) {
    const entries = isRecord(agents.entries) ? agents.entries : {};
    return {
      kind: 'entries',
      entries: Object.entries(entries).flatMap(([key, entry]) =>
        isRecord(entry) ? [{key, entry, path: ['agents', 'entries', key]}] : [],
      ),
    };
  }
  if (agents !== undefined && Object.hasOwn(agents, 'list') && agents.list !== undefined) {
    const list = Array.isArray(agents.list) ? agents.list : [];
    return {
      kind: 'list',
      entries: list.flatMap((entry) =>
        isRecord(entry) && typeof entry.id === 'string' && entry.id !== ''
          ? [{key: entry.id, entry, path: ['agents', 'list', {id: entry.id}]}]
          : [],
      ),
    };
  }
  return {kind: 'implicit', entries: []};
};

const readList = (block: unknown): readonly string[] | undefined => {
  if (!isRecord(block) || !isRecord(block.subagents)) return undefined;
  const list = block.subagents.allowAgents;
  return Array.isArray(list)
    ? list.filter((entry): entry is string => typeof entry === 'string')
    : undefined;
};

/** The plan against a config snapshot (pure; tests call it directly). */
export const planAllowAgent = (snapshot: ConfigSnapshot, input: AllowAgentInput): PrepareResult => {
  const {requesterAgentId: requester, targetAgentId: target} = input;
  for (const id of [requester, target]) {
    if (!AGENT_ID.test(id.trim()))
      return {status: 'invalid', message: `"${id}" is not an agent id`};
  }
  const config = snapshot.config;
  const roster = readRoster(config);
  const configured =
    roster.kind === 'implicit' ? ['main'] : roster.entries.map((entry) => norm(entry.key));
  if (!configured.includes(norm(target))) {
    return {
      status: 'invalid',
      message: `agent "${target}" is not configured: add an agents.entries.${target} entry first (allowAgents only names configured agents)`,
    };
  }
  const own = roster.entries.find((entry) => norm(entry.key) === norm(requester));
  if (own === undefined) {
    return {
      status: 'invalid',
      message: `agent "${requester}" is not in the config's agent roster, so it has no allowAgents to change`,
    };
  }

  const agents = isRecord(config.agents) ? config.agents : {};
  const ownList = readList(own.entry);
  const defaults = readList(agents.defaults);
  const effective = ownList ?? defaults;
  const source =
    ownList !== undefined
      ? 'own'
      : defaults !== undefined
        ? 'defaults'
        : ('same-agent-only' as const);

  const allowed = effective ?? [requester];
  if (allowed.some((entry) => entry.trim() === '*')) {
    return {
      status: 'no-op',
      message: `${requester} may already spawn any configured agent ("*")`,
    };
  }
  if (allowed.some((entry) => norm(entry) === norm(target))) {
    return {status: 'no-op', message: `${requester} may already spawn ${target}`};
  }

  const next = [...(effective ?? [own.key]), target.trim()];
  const notes: string[] = [];
  if (source === 'defaults') {
    notes.push(
      `${requester} had no allowAgents of its own and used agents.defaults.subagents.allowAgents ${JSON.stringify(defaults)}; its own list keeps those and adds ${target}`,
    );
  } else if (source === 'same-agent-only') {
    notes.push(
      `${requester} had no allowAgents (default: same agent only); the new list keeps ${own.key} so it may still name itself, and adds ${target}`,
    );
  }
  return prepareConfigChange(
    snapshot,
    [{path: [...own.path, 'subagents', 'allowAgents'], value: next}],
    {summary: `let agent ${requester} spawn ${target}`, notes},
  );
};

/** Step 1: read the config now and plan the change (show `prepared.diff` to confirm). */
export const prepareAllowAgent = (
  connection: GatewayConnection,
  input: AllowAgentInput,
): Promise<PrepareResult> =>
  prepareFromGateway(connection, (snapshot) => planAllowAgent(snapshot, input));

// Step 2 is applyConfigChange(connection, prepared) from ./config-change.ts.
export {applyConfigChange as applyAllowAgent} from './config-change.ts';

// Which tail events `tail --kind/--session/--agent` prints. Lines about the stream itself (gap,
// gateway) always pass: a filtered tail must still say when it missed something or lost the
// gateway. `--session KEY` is that session and its whole subtree, walked up through the tree the
// store holds and through the spawn lines seen so far: a spawn is announced (tool result) before
// the gateway's debounced sessions.changed lists the child, so a grandchild's spawn can arrive
// while its parent is known only from its own spawn line.

import type {TailKind as CliTailKind} from '../cli-flags.ts';
import type {TailEvent} from '../state/model.ts';
import type {GatewayId} from '../state/gateway-id.ts';
import {sessionEntryOf} from '../state/sessions-slice.ts';
import {gatewayRecordOf, type AppState} from '../state/reducer.ts';
import {selectForest} from '../state/selectors.ts';

export type TailFilter = {
  readonly kinds: readonly CliTailKind[];
  readonly session?: string;
  readonly agent?: string;
};

/** Child → parent, learnt from spawn lines (bounded: the oldest are forgotten first). */
export type SpawnParents = Map<string, string>;

const SPAWN_MEMORY = 10_000;

/** Remember what a spawn line says about the tree; call it for every line, printed or not. */
export const noteSpawn = (parents: SpawnParents, event: TailEvent): void => {
  if (event.kind !== 'spawn' || event.sessionKey === undefined || event.parentKey === undefined)
    return;
  if (event.sessionKey === event.parentKey) return;
  parents.delete(event.sessionKey);
  parents.set(event.sessionKey, event.parentKey);
  if (parents.size > SPAWN_MEMORY) {
    const oldest = parents.keys().next().value;
    if (oldest !== undefined) parents.delete(oldest);
  }
};

const ALWAYS: ReadonlySet<string> = new Set(['gap', 'gateway']);
/** Guards the parent walk against a cycle the tree has not cut yet. */
const MAX_DEPTH = 10_000;

const AGENT_IN_KEY = /^agent:([^:]+):/;

const parentOf = (
  state: AppState,
  gateway: GatewayId,
  key: string,
  spawned: SpawnParents,
): string | undefined =>
  selectForest(state, gateway).nodes.get(key)?.parent ??
  sessionEntryOf(gatewayRecordOf(state, gateway).sessions, key)?.session.parentKey ??
  spawned.get(key);

/** `key` is `root` or one of its descendants. */
export const inSubtree = (
  state: AppState,
  gateway: GatewayId,
  key: string,
  root: string,
  spawned: SpawnParents = new Map(),
): boolean => {
  let cursor: string | undefined = key;
  const seen = new Set<string>();
  while (cursor !== undefined && !seen.has(cursor) && seen.size < MAX_DEPTH) {
    if (cursor === root) return true;
    seen.add(cursor);
    cursor = parentOf(state, gateway, cursor, spawned);
  }
  return false;
};

/**
 * The agent whose session the line is about. `detail.agentId` is only a fallback: on a spawn
 * line it names the agent being spawned, not the one spawning.
 */
const agentOf = (state: AppState, gateway: GatewayId, event: TailEvent): string | undefined => {
  const key = event.sessionKey;
  if (key !== undefined) {
    const known =
      sessionEntryOf(gatewayRecordOf(state, gateway).sessions, key)?.session.agentId ??
      AGENT_IN_KEY.exec(key)?.[1];
    if (known !== undefined) return known;
  }
  const fromDetail = event.detail.agentId;
  return typeof fromDetail === 'string' && fromDetail !== '' ? fromDetail : undefined;
};

export const tailEventMatches = (
  state: AppState,
  gateway: GatewayId,
  event: TailEvent,
  filter: TailFilter,
  spawned: SpawnParents = new Map(),
): boolean => {
  if (ALWAYS.has(event.kind)) return true;
  if (filter.kinds.length > 0 && !(filter.kinds as readonly string[]).includes(event.kind)) {
    return false;
  }
  if (filter.session !== undefined) {
    const root = filter.session;
    const keys = [event.sessionKey, event.parentKey].filter(
      (key): key is string => key !== undefined,
    );
    if (!keys.some((key) => inSubtree(state, gateway, key, root, spawned))) return false;
  }
  if (filter.agent !== undefined && agentOf(state, gateway, event) !== filter.agent) return false;
  return true;
};

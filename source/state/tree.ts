// The session tree, pure and linear-ish (one pass to link, one sort per sibling list, one
// iterative walk), so 10,000 sessions stay cheap and a 10,000-deep chain cannot overflow the stack.
//
// Parent of a session: its parentKey (parentSessionKey, else spawnedBy), else the session whose
// childSessions lists it; a declared parent we do not hold loses to a visible back-link.
// - Missing parent: the orphans hang under one synthetic placeholder row for that key,
//   marked parentMissing ("parent not visible").
// - Cycles (a → b → a): the member with the smallest key is cut loose and shown at the root
//   level; the others hang below it, so every member appears exactly once.
// - Order: roots main first, then most recent activity; children oldest first (createdAt).

import type {Session, TreeRow} from './model.ts';
import {PatchMap} from './patch-map.ts';
import {lastKeySegment} from './session-derive.ts';
import {matchesSession, type SessionFilter} from './session-filter.ts';
import {tableEntries, tableGet, tableSize, tableValues, type SlotTable} from './slot-table.ts';

export type ForestNode = {
  /** The session with parentKey/childKeys resolved against the whole list. */
  readonly session: Session;
  /** The tree parent actually used (undefined at the root level). */
  readonly parent?: string;
  readonly children: readonly string[];
  readonly placeholder: boolean;
};

export type Forest = {
  readonly nodes: ReadonlyMap<string, ForestNode>;
  readonly roots: readonly string[];
  /**
   * The same object while only sessions' contents changed (updateForest): keys, parents,
   * children and the roots' order are those of the forest that had it, so its rows can be
   * patched instead of walked again.
   */
  readonly shape?: object;
};

export const PATH_SEPARATOR = ' › ';

/** The default agent's main session (openclaw's `agent:main:main`). */
const DEFAULT_MAIN = 'agent:main:main';

const activityOf = (session: Session): number =>
  session.lastActivityAt ?? session.updatedAt ?? session.createdAt ?? 0;

const placeholderSession = (key: string): Session => ({
  key,
  role: key.includes(':subagent:') ? 'subagent' : /^agent:[^:]+:main$/.test(key) ? 'main' : 'other',
  title: lastKeySegment(key),
  childKeys: [],
  status: 'unknown',
  activeRunIds: [],
});

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((value, index) => value === b[index]);

export const buildForest = (sessions: readonly Session[]): Forest => {
  const present = new Map<string, Session>();
  for (const session of sessions) present.set(session.key, session);

  const listedBy = new Map<string, string>();
  for (const session of sessions) {
    for (const child of session.childKeys) {
      if (child !== session.key && !listedBy.has(child)) listedBy.set(child, session.key);
    }
  }

  const parent = new Map<string, string>();
  for (const session of sessions) {
    const declared = session.parentKey;
    const backLink = listedBy.get(session.key);
    const chosen =
      declared !== undefined && (present.has(declared) || backLink === undefined)
        ? declared
        : backLink;
    if (chosen !== undefined && chosen !== session.key) parent.set(session.key, chosen);
  }

  // Placeholders for parents we were told about but do not hold.
  const placeholders = new Map<string, Session>();
  for (const parentKey of parent.values()) {
    if (!present.has(parentKey) && !placeholders.has(parentKey)) {
      placeholders.set(parentKey, placeholderSession(parentKey));
    }
  }

  // Cut cycles: walk each chain once; meeting our own walk again means a loop.
  const walkOf = new Map<string, number>();
  let walk = 0;
  for (const start of present.keys()) {
    if (walkOf.has(start)) continue;
    walk++;
    const path: string[] = [];
    let cursor: string | undefined = start;
    while (cursor !== undefined && !walkOf.has(cursor)) {
      walkOf.set(cursor, walk);
      path.push(cursor);
      cursor = parent.get(cursor);
    }
    if (cursor !== undefined && walkOf.get(cursor) === walk) {
      const members = path.slice(path.indexOf(cursor));
      let cut = members[0] as string;
      for (const member of members) if (member < cut) cut = member;
      parent.delete(cut);
    }
  }

  const children = new Map<string, string[]>();
  const roots: string[] = [];
  const allKeys = [...present.keys(), ...placeholders.keys()];
  for (const key of allKeys) {
    const parentKey = parent.get(key);
    if (parentKey === undefined) {
      roots.push(key);
      continue;
    }
    const siblings = children.get(parentKey);
    if (siblings) siblings.push(key);
    else children.set(parentKey, [key]);
  }

  const sessionOf = (key: string): Session =>
    (present.get(key) ?? placeholders.get(key)) as Session;

  const byCreation = (a: string, b: string): number => {
    const left = sessionOf(a).createdAt ?? Number.POSITIVE_INFINITY;
    const right = sessionOf(b).createdAt ?? Number.POSITIVE_INFINITY;
    if (left !== right) return left < right ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  for (const list of children.values()) list.sort(byCreation);

  const nodes = new Map<string, ForestNode>();
  for (const key of allKeys) {
    const kids = children.get(key) ?? [];
    const isPlaceholder = placeholders.has(key);
    let session = sessionOf(key);
    const backLink = session.parentKey === undefined ? listedBy.get(key) : undefined;
    if ((backLink !== undefined && backLink !== key) || !sameList(session.childKeys, kids)) {
      session = {
        ...session,
        childKeys: kids,
        ...(backLink !== undefined && backLink !== key ? {parentKey: backLink} : {}),
      };
    }
    const parentKey = parent.get(key);
    nodes.set(key, {
      session,
      children: kids,
      placeholder: isPlaceholder,
      ...(parentKey === undefined ? {} : {parent: parentKey}),
    });
  }
  return {nodes, roots: orderRoots(roots, nodes), shape: {}};
};

/** What a root's place among the other roots goes by: a placeholder's newest child's activity. */
const rootActivity = (node: ForestNode, nodes: ReadonlyMap<string, ForestNode>): number => {
  if (!node.placeholder) return activityOf(node.session);
  let newest = 0;
  for (const child of node.children) {
    const session = nodes.get(child)?.session;
    if (session !== undefined) newest = Math.max(newest, activityOf(session));
  }
  return newest;
};

const orderRoots = (
  roots: readonly string[],
  nodes: ReadonlyMap<string, ForestNode>,
): readonly string[] => {
  const nodeOf = (key: string): ForestNode => nodes.get(key) as ForestNode;
  const activity = new Map(roots.map((key) => [key, rootActivity(nodeOf(key), nodes)]));
  const isMain = (key: string): boolean => nodeOf(key).session.role === 'main';
  // Agents' main sessions hold the big trees: they keep one order (the default agent's first,
  // then by key) so a swarm's activity never reshuffles the screen under the operator. The other
  // roots (cron, channels, orphans) come and go: most recent activity first.
  return [...roots].sort((a, b) => {
    if (isMain(a) !== isMain(b)) return isMain(a) ? -1 : 1;
    if (isMain(a)) {
      if ((a === DEFAULT_MAIN) !== (b === DEFAULT_MAIN)) return a === DEFAULT_MAIN ? -1 : 1;
      return a < b ? -1 : a > b ? 1 : 0;
    }
    const delta = (activity.get(b) ?? 0) - (activity.get(a) ?? 0);
    if (delta !== 0) return delta;
    return a < b ? -1 : a > b ? 1 : 0;
  });
};

/** Sessions by key, as the sessions slice holds them. */
export type SessionSource = SlotTable<{readonly session: Session}>;

/** A forest and the sessions it was built from, for the next `updateForest`. */
export type BuiltForest = {readonly sessions: SessionSource; readonly forest: Forest};

/** Nothing a session's place in the tree depends on differs between `a` and `b`. */
const samePlace = (a: Session, b: Session): boolean =>
  a.parentKey === b.parentKey &&
  a.createdAt === b.createdAt &&
  a.role === b.role &&
  (a.childKeys === b.childKeys || sameList(a.childKeys, b.childKeys));

type Changed = [key: string, before: Session, after: Session];

/**
 * Sessions whose object differs between `before` and `after` (same keys), or undefined when one
 * moved in the tree (a rebuild). Tables with the same slots hold each key in the same slot, so
 * only the chunks a change wrote are compared; otherwise every key is looked up.
 */
const changedSessions = (
  before: SessionSource,
  after: SessionSource,
): readonly Changed[] | undefined => {
  const changed: Changed[] = [];
  const note = (key: string, was: Session | undefined, now: Session): boolean => {
    if (was === now) return true;
    if (was === undefined || !samePlace(was, now)) return false;
    changed.push([key, was, now]);
    return true;
  };
  if (before.slots === after.slots) {
    for (let index = 0; index < after.chunks.length; index++) {
      const chunk = after.chunks[index] ?? [];
      const old = before.chunks[index] ?? [];
      if (chunk === old) continue;
      for (let slot = 0; slot < chunk.length; slot++) {
        const now = chunk[slot]?.session;
        if (now === undefined) continue; // an emptied slot: emptied in both (same keys)
        if (!note(now.key, old[slot]?.session, now)) return undefined;
      }
    }
    return changed;
  }
  for (const [key, entry] of tableEntries(after)) {
    if (!note(key, tableGet(before, key)?.session, entry.session)) return undefined;
  }
  return changed;
};

/**
 * The forest of `sessions`, equal to `buildForest` of their sessions, reusing `previous` when
 * only the sessions' contents changed (a run started or ended, new activity, a new title): under
 * an event flood that is nearly every change, and a fleet of 10 gateways would otherwise rebuild
 * 10 forests per frame. The same sessions give the previous forest itself; changed ones are
 * patched into a copy of its nodes, and the roots re-sorted only if a root's activity moved.
 * Any change of keys, parents, children or creation times builds it anew.
 */
export const updateForest = (
  previous: BuiltForest | undefined,
  sessions: SessionSource,
): Forest => {
  const rebuild = (): Forest =>
    buildForest(Array.from(tableValues(sessions), (entry) => entry.session));
  if (previous === undefined || tableSize(previous.sessions) !== tableSize(sessions)) {
    return rebuild();
  }
  if (previous.sessions === sessions) return previous.forest;
  const changed = changedSessions(previous.sessions, sessions);
  if (changed === undefined) return rebuild();
  const old = previous.forest;
  if (changed.length === 0) return old;
  let rootsMoved = false;
  let rebuilt = false;
  const nodes = PatchMap.from(old.nodes).with((draft) => {
    for (const [key, before, session] of changed) {
      const node = draft.get(key);
      if (node === undefined || node.placeholder) {
        rebuilt = true;
        return;
      }
      // buildForest resolves a session whose children or back-link differ from its row into a
      // copy; the same place resolves the same way, so a copy stays a copy.
      const resolved =
        node.session === before
          ? session
          : {
              ...session,
              childKeys: node.children,
              ...(session.parentKey === undefined && node.session.parentKey !== undefined
                ? {parentKey: node.session.parentKey}
                : {}),
            };
      draft.set(key, {...node, session: resolved});
      if (activityOf(before) !== activityOf(session)) {
        const parent = node.parent === undefined ? undefined : draft.get(node.parent);
        if (node.parent === undefined ? session.role !== 'main' : parent?.placeholder === true) {
          rootsMoved = true;
        }
      }
    }
  });
  if (rebuilt) return rebuild();
  if (!rootsMoved) return {nodes, roots: old.roots, ...(old.shape ? {shape: old.shape} : {})};
  const roots = orderRoots(old.roots, nodes);
  return sameList(roots, old.roots)
    ? {nodes, roots: old.roots, ...(old.shape ? {shape: old.shape} : {})}
    : {nodes, roots, shape: {}};
};

export type TreeView = {
  /** Collapsed keys (default expanded). Ignored while filtering, so matches are never hidden. */
  readonly collapsed: Readonly<Record<string, true>>;
  readonly filter?: SessionFilter;
  /** Session keys an open inbox item names. */
  readonly waiting?: ReadonlySet<string>;
  /**
   * The console's merged tree: rows carry their gateway and a uid unique across gateways, and
   * sit `depth` levels lower (below the gateway's own row).
   */
  readonly gateway?: {readonly id: string; readonly depth: number};
};

/** A row key unique across gateways. The unit separator never occurs in a gateway id. */
export const fleetKey = (gateway: string, key: string): string => `${gateway}\u001f${key}`;

/** Matching rows and every ancestor of one. */
const keptByFilter = (forest: Forest, filter: SessionFilter): Set<string> => {
  const keep = new Set<string>();
  for (const [key, node] of forest.nodes) {
    if (keep.has(key) || !matchesSession(node.session, filter)) continue;
    let cursor: string | undefined = key;
    while (cursor !== undefined && !keep.has(cursor)) {
      keep.add(cursor);
      cursor = forest.nodes.get(cursor)?.parent;
    }
  }
  return keep;
};

type Frame = {readonly key: string; readonly depth: number; readonly parentPath: string};

/** The visible rows in display order. */
export const visibleRows = (forest: Forest, view: TreeView): TreeRow[] => {
  const keep = view.filter === undefined ? undefined : keptByFilter(forest, view.filter);
  const rows: TreeRow[] = [];
  const stack: Frame[] = [];
  const pushAll = (keys: readonly string[], depth: number, parentPath: string): void => {
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index] as string;
      if (keep === undefined || keep.has(key)) stack.push({key, depth, parentPath});
    }
  };
  pushAll(forest.roots, 0, '');

  while (stack.length > 0) {
    const {key, depth, parentPath} = stack.pop() as Frame;
    const node = forest.nodes.get(key);
    if (node === undefined) continue;
    const path =
      parentPath === ''
        ? node.session.title
        : `${parentPath}${PATH_SEPARATOR}${node.session.title}`;
    const at = view.gateway;
    const uid = at === undefined ? undefined : fleetKey(at.id, key);
    const expanded = keep !== undefined || view.collapsed[uid ?? key] !== true;
    rows.push({
      key,
      session: node.session,
      depth: at === undefined ? depth : depth + at.depth,
      hasChildren: node.children.length > 0,
      expanded,
      childCount: node.children.length,
      parentMissing: node.placeholder,
      waitingForYou: view.waiting?.has(key) ?? false,
      path,
      ...(at === undefined || uid === undefined ? {} : {gateway: at.id, uid}),
    });
    if (expanded) pushAll(node.children, depth + 1, path);
  }
  return rows;
};

/** The visible rows of one forest and view, with what patching them next time needs. */
export type VisibleTree = {
  readonly forest: Forest;
  readonly view: TreeView;
  readonly rows: readonly TreeRow[];
  /** Row index by session key. */
  readonly index: ReadonlyMap<string, number>;
  /** Each row's uid (its key outside a fleet), in order: the same array while no row moved. */
  readonly uids: readonly string[];
};

const sameView = (a: TreeView, b: TreeView): boolean =>
  a.collapsed === b.collapsed &&
  a.filter === b.filter &&
  a.waiting === b.waiting &&
  a.gateway?.id === b.gateway?.id &&
  a.gateway?.depth === b.gateway?.depth;

const walked = (forest: Forest, view: TreeView): VisibleTree => {
  const rows = visibleRows(forest, view);
  const index = new Map<string, number>();
  const uids: string[] = [];
  rows.forEach((row, i) => {
    index.set(row.key, i);
    uids.push(row.uid ?? row.key);
  });
  return {forest, view, rows, index, uids};
};

/**
 * `visibleRows(forest, view)` with its index, patched from `previous` when the forest has the
 * same shape (updateForest: only sessions' contents changed) and the view is the same: the rows
 * of changed sessions are replaced, every other row keeps its object (memoised lines skip it),
 * and the uids stay the same array. A changed title (every descendant's path names it) or a
 * filter (what matches may have changed) walks the tree again.
 */
export const updateVisibleRows = (
  previous: VisibleTree | undefined,
  forest: Forest,
  view: TreeView,
): VisibleTree => {
  if (previous === undefined || !sameView(previous.view, view)) return walked(forest, view);
  if (previous.forest === forest) return previous;
  if (
    forest.shape === undefined ||
    forest.shape !== previous.forest.shape ||
    view.filter !== undefined
  ) {
    return walked(forest, view);
  }
  let rows: TreeRow[] | undefined;
  // Nodes of one base differ only where patched: no need to compare all of them.
  const candidates =
    forest.nodes instanceof PatchMap ? forest.nodes.patchedSince(previous.forest.nodes) : undefined;
  for (const key of candidates ?? forest.nodes.keys()) {
    const node = forest.nodes.get(key);
    const before = previous.forest.nodes.get(key);
    if (before === node) continue;
    if (node === undefined) return walked(forest, view);
    if (before === undefined || before.session.title !== node.session.title) {
      return walked(forest, view);
    }
    const at = previous.index.get(key);
    if (at === undefined) continue; // under a collapsed row
    rows ??= [...previous.rows];
    rows[at] = {...(rows[at] as TreeRow), session: node.session};
  }
  return {
    forest,
    view,
    rows: rows ?? previous.rows,
    index: previous.index,
    uids: previous.uids,
  };
};

// The twins over a fleet (gateways.json5 / --gateway): `status`, `sessions`, `pending`, `tasks`
// and `tail` read every selected gateway at once (--gateway NAME…, default all; --all says so)
// and merge them, every JSON item carrying a `gateway` field; `approve`/`deny`/`answer` go to the
// one gateway named with --gateway, or search the fleet and refuse (exit 2, listing the gateways)
// when the id is pending on more than one.
//
// Each gateway is read by the single-gateway twin's read with its own options: its own URL
// (through its ssh tunnel when it has one), credentials, identity directory and read-only flag,
// so a pairing with one gateway is never presented to another. What comes back is data (the
// twin's documented JSON document, typed, or its failure document): the merge works on those
// values and prints once.
//
// Exit codes: 1 only when no gateway could be read; a partial read is exit 0 and names each
// gateway that failed in `unread` ({"<gateway>": {"gateway": "why"}}, or the lists of a gateway
// that were not read: {"<gateway>": {"<kind>": "why"}}).

import type {FleetGateway} from '../config/fleet.ts';
import type {Options} from '../config/options.ts';
import type {TailEvent} from '../state/model.ts';
import {createSshTunnel} from '../ssh/ssh-tunnel.ts';
import {safe} from '../text/sanitize.ts';
import type {FailureDoc} from './command-failure.ts';
import {
  EXIT,
  writeError,
  writeJson,
  writeLine,
  writeWarning,
  type CommandIo,
  type ExitCode,
} from './command-io.ts';
import type {UnreadLists} from './inbox-coverage.ts';
import {pendingView, type PendingRead} from './pending.ts';
import {sessionsView, type SessionsDoc} from './sessions.ts';
import {statusView, type StatusDoc} from './status.ts';
import {onStop, printTail, type TailEnding} from './tail.ts';
import {tasksView, type TasksDoc} from './tasks.ts';
import type {TwinResult, TwinView} from './twin-result.ts';

/** One twin's read of the gateway `options` point at. */
export type Reader<Value> = (options: Options) => Promise<TwinResult<Value>>;

type Prepared = {
  readonly entry: FleetGateway;
  readonly options?: Options;
  /** Why this gateway cannot be tried at all (its tunnel did not come up). */
  readonly failure?: string;
  readonly dispose: () => Promise<void>;
};

/** One gateway's read: its value, or why not (with the twin's failure document when it ran). */
export type Outcome<Value> =
  | {readonly entry: FleetGateway; readonly ok: true; readonly value: Value}
  | {
      readonly entry: FleetGateway;
      readonly ok: false;
      readonly why: string;
      readonly failure?: FailureDoc;
    };

type Doc = Readonly<Record<string, unknown>>;

/** The options the single-gateway twin gets for one fleet entry. */
export const gatewayOptions = (options: Options, entry: FleetGateway, url?: string): Options => {
  const {fleet: _fleet, selectedGateways: _selected, ...rest} = options;
  const gateway = {
    ...entry.gateway,
    ...(url === undefined ? {} : {url}),
    ...(entry.tlsFingerprint === undefined ? {} : {tlsFingerprint: entry.tlsFingerprint}),
  };
  return {
    ...rest,
    target: {kind: 'attach', gateway},
    readOnly: entry.readOnly,
    paths: {...options.paths, identityDir: entry.identityDir},
    warnings: [],
  };
};

const prepare = async (options: Options, entry: FleetGateway): Promise<Prepared> => {
  const nothing = async () => {};
  if (!entry.ssh) return {entry, options: gatewayOptions(options, entry), dispose: nothing};
  const tunnel = createSshTunnel({forward: entry.ssh});
  const status = await tunnel.start();
  if (status.state !== 'up' || !status.localUrl) {
    await tunnel.stop();
    return {
      entry,
      failure: `ssh ${entry.ssh.destination}: ${status.lastError ?? 'the tunnel did not come up'}`,
      dispose: nothing,
    };
  }
  return {
    entry,
    options: gatewayOptions(options, entry, status.localUrl),
    dispose: async () => {
      await tunnel.stop();
    },
  };
};

/** Run `body` with this gateway's options (its tunnel up meanwhile), or say why it cannot. */
const onGateway = async <T>(
  options: Options,
  entry: FleetGateway,
  body: (options: Options) => Promise<T>,
): Promise<{readonly ran: T} | {readonly why: string}> => {
  const prepared = await prepare(options, entry);
  if (!prepared.options) return {why: prepared.failure ?? 'not read'};
  try {
    return {ran: await body(prepared.options)};
  } finally {
    await prepared.dispose();
  }
};

/** Read every given gateway at once. */
const readEach = <Value>(
  options: Options,
  gateways: readonly FleetGateway[],
  read: Reader<Value>,
): Promise<Outcome<Value>[]> =>
  Promise.all(
    gateways.map(async (entry): Promise<Outcome<Value>> => {
      const done = await onGateway(options, entry, read);
      if ('why' in done) return {entry, ok: false, why: done.why};
      const result = done.ran;
      if (result.ok) return {entry, ok: true, value: result.value};
      return {entry, ok: false, why: result.failure.error.message, failure: result.failure};
    }),
  );

const selected = (options: Options): readonly FleetGateway[] =>
  options.selectedGateways ?? options.fleet?.gateways ?? [];

/** `unread`: the gateways that failed, and the lists a read gateway could not read. */
const unreadOf = <Value>(
  outcomes: readonly Outcome<Value>[],
  listsOf: (value: Value) => UnreadLists | undefined,
): Record<string, Doc> => {
  const unread: Record<string, Doc> = {};
  for (const outcome of outcomes) {
    if (!outcome.ok) {
      unread[outcome.entry.name] = {gateway: outcome.why};
      continue;
    }
    const lists = listsOf(outcome.value);
    if (lists !== undefined && Object.keys(lists).length > 0) unread[outcome.entry.name] = lists;
  }
  return unread;
};

const gatewaysSummary = <Value>(outcomes: readonly Outcome<Value>[]) =>
  outcomes.map((outcome) => ({
    gateway: outcome.entry.name,
    ok: outcome.ok,
    error: outcome.ok ? null : outcome.why,
  }));

/** Exit 1 with one line when no gateway could be read. */
const noneRead = <Value>(
  options: Options,
  io: CommandIo,
  outcomes: readonly Outcome<Value>[],
  listsOf: (value: Value) => UnreadLists | undefined,
): ExitCode => {
  const message = `no gateway could be read: ${outcomes
    .map((o) => `${o.entry.name}: ${o.ok ? 'read' : o.why}`)
    .join('; ')}`;
  writeError(io, message);
  if (options.json) {
    writeJson(io, {
      ok: false,
      error: {kind: 'unreachable', message},
      gateways: gatewaysSummary(outcomes),
      unread: unreadOf(outcomes, listsOf),
    });
  }
  return EXIT.failed;
};

const withGateway = <Item extends object>(items: readonly Item[], name: string) =>
  items.map((item) => ({...item, gateway: name}));

/** Text: one section per gateway, each in the single-gateway twin's own lines. */
const humanSections = <Value>(
  io: CommandIo,
  outcomes: readonly Outcome<Value>[],
  view: TwinView<Value>,
): void => {
  outcomes.forEach((outcome, index) => {
    if (index > 0) writeLine(io, '');
    writeLine(io, `== ${safe(outcome.entry.name)} (${safe(outcome.entry.gateway.url)}) ==`);
    if (!outcome.ok) {
      writeLine(io, `not read: ${safe(outcome.why)}`);
      return;
    }
    for (const line of view.lines(outcome.value)) writeLine(io, line);
  });
};

/** How one twin's values from several gateways become one document. */
export type FleetMerge<Value> = {
  /** The single-gateway twin's human lines, one section per gateway. */
  readonly view: TwinView<Value>;
  /** The lists of one gateway that were not read (status and pending name them). */
  readonly unreadLists?: (value: Value) => UnreadLists | undefined;
  /** The merged document's own fields (between `ok` and `unread`). */
  readonly merge: (outcomes: readonly Outcome<Value>[], options: Options) => Doc;
};

/** Read every selected gateway with `read` and print the merge once. */
export const runFleetRead = async <Value>(
  options: Options,
  io: CommandIo,
  read: Reader<Value>,
  twin: FleetMerge<Value>,
): Promise<ExitCode> => {
  const listsOf = twin.unreadLists ?? (() => undefined);
  const outcomes = await readEach(options, selected(options), read);
  if (!outcomes.some((o) => o.ok)) return noneRead(options, io, outcomes, listsOf);
  if (!options.json) {
    humanSections(io, outcomes, twin.view);
    return EXIT.ok;
  }
  writeJson(io, {
    ok: true,
    ...twin.merge(outcomes, options),
    unread: unreadOf(outcomes, listsOf),
    gateways: gatewaysSummary(outcomes),
  });
  return EXIT.ok;
};

const valuesOf = <Value>(outcomes: readonly Outcome<Value>[]) =>
  outcomes.flatMap((o) => (o.ok ? [{entry: o.entry, name: o.entry.name, value: o.value}] : []));

const allComplete = <Value extends {readonly complete: boolean}>(
  outcomes: readonly Outcome<Value>[],
): boolean => outcomes.every((o) => o.ok && o.value.complete);

export const fleetStatus: FleetMerge<StatusDoc> = {
  view: statusView,
  unreadLists: (doc) => doc.inbox.unread,
  merge: (outcomes, options) => ({
    // each single-gateway status document, its `gateway` (url and sources) as `endpoint`
    statuses: outcomes.map((o) => {
      const {gateway: endpoint, ...doc} = o.ok ? o.value : (o.failure ?? {ok: false, error: o.why});
      return {gateway: o.entry.name, ...doc, endpoint: endpoint ?? null};
    }),
    warnings: options.warnings,
  }),
};

export const fleetSessions: FleetMerge<SessionsDoc> = {
  view: sessionsView,
  merge: (outcomes) => {
    const sessions = valuesOf(outcomes).flatMap((o) => withGateway(o.value.sessions, o.name));
    return {complete: allComplete(outcomes), count: sessions.length, sessions};
  },
};

const byCreatedAt = (a: {createdAt: string | null}, b: {createdAt: string | null}): number =>
  String(a.createdAt ?? '').localeCompare(String(b.createdAt ?? ''));

/** Every gateway's open items, oldest first whatever their gateway. */
export const fleetPending: FleetMerge<PendingRead> = {
  view: pendingView(),
  unreadLists: ({doc}) => doc.unread,
  merge: (outcomes) => {
    const pending = valuesOf(outcomes)
      .flatMap((o) => withGateway(o.value.doc.pending, o.name))
      .sort(byCreatedAt);
    return {count: pending.length, pending};
  },
};

/** tasks per gateway, each entry with its gateway; a gateway without the ledger is unread. */
export const fleetTasks: FleetMerge<TasksDoc> = {
  view: tasksView,
  merge: (outcomes) => {
    const tasks = valuesOf(outcomes).flatMap((o) => withGateway(o.value.tasks, o.name));
    return {complete: allComplete(outcomes), count: tasks.length, tasks};
  },
};

/** One gateway's tail: follow it until `signal`, handing over each event that passes the filter. */
export type Follower = (
  options: Options,
  onEvent: (event: TailEvent) => void,
  signal: AbortSignal,
) => Promise<TailEnding>;

/** tail on every selected gateway at once; every line says which gateway it came from. */
export const runFleetTail = async (
  options: Options,
  io: CommandIo,
  follow: Follower,
): Promise<ExitCode> => {
  const abort = new AbortController();
  const removeStop = onStop(io, () => abort.abort());
  const ended = (name: string, message: string, failure?: FailureDoc): ExitCode => {
    writeError(io, `[${name}] ${message}`);
    if (options.json && failure) writeJson(io, {...failure, gateway: name});
    return EXIT.failed;
  };
  try {
    const codes = await Promise.all(
      selected(options).map(async (entry): Promise<ExitCode> => {
        const done = await onGateway(options, entry, (own) =>
          printTail(
            io,
            own,
            abort.signal,
            (onEvent, signal) => follow(own, onEvent, signal),
            entry.name,
          ),
        );
        if ('why' in done) {
          writeError(io, `${entry.name}: ${done.why}`);
          if (options.json) {
            writeJson(io, {
              gateway: entry.name,
              ok: false,
              error: {kind: 'unreachable', message: done.why},
            });
          }
          return EXIT.failed;
        }
        const ending = done.ran;
        switch (ending.kind) {
          case 'stopped':
            return EXIT.ok;
          case 'not-connected':
            return ended(entry.name, ending.failed.failure.error.message, ending.failed.failure);
          case 'paused':
            return ended(entry.name, ending.message);
        }
      }),
    );
    return codes.some((code) => code === EXIT.ok) ? EXIT.ok : EXIT.failed;
  } finally {
    removeStop();
  }
};

/**
 * approve/deny/answer over the fleet: the gateway named with --gateway, else the one gateway on which
 * the id is pending. Refused (exit 2, the gateways listed) when it is pending on several.
 */
export const runFleetDecide = async <Value>(
  options: Options,
  io: CommandIo,
  twin: {
    readonly pending: Reader<PendingRead>;
    readonly decide: Reader<Value>;
    readonly view: TwinView<Value>;
  },
  request: {readonly verb: 'approve' | 'deny' | 'answer'; readonly id: string},
): Promise<ExitCode> => {
  const fleet = options.fleet?.gateways ?? [];
  const explicit = options.selectedGateways ?? fleet;
  const refuse = (code: ExitCode, kind: string, message: string, extra: Doc = {}) => {
    writeError(io, message);
    if (options.json) writeJson(io, {ok: false, error: {kind, message}, ...extra});
    return code;
  };
  let target: FleetGateway | undefined;
  if (options.gatewaysNamed === true || fleet.length === 1) {
    if (explicit.length !== 1) {
      return refuse(
        EXIT.usage,
        'usage',
        `${request.verb} goes to one gateway: name one --gateway (gateways: ${fleet.map((g) => g.name).join(', ')})`,
      );
    }
    target = explicit[0];
  } else {
    const listsOf = ({doc}: PendingRead) => doc.unread;
    const outcomes = await readEach(options, fleet, twin.pending);
    const read = valuesOf(outcomes);
    if (read.length === 0) return noneRead(options, io, outcomes, listsOf);
    const holders = read.filter((o) => o.value.doc.pending.some((item) => item.id === request.id));
    const unreadNames = outcomes.filter((o) => !o.ok).map((o) => o.entry.name);
    if (holders.length > 1) {
      const names = holders.map((o) => o.name);
      return refuse(
        EXIT.usage,
        'ambiguous',
        `${request.verb}: request ${JSON.stringify(request.id)} is pending on ${names.length} gateways (${names.join(', ')}); choose one with --gateway NAME`,
        {id: request.id, gateways: names},
      );
    }
    if (holders.length === 0) {
      return refuse(
        EXIT.notFound,
        'not-found',
        `${request.verb}: no pending request ${JSON.stringify(request.id)} on ${read.map((o) => o.name).join(', ')}${unreadNames.length > 0 ? ` (not read: ${unreadNames.join(', ')})` : ''}`,
        {id: request.id, unread: unreadOf(outcomes, listsOf)},
      );
    }
    target = holders[0]?.entry;
  }
  if (!target) return refuse(EXIT.failed, 'other', `${request.verb}: no gateway`);
  const name = target.name;
  const done = await onGateway(options, target, twin.decide);
  if ('why' in done) return refuse(EXIT.failed, 'unreachable', `${name}: ${done.why}`);
  const result = done.ran;
  for (const warning of result.warnings ?? []) writeWarning(io, warning);
  if (!result.ok) {
    writeError(io, result.failure.error.message);
    if (options.json) writeJson(io, {...result.failure, gateway: name});
    return result.code;
  }
  if (options.json) writeJson(io, {...twin.view.json(result.value), gateway: name});
  else for (const line of twin.view.lines(result.value)) writeLine(io, `[${safe(name)}] ${line}`);
  return EXIT.ok;
};

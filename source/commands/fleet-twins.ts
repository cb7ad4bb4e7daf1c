// The twins over a fleet (gateways.json5 / --gateway): `status`, `sessions`, `pending` and `tail`
// read every selected gateway at once (--gateway NAME…, default all; --all says so) and merge
// their output, every JSON item carrying a `gateway` field; `approve`/`deny` go to the one
// gateway named with --gateway, or search the fleet and refuse (exit 2, listing the gateways)
// when the id is pending on more than one.
//
// Each gateway is run through the single-gateway twin with its own options: its own URL (through
// its ssh tunnel when it has one), credentials, identity directory and read-only flag, so a
// pairing with one gateway is never presented to another. Its documented JSON is the interface.
//
// Exit codes: 1 only when no gateway could be read; a partial read is exit 0 and names each
// gateway that failed in `unread` ({"<gateway>": {"gateway": "why"}}, or the lists of a gateway
// that were not read: {"<gateway>": {"<kind>": "why"}}).

import type {FleetGateway} from '../config/fleet.ts';
import type {Options} from '../config/options.ts';
import {createSshTunnel} from '../ssh/ssh-tunnel.ts';
import {safe} from '../text/sanitize.ts';
import {
  EXIT,
  writeError,
  writeJson,
  writeLine,
  type CommandIo,
  type ExitCode,
  type OutputStream,
} from './command-io.ts';
import type {SessionDeps} from './gateway-session.ts';

type Runner = (options: Options, io: CommandIo) => Promise<number>;

export type FleetRunners = {
  readonly status: Runner;
  readonly sessions: Runner;
  readonly pending: Runner;
  readonly tail: Runner;
  readonly decide: Runner;
};

type Prepared = {
  readonly entry: FleetGateway;
  readonly options?: Options;
  /** Why this gateway cannot be tried at all (its tunnel did not come up). */
  readonly failure?: string;
  readonly dispose: () => Promise<void>;
};

type JsonDoc = Record<string, unknown>;

type Outcome = {
  readonly entry: FleetGateway;
  readonly code: number;
  readonly doc?: JsonDoc;
  readonly stdout: string;
  readonly stderr: string;
  readonly failure?: string;
};

const isRecord = (value: unknown): value is JsonDoc =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

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

const collector = (): {readonly stream: OutputStream; readonly text: () => string} => {
  let text = '';
  return {
    stream: {
      write: (chunk: string) => {
        text += chunk;
        return true;
      },
    },
    text: () => text,
  };
};

const lastJson = (text: string): JsonDoc | undefined => {
  const lines = text.trim().split('\n').filter(Boolean);
  const last = lines.at(-1);
  if (!last) return undefined;
  try {
    const parsed: unknown = JSON.parse(last);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
};

/** Run one single-gateway twin per selected gateway, at once, output captured. */
const runEach = async (
  options: Options,
  io: CommandIo,
  gateways: readonly FleetGateway[],
  run: Runner,
  json: boolean,
): Promise<Outcome[]> =>
  Promise.all(
    gateways.map(async (entry): Promise<Outcome> => {
      const prepared = await prepare(options, entry);
      if (!prepared.options) {
        return {entry, code: EXIT.failed, stdout: '', stderr: '', failure: prepared.failure};
      }
      const out = collector();
      const err = collector();
      try {
        const code = await run(
          {...prepared.options, json},
          {stdout: out.stream, stderr: err.stream, env: io.env, isTTY: io.isTTY},
        );
        const doc = json ? lastJson(out.text()) : undefined;
        const error = doc && isRecord(doc.error) ? doc.error : undefined;
        const failure =
          code === EXIT.ok
            ? undefined
            : typeof error?.message === 'string'
              ? error.message
              : (err.text().trim().split('\n').at(-1) ?? `exit ${code}`).replace(
                  /^openclaw-tui: /,
                  '',
                );
        return {
          entry,
          code,
          stdout: out.text(),
          stderr: err.text(),
          ...(doc ? {doc} : {}),
          ...(failure ? {failure} : {}),
        };
      } finally {
        await prepared.dispose();
      }
    }),
  );

/** `unread`: the gateways that failed, and the lists a read gateway could not read. */
const unreadOf = (outcomes: readonly Outcome[]): JsonDoc => {
  const unread: JsonDoc = {};
  for (const outcome of outcomes) {
    if (outcome.failure !== undefined) {
      unread[outcome.entry.name] = {gateway: outcome.failure};
      continue;
    }
    const lists = outcome.doc?.unread ?? outcome.doc?.inbox;
    const perKind = isRecord(lists) && isRecord(lists.unread) ? lists.unread : lists;
    if (isRecord(perKind) && Object.keys(perKind).length > 0) {
      unread[outcome.entry.name] = perKind;
    }
  }
  return unread;
};

const gatewaysSummary = (outcomes: readonly Outcome[]) =>
  outcomes.map((outcome) => ({
    gateway: outcome.entry.name,
    ok: outcome.failure === undefined,
    error: outcome.failure ?? null,
  }));

/** Exit 1 with one line when no gateway could be read. */
const noneRead = (options: Options, io: CommandIo, outcomes: readonly Outcome[]): ExitCode => {
  const message = `no gateway could be read: ${outcomes
    .map((o) => `${o.entry.name}: ${o.failure ?? `exit ${o.code}`}`)
    .join('; ')}`;
  writeError(io, message);
  if (options.json) {
    writeJson(io, {
      ok: false,
      error: {kind: 'unreachable', message},
      gateways: gatewaysSummary(outcomes),
      unread: unreadOf(outcomes),
    });
  }
  return EXIT.failed;
};

const withGateway = (items: unknown, name: string): JsonDoc[] =>
  Array.isArray(items) ? items.filter(isRecord).map((item) => ({...item, gateway: name})) : [];

const humanSections = (io: CommandIo, outcomes: readonly Outcome[]): void => {
  outcomes.forEach((outcome, index) => {
    if (index > 0) writeLine(io, '');
    writeLine(io, `== ${safe(outcome.entry.name)} (${safe(outcome.entry.gateway.url)}) ==`);
    if (outcome.failure !== undefined) {
      writeLine(io, `not read: ${safe(outcome.failure)}`);
      return;
    }
    io.stdout.write(outcome.stdout);
  });
};

const runRead = async (
  options: Options,
  io: CommandIo,
  run: Runner,
  merge: (outcomes: readonly Outcome[], read: readonly Outcome[]) => JsonDoc,
): Promise<ExitCode> => {
  const gateways = options.selectedGateways ?? options.fleet?.gateways ?? [];
  const outcomes = await runEach(options, io, gateways, run, options.json);
  const read = outcomes.filter((o) => o.failure === undefined);
  if (read.length === 0) return noneRead(options, io, outcomes);
  if (!options.json) {
    humanSections(io, outcomes);
    return EXIT.ok;
  }
  writeJson(io, {
    ok: true,
    ...merge(outcomes, read),
    unread: unreadOf(outcomes),
    gateways: gatewaysSummary(outcomes),
  });
  return EXIT.ok;
};

const byCreatedAt = (a: JsonDoc, b: JsonDoc): number =>
  String(a.createdAt ?? '').localeCompare(String(b.createdAt ?? ''));

export const runFleetStatus = (options: Options, io: CommandIo, run: Runner) =>
  runRead(options, io, run, (outcomes) => ({
    // each single-gateway status document, its `gateway` (url and sources) as `endpoint`
    statuses: outcomes.map((o) => {
      const {gateway: endpoint, ...doc} = o.doc ?? {ok: false, error: o.failure ?? null};
      return {gateway: o.entry.name, ...doc, endpoint: endpoint ?? null};
    }),
    warnings: options.warnings,
  }));

export const runFleetSessions = (options: Options, io: CommandIo, run: Runner) =>
  runRead(options, io, run, (outcomes, read) => {
    const sessions = read.flatMap((o) => withGateway(o.doc?.sessions, o.entry.name));
    return {
      complete: outcomes.every((o) => o.failure === undefined && o.doc?.complete === true),
      count: sessions.length,
      sessions,
    };
  });

export const runFleetPending = (options: Options, io: CommandIo, run: Runner) =>
  runRead(options, io, run, (_outcomes, read) => {
    const pending = read
      .flatMap((o) => withGateway(o.doc?.pending, o.entry.name))
      .sort(byCreatedAt);
    return {count: pending.length, pending};
  });

/** tasks per gateway, each entry with its gateway; a gateway without the ledger is unread. */
export const runFleetTasks = (options: Options, io: CommandIo, run: Runner) =>
  runRead(options, io, run, (outcomes, read) => {
    const tasks = read.flatMap((o) => withGateway(o.doc?.tasks, o.entry.name));
    return {
      complete: outcomes.every((o) => o.failure === undefined && o.doc?.complete === true),
      count: tasks.length,
      tasks,
    };
  });

/** tail on every selected gateway at once; every line says which gateway it came from. */
export const runFleetTail = async (
  options: Options,
  io: CommandIo,
  run: Runner,
): Promise<ExitCode> => {
  const gateways = options.selectedGateways ?? options.fleet?.gateways ?? [];
  const abort = new AbortController();
  const stop = () => abort.abort();
  if (io.signal) io.signal.addEventListener('abort', stop, {once: true});
  else {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  const lineStream = (name: string, target: OutputStream): OutputStream => {
    let partial = '';
    return {
      write: (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          if (!options.json) {
            target.write(`[${safe(name)}] ${line}\n`);
            continue;
          }
          let parsed: unknown;
          try {
            parsed = JSON.parse(line);
          } catch {
            parsed = undefined;
          }
          if (isRecord(parsed)) writeJson({...io, stdout: target}, {...parsed, gateway: name});
          else target.write(`${line}\n`);
        }
        return true;
      },
      ...(target.on ? {on: target.on.bind(target)} : {}),
      ...(target.off ? {off: target.off.bind(target)} : {}),
    };
  };
  try {
    const codes = await Promise.all(
      gateways.map(async (entry) => {
        const prepared = await prepare(options, entry);
        if (!prepared.options) {
          writeError(io, `${entry.name}: ${prepared.failure ?? 'not read'}`);
          if (options.json) {
            writeJson(io, {
              gateway: entry.name,
              ok: false,
              error: {kind: 'unreachable', message: prepared.failure ?? 'not read'},
            });
          }
          return EXIT.failed;
        }
        try {
          return await run(prepared.options, {
            stdout: lineStream(entry.name, io.stdout),
            stderr: {
              write: (chunk: string) =>
                io.stderr.write(
                  chunk.replace(/^openclaw-tui: /gm, `openclaw-tui: [${safe(entry.name)}] `),
                ),
            },
            env: io.env,
            isTTY: io.isTTY,
            signal: abort.signal,
          });
        } finally {
          await prepared.dispose();
        }
      }),
    );
    return codes.some((code) => code === EXIT.ok) ? EXIT.ok : EXIT.failed;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
};

/**
 * approve/deny/answer over the fleet: the gateway named with --gateway, else the one gateway on which
 * the id is pending. Refused (exit 2, the gateways listed) when it is pending on several.
 */
export const runFleetDecide = async (
  options: Options,
  io: CommandIo,
  runners: Pick<FleetRunners, 'pending' | 'decide'>,
  request: {readonly verb: 'approve' | 'deny' | 'answer'; readonly id: string},
): Promise<ExitCode> => {
  const fleet = options.fleet?.gateways ?? [];
  const explicit = options.selectedGateways ?? fleet;
  const refuse = (code: ExitCode, kind: string, message: string, extra: JsonDoc = {}) => {
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
    const outcomes = await runEach(options, io, fleet, runners.pending, true);
    const read = outcomes.filter((o) => o.failure === undefined);
    if (read.length === 0) return noneRead(options, io, outcomes);
    const holders = read.filter((o) =>
      withGateway(o.doc?.pending, o.entry.name).some((item) => item.id === request.id),
    );
    const unreadNames = outcomes.filter((o) => o.failure !== undefined).map((o) => o.entry.name);
    if (holders.length > 1) {
      const names = holders.map((o) => o.entry.name);
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
        `${request.verb}: no pending request ${JSON.stringify(request.id)} on ${read.map((o) => o.entry.name).join(', ')}${unreadNames.length > 0 ? ` (not read: ${unreadNames.join(', ')})` : ''}`,
        {id: request.id, unread: unreadOf(outcomes)},
      );
    }
    target = holders[0]?.entry;
  }
  if (!target) return refuse(EXIT.failed, 'other', `${request.verb}: no gateway`);
  const prepared = await prepare(options, target);
  if (!prepared.options) {
    return refuse(EXIT.failed, 'unreachable', `${target.name}: ${prepared.failure ?? 'not read'}`);
  }
  try {
    const out = collector();
    const code = await runners.decide(prepared.options, {...io, stdout: out.stream});
    const name = target.name;
    for (const line of out.text().split('\n')) {
      if (!line) continue;
      if (!options.json) {
        writeLine(io, `[${safe(name)}] ${line}`);
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = undefined;
      }
      if (isRecord(parsed)) writeJson(io, {...parsed, gateway: name});
      else writeLine(io, line);
    }
    return code as ExitCode;
  } finally {
    await prepared.dispose();
  }
};

export type {SessionDeps};

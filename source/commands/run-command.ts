// The scriptable twins of the console: status, sessions, pending, approve, deny, answer, tail,
// tasks. cli.tsx calls runCommand for every command except the interactive console and exits with
// its code: 0 done · 1 failed · 2 usage · 3 no such pending id (approve/deny/answer). Nothing here
// draws a UI.

import type {CliCommand} from '../cli-flags.ts';
import type {Options} from '../config/options.ts';
import {EXIT, writeWarning, type CommandIo} from './command-io.ts';
import {answerOn, answerView, runAnswer} from './answer-command.ts';
import {decideOn, decisionView, runDecide} from './decide-command.ts';
import {runGateways} from './gateways.ts';
import type {SessionDeps} from './gateway-session.ts';
import {readPending, runPending} from './pending.ts';
import {readSessions, runSessions} from './sessions.ts';
import {readStatus, runStatus} from './status.ts';
import type {TailFilter} from './tail-filter.ts';
import {followTail, runTail} from './tail.ts';
import {readTasks, runTasks, type TasksFilter} from './tasks.ts';

export type {CommandIo} from './command-io.ts';
export {EXIT} from './command-io.ts';
export type {EmbeddedGateway, SessionDeps} from './gateway-session.ts';

type Command<Name extends CliCommand['name']> = Extract<CliCommand, {readonly name: Name}>;

const tailFilterOf = (command: Command<'tail'>): TailFilter => ({
  kinds: command.kinds,
  ...(command.session === undefined ? {} : {session: command.session}),
  ...(command.agent === undefined ? {} : {agent: command.agent}),
});

const tasksFilterOf = (command: Command<'tasks'>): TasksFilter => ({
  ...(command.status === undefined ? {} : {status: command.status}),
  ...(command.runtime === undefined ? {} : {runtime: command.runtime}),
});

export const runCommand = async (
  options: Options,
  io: CommandIo,
  deps: SessionDeps = {},
): Promise<number> => {
  const {command} = options;
  // status and gateways carry the warnings in their own output; the others say them on stderr.
  if ((command.name !== 'status' && command.name !== 'gateways') || !options.json) {
    for (const warning of options.warnings) writeWarning(io, warning);
  }
  if (options.fleet && command.name !== 'gateways' && command.name !== 'console') {
    return runFleet(options, io, deps);
  }
  switch (command.name) {
    case 'status':
      return runStatus(options, io, deps);
    case 'sessions':
      return runSessions(options, io, deps);
    case 'pending':
      return runPending(options, io, deps);
    case 'approve':
      return runDecide(options, io, deps, {
        verb: 'approve',
        id: command.id,
        decision: command.decision ?? 'allow-once',
      });
    case 'deny':
      return runDecide(options, io, deps, {verb: 'deny', id: command.id, decision: 'deny'});
    case 'answer':
      return runAnswer(options, io, deps, {id: command.id, answer: command.answer});
    case 'tail':
      return runTail(options, io, deps, tailFilterOf(command));
    case 'gateways':
      return runGateways(options, io);
    case 'tasks':
      return runTasks(options, io, deps, tasksFilterOf(command));
    case 'console':
      // The console is rendered by cli.tsx; reaching here is a wiring mistake, said plainly.
      writeWarning(io, 'the interactive console is not a command twin');
      return EXIT.usage;
  }
};

/**
 * The twins over a fleet: each gateway read by the single-gateway twin's read, merged. Loaded
 * only for a fleet: its ssh tunnels bring node:child_process, which a single gateway's twin
 * never needs.
 */
const runFleet = async (options: Options, io: CommandIo, deps: SessionDeps): Promise<number> => {
  const {
    fleetPending,
    fleetSessions,
    fleetStatus,
    fleetTasks,
    runFleetDecide,
    runFleetRead,
    runFleetTail,
  } = await import('./fleet-twins.ts');
  const {command} = options;
  switch (command.name) {
    case 'status':
      return runFleetRead(options, io, (o) => readStatus(o, deps), fleetStatus);
    case 'sessions':
      return runFleetRead(options, io, (o) => readSessions(o, deps), fleetSessions);
    case 'pending':
      return runFleetRead(options, io, (o) => readPending(o, deps), fleetPending);
    case 'tail':
      return runFleetTail(options, io, (o, onEvent, signal) =>
        followTail(o, deps, tailFilterOf(command), onEvent, signal),
      );
    case 'tasks':
      return runFleetRead(
        options,
        io,
        (o) => readTasks(o, deps, tasksFilterOf(command)),
        fleetTasks,
      );
    case 'approve':
    case 'deny': {
      const verb = command.name;
      const decision = command.name === 'approve' ? (command.decision ?? 'allow-once') : 'deny';
      return runFleetDecide(
        options,
        io,
        {
          pending: (o) => readPending(o, deps),
          decide: (o) => decideOn(o, deps, {verb, id: command.id, decision}),
          view: decisionView,
        },
        {verb, id: command.id},
      );
    }
    case 'answer':
      // Like approve: the gateway named with --gateway, else the one where the question is pending.
      return runFleetDecide(
        options,
        io,
        {
          pending: (o) => readPending(o, deps),
          decide: (o) => answerOn(o, deps, {id: command.id, answer: command.answer}),
          view: answerView,
        },
        {verb: 'answer', id: command.id},
      );
    default:
      return Promise.resolve(EXIT.usage);
  }
};

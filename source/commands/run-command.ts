// The scriptable twins of the console: status, sessions, pending, approve, deny, answer, tail,
// tasks. cli.tsx calls runCommand for every command except the interactive console and exits with
// its code: 0 done · 1 failed · 2 usage · 3 no such pending id (approve/deny/answer). Nothing here
// draws a UI.

import type {Options} from '../config/options.ts';
import {EXIT, writeWarning, type CommandIo} from './command-io.ts';
import {runAnswer} from './answer-command.ts';
import {runDecide} from './decide-command.ts';
import {
  runFleetDecide,
  runFleetPending,
  runFleetSessions,
  runFleetStatus,
  runFleetTail,
  runFleetTasks,
} from './fleet-twins.ts';
import {runGateways} from './gateways.ts';
import type {SessionDeps} from './gateway-session.ts';
import {runPending} from './pending.ts';
import {runSessions} from './sessions.ts';
import {runStatus} from './status.ts';
import {runTail} from './tail.ts';
import {runTasks} from './tasks.ts';

export type {CommandIo} from './command-io.ts';
export {EXIT} from './command-io.ts';
export type {EmbeddedGateway, SessionDeps} from './gateway-session.ts';

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
      return runTail(options, io, deps, {
        kinds: command.kinds,
        ...(command.session === undefined ? {} : {session: command.session}),
        ...(command.agent === undefined ? {} : {agent: command.agent}),
      });
    case 'gateways':
      return runGateways(options, io);
    case 'tasks':
      return runTasks(options, io, deps, {
        ...(command.status === undefined ? {} : {status: command.status}),
        ...(command.runtime === undefined ? {} : {runtime: command.runtime}),
      });
    case 'console':
      // The console is rendered by cli.tsx; reaching here is a wiring mistake, said plainly.
      writeWarning(io, 'the interactive console is not a command twin');
      return EXIT.usage;
  }
};

/** The twins over a fleet: each gateway through the single-gateway twin, merged. */
const runFleet = (options: Options, io: CommandIo, deps: SessionDeps): Promise<number> => {
  const {command} = options;
  switch (command.name) {
    case 'status':
      return runFleetStatus(options, io, (o, i) => runStatus(o, i, deps));
    case 'sessions':
      return runFleetSessions(options, io, (o, i) => runSessions(o, i, deps));
    case 'pending':
      return runFleetPending(options, io, (o, i) => runPending(o, i, deps));
    case 'tail':
      return runFleetTail(options, io, (o, i) =>
        runTail(o, i, deps, {
          kinds: command.kinds,
          ...(command.session === undefined ? {} : {session: command.session}),
          ...(command.agent === undefined ? {} : {agent: command.agent}),
        }),
      );
    case 'tasks':
      return runFleetTasks(options, io, (o, i) =>
        runTasks(o, i, deps, {
          ...(command.status === undefined ? {} : {status: command.status}),
          ...(command.runtime === undefined ? {} : {runtime: command.runtime}),
        }),
      );
    case 'approve':
    case 'deny': {
      const verb = command.name;
      const decision = command.name === 'approve' ? (command.decision ?? 'allow-once') : 'deny';
      return runFleetDecide(
        options,
        io,
        {
          pending: (o, i) => runPending(o, i, deps),
          decide: (o, i) => runDecide(o, i, deps, {verb, id: command.id, decision}),
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
          pending: (o, i) => runPending(o, i, deps),
          decide: (o, i) => runAnswer(o, i, deps, {id: command.id, answer: command.answer}),
        },
        {verb: 'answer', id: command.id},
      );
    default:
      return Promise.resolve(EXIT.usage);
  }
};

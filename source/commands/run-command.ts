// The scriptable twins of the console: status, sessions, pending, approve, deny, tail. cli.tsx
// calls runCommand for every command except the interactive console and exits with its code:
// 0 done · 1 failed · 2 usage · 3 no such pending id (approve/deny). Nothing here draws a UI.

import type {Options} from '../config/options.ts';
import {EXIT, writeWarning, type CommandIo} from './command-io.ts';
import {runDecide} from './decide-command.ts';
import type {SessionDeps} from './gateway-session.ts';
import {runPending} from './pending.ts';
import {runSessions} from './sessions.ts';
import {runStatus} from './status.ts';
import {runTail} from './tail.ts';

export type {CommandIo} from './command-io.ts';
export {EXIT} from './command-io.ts';
export type {EmbeddedGateway, SessionDeps} from './gateway-session.ts';

export const runCommand = async (
  options: Options,
  io: CommandIo,
  deps: SessionDeps = {},
): Promise<number> => {
  const {command} = options;
  // status carries the warnings in its own output; every other twin says them on stderr.
  if (command.name !== 'status' || !options.json) {
    for (const warning of options.warnings) writeWarning(io, warning);
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
    case 'tail':
      return runTail(options, io, deps, {
        kinds: command.kinds,
        ...(command.session === undefined ? {} : {session: command.session}),
        ...(command.agent === undefined ? {} : {agent: command.agent}),
      });
    case 'console':
      // The console is rendered by cli.tsx; reaching here is a wiring mistake, said plainly.
      writeWarning(io, 'the interactive console is not a command twin');
      return EXIT.usage;
  }
};

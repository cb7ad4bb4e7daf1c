// What one twin did on one gateway, as data: its documented JSON document as a typed value, or
// the failure document with its exit code. The single-gateway twin prints it (`printResult`); the
// fleet twins read one per gateway and merge the values, so our own printed output is never read
// back as an interface.

import type {Options} from '../config/options.ts';
import {printFailure, type Failed} from './command-failure.ts';
import type {SessionDeps} from './gateway-session.ts';
import {
  EXIT,
  writeJson,
  writeLine,
  writeWarning,
  type CommandIo,
  type ExitCode,
} from './command-io.ts';

export type TwinResult<Value> =
  | {
      readonly ok: true;
      readonly value: Value;
      /** Said on stderr (an audit entry that could not be written); never secrets. */
      readonly warnings?: readonly string[];
    }
  | Failed;

export const succeeded = <Value>(value: Value): TwinResult<Value> => ({ok: true, value});

/** The result with the warnings the twin has to say on stderr (none: the result as it is). */
export const withWarnings = <Value>(
  result: TwinResult<Value>,
  warnings: readonly string[],
): TwinResult<Value> => (warnings.length === 0 ? result : {...result, warnings});

/** How a twin's value is printed: the --json document, or the human lines. */
export type TwinView<Value> = {
  readonly json: (value: Value) => Readonly<Record<string, unknown>>;
  readonly lines: (value: Value) => readonly string[];
};

/** A twin whose --json document is its value as it is. */
export const documentView = <Doc extends Readonly<Record<string, unknown>>>(
  lines: (doc: Doc) => readonly string[],
): TwinView<Doc> => ({json: (doc) => doc, lines});

/** Print one gateway's result as the single-gateway twin does, and give its exit code. */
export const printResult = <Value>(
  io: CommandIo,
  options: Options,
  result: TwinResult<Value>,
  view: TwinView<Value>,
): ExitCode => {
  if (!result.ok) return printFailure(io, options, result);
  for (const warning of result.warnings ?? []) writeWarning(io, warning);
  if (options.json) writeJson(io, view.json(result.value));
  else for (const line of view.lines(result.value)) writeLine(io, line);
  return EXIT.ok;
};

/** The single-gateway twin: `read` the gateway `options` point at, then print it with `view`. */
export const printedTwin =
  <Args extends readonly unknown[], Value>(
    read: (options: Options, deps: SessionDeps, ...args: Args) => Promise<TwinResult<Value>>,
    view: TwinView<Value>,
  ) =>
  async (options: Options, io: CommandIo, deps: SessionDeps, ...args: Args): Promise<ExitCode> =>
    printResult(io, options, await read(options, deps, ...args), view);

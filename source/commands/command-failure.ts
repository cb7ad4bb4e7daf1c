// How a twin reports that it could not do its job: ONE line on stderr, and with --json also one
// `{ok:false, error:{kind, message, …}}` object on stdout so a script never parses an empty stream.
// A failure is data first (`Failed`: that document and its exit code), printed by `printFailure`;
// the fleet twins merge the same documents instead of parsing what a twin printed.

import {redactUrl} from '../client/connect-problem.ts';
import type {ConnectProblem} from '../client/types.ts';
import type {Options} from '../config/options.ts';
import {
  EXIT,
  writeError,
  writeJson,
  writeWarning,
  type CommandIo,
  type ExitCode,
} from './command-io.ts';
import type {GatewayTarget, SessionFailure} from './gateway-session.ts';

/** The problem's own fields (no secrets: URLs in problems are already redacted). */
const problemFields = (problem: ConnectProblem): Record<string, unknown> => {
  if (!('message' in problem)) return {...problem};
  const {message: gatewayMessage, ...rest} = problem;
  return {...rest, gatewayMessage};
};

export type ErrorJson = {
  readonly kind: string;
  readonly message: string;
  readonly [field: string]: unknown;
};

export const failureJson = (failure: SessionFailure): ErrorJson => {
  switch (failure.kind) {
    case 'connect':
      return {
        ...problemFields(failure.problem),
        kind: failure.problem.kind,
        message: failure.message,
      };
    case 'timeout':
      return {
        kind: 'timeout',
        message: failure.message,
        ...(failure.problem ? {problem: problemFields(failure.problem)} : {}),
      };
    case 'data-store':
      return {kind: 'data-store', message: failure.message, path: failure.path};
    case 'config':
    case 'usage':
    case 'stopped':
      return {kind: failure.kind, message: failure.message};
  }
};

/** Where the command was pointed, for error objects (no credentials, only their source). */
export const targetJson = (
  options: Options,
  target?: GatewayTarget,
): {readonly url: string | null; readonly urlSource: string; readonly credentialSource: string} => {
  if (target) {
    return {
      url: target.url,
      urlSource: target.urlSource,
      credentialSource: target.credentialSource,
    };
  }
  if (options.target.kind === 'demo') {
    return {url: null, urlSource: '--demo (scripted fixture gateway)', credentialSource: 'demo'};
  }
  const {gateway} = options.target;
  return {
    url: redactUrl(gateway.url),
    urlSource: gateway.urlSource,
    credentialSource: gateway.credentialSource,
  };
};

/** `{ok: false, …extra, error}`: the document a failed twin prints with --json. */
export type FailureDoc = {
  readonly ok: false;
  readonly error: ErrorJson;
  readonly [field: string]: unknown;
};

/** A twin that could not do its job on one gateway: what it prints, and its exit code. */
export type Failed = {
  readonly ok: false;
  readonly code: ExitCode;
  readonly failure: FailureDoc;
  /** Said on stderr before the error (an audit entry that could not be written). */
  readonly warnings?: readonly string[];
};

/** A failure as data. `extra` joins the JSON object before `error` (e.g. the id). */
export const failed = (
  error: ErrorJson,
  code: ExitCode,
  extra: Readonly<Record<string, unknown>> = {},
): Failed => ({ok: false, code, failure: {ok: false, ...extra, error}});

/** A session that could not be opened, with where it was pointed (`gateway`). */
export const sessionFailed = (
  options: Options,
  failure: SessionFailure,
  extra: Readonly<Record<string, unknown>> = {},
): Failed =>
  failed(failureJson(failure), failure.kind === 'usage' ? EXIT.usage : EXIT.failed, {
    gateway: targetJson(options),
    ...extra,
  });

/** Print a failure (one stderr line; the document too with --json) and give its exit code. */
export const printFailure = (io: CommandIo, options: Options, result: Failed): ExitCode => {
  for (const warning of result.warnings ?? []) writeWarning(io, warning);
  writeError(io, result.failure.error.message);
  if (options.json) writeJson(io, result.failure);
  return result.code;
};

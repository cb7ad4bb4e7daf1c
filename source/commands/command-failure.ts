// How a twin reports that it could not do its job: ONE line on stderr, and with --json also one
// `{ok:false, error:{kind, message, …}}` object on stdout so a script never parses an empty stream.

import {redactUrl} from '../client/connect-problem.ts';
import type {ConnectProblem} from '../client/types.ts';
import type {Options} from '../config/options.ts';
import {EXIT, writeError, writeJson, type CommandIo, type ExitCode} from './command-io.ts';
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

/** Report a failure and give its exit code. `extra` joins the JSON object (e.g. the id). */
export const reportFailure = (
  io: CommandIo,
  options: Options,
  error: ErrorJson,
  code: ExitCode,
  extra: Readonly<Record<string, unknown>> = {},
): ExitCode => {
  writeError(io, error.message);
  if (options.json) writeJson(io, {ok: false, ...extra, error});
  return code;
};

export const reportSessionFailure = (
  io: CommandIo,
  options: Options,
  failure: SessionFailure,
  extra: Readonly<Record<string, unknown>> = {},
): ExitCode =>
  reportFailure(
    io,
    options,
    failureJson(failure),
    failure.kind === 'usage' ? EXIT.usage : EXIT.failed,
    {gateway: targetJson(options), ...extra},
  );

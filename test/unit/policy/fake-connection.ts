// A scripted stand-in for GatewayConnection: each request is answered by the test's handler
// (return a payload, or throw a RequestError), and every call is recorded. No sockets, no server.

import {RequestError, type GatewayConnection} from '../../../source/client/types.ts';

export type Call = {readonly method: string; readonly params: unknown};

export type FakeConnection = GatewayConnection & {readonly calls: Call[]};

export const fakeConnection = (
  handler: (method: string, params: unknown, call: number) => unknown,
): FakeConnection => {
  const calls: Call[] = [];
  const connection: FakeConnection = {
    calls,
    start() {},
    ready: () => Promise.reject(new Error('not used')),
    stop: () => Promise.resolve(),
    retryNow() {},
    request: async <T>(method: string, params?: unknown): Promise<T> => {
      calls.push({method, params});
      return handler(method, params, calls.length) as T;
    },
    on: () => () => {},
    status: {phase: 'connected', url: 'ws://fake', attempt: 0},
    hello: undefined,
    scopes: ['operator.read', 'operator.admin'],
  };
  return connection;
};

export const rejected = (message: string, code = 'INVALID_REQUEST'): RequestError =>
  new RequestError(message, {code, outcome: 'rejected'});

/** A config.get answer shaped like openclaw 2026.9.6's (sourceConfig is what patches merge onto). */
export const configGet = (config: Record<string, unknown>, hash = 'hmac-sha256:v1:base') => ({
  path: '/tmp/openclaw.json',
  exists: true,
  valid: true,
  sourceConfig: config,
  resolved: config,
  config: {...config, runtimeOnly: true},
  hash,
  configRevisionHash: 'rev',
  appliedConfigHash: 'rev',
  issues: [],
});

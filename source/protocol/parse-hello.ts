// hello-ok (the payload of a successful `connect` response) → HelloInfo. Never throws: anything
// that is not recognisably a hello-ok gives undefined, and every field inside may be missing.

import type {HelloInfo} from './types.ts';

/** Servers send 30 s; a docs example says 15 s. Used when hello-ok does not say. */
export const DEFAULT_TICK_INTERVAL_MS = 30_000;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const recordAt = (value: unknown, key: string): Record<string, unknown> => {
  if (!isRecord(value)) return {};
  const inner = value[key];
  return isRecord(inner) ? inner : {};
};

const stringOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const positiveNumberOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;

const stringsOf = (value: unknown): string[] | undefined =>
  Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string' && item !== '')
    : undefined;

export type ParseHelloOptions = {
  /**
   * Protocol-3 (4.1) servers include `auth` only when they issue a token; a hello without it means
   * the requested scopes were accepted as asked, so they stand in for the granted ones.
   */
  readonly requestedScopes?: readonly string[];
};

export const parseHello = (
  payload: unknown,
  options: ParseHelloOptions = {},
): HelloInfo | undefined => {
  if (!isRecord(payload) || payload.type !== 'hello-ok') return undefined;
  const protocol = payload.protocol;
  if (typeof protocol !== 'number' || !Number.isInteger(protocol) || protocol < 1) return undefined;

  const server = recordAt(payload, 'server');
  const features = recordAt(payload, 'features');
  const snapshot = recordAt(payload, 'snapshot');
  const sessionDefaults = recordAt(snapshot, 'sessionDefaults');
  const policy = recordAt(payload, 'policy');
  const auth = isRecord(payload.auth) ? payload.auth : undefined;

  const fields: {[K in keyof HelloInfo]: HelloInfo[K] | undefined} = {
    protocol,
    serverVersion: stringOf(server.version),
    connId: stringOf(server.connId),
    methods: stringsOf(features.methods) ?? [],
    events: stringsOf(features.events) ?? [],
    capabilities: stringsOf(features.capabilities),
    role: stringOf(auth?.role),
    scopes: stringsOf(auth?.scopes) ?? (auth ? [] : [...(options.requestedScopes ?? [])]),
    authMethod: stringOf(auth?.method),
    deviceToken: stringOf(auth?.deviceToken),
    tickIntervalMs: positiveNumberOf(policy.tickIntervalMs) ?? DEFAULT_TICK_INTERVAL_MS,
    maxPayload: positiveNumberOf(policy.maxPayload),
    uptimeMs:
      typeof snapshot.uptimeMs === 'number' && Number.isFinite(snapshot.uptimeMs)
        ? snapshot.uptimeMs
        : undefined,
    mainSessionKey: stringOf(sessionDefaults.mainSessionKey),
    defaultAgentId: stringOf(sessionDefaults.defaultAgentId),
    configPath: stringOf(snapshot.configPath),
    stateDir: stringOf(snapshot.stateDir),
    authMode: stringOf(snapshot.authMode),
  };
  // Drop absent optionals so the result compares and serialises cleanly.
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as HelloInfo;
};

// The wire envelope, parsed at the boundary. Raw JSON never travels past this module: every field
// is treated as possibly missing, and anything we cannot read becomes an `invalid` frame with a
// reason instead of an exception.

export type GatewayError = {
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly retryable?: boolean;
  readonly retryAfterMs?: number;
};

export type ResponseFrame = {
  readonly type: 'res';
  readonly id: string;
  readonly ok: boolean;
  readonly payload?: unknown;
  readonly error?: GatewayError;
};

export type EventFrame = {
  readonly type: 'event';
  readonly event: string;
  readonly payload?: unknown;
  readonly seq?: number;
};

export type InvalidFrame = {
  readonly type: 'invalid';
  readonly reason: string;
  /** At most a short, sanitised-later excerpt of what arrived, for the console's own log. */
  readonly excerpt: string;
};

export type InboundFrame = ResponseFrame | EventFrame | InvalidFrame;

export type RequestFrame = {
  readonly type: 'req';
  readonly id: string;
  readonly method: string;
  readonly params?: unknown;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const excerptOf = (raw: string): string => (raw.length > 200 ? `${raw.slice(0, 200)}…` : raw);

export const parseGatewayError = (value: unknown): GatewayError | undefined => {
  if (!isRecord(value)) return undefined;
  return {
    code: typeof value.code === 'string' ? value.code : 'UNKNOWN',
    message: typeof value.message === 'string' ? value.message : '',
    ...(isRecord(value.details) ? {details: value.details} : {}),
    ...(typeof value.retryable === 'boolean' ? {retryable: value.retryable} : {}),
    ...(typeof value.retryAfterMs === 'number' && Number.isFinite(value.retryAfterMs)
      ? {retryAfterMs: value.retryAfterMs}
      : {}),
  };
};

export const parseFrame = (raw: string): InboundFrame => {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return {type: 'invalid', reason: 'not JSON', excerpt: excerptOf(raw)};
  }
  if (!isRecord(data)) return {type: 'invalid', reason: 'not an object', excerpt: excerptOf(raw)};
  if (data.type === 'res') {
    if (typeof data.id !== 'string' || data.id === '') {
      return {type: 'invalid', reason: 'response without id', excerpt: excerptOf(raw)};
    }
    const error = parseGatewayError(data.error);
    return {
      type: 'res',
      id: data.id,
      ok: data.ok === true,
      ...('payload' in data ? {payload: data.payload} : {}),
      ...(error ? {error} : {}),
    };
  }
  if (data.type === 'event') {
    if (typeof data.event !== 'string' || data.event === '') {
      return {type: 'invalid', reason: 'event without name', excerpt: excerptOf(raw)};
    }
    const seq =
      typeof data.seq === 'number' && Number.isInteger(data.seq) && data.seq >= 0
        ? data.seq
        : undefined;
    return {
      type: 'event',
      event: data.event,
      ...('payload' in data ? {payload: data.payload} : {}),
      ...(seq === undefined ? {} : {seq}),
    };
  }
  return {type: 'invalid', reason: 'unknown frame type', excerpt: excerptOf(raw)};
};

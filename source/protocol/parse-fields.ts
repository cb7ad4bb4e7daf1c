// Small readers shared by the payload parsers. Each one answers "a usable value, or undefined":
// a field that is missing, null or of the wrong type is dropped, never thrown on.

export type UnknownRecord = Readonly<Record<string, unknown>>;

export const isRecord = (value: unknown): value is UnknownRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const readString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** Ids and keys: an empty string is as good as missing. */
export const readId = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

export const readNumber = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

export const readBoolean = (value: unknown): boolean | undefined =>
  typeof value === 'boolean' ? value : undefined;

/** Keeps the string entries of an array and drops the rest; a non-array is undefined. */
export const readStringArray = (value: unknown): readonly string[] | undefined =>
  Array.isArray(value)
    ? value.filter((entry): entry is string => typeof entry === 'string')
    : undefined;

/** Epoch milliseconds from a number or an ISO date string (channel pairing sends ISO). */
export const readEpochMs = (value: unknown): number | undefined => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) ? parsed : undefined;
};

/** Copies only the defined properties, so parsed objects never carry `key: undefined`. */
export const compact = <T extends object>(value: {[K in keyof T]: T[K] | undefined}): T => {
  // for…in over the literal's own keys: no entries array per call (it runs per parsed row).
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key in source) {
    const entry = source[key];
    if (entry !== undefined) out[key] = entry;
  }
  return out as T;
};

/** Parses every entry of an array with `parse`, dropping the ones it rejects. */
export const readList = <T>(value: unknown, parse: (entry: unknown) => T | undefined): T[] => {
  if (!Array.isArray(value)) return [];
  const out: T[] = [];
  for (const entry of value) {
    const parsed = parse(entry);
    if (parsed !== undefined) out.push(parsed);
  }
  return out;
};

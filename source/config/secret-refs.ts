// OpenClaw's SecretRef grammar and `${VAR}` substitution, as openclaw 2026.9.6 reads them
// (src/config/types.secrets.ts, src/secrets/ref-contract.ts, src/config/env-substitution.ts).
// Only env-backed refs are resolved here: file, exec and store refs need OpenClaw's own
// providers (permission checks, child processes, its database), so they are reported as
// "cannot resolve" instead of being guessed at. No message built here ever contains a value.

export type SecretSource = 'env' | 'file' | 'exec' | 'store';

export type SecretRef = {
  readonly source: SecretSource;
  readonly provider: string;
  readonly id: string;
};

/** `secrets.defaults` and `secrets.providers` from the OpenClaw config: only what env refs need. */
export type SecretsConfig = {
  readonly defaults?: Readonly<Partial<Record<SecretSource, string>>>;
  readonly providers?: Readonly<
    Record<string, {readonly source?: string; readonly allowlist?: readonly string[]}>
  >;
};

export type EnvLookup = (name: string) => string | undefined;

const SOURCES: readonly SecretSource[] = ['env', 'file', 'exec', 'store'];
const DEFAULT_PROVIDER = 'default';
const ENV_TEMPLATE = /^\$\{([A-Z][A-Z0-9_]{0,127})\}$/;
const ENV_SHORTHAND = /^\$([A-Z][A-Z0-9_]{0,127})$/;
const ENV_VAR_NAME = /^[A-Z_][A-Z0-9_]*$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isSource = (value: unknown): value is SecretSource =>
  typeof value === 'string' && (SOURCES as readonly string[]).includes(value);

const nonBlank = (value: unknown): value is string =>
  typeof value === 'string' && value.trim().length > 0;

/**
 * A value written as a secret reference: the canonical `{source, provider, id}` object (exactly
 * those three keys), the older `{source, id}` without provider, or an env shorthand string
 * (`${NAME}` / `$NAME`, a whole-string reference to one upper-case variable).
 */
export const coerceSecretRef = (value: unknown, secrets?: SecretsConfig): SecretRef | undefined => {
  if (isRecord(value) && isSource(value.source) && nonBlank(value.id)) {
    if (Object.keys(value).length === 3 && nonBlank(value.provider)) {
      return {source: value.source, provider: value.provider, id: value.id};
    }
    if (value.provider === undefined) {
      const provider = secrets?.defaults?.[value.source]?.trim() || DEFAULT_PROVIDER;
      return {source: value.source, provider, id: value.id};
    }
    return undefined;
  }
  if (typeof value === 'string') {
    const trimmed = value.trim();
    const match = ENV_TEMPLATE.exec(trimmed) ?? ENV_SHORTHAND.exec(trimmed);
    if (match?.[1]) {
      const provider = secrets?.defaults?.env?.trim() || DEFAULT_PROVIDER;
      return {source: 'env', provider, id: match[1]};
    }
  }
  return undefined;
};

/** How a configured credential field was written. A literal's value is kept; a ref's is not. */
export type SecretInput =
  | {readonly kind: 'missing'}
  | {readonly kind: 'literal'; readonly value: string}
  | {readonly kind: 'ref'; readonly ref: SecretRef; readonly written: 'object' | 'template'};

export const classifySecretInput = (value: unknown, secrets?: SecretsConfig): SecretInput => {
  const ref = coerceSecretRef(value, secrets);
  if (ref) return {kind: 'ref', ref, written: typeof value === 'string' ? 'template' : 'object'};
  if (typeof value === 'string' && value.trim()) return {kind: 'literal', value: value.trim()};
  return {kind: 'missing'};
};

/** `env:default:NAME` style label, as OpenClaw prints refs. Names only, never values. */
export const describeSecretRef = (ref: SecretRef): string =>
  `${ref.source}:${ref.provider}:${ref.id}`;

export type SecretResolution =
  | {readonly ok: true; readonly value: string}
  | {
      readonly ok: false;
      /**
       * 'missing': the reference is understood but has no value (unset variable, not allowlisted,
       * bad provider) — OpenClaw fails closed on these. 'unsupported': this console cannot read
       * that kind of reference at all (file/exec/store providers).
       */
      readonly problem: 'missing' | 'unsupported';
      readonly reason: string;
    };

const defaultEnvProvider = (secrets?: SecretsConfig): string =>
  secrets?.defaults?.env?.trim() || DEFAULT_PROVIDER;

/**
 * Resolve one SecretRef. Env refs follow OpenClaw's provider rules: the default env provider is
 * built in; a named provider must be configured with `source: "env"` and may allowlist ids.
 */
export const resolveSecretRef = (
  ref: SecretRef,
  getEnv: EnvLookup,
  secrets?: SecretsConfig,
): SecretResolution => {
  if (ref.source !== 'env') {
    return {
      ok: false,
      problem: 'unsupported',
      reason: `it is a ${ref.source} SecretRef (${describeSecretRef(ref)}), which openclaw-tui cannot resolve; only env SecretRefs are read`,
    };
  }
  const configured = secrets?.providers?.[ref.provider];
  const builtIn = ref.provider === defaultEnvProvider(secrets) && configured?.source !== 'env';
  if (!builtIn) {
    if (!configured) {
      return {
        ok: false,
        problem: 'missing',
        reason: `secret provider "${ref.provider}" is not configured (${describeSecretRef(ref)})`,
      };
    }
    if (configured.source !== 'env') {
      return {
        ok: false,
        problem: 'missing',
        reason: `secret provider "${ref.provider}" has source "${String(configured.source)}" but the ref asks for env`,
      };
    }
    if (configured.allowlist && !configured.allowlist.includes(ref.id)) {
      return {
        ok: false,
        problem: 'missing',
        reason: `environment variable ${ref.id} is not in secrets.providers.${ref.provider}.allowlist`,
      };
    }
  }
  const value = getEnv(ref.id)?.trim();
  if (!value) {
    return {
      ok: false,
      problem: 'missing',
      reason: `environment variable ${ref.id} is not set (or empty)`,
    };
  }
  return {ok: true, value};
};

type EnvToken =
  | {readonly kind: 'escaped'; readonly name: string; readonly end: number}
  | {readonly kind: 'substitution'; readonly name: string; readonly end: number};

const tokenAt = (value: string, index: number): EnvToken | undefined => {
  if (value[index] !== '$') return undefined;
  const escaped = value[index + 1] === '$' && value[index + 2] === '{';
  const braced = value[index + 1] === '{';
  if (!escaped && !braced) return undefined;
  const start = index + (escaped ? 3 : 2);
  const end = value.indexOf('}', start);
  if (end === -1) return undefined;
  const name = value.slice(start, end);
  if (!ENV_VAR_NAME.test(name)) return undefined;
  return {kind: escaped ? 'escaped' : 'substitution', name, end};
};

/** True if the string still holds an unescaped `${VAR}` (e.g. its variable was not set). */
export const containsEnvReference = (value: string): boolean => {
  for (let i = 0; i < value.length; i += 1) {
    const token = tokenAt(value, i);
    if (token?.kind === 'substitution') return true;
    if (token) i = token.end;
  }
  return false;
};

export type SubstitutionHooks = {
  /** A `${VAR}` whose variable is unset or empty: it stays in the string as a placeholder. */
  readonly onMissing?: (name: string, configPath: string) => void;
  /** A string that was exactly `${VAR}` and got that variable's value. */
  readonly onWholeValue?: (name: string, configPath: string) => void;
};

const substituteString = (
  value: string,
  getEnv: EnvLookup,
  hooks: SubstitutionHooks,
  configPath: string,
): string => {
  if (!value.includes('$')) return value;
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const token = tokenAt(value, i);
    if (!token) {
      out += value[i];
      continue;
    }
    i = token.end;
    if (token.kind === 'escaped') {
      out += `\${${token.name}}`;
      continue;
    }
    const replacement = getEnv(token.name);
    if (replacement === undefined || replacement === '') {
      // Like OpenClaw's CLI loaders: keep the placeholder visible; consumers treat it as unset.
      hooks.onMissing?.(token.name, configPath);
      out += `\${${token.name}}`;
    } else {
      if (value.trim() === `\${${token.name}}`) hooks.onWholeValue?.(token.name, configPath);
      out += replacement;
    }
  }
  return out;
};

/**
 * `${VAR}` substitution over a parsed config tree (strings only; `$${VAR}` is a literal
 * `${VAR}`). Missing variables stay as placeholders and are reported with their config path.
 */
export const substituteEnvVars = (
  value: unknown,
  getEnv: EnvLookup,
  hooks: SubstitutionHooks = {},
  configPath = '',
): unknown => {
  if (typeof value === 'string') return substituteString(value, getEnv, hooks, configPath);
  if (Array.isArray(value)) {
    return value.map((item, index) =>
      substituteEnvVars(item, getEnv, hooks, `${configPath}[${index}]`),
    );
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      out[key] = substituteEnvVars(child, getEnv, hooks, configPath ? `${configPath}.${key}` : key);
    }
    return out;
  }
  return value;
};

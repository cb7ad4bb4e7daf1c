// Small, pure formatters for times, counts and sizes. They take numbers we computed, never gateway
// strings, so their output needs no sanitising.

/** "now", "42s", "5m", "3h", "2d" — compact ages for list columns. */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 5) return 'now';
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** "now" or "42s ago": for sentences ("received …"). */
export const formatAgo = (ms: number): string => {
  const age = formatAge(ms);
  return age === 'now' ? 'just now' : `${age} ago`;
};

/** "4:05" / "1:02:03" — live countdowns and uptimes. */
export function formatClockDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** "expires in 4:05" or "expired 12s ago". */
export function formatExpiry(expiresAt: number | undefined, now: number): string | undefined {
  if (expiresAt === undefined) return undefined;
  const left = expiresAt - now;
  return left > 0 ? `expires in ${formatClockDuration(left)}` : `expired ${formatAge(-left)} ago`;
}

/** 950 → "950", 12_345 → "12.3k", 4_200_000 → "4.2M". */
export function formatCount(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '?';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${(n / 1024 / 1024).toFixed(0)} MiB`;
}

/** Local wall-clock "14:03:07" for event lines. */
export function formatTime(ts: number): string {
  const d = new Date(ts);
  const p = (v: number) => String(v).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** 'operator.approvals' → 'approvals' for the header; unknown scopes stay whole. */
export const shortScope = (scope: string): string =>
  scope.startsWith('operator.') ? scope.slice('operator.'.length) : scope;

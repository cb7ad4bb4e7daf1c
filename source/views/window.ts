// Which slice of a long list to draw. Only visible rows become React elements, so a 10,000-row
// tree costs the same to render as a 30-row one.

export type ListWindow = {readonly start: number; readonly end: number};

/**
 * Rows [start, end) to show so that `selected` is visible, kept near the middle once the list is
 * longer than the viewport. Stateless on purpose: the same inputs always give the same window.
 */
export function windowAround(total: number, selected: number, height: number): ListWindow {
  const size = Math.max(0, Math.floor(height));
  if (total <= size) return {start: 0, end: total};
  const sel = Math.min(Math.max(0, selected), total - 1);
  const start = Math.min(Math.max(0, sel - Math.floor(size / 2)), total - size);
  return {start, end: start + size};
}

/** The last `height` rows (a followed tail), or a window around the selection when paused. */
export function windowTail(
  total: number,
  selected: number | undefined,
  height: number,
): ListWindow {
  if (selected === undefined) {
    const size = Math.max(0, Math.floor(height));
    return {start: Math.max(0, total - size), end: total};
  }
  return windowAround(total, selected, height);
}

// Tiny text helpers for tail summaries. Summaries keep raw gateway text; views sanitise.

/** One line, at most `max` characters. */
export const oneLine = (text: string, max = 80): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

const pad = (value: number): string => String(value).padStart(2, '0');

/** HH:MM:SS in the console's local time. */
export const clockTime = (ms: number): string => {
  const date = new Date(ms);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
};

/** The first 8 characters of an id: enough to tell items apart in one line. */
export const shortId = (id: string): string => (id.length > 8 ? id.slice(0, 8) : id);

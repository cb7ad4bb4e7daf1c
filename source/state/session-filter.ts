// The sessions filter language: free words match title, key, agent, channel or status (case-
// insensitive substring, every word must match); `agent:x`, `channel:x`, `status:x`, `role:x`
// tokens match that field exactly (several values of one field = any of them). A token whose value
// holds another colon (`agent:main:main`) is a session key, so it is a free word.

import type {Session} from './model.ts';

export type SessionFilter = {
  readonly words: readonly string[];
  readonly agent: readonly string[];
  readonly channel: readonly string[];
  readonly status: readonly string[];
  readonly role: readonly string[];
};

const FIELD_TOKEN = /^(agent|channel|status|role):([^:]+)$/i;

type Field = 'agent' | 'channel' | 'status' | 'role';

/** undefined for an empty filter (everything matches). */
export const parseSessionFilter = (text: string): SessionFilter | undefined => {
  const words: string[] = [];
  const fields: Record<Field, string[]> = {agent: [], channel: [], status: [], role: []};
  for (const token of text.trim().toLowerCase().split(/\s+/)) {
    if (token === '') continue;
    const match = FIELD_TOKEN.exec(token);
    if (match) fields[match[1] as Field].push(match[2] as string);
    else words.push(token);
  }
  const empty = words.length === 0 && Object.values(fields).every((values) => values.length === 0);
  return empty ? undefined : {words, ...fields};
};

const oneOf = (values: readonly string[], actual: string | undefined): boolean =>
  values.length === 0 || (actual !== undefined && values.includes(actual.toLowerCase()));

export const matchesSession = (session: Session, filter: SessionFilter): boolean => {
  if (!oneOf(filter.agent, session.agentId)) return false;
  if (!oneOf(filter.channel, session.channel)) return false;
  if (!oneOf(filter.status, session.status)) return false;
  if (!oneOf(filter.role, session.role)) return false;
  if (filter.words.length === 0) return true;
  const haystack = [session.title, session.key, session.agentId, session.channel, session.status]
    .filter((part): part is string => part !== undefined)
    .join('\n')
    .toLowerCase();
  return filter.words.every((word) => haystack.includes(word));
};

// `agent` events and `session.tool` events (the same payload plus flattened session fields)
// (openclaw-protocol.md §10). `data` stays opaque here: each stream has its own shape and unknown
// streams must pass through untouched.

import {compact, isRecord, readId, readNumber, readString} from './parse-fields.ts';
import type {AgentEvent} from './types.ts';

/** undefined when there is no stream name to tell what the event is. */
export const parseAgentEvent = (value: unknown): AgentEvent | undefined => {
  if (!isRecord(value)) return undefined;
  const stream = readId(value.stream);
  if (stream === undefined) return undefined;
  return compact<AgentEvent>({
    runId: readId(value.runId),
    seq: readNumber(value.seq),
    stream,
    ts: readNumber(value.ts),
    sessionKey: readId(value.sessionKey),
    agentId: readId(value.agentId),
    spawnedBy: readId(value.spawnedBy),
    data: isRecord(value.data) ? value.data : {},
  });
};

/** A string field of an event's data, for the reducers that read a few well-known fields. */
export const dataString = (event: AgentEvent, name: string): string | undefined =>
  readString(event.data[name]);

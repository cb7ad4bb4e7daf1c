// The `shutdown` event: the socket closes 1012 right after it (openclaw-protocol.md §1).

import {isRecord, readNumber, readString} from './parse-fields.ts';
import type {ShutdownNotice} from './types.ts';

/** Never undefined: the event itself is the news, and the server's own default reason is used. */
export const parseShutdownNotice = (value: unknown): ShutdownNotice => {
  const record = isRecord(value) ? value : {};
  const reason = readString(record.reason);
  const restartExpectedMs = readNumber(record.restartExpectedMs);
  return {
    reason: reason !== undefined && reason !== '' ? reason : 'gateway stopping',
    ...(restartExpectedMs === undefined ? {} : {restartExpectedMs}),
  };
};

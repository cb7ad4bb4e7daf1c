// One tail event as an NDJSON record (schema in the readme) or as one plain line (two with a
// spawn diagnosis). Human lines sanitise every gateway string; JSON goes out through safeJsonLine.

import type {TailEvent} from '../state/model.ts';
import {clockTime} from '../state/tail-format.ts';
import {safe} from '../text/sanitize.ts';
import {isoTime, orNull, paint} from './command-io.ts';

export type TailRecord = {
  readonly id: number;
  readonly ts: string | null;
  readonly kind: TailEvent['kind'];
  readonly severity: TailEvent['severity'];
  readonly sessionKey: string | null;
  readonly parentKey: string | null;
  readonly runId: string | null;
  readonly summary: string;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly diagnosis?: TailEvent['diagnosis'];
};

export const tailRecord = (event: TailEvent): TailRecord => ({
  id: event.id,
  ts: isoTime(event.ts),
  kind: event.kind,
  severity: event.severity,
  sessionKey: orNull(event.sessionKey),
  parentKey: orNull(event.parentKey),
  runId: orNull(event.runId),
  summary: event.summary,
  detail: event.detail,
  ...(event.diagnosis === undefined ? {} : {diagnosis: event.diagnosis}),
});

export const tailLines = (event: TailEvent, colour: boolean): readonly string[] => {
  const kind = event.kind.padEnd(8);
  const shownKind =
    event.severity === 'error'
      ? paint(colour, 'red', kind)
      : event.severity === 'warn'
        ? paint(colour, 'yellow', kind)
        : kind;
  const where =
    event.sessionKey === undefined
      ? ''
      : event.parentKey === undefined
        ? `  [${safe(event.sessionKey)}]`
        : `  [${safe(event.parentKey)} → ${safe(event.sessionKey)}]`;
  const lines = [
    `${paint(colour, 'dim', clockTime(event.ts))} ${shownKind} ${safe(event.summary)}${where}`,
  ];
  const diagnosis = event.diagnosis;
  if (diagnosis !== undefined) {
    lines.push(`${' '.repeat(18)}cause: ${safe(diagnosis.cause)} · fix: ${safe(diagnosis.fix)}`);
  }
  return lines;
};

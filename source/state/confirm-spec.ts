// The shape of a confirmation (what `y` sends, to which exact id, and the facts to read first) and
// the small text helpers the descriptions share. Plain data: the grant description
// (describe-grant.ts) builds one for an inbox decision, the views build others (stop a run, a
// config change) and render them all the same way. Values may contain raw gateway text; the views
// render them through <Gw>.

export type Field = {readonly label: string; readonly value: string | undefined};

export type ConfirmSpec = {
  /** Our words: "Approve device pairing?" */
  readonly title: string;
  readonly danger: boolean;
  /** What `y` sends, e.g. 'allow-once', 'stop run'. */
  readonly action: string;
  /** The exact id the action goes to. */
  readonly target: {readonly label: string; readonly id: string};
  /** What / to whom / for how long / where, each possibly quoting gateway text. */
  readonly fields: readonly Field[];
  /** Multi-line text that must be read in full before saying yes (the exec command, a diff). */
  readonly body?: string;
  /** A heading above the body, e.g. "exact change". */
  readonly bodyLabel?: string;
  /**
   * In a fleet: the name of the gateway the action goes to, shown on the question's own line and
   * on the y line, so nobody approves on the wrong gateway.
   */
  readonly gateway?: string;
};

/** The values joined, or `empty` when there are none. */
export const list = (values: readonly string[] | undefined, empty = 'none'): string =>
  values && values.length > 0 ? values.join(', ') : empty;

/** The defined, non-empty parts joined. */
export const joinDefined = (parts: ReadonlyArray<string | undefined>, sep = ' · '): string =>
  parts.filter((p): p is string => p !== undefined && p !== '').join(sep);

/** Where an approval was asked from: "telegram · from @ops · account main". */
export const origin = (r: {
  readonly turnSourceChannel?: string;
  readonly turnSourceTo?: string;
  readonly turnSourceAccountId?: string;
}): string | undefined =>
  r.turnSourceChannel
    ? joinDefined([
        r.turnSourceChannel,
        r.turnSourceTo ? `from ${r.turnSourceTo}` : undefined,
        r.turnSourceAccountId ? `account ${r.turnSourceAccountId}` : undefined,
      ])
    : undefined;

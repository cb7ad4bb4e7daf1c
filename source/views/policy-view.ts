// What the policy pane shows, as plain data: per channel (account) who may DM the bot, and per
// agent which agents it may spawn. The app builds this from config.get (via state); the pane and
// the `u` key share policyRows so the selection means the same thing to both.

export type PolicySender = {readonly senderId: string; readonly label?: string};

export type PolicyChannel = {
  readonly channel: string;
  readonly accountId?: string;
  /** pairing | allowlist | open | disabled, as configured; undefined = not set (default). */
  readonly dmPolicy?: string;
  readonly allowFrom: readonly string[];
  /**
   * allowFrom holds `openclaw:approval-disabled` (qqbot's documented default): the channel's own
   * approval buttons are off, so its approvals are decided here.
   */
  readonly approvalsDisabled?: boolean;
  /** Senders seen asking (DM access requests, fallback approvals) who are not allowed yet. */
  readonly candidates: readonly PolicySender[];
};

export type PolicyAgent = {
  readonly agentId: string;
  /** subagents.allowAgents; undefined = not set (default: same agent only). */
  readonly allowAgents?: readonly string[];
};

export type PolicyView = {
  readonly loaded: boolean;
  readonly error?: string;
  readonly channels: readonly PolicyChannel[];
  readonly agents: readonly PolicyAgent[];
  /** allowAgents from agents.defaults.subagents, applied where an agent sets none. */
  readonly defaultAllowAgents?: readonly string[];
};

export type PolicyRow =
  | {readonly kind: 'channel'; readonly channel: PolicyChannel}
  | {readonly kind: 'allowed'; readonly channel: PolicyChannel; readonly senderId: string}
  | {readonly kind: 'candidate'; readonly channel: PolicyChannel; readonly sender: PolicySender}
  | {readonly kind: 'agent'; readonly agent: PolicyAgent};

/** The selectable lines of the pane, in display order. */
export function policyRows(view: PolicyView): readonly PolicyRow[] {
  const rows: PolicyRow[] = [];
  for (const channel of view.channels) {
    rows.push({kind: 'channel', channel});
    for (const senderId of channel.allowFrom) rows.push({kind: 'allowed', channel, senderId});
    for (const sender of channel.candidates) rows.push({kind: 'candidate', channel, sender});
  }
  for (const agent of view.agents) rows.push({kind: 'agent', agent});
  return rows;
}

/** "*" in an allowlist means anyone: the pane shouts it. */
export const isWildcard = (list: readonly string[] | undefined): boolean =>
  list?.includes('*') === true;

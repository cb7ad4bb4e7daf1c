// What the Events pane can do about a failed spawn on the selected line: a pairing-required
// failure waits on a device request (jump to it in the Inbox); an "agent not allowed" failure is
// fixed by adding the target to the requester's allowAgents (a config change, see
// config-change-flow.ts). The line is the one the operator selected: while the tail follows, no
// line is selected and these keys say so.

import type {GatewayId} from '../state/gateway-id.ts';
import {selectInboxItem, selectInboxItems} from '../state/selectors.ts';
import type {Store} from '../state/store.ts';
import type {TailEvent} from '../state/model.ts';
import type {ChangeRequest} from './config-change-text.ts';

/** The line the operator selected in the Events pane, or undefined while following. */
export function selectedEvent(
  events: readonly TailEvent[],
  index: number,
  follow: boolean,
): TailEvent | undefined {
  return follow ? undefined : events[index];
}

const NO_LINE = 'select a failed spawn first (j/k pauses the tail and selects a line)';

export function jumpReason(event: TailEvent | undefined): string | undefined {
  if (!event) return NO_LINE;
  if (event.diagnosis?.inboxId === undefined)
    return 'this line has no pairing request waiting in the Inbox';
  return undefined;
}

export function fixReason(event: TailEvent | undefined): string | undefined {
  if (!event) return NO_LINE;
  const d = event.diagnosis;
  if (d?.blockedAgentId === undefined || d.requesterAgentId === undefined)
    return 'this line is not a spawn refused for its target agent';
  return undefined;
}

/** The allowAgents change that fixes this failure, if it names both agents. */
export function fixRequest(event: TailEvent | undefined): ChangeRequest | undefined {
  const d = event?.diagnosis;
  if (d?.blockedAgentId === undefined || d.requesterAgentId === undefined) return undefined;
  return {
    kind: 'allow-agent',
    requesterAgentId: d.requesterAgentId,
    targetAgentId: d.blockedAgentId,
    again: 'events.fix-agent',
  };
}

/**
 * Opens the Inbox on the item `id` (clearing an Inbox filter that hides it). Returns a message
 * when the item is no longer there.
 */
export function jumpToInboxItem(store: Store, gateway: GatewayId, id: string): string | undefined {
  const item = selectInboxItem(store.getState(), gateway, id);
  if (!item) {
    return `pairing request ${id} is no longer in the Inbox (approved, rejected or expired)`;
  }
  store.dispatch({type: 'ui/pane-selected', pane: 'inbox'});
  let items = selectInboxItems(store.getState(), gateway);
  if (!items.some((candidate) => candidate.id === id)) {
    store.dispatch({type: 'ui/filter-changed', text: ''});
    items = selectInboxItems(store.getState(), gateway);
  }
  const index = items.findIndex((candidate) => candidate.id === id);
  if (index >= 0) store.dispatch({type: 'ui/cursor-moved', pane: 'inbox', key: id, index});
  return item.state.phase === 'pending'
    ? undefined
    : `pairing request ${id} is ${item.state.phase}`;
}

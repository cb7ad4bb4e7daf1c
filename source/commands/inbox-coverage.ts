// Which pending lists a command actually read. A list the console could not read (scope not
// granted, method not offered, the read failed) must never look like "nothing pending" — nor
// make an exact id look like it does not exist.

import type {InboxKind} from '../state/model.ts';
import type {GatewayRecord} from '../state/gateway-record.ts';
import {notOfferedKinds} from '../state/inbox-offers.ts';

export const INBOX_KINDS: readonly InboxKind[] = [
  'device-pairing',
  'node-pairing',
  'exec-approval',
  'plugin-approval',
  'dm-access',
  'system-agent-approval',
  'question',
];

const SOURCE: Readonly<
  Record<InboxKind, {readonly scope: string; readonly method: string; readonly log: string}>
> = {
  'device-pairing': {scope: 'operator.pairing', method: 'device.pair.list', log: 'device pairing'},
  'node-pairing': {scope: 'operator.pairing', method: 'node.pair.list', log: 'node pairing'},
  'exec-approval': {
    scope: 'operator.approvals',
    method: 'exec.approval.list',
    log: 'exec approvals',
  },
  'plugin-approval': {
    scope: 'operator.approvals',
    method: 'plugin.approval.list',
    log: 'plugin approvals',
  },
  'dm-access': {scope: 'operator.pairing', method: 'channels.pairing.list', log: 'DM access'},
  'system-agent-approval': {
    scope: 'operator.approvals',
    method: 'openclaw.approval.list',
    log: 'system-agent approvals',
  },
  question: {scope: 'operator.questions', method: 'question.list', log: 'agent questions'},
};

/** The list method that reads this kind. */
export const listMethodFor = (kind: InboxKind): string => SOURCE[kind].method;

/** The scope the gateway requires to list (and decide) this kind. */
export const scopeFor = (kind: InboxKind): string => SOURCE[kind].scope;

export const hasScope = (scopes: readonly string[], scope: string): boolean =>
  scopes.includes(scope) || scopes.includes('operator.admin');

/** Kind → why its list was not read. Kinds that were read are absent. */
export type UnreadLists = Readonly<Partial<Record<InboxKind, string>>>;

export const unreadLists = (state: GatewayRecord, warnings: readonly string[]): UnreadLists => {
  const {scopes, methods} = state.gateway;
  const unread: Partial<Record<InboxKind, string>> = {};
  const absent = new Set(notOfferedKinds(methods));
  for (const kind of INBOX_KINDS) {
    if (state.inbox.listedAt[kind] !== undefined || absent.has(kind)) continue;
    const source = SOURCE[kind];
    if (!hasScope(scopes, source.scope)) {
      unread[kind] = `needs ${source.scope}, which the gateway did not grant`;
    } else if (kind === 'dm-access' && state.inbox.dmAccess.support === 'unsupported') {
      unread[kind] = state.inbox.dmAccess.reason ?? 'not supported by this gateway';
    } else if (methods.length > 0 && !methods.includes(source.method)) {
      unread[kind] = `this gateway does not offer ${source.method}`;
    } else {
      const prefix = `${source.log} read failed: `;
      const failure = warnings.find((line) => line.startsWith(prefix));
      unread[kind] = failure
        ? `${source.method} failed: ${failure.slice(prefix.length)}`
        : `${source.method} was not answered`;
    }
  }
  return unread;
};

/**
 * Lists that could hold a request an operator decides by id. DM access is left out: a gateway
 * without channels.pairing.* simply has no such requests, so it cannot hide an id.
 */
export const blockingUnreadLists = (unread: UnreadLists): UnreadLists => {
  const {'dm-access': _dm, ...rest} = unread;
  return rest;
};

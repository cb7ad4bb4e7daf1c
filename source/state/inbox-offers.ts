// Which inbox kinds this gateway offers, read from hello-ok's features.methods instead of assumed.
// Agent questions and system-agent approvals came with 2026.7; an older gateway (2026.4.1 has
// neither) simply has none: the Inbox names that once ("questions: not offered by this gateway,
// version …"), and nothing treats it as an error or an unread list.

import type {GatewayId} from './gateway-id.ts';
import {gatewayRecordOf, type AppState} from './reducer.ts';
import type {InboxKind} from './model.ts';
import {memoize} from './memo.ts';

/** The optional kinds, the method whose presence says the gateway has them, and their name. */
export const OPTIONAL_KINDS: ReadonlyArray<{
  readonly kind: InboxKind;
  readonly method: string;
  readonly name: string;
}> = [
  {kind: 'question', method: 'question.list', name: 'agent questions'},
  {kind: 'system-agent-approval', method: 'openclaw.approval.list', name: 'system-agent approvals'},
];

/**
 * 'unknown' before a hello, or when hello-ok listed no methods (then the console tries, as it does
 * for every kind); otherwise whether the method list has it.
 */
export const methodOffered = (
  methods: readonly string[],
  method: string,
): 'offered' | 'not-offered' | 'unknown' => {
  if (methods.length === 0) return 'unknown';
  return methods.includes(method) ? 'offered' : 'not-offered';
};

export const notOfferedKinds = (methods: readonly string[]): readonly InboxKind[] =>
  OPTIONAL_KINDS.filter(({method}) => methodOffered(methods, method) === 'not-offered').map(
    ({kind}) => kind,
  );

/** One line per kind this gateway does not offer, for the Inbox (empty when all are offered). */
export const selectNotOfferedNotes = memoize(
  (state: AppState, id: GatewayId) => {
    const {gateway} = gatewayRecordOf(state, id);
    return [gateway.methods, gateway.serverVersion, gateway.phase] as const;
  },
  ([methods, version]): readonly string[] =>
    OPTIONAL_KINDS.filter(({method}) => methodOffered(methods, method) === 'not-offered').map(
      ({name}) => `${name}: not offered by this gateway, version ${version ?? 'unknown'}`,
    ),
);

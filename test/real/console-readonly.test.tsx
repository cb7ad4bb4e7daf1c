// Layer 3, --read-only against the real gateway. The console asks for operator.read alone and the
// gateway grants exactly that (the header says READ-ONLY, scopes read). A real exec approval is
// pending meanwhile: the gateway does not hand it to a read-only socket at all, and once it is put
// in front of the operator anyway (injected into the store, as if listed), `a` and `d` only show
// the read-only reason. The proof that matters: the same connection asking the gateway directly
// to resolve that approval is refused (FORBIDDEN, missing scope) and the approval stays pending.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {RequestError} from '../../source/client/types.ts';
import {parseApprovalRequest} from '../../source/protocol/parse-approvals.ts';
import {READ_ONLY_REASON} from '../../source/views/keymap.ts';
import {fakeLlmScript} from '../support/fake-llm.ts';
import {
  chatFinal,
  connectWriter,
  headerLine,
  isRecord,
  linesOf,
  selectedLineWith,
  sendChat,
  startConsole,
  testToken,
} from '../support/console-harness.tsx';
import {readRealGatewayEnv} from '../support/real-gateway.ts';
import {addressed, gw} from '../support/state.ts';

const gateway = readRealGatewayEnv();

test('console --read-only: scopes read only; a/d refused on screen; the gateway refuses a resolve', async () => {
  const tok = testToken();
  const sessionKey = `agent:main:r-${tok}`;
  const command = `echo OCT_READ_ONLY_${tok}`;
  const writer = await connectWriter(gateway, 'oct-console-readonly-writer');
  let tui: Awaited<ReturnType<typeof startConsole>> | undefined;
  let id: string | undefined;
  try {
    const since = writer.mark();
    const runId = await sendChat(writer, sessionKey, fakeLlmScript.exec(command));
    const requested = await writer.waitEvent(
      (e) =>
        e.event === 'exec.approval.requested' &&
        isRecord(e.payload) &&
        isRecord(e.payload.request) &&
        e.payload.request.sessionKey === sessionKey,
      120_000,
      since,
    );
    const request = parseApprovalRequest(requested.payload, 'exec');
    assert.ok(request, 'the approval request did not parse');
    id = request.id;

    tui = await startConsole({url: gateway.url, token: gateway.token, readOnly: true});
    assert.deepEqual(gw(tui.store.getState()).gateway.scopes, ['operator.read']);
    const header = headerLine(tui.frame());
    assert.match(header, /READ-ONLY/);
    assert.match(header, /scopes read\s*$/, `the header names read as the only scope: ${header}`);

    // The gateway gave this socket no approvals: nothing of it reached the inbox.
    tui.press('2');
    await tui.waitForState((s) => s.ui.pane === 'inbox', 'the inbox pane');
    assert.equal(gw(tui.store.getState()).inbox.items[id], undefined);
    const footer = linesOf(tui.frame()).at(-1) ?? '';
    assert.doesNotMatch(footer, /approve|deny/, `read-only hides the decision keys: ${footer}`);

    // Put the real request on screen anyway: the keys must still refuse, with the reason.
    tui.store.dispatch(addressed({type: 'approval/requested', request, at: Date.now()}));
    await tui.filter(tok);
    await tui.waitFor((f) => selectedLineWith(f, command) !== '', 'the approval selected', 10_000);
    for (const key of ['a', 'd']) {
      tui.store.dispatch({type: 'ui/notice-dismissed'});
      await tui.waitFor((f) => !f.includes(READ_ONLY_REASON), 'no notice', 5000);
      tui.press(key);
      await tui.waitForText(READ_ONLY_REASON, 10_000);
      const state = tui.store.getState();
      assert.equal(state.ui.mode, 'normal', `${key} opened no confirmation`);
      assert.equal(state.ui.confirm, undefined);
      assert.equal(gw(state).inbox.items[id]?.state.phase, 'pending', `${key} sent nothing`);
    }

    // The gateway is the guarantee: a resolve through this very connection is refused.
    const refused = await tui.connection
      .request('exec.approval.resolve', {id, decision: 'allow-once'})
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    assert.ok(
      refused instanceof RequestError,
      `the gateway accepted a resolve: ${String(refused)}`,
    );
    assert.equal(refused.outcome, 'rejected');
    assert.equal(refused.code, 'FORBIDDEN', `${refused.code} ${refused.message}`);
    assert.match(`${refused.message} ${JSON.stringify(refused.details)}`, /operator\.approvals/);

    const list = await writer.call('exec.approval.list', {});
    const pending = Array.isArray(list) ? list : isRecord(list) ? Object.values(list).flat() : [];
    assert.ok(
      JSON.stringify(pending).includes(id),
      'the approval is no longer pending after the refused resolve',
    );

    // Tidy up with a writer that may: deny it, and let the turn end.
    await writer.call('exec.approval.resolve', {id, decision: 'deny'});
    id = undefined;
    await chatFinal(writer, runId, since);
  } finally {
    if (id !== undefined) {
      await writer.call('exec.approval.resolve', {id, decision: 'deny'}).catch(() => {});
    }
    writer.close();
    await tui?.close();
  }
});

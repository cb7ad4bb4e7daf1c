// Layer 3, node pairing decided from the interactive console against the real gateway. A real
// headless node host (`openclaw node run`, the pinned openclaw, its own state directory: a fresh
// device) connects on loopback with the gateway's token. Its device pairing (role node) is
// approved silently on loopback; the command surface it declares (system.which) is a separate
// request, node.pair.requested, which the console's Inbox shows. `a` opens a confirmation naming
// the exact request id and the commands, nothing is sent before `y`, and after `y` the gateway's
// node list says the node is approved and connected with that command.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {isRecord, selectedLineWith, startConsole, testToken} from '../support/console-harness.tsx';
import {connectReady} from '../support/raw-client.ts';
import {needsModernGateway, readRealGatewayEnv} from '../support/real-gateway.ts';
import {startNodeHost} from '../support/real-node-host.ts';
import {gw} from '../support/state.ts';

const gateway = readRealGatewayEnv();

type NodeEntry = Record<string, unknown>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The gateway's own node.list entry for `name`, polled until `check` holds. */
const waitForNode = async (
  name: string,
  check: (node: NodeEntry) => boolean,
  what: string,
  timeoutMs: number,
): Promise<NodeEntry> => {
  // operator.pairing: without it node.list leaves out the pending request id.
  const reader = await connectReady(gateway.url, {
    token: gateway.token,
    displayName: 'oct-node-reader',
    scopes: ['operator.read', 'operator.pairing'],
  });
  try {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      const answer = await reader.call('node.list', {});
      const nodes = isRecord(answer) && Array.isArray(answer.nodes) ? answer.nodes : [];
      const entry = nodes.find(
        (node): node is NodeEntry => isRecord(node) && node.displayName === name,
      );
      if (entry && check(entry)) return entry;
      last = entry;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}; node.list entry: ${JSON.stringify(last)}`);
      }
      await sleep(500);
    }
  } finally {
    reader.close();
  }
};

test(
  'console: a real node host asks to pair; a then y approves it; the node is connected with its commands',
  {skip: needsModernGateway('the node host config used here')},
  async () => {
    const name = `oct-node-${testToken()}`;
    const tui = await startConsole({url: gateway.url, token: gateway.token});
    const node = startNodeHost(gateway, name, {commands: ['system.which']});
    try {
      tui.press('2');
      await tui.waitForState((s) => s.ui.pane === 'inbox', 'the inbox pane');
      await tui.filter(name);
      // A node host starts in 15-60 s on two loaded cores before it connects.
      const inbox = await tui
        .waitFor(
          (f) => /node pairing/.test(selectedLineWith(f, name)),
          `the node pairing request of ${name}, selected`,
          180_000,
        )
        .catch((error: unknown) => {
          throw new Error(`${String(error)}\n--- node host output ---\n${node.output()}`);
        });
      assert.match(
        selectedLineWith(inbox, name),
        /node pairing\s+oct-node-\w+ wants node approval/,
      );
      const item = Object.values(gw(tui.store.getState()).inbox.items).find(
        (entry) => entry.kind === 'node-pairing' && entry.request.displayName === name,
      );
      assert.ok(item, 'the request is in the inbox state');
      const id = item.id;
      // Not approved yet: the gateway lists the node, its surface pending.
      const before = await waitForNode(
        name,
        (entry) => entry.approvalState === 'pending-approval',
        'the node pending approval',
        30_000,
      );
      assert.equal(before.pendingRequestId, id, 'the inbox shows the gateway’s exact request');

      tui.press('a');
      const dialog = await tui.waitForText('Approve this node?', 10_000);
      assert.match(dialog, new RegExp(`request id\\s+${id}\\b`), 'the exact request id is shown');
      assert.match(dialog, /grant\s+commands system\.which/);
      assert.equal(
        gw(tui.store.getState()).inbox.items[id]?.state.phase,
        'pending',
        'nothing is sent before y',
      );

      tui.press('y');
      await tui.waitForState(
        (s) => gw(s).inbox.items[id]?.state.phase === 'resolved',
        'the request resolved',
        30_000,
      );
      await tui.waitForText(`allow-once: sent for ${id}`, 10_000);

      const after = await waitForNode(
        name,
        (entry) =>
          entry.approvalState === 'approved' &&
          entry.connected === true &&
          Array.isArray(entry.commands) &&
          entry.commands.includes('system.which'),
        'the node approved and connected with system.which',
        60_000,
      );
      assert.equal(after.pendingRequestId, undefined);
    } finally {
      const stopped = await node.stop();
      await tui.close();
      assert.deepEqual(stopped.leftovers, [], 'no node host process is left');
    }
  },
);

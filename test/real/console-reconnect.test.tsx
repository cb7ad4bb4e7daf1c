// Layer 3, the console riding out a real gateway restart. The console is attached and shows a small
// tree; the gateway is then restarted for real, in process, through its own RPC
// (`gateway.restart.request`, operator.admin, the path `openclaw gateway restart` uses): it sends
// `shutdown {restartExpectedMs}`, closes every socket 1012 "service restart", refuses connects
// with UNAVAILABLE while it starts again, and comes back on the same port with the same pid and
// state. The header must say "reconnecting" in between and the same tree must come back, with
// the console neither restarted nor told to retry by hand.
//
// Why this and not a TCP proxy that is killed and restarted: the real restart is what an operator
// meets (the shutdown event, close 1012, the UNAVAILABLE window), and it is safe for the shared
// gateway: state lives on disk, the process and port stay, paired devices and sessions survive,
// and `skipDeferral` keeps a stray long run from another test from delaying it. Later test files
// (stop, tree) run against the restarted gateway, which checks that it came back whole.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {fakeLlmScript} from '../support/fake-llm.ts';
import {
  chatFinal,
  columnOf,
  connectWriter,
  headerLine,
  isRecord,
  lineWith,
  sendChat,
  startConsole,
  testToken,
} from '../support/console-harness.tsx';
import {connectReady} from '../support/raw-client.ts';
import {readRealGatewayEnv} from '../support/real-gateway.ts';
import {gw} from '../support/state.ts';

const gateway = readRealGatewayEnv();

/** Each row of ours as "title@indent status" (ages and token counts may change; these may not). */
const treeShape = (frame: string, titles: readonly string[]): string[] =>
  titles.map((title) => {
    const line = lineWith(frame, ` ${title} `);
    const status = /\b(running|queued|idle|done|failed|unknown)\b/.exec(line)?.[1] ?? '?';
    return `${title}@${columnOf(frame, ` ${title} `)} ${status}`;
  });

test('console: a real gateway restart shows reconnecting, then the same tree again', async () => {
  const tok = testToken();
  const parent = `p-${tok}`;
  const child = `c-${tok}`;
  const tui = await startConsole({url: gateway.url, token: gateway.token});
  const writer = await connectWriter(gateway, 'oct-console-reconnect');
  try {
    await tui.filter(tok);
    const since = writer.mark();
    const runId = await sendChat(
      writer,
      `agent:main:${parent}`,
      fakeLlmScript.spawn({task: fakeLlmScript.reply(`CHILD_OK ${tok}`), label: child}),
    );
    await chatFinal(writer, runId, since);
    // Settled: the child has finished too, so nothing of ours is running across the restart.
    const before = await tui.waitFor(
      (f) =>
        / done\b/.test(lineWith(f, ` ${child} `)) && / done\b/.test(lineWith(f, ` ${parent} `)),
      `${parent} and ${child} done`,
      120_000,
    );
    const shapeBefore = treeShape(before, [parent, child]);
    assert.ok(
      columnOf(before, ` ${child} `) > columnOf(before, ` ${parent} `),
      `the child is indented under its parent:\n${before}`,
    );
    writer.close();

    const connectedAt = gw(tui.store.getState()).gateway.connectedAt;
    const framesBefore = tui.frames().length;
    const admin = await connectReady(gateway.url, {
      token: gateway.token,
      identity: null,
      clientId: 'gateway-client',
      clientMode: 'backend',
      scopes: ['operator.admin'],
    });
    try {
      const res = await admin.call('gateway.restart.request', {
        reason: 'openclaw-tui layer-3 reconnect test',
        skipDeferral: true,
      });
      assert.ok(isRecord(res) && res.ok === true, JSON.stringify(res));
    } finally {
      admin.close();
    }

    // Some frame after the restart request must have said so in the header.
    await tui.waitFor(
      () =>
        tui
          .frames()
          .slice(framesBefore)
          .some((f) => headerLine(f).includes('reconnecting')),
      'the header to say reconnecting',
      60_000,
    );
    // Then: connected again (a new hello, not the old one) and the same tree, same console.
    await tui.waitForState(
      (s) =>
        gw(s).gateway.phase === 'connected' &&
        (gw(s).gateway.connectedAt ?? 0) > (connectedAt ?? 0),
      'a new hello-ok after the restart',
      120_000,
    );
    const after = await tui.waitFor(
      (f) =>
        headerLine(f).includes('● connected') &&
        treeShape(f, [parent, child]).join() === shapeBefore.join(),
      `the same tree again (${shapeBefore.join(', ')})`,
      60_000,
    );
    assert.ok(lineWith(after, ` ${child} `).length > 0, after);
    const headers = new Set(
      tui
        .frames()
        .slice(framesBefore)
        .map((f) => headerLine(f).replace(/next in [\d:.]+s?/, 'next in …')),
    );
    assert.ok(
      [...headers].some((h) => h.includes('reconnecting')),
      `header lines seen: ${[...headers].join(' | ')}`,
    );
  } finally {
    writer.close();
    await tui.close();
  }
});

// Layer 3, the interactive console's subagent tree against the real gateway: a scripted agent turn
// (fake LLM) calls sessions_spawn, its child spawns a grandchild, and the sessions pane draws
// them indented under their parents; the events pane's spawn line names the grandchild by its
// full tree path. The parent key and the labels carry one random token so a filter on it shows
// this test's rows alone on the shared gateway.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {fakeLlmScript} from '../support/fake-llm.ts';
import {
  chatFinal,
  columnOf,
  connectWriter,
  lineIndex,
  lineWith,
  sendChat,
  startConsole,
  testToken,
} from '../support/console-harness.tsx';
import {readRealGatewayEnv} from '../support/real-gateway.ts';

const gateway = readRealGatewayEnv();

test('console: a two-level spawn shows three indented levels and the spawn path in events', async () => {
  const tok = testToken();
  // Titles: the parent has no label, so the tree titles it by its key's last segment.
  const parent = `p-${tok}`;
  const child = `c-${tok}`;
  const grand = `g-${tok}`;
  const parentKey = `agent:main:${parent}`;
  const tui = await startConsole({url: gateway.url, token: gateway.token});
  const writer = await connectWriter(gateway, 'oct-console-tree');
  try {
    await tui.filter(tok);
    const since = writer.mark();
    const runId = await sendChat(
      writer,
      parentKey,
      fakeLlmScript.spawn({
        task: fakeLlmScript.spawn({task: fakeLlmScript.reply(`GRAND_OK ${tok}`), label: grand}),
        label: child,
      }),
    );

    // Level one first: the child row appears under the parent, indented by one step.
    const first = await tui.waitFor(
      (f) => lineIndex(f, `▾ ${parent}`) >= 0 && lineIndex(f, ` ${child}`) >= 0,
      `${child} under ${parent}`,
      120_000,
    );
    assert.ok(
      lineIndex(first, child) > lineIndex(first, parent),
      `the child follows its parent:\n${first}`,
    );
    assert.ok(
      columnOf(first, child) > columnOf(first, parent),
      `the child is indented deeper than its parent:\n${first}`,
    );

    // Then the grandchild, one step deeper again.
    const tree = await tui.waitFor(
      (f) => lineIndex(f, `▾ ${child}`) >= 0 && lineIndex(f, ` ${grand}`) >= 0,
      `${grand} under ${child}`,
      120_000,
    );
    const rows = [parent, child, grand].map((title) => ({
      title,
      line: lineIndex(tree, title),
      column: columnOf(tree, title),
    }));
    assert.deepEqual(
      rows.map((r) => r.line),
      [...rows.map((r) => r.line)].sort((a, b) => a - b),
      `tree order parent, child, grandchild:\n${tree}`,
    );
    assert.ok(
      rows[0]!.column < rows[1]!.column && rows[1]!.column < rows[2]!.column,
      `each level indented deeper than the one above:\n${tree}`,
    );
    assert.equal(rows[1]!.line, rows[0]!.line + 1, `the child is right below its parent:\n${tree}`);
    assert.equal(
      rows[2]!.line,
      rows[1]!.line + 1,
      `the grandchild right below the child:\n${tree}`,
    );
    assert.equal(rows[2]!.column - rows[1]!.column, rows[1]!.column - rows[0]!.column);

    // The events pane: one spawn line for the grandchild, its session named by the whole path.
    tui.press('3');
    await tui.filter(`spawned "${grand}"`);
    const said = `${child}: spawned "${grand}"`;
    const events = await tui.waitFor(
      (f) => lineIndex(f, said) >= 0,
      `the spawn line of ${grand}`,
      30_000,
    );
    const spawnLine = lineWith(events, said);
    assert.match(spawnLine, / spawn /, `kind column says spawn: ${spawnLine}`);
    assert.ok(
      spawnLine.includes(`${parent} › ${child} › ${grand}`),
      `the spawn line shows the path ${parent} › ${child} › ${grand}:\n${events}`,
    );

    // Let the parent's turn end before the next test (its run would otherwise outlive this one).
    await chatFinal(writer, runId, since);
  } finally {
    writer.close();
    await tui.close();
  }
});

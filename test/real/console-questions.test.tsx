// Layer 3, agent questions (ask_user) answered from the interactive console against the real
// gateway. A scripted turn calls ask_user (OCT:ask); the question reaches the console as an inbox
// item with its agent, session and run; `enter` opens it, `2` picks the second option, the
// confirmation shows the exact answer and question id, `y` sends it, and the agent's run continues
// with that answer: the fake LLM turns ask_user's result into "TOOL_DONE: <result>", and the run's
// final text must carry the chosen label and status "answered".
//
// The twin: the built CLI lists the same question in `pending --json` with numbered options,
// `answer <id> --option 1` answers it (exit 0, the run continues with that option), and a second
// answer finds nothing pending (exit 3, as approve).
//
// The second gateway (2026.4.1) has no question.* methods: a console attached to it names agent
// questions once as not offered, never reads them, and does not count them as an unread list.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import type {AppState} from '../../source/state/reducer.ts';
import {fakeLlmScript, FakeLlmControl} from '../support/fake-llm.ts';
import {
  chatFinal,
  lineWith,
  selectedLineWith,
  sendChat,
  startConsole,
  testToken,
} from '../support/console-harness.tsx';
import {
  needsModernGateway,
  readRealGatewayEnv,
  readSecondRealGatewayEnv,
} from '../support/real-gateway.ts';
import {connectReady} from '../support/raw-client.ts';
import {projectRoot} from '../support/real-gateway-paths.ts';
import {createTempTuiHome} from '../support/real-gateway.ts';
import {gw} from '../support/state.ts';

const gateway = readRealGatewayEnv();
const second = readSecondRealGatewayEnv();

const questionFor = (state: AppState, sessionKey: string) =>
  Object.values(gw(state).inbox.items).find(
    (item) =>
      item.kind === 'question' &&
      item.request.sessionKey === sessionKey &&
      item.state.phase === 'pending',
  );

test(
  'console: an ask_user question answered with 2 then y; the run continues with that answer',
  {skip: needsModernGateway('question.* (ask_user)')},
  async () => {
    const tok = testToken();
    const sessionKey = `agent:main:q-${tok}`;
    const question = `Where should build ${tok} go?`;
    const tui = await startConsole({url: gateway.url, token: gateway.token});
    // The run asks with its starter's grant: without operator.questions the gateway takes
    // question.request as session-scoped and wants a verified user profile (a token-paired test
    // device has none), and ask_user fails with "Session-scoped access requires …".
    const writer = await connectReady(gateway.url, {
      token: gateway.token,
      displayName: 'oct-console-questions',
      scopes: ['operator.read', 'operator.write', 'operator.questions'],
    });
    try {
      const since = writer.mark();
      const runId = await sendChat(
        writer,
        sessionKey,
        fakeLlmScript.ask({
          questions: [
            {
              id: 'deploy_target',
              header: 'Deploy',
              question,
              options: [
                {label: 'Staging (Recommended)', description: 'the safe default'},
                {label: `Production ${tok}`},
              ],
            },
          ],
          timeoutSeconds: 300,
        }),
      );
      // The run ending first means ask_user was never called (or failed): say what the model saw.
      const ended = chatFinal(writer, runId, since, 150_000);
      ended.catch(() => {});
      const state = await Promise.race([
        tui.waitForState(
          (s) => questionFor(s, sessionKey) !== undefined,
          `an agent question for ${sessionKey}`,
          120_000,
        ),
        ended.then(async (final) => {
          const seen = (await new FakeLlmControl(gateway.fakeLlmUrl).requests())
            .filter((r) => r.prompt.includes(tok))
            .map((r) => ({decision: r.decision, tools: r.tools}));
          throw new Error(
            `the run ended before any question: ${JSON.stringify(final.payload)}\nmodel requests: ${JSON.stringify(seen)}`,
          );
        }),
      ]);
      const item = questionFor(state, sessionKey);
      assert.ok(item?.kind === 'question');
      const id = item.id;
      assert.equal(item.request.agentId, 'main');
      assert.equal(item.request.runId, runId, 'the question names the run that asked it');
      assert.ok(item.expiresAt !== undefined && item.expiresAt > Date.now(), 'it has a deadline');

      tui.press('2');
      await tui.filter(tok);
      const listed = await tui.waitFor(
        (f) => selectedLineWith(f, question) !== '' && f.includes(id),
        `the question ${id} selected`,
        15_000,
      );
      assert.match(selectedLineWith(listed, question), /agent question/);

      tui.press('\r');
      const panel = await tui.waitForText('Agent question', 10_000);
      assert.ok(panel.includes(`session ${sessionKey}`), `the panel names the session:\n${panel}`);
      assert.ok(panel.includes(`run ${runId}`), `the panel names the run:\n${panel}`);
      assert.match(panel, /expires in \d+:\d\d/);
      assert.match(lineWith(panel, 'Staging (Recommended)'), /1\s+Staging \(Recommended\)/);
      assert.match(lineWith(panel, `Production ${tok}`), new RegExp(`2\\s+Production ${tok}`));

      tui.press('2');
      const dialog = await tui.waitForText('Send this answer to the agent?', 10_000);
      assert.match(dialog, new RegExp(`question id\\s+${id}\\b`), 'the exact question id');
      assert.ok(
        dialog.includes(`deploy_target: "Production ${tok}"`),
        `the dialog shows the exact answer:\n${dialog}`,
      );

      tui.press('y');
      await tui.waitForState(
        (s) => gw(s).inbox.items[id]?.state.phase === 'resolved',
        'the question resolved',
      );
      await tui.waitForText('answered here', 15_000);
      const final = await chatFinal(writer, runId, since);
      const text = JSON.stringify(final.payload);
      assert.match(text, /TOOL_DONE: /, `the run ended after the tool:\n${text}`);
      assert.ok(text.includes(`Production ${tok}`), `the run continued with the answer:\n${text}`);
      assert.match(text, /\\"status\\": \\"answered\\"/);
    } finally {
      writer.close();
      await tui.close();
    }
  },
);

test(
  'console on 2026.4.1: agent questions are named once as not offered, never read',
  {skip: second === undefined ? 'the second gateway was not started (OCT_REAL_SECOND=0)' : false},
  async () => {
    const target = second as NonNullable<typeof second>;
    const tui = await startConsole({url: target.url, token: target.token});
    try {
      const state = await tui.waitForState(
        (s) =>
          gw(s).gateway.phase === 'connected' &&
          gw(s).inbox.listedAt['device-pairing'] !== undefined,
        'connected and the approval lists read',
        60_000,
      );
      const record = gw(state);
      const version = record.gateway.serverVersion ?? '';
      assert.ok(record.gateway.methods.length > 0, 'hello-ok listed its methods');
      assert.ok(
        !record.gateway.methods.includes('question.list'),
        `${version} has no question.list`,
      );
      assert.equal(record.inbox.listedAt.question, undefined, 'question.list was never read');

      tui.press('2');
      const screen = await tui.waitForText('agent questions: not offered by this gateway', 15_000);
      const note = lineWith(screen, 'agent questions: not offered');
      assert.ok(note.includes(`version ${version}`), `the note names the version:\n${note}`);
      assert.equal(
        screen.split('\n').filter((line) => line.includes('agent questions: not offered')).length,
        1,
        'named once',
      );
      assert.doesNotMatch(screen, /agent questions read failed|question\.list failed/);
    } finally {
      await tui.close();
    }
  },
);

/** The built CLI (bin/openclaw-tui.cjs), its credentials from the environment as a user would. */
const cli = async (
  home: string,
  args: readonly string[],
): Promise<{readonly code: number | null; readonly stdout: string; readonly stderr: string}> => {
  const child = spawn(
    process.execPath,
    [path.join(projectRoot, 'bin', 'openclaw-tui.cjs'), ...args],
    {
      cwd: os.tmpdir(),
      env: {
        PATH: process.env.PATH,
        HOME: home,
        OPENCLAW_TUI_HOME: home,
        OPENCLAW_GATEWAY_URL: gateway.url,
        OPENCLAW_GATEWAY_TOKEN: gateway.token,
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {code, stdout, stderr};
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

test(
  'the CLI: pending --json lists the question with numbered options; answer --option 1 exits 0, again exits 3; the run continues with it',
  {skip: needsModernGateway('question.* (ask_user)')},
  async () => {
    const tok = testToken();
    const sessionKey = `agent:main:qa-${tok}`;
    const home = createTempTuiHome();
    const writer = await connectReady(gateway.url, {
      token: gateway.token,
      displayName: 'oct-cli-answer',
      scopes: ['operator.read', 'operator.write', 'operator.questions'],
    });
    try {
      const since = writer.mark();
      const runId = await sendChat(
        writer,
        sessionKey,
        fakeLlmScript.ask({
          questions: [
            {
              id: 'colour',
              header: 'Colour',
              question: `Which colour for ${tok}?`,
              options: [{label: `Blue ${tok}`}, {label: 'Green'}],
            },
          ],
          timeoutSeconds: 300,
        }),
      );
      // The gateway announces it to a client with operator.questions (this writer has it).
      const requested = await writer.waitEvent(
        (e) =>
          e.event === 'question.requested' &&
          isObject(e.payload) &&
          e.payload.sessionKey === sessionKey,
        120_000,
        since,
      );
      assert.ok(isObject(requested.payload));
      const id = String(requested.payload.id);

      const pending = await cli(home.dir, ['pending', '--json']);
      assert.equal(pending.code, 0, pending.stderr);
      const doc: unknown = JSON.parse(pending.stdout);
      assert.ok(isObject(doc) && Array.isArray(doc.pending));
      const entry: unknown = doc.pending.find((item: unknown) => isObject(item) && item.id === id);
      assert.ok(isObject(entry), `the question ${id} is listed:\n${pending.stdout}`);
      assert.equal(entry.kind, 'question');
      assert.ok(isObject(entry.origin) && isObject(entry.detail));
      assert.equal(entry.origin.sessionKey, sessionKey);
      assert.equal(entry.origin.runId, runId);
      assert.deepEqual(entry.detail.questions, [
        {
          questionId: 'colour',
          header: 'Colour',
          question: `Which colour for ${tok}?`,
          options: [
            {number: 1, label: `Blue ${tok}`, description: null},
            {number: 2, label: 'Green', description: null},
          ],
          multiSelect: false,
          allowsText: true,
          secret: false,
        },
      ]);

      const answered = await cli(home.dir, ['answer', id, '--option', '1', '--json']);
      assert.equal(answered.code, 0, answered.stderr);
      const result: unknown = JSON.parse(answered.stdout);
      assert.deepEqual(result, {
        ok: true,
        id,
        kind: 'question',
        answers: {colour: [`Blue ${tok}`]},
      });

      const final = await chatFinal(writer, runId, since);
      const text = JSON.stringify(final.payload);
      assert.ok(
        text.includes(`TOOL_DONE: Colour: Blue ${tok}`),
        `the run continued with it:\n${text}`,
      );

      const again = await cli(home.dir, ['answer', id, '--option', '2']);
      assert.equal(again.code, 3, `a second answer finds nothing pending:\n${again.stderr}`);
      for (const out of [pending, answered, again]) {
        assert.ok(!out.stdout.includes(gateway.token) && !out.stderr.includes(gateway.token));
      }
    } finally {
      writer.close();
      home.remove();
    }
  },
);

// The Inbox's agent questions and long approvals on screen (issue 14), the whole App against a
// real store and fake commands: a question opened with enter names who asks (agent, session, run,
// its task) and numbers its options; a number key leads to a confirmation that shows the exact
// answer and question id (n sends nothing, y sends once); t takes your own words; esc leaves it
// unanswered. A 200-line heredoc scrolls in the full detail while the decision keys stay on
// screen. qqbot's approval-disabled marker makes the Policy pane name the console as the
// channel's approver, and an approval from that channel says so.

import {test, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup} from 'ink-testing-library';
import {parsePolicyFromConfig} from '../../source/protocol/parse-config-policy.ts';
import type {ApprovalRequest, QuestionRecord, TaskSummary} from '../../source/protocol/types.ts';
import type {Store} from '../../source/state/store.ts';
import {callsOf, fakeCommands} from './fake-commands.ts';
import {KEY, waitFor, waitForText} from './helpers.tsx';
import {renderApp, lineWith} from './render-app.tsx';
import {connectedStore} from './connected-store.ts';
import {addressed, gw} from '../support/state.ts';

afterEach(() => cleanup());

const MAIN = 'agent:main:main';
const CHILD = 'agent:main:subagent:q1';

const question = (now: number): QuestionRecord => ({
  id: 'ask_7f3a_exact',
  questions: [
    {
      questionId: 'deploy_target',
      header: 'Deploy',
      question: 'Where should this build go?',
      options: [{label: 'Staging (Recommended)'}, {label: 'Production'}],
      multiSelect: false,
      allowsText: true,
      isSecret: false,
    },
  ],
  agentId: 'main',
  sessionKey: CHILD,
  runId: 'run-q1',
  createdAtMs: now,
  expiresAtMs: now + 600_000,
  status: 'pending',
});

const task: TaskSummary = {
  id: 'task-ship',
  status: 'running',
  runtime: 'subagent',
  title: 'ship it',
  sessionKey: MAIN,
  childSessionKey: CHILD,
  runId: 'run-q1',
};

function makeStore(
  setup: (store: Store, at: number) => void,
  options: {readonly readOnly?: boolean} = {},
): Store {
  const at = Date.now();
  const store = connectedStore({
    ...(options.readOnly === undefined ? {} : {readOnly: options.readOnly}),
    serverVersion: '2026.9.6',
    scopes: ['operator.read', 'operator.write', 'operator.admin'],
    rows: [],
    at,
  });
  setup(store, at);
  return store;
}

const withQuestion = (store: Store, at: number) => {
  store.dispatch(
    addressed({type: 'tasks/listed', tasks: [task], complete: true, requestedAt: at, at}),
  );
  store.dispatch(addressed({type: 'question/requested', question: question(at), at}));
};

const approval = (request: Partial<ApprovalRequest> & {id: string}): ApprovalRequest => ({
  kind: 'exec',
  agentId: 'main',
  sessionKey: MAIN,
  expiresAtMs: Date.now() + 300_000,
  allowedDecisions: ['allow-once', 'allow-always', 'deny'],
  ...request,
});

test('a question: who asks (with its task), numbered options; esc leaves it unanswered', async () => {
  const {commands, calls} = fakeCommands();
  const store = makeStore(withQuestion);
  const {lastFrame, stdin} = renderApp(store, commands);
  await waitForText(lastFrame, 'inbox (1)');
  stdin.write('2');
  const pane = await waitForText(lastFrame, 'Where should this build go?');
  assert.match(pane, /agent question/);
  assert.match(lineWith(pane, 'task '), /task\s+task task-ship · subagent · ship it/);

  stdin.write(KEY.enter);
  const panel = await waitForText(lastFrame, 'Agent question');
  assert.ok(panel.includes('ask_7f3a_exact'), 'the exact question id');
  assert.ok(
    panel.includes(`agent main · session ${CHILD} · run run-q1 · task task-ship`),
    `who asks:\n${panel}`,
  );
  assert.match(panel, /expires in (9|10):\d\d/);
  assert.match(lineWith(panel, 'Staging (Recommended)'), /1\s+Staging \(Recommended\)/);
  assert.match(lineWith(panel, 'Production'), /2\s+Production/);
  assert.match(panel, /t type your own answer/);

  stdin.write('9');
  await waitForText(lastFrame, 'no option 9: choose 1-2, or t to type one');

  stdin.write(KEY.esc);
  await waitFor(lastFrame, (f) => !f.includes('Agent question'), 'the panel to close');
  assert.deepEqual(callsOf(calls, 'answer'), [], 'esc sends nothing');
  assert.equal(gw(store.getState()).inbox.items.ask_7f3a_exact?.state.phase, 'pending');
});

test('a number key: the confirmation shows the exact answer and id; n sends nothing, y once', async () => {
  const {commands, calls} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore(withQuestion), commands);
  await waitForText(lastFrame, 'inbox (1)');
  stdin.write('2');
  await waitForText(lastFrame, 'Where should this build go?');
  stdin.write(KEY.enter);
  await waitForText(lastFrame, 'Agent question');

  stdin.write('2');
  const dialog = await waitForText(lastFrame, 'Send this answer to the agent?');
  assert.match(dialog, /question id\s+ask_7f3a_exact/);
  assert.ok(dialog.includes('deploy_target: "Production"'), `the exact answer:\n${dialog}`);
  assert.match(dialog, new RegExp(`run\\s+run-q1`));
  stdin.write('n');
  await waitFor(lastFrame, (f) => !f.includes('Send this answer'), 'the dialog to close');
  assert.deepEqual(callsOf(calls, 'answer'), [], 'n sends nothing');

  stdin.write(KEY.enter);
  await waitForText(lastFrame, 'Agent question');
  stdin.write('1');
  const again = await waitForText(lastFrame, 'Send this answer to the agent?');
  assert.ok(again.includes('deploy_target: "Staging (Recommended)"'), again);
  stdin.write('y');
  await waitFor(lastFrame, (f) => !f.includes('Send this answer'), 'the dialog to close');
  assert.deepEqual(callsOf(calls, 'answer'), [
    ['answer', 'ask_7f3a_exact', {deploy_target: ['Staging (Recommended)']}],
  ]);
});

test('t takes your own words: the confirmation quotes them exactly; y sends them', async () => {
  const {commands, calls} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore(withQuestion), commands);
  await waitForText(lastFrame, 'inbox (1)');
  stdin.write('2');
  await waitForText(lastFrame, 'Where should this build go?');
  stdin.write(KEY.enter);
  await waitForText(lastFrame, 'Agent question');
  stdin.write('t');
  await waitForText(lastFrame, 'your answer');
  stdin.write('Staging, after 6pm');
  await waitForText(lastFrame, 'Staging, after 6pm');
  stdin.write(KEY.enter);
  const dialog = await waitForText(lastFrame, 'Send this answer to the agent?');
  assert.ok(dialog.includes('deploy_target: "Staging, after 6pm"'), dialog);
  stdin.write('y');
  await waitFor(lastFrame, (f) => !f.includes('Send this answer'), 'the dialog to close');
  assert.deepEqual(callsOf(calls, 'answer'), [
    ['answer', 'ask_7f3a_exact', {deploy_target: ['Staging, after 6pm']}],
  ]);
});

test('read-only: the question is shown, its answer keys are hidden and refused', async () => {
  const {commands, calls} = fakeCommands();
  const store = makeStore(withQuestion, {readOnly: true});
  const {lastFrame, stdin} = renderApp(store, commands, {readOnly: true});
  await waitForText(lastFrame, 'inbox (1)');
  stdin.write('2');
  await waitForText(lastFrame, 'Where should this build go?');
  stdin.write(KEY.enter);
  const panel = await waitForText(lastFrame, 'Agent question');
  assert.match(panel, /read-only: this console cannot answer/);
  assert.doesNotMatch(panel, /t type your own answer · |1-9 choose/);
  stdin.write('1');
  const refused = await waitForText(lastFrame, 'disabled: read-only');
  assert.ok(!refused.includes('Send this answer'), 'no confirmation in read-only');
  assert.deepEqual(callsOf(calls, 'answer'), []);
});

const HEREDOC = [
  "cat <<'EOF' > /srv/app/deploy.sh",
  ...Array.from({length: 200}, (_, i) => `echo step ${String(i + 1).padStart(3, '0')}`),
  'EOF',
].join('\n');

test('a 200-line heredoc: the detail scrolls, the decision keys never leave the screen', async () => {
  const {commands, calls} = fakeCommands();
  const store = makeStore((s, at) => {
    s.dispatch(
      addressed({
        type: 'approval/requested',
        request: approval({id: 'exec-heredoc-1', command: HEREDOC, runId: 'run-h1'}),
        at,
      }),
    );
  });
  const {lastFrame, stdin} = renderApp(store, commands);
  await waitForText(lastFrame, 'inbox (1)');
  stdin.write('2');
  await waitForText(lastFrame, 'read all 202 lines');
  stdin.write(KEY.enter);
  const KEYS = /a approve · A always · d deny · j\/↓\/k\/↑ scroll|a approve · A always · d deny/;
  const top = await waitForText(lastFrame, 'lines 1-');
  assert.match(top, KEYS, `the keys line:\n${top}`);
  assert.match(top, /run\s+run-h1/);
  assert.ok(top.includes("cat <<'EOF'"), 'starts at the first line');
  const rows = top.split('\n').length;
  assert.ok(rows <= 30, `the frame fits the terminal (${rows} rows)`);

  stdin.write('G');
  const bottom = await waitForText(lastFrame, 'of 202');
  await waitFor(lastFrame, (f) => f.includes('echo step 200') && f.includes('EOF'), 'the end');
  const end = lastFrame() ?? '';
  assert.match(end, /lines \d+-202 of 202/);
  assert.match(end, KEYS, `keys at the end:\n${end}`);
  assert.ok(!end.includes("cat <<'EOF'"), 'scrolled away from the top');
  assert.ok(end.split('\n').length <= 30, 'still fits');
  assert.ok(bottom.length > 0);

  stdin.write('k');
  await waitFor(lastFrame, (f) => /lines \d+-201 of 202/.test(f), 'one line up');
  assert.match(lastFrame() ?? '', KEYS);

  // The keys act from the detail: a asks with the exact id, y sends it once.
  stdin.write('a');
  const dialog = await waitForText(lastFrame, 'Allow this command to run once?');
  assert.match(dialog, /request id\s+exec-heredoc-1/);
  stdin.write('y');
  await waitFor(lastFrame, (f) => !f.includes('Allow this command'), 'the dialog to close');
  assert.deepEqual(callsOf(calls, 'decide'), [['decide', 'exec-heredoc-1', 'allow-once']]);
});

test('qqbot with approval-disabled: the Policy pane names this console its approver; the approval says so', async () => {
  const {commands} = fakeCommands();
  const store = makeStore((s, at) => {
    s.dispatch(
      addressed({
        type: 'policy/loaded',
        policy: parsePolicyFromConfig({
          channels: {
            qqbot: {enabled: true, dmPolicy: 'open', allowFrom: ['openclaw:approval-disabled']},
            telegram: {dmPolicy: 'allowlist', allowFrom: ['111']},
          },
        }),
        requestedAt: at,
        at,
      }),
    );
    s.dispatch(
      addressed({
        type: 'approval/requested',
        request: approval({
          id: 'exec-from-qq',
          command: 'uptime',
          turnSourceChannel: 'qqbot',
          turnSourceTo: 'qq-user-9',
        }),
        at,
      }),
    );
    s.dispatch(
      addressed({
        type: 'approval/requested',
        request: approval({
          id: 'exec-from-tg',
          command: 'df -h',
          turnSourceChannel: 'telegram',
          turnSourceTo: '111',
        }),
        at: at + 1,
      }),
    );
  });
  const {lastFrame, stdin} = renderApp(store, commands);
  await waitForText(lastFrame, 'inbox (2)');

  stdin.write('5');
  const policy = await waitForText(lastFrame, 'this console approves');
  assert.match(
    lineWith(policy, '⊘'),
    /openclaw:approval-disabled \(not a sender\): approval buttons off, this console approves$/,
  );
  assert.match(
    lineWith(policy, 'qqbot '),
    /0\s+allowed|· 0/,
    'the marker is not counted as a sender',
  );
  assert.equal(
    policy.split('\n').filter((l) => l.includes('console approves')).length,
    1,
    'qqbot only',
  );

  stdin.write('2');
  const qq = await waitForText(lastFrame, 'approver');
  assert.match(lineWith(qq, 'approver'), /this console: qqbot has its own approval/);
  assert.match(lineWith(qq, 'asked via'), /qqbot/);

  stdin.write('j');
  const tg = await waitFor(lastFrame, (f) => f.includes('df -h') && !f.includes('approver'), 'tg');
  assert.match(lineWith(tg, 'asked via'), /telegram/);
});

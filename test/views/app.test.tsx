// The whole App against a real store (the state helper's reducer) and a fake commands object.

import {test, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup} from 'ink-testing-library';
import {createStore, type Store} from '../../source/state/store.ts';
import {createInitialState} from '../../source/state/reducer.ts';
import type {SessionRow} from '../../source/protocol/types.ts';
import {fakeCommands} from './fake-commands.ts';
import {KEY, waitFor, waitForText} from './helpers.tsx';
import {renderApp} from './render-app.tsx';
import {connectedStore, dropUnreachable} from './connected-store.ts';
import {addressed} from '../support/state.ts';

afterEach(() => cleanup());

const rows: SessionRow[] = [
  {
    key: 'agent:main:main',
    kind: 'direct',
    agentId: 'main',
    label: 'main session',
    isMain: true,
    status: 'running',
    activeRunIds: ['run-1'],
    childSessions: ['agent:main:subagent:aa'],
  },
  {
    key: 'agent:main:subagent:aa',
    kind: 'direct',
    agentId: 'research',
    label: 'fetch-docs',
    parentSessionKey: 'agent:main:main',
    status: 'running',
    activeRunIds: ['run-2'],
  },
];

function makeStore(readOnly = false): Store {
  const store = connectedStore({
    readOnly,
    serverVersion: '2026.9.6',
    scopes: ['operator.read', 'operator.write', 'operator.approvals', 'operator.pairing'],
    rows,
  });
  store.dispatch(
    addressed({
      type: 'approval/requested',
      request: {
        kind: 'exec',
        id: 'exec-7f3a-exact',
        command: 'npm publish',
        cwd: '/srv/pkg',
        agentId: 'main',
        sessionKey: 'agent:main:main',
        expiresAtMs: Date.now() + 120_000,
        allowedDecisions: ['allow-once', 'allow-always', 'deny'],
      },
      at: Date.now(),
    }),
  );
  store.dispatch(
    addressed({
      type: 'approval/requested',
      request: {kind: 'exec', id: 'exec-second', command: 'ls', expiresAtMs: Date.now() + 120_000},
      at: Date.now() + 1,
    }),
  );
  return store;
}

test('keys 1–5 switch panes and tab cycles', async () => {
  const {commands} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore(), commands);
  await waitForText(lastFrame, '[1 sessions]');
  stdin.write('2');
  await waitForText(lastFrame, '[2 inbox (2)]');
  stdin.write('3');
  await waitForText(lastFrame, '[3 events]');
  stdin.write('4');
  await waitForText(lastFrame, '[4 gateway]');
  await waitForText(lastFrame, 'ws://127.0.0.1:18789 (from default)');
  stdin.write('5');
  await waitForText(lastFrame, '[5 policy]');
  stdin.write(KEY.tab);
  await waitForText(lastFrame, '[1 sessions]');
  stdin.write(KEY.tab);
  await waitForText(lastFrame, '[2 inbox (2)]');
});

test('without a fleet, 0 says where a fleet comes from and tab skips it', async () => {
  const {commands} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore(), commands);
  await waitForText(lastFrame, '[1 sessions]');
  assert.doesNotMatch(lastFrame() ?? '', /0 fleet/);
  stdin.write('0');
  await waitForText(lastFrame, 'no fleet configured: add gateways to gateways.json5');
  assert.match(lastFrame() ?? '', /\[1 sessions\]/);
  stdin.write(KEY.shiftTab);
  await waitForText(lastFrame, '[5 policy]');
});

test('the first row is selected when a pane opens, j moves down', async () => {
  const {commands} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore(), commands);
  await waitFor(lastFrame, (f) => /› ▾ main session/.test(f), 'first tree row selected');
  stdin.write('j');
  await waitFor(lastFrame, (f) => /› {3}· fetch-docs/.test(f), 'second tree row selected');
  stdin.write('2');
  await waitFor(
    lastFrame,
    (f) => /›⚑ exec approval +npm publish/.test(f),
    'first inbox item selected',
  );
  await waitForText(lastFrame, 'request exec-7f3a-exact');
});

test('a then y sends allow-once for the exact id', async () => {
  const {commands, calls} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore(), commands);
  stdin.write('2');
  await waitForText(lastFrame, 'request exec-7f3a-exact');
  stdin.write('a');
  await waitForText(lastFrame, 'Allow this command to run once?');
  await waitFor(lastFrame, (f) => /request id +exec-7f3a-exact/.test(f), 'exact id in dialog');
  assert.deepEqual(calls, []);
  stdin.write('y');
  await waitFor(lastFrame, (f) => !f.includes('Allow this command to run once?'), 'dialog closed');
  assert.deepEqual(calls, [['decide', 'exec-7f3a-exact', 'allow-once']]);
});

test('the clock is one tick: ages on screen move when clock/ticked arrives', async () => {
  const {commands} = fakeCommands();
  const store = makeStore();
  const {lastFrame, stdin} = renderApp(store, commands);
  stdin.write('2');
  await waitForText(lastFrame, 'received just now');
  store.dispatch({type: 'clock/ticked', now: store.getState().ui.now + 90_000});
  await waitForText(lastFrame, 'received 1m ago');
});

test('n and esc cancel without sending anything', async () => {
  const {commands, calls} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore(), commands);
  stdin.write('2');
  await waitForText(lastFrame, 'request exec-7f3a-exact');
  stdin.write('d');
  await waitForText(lastFrame, 'Deny this command?');
  stdin.write('n');
  await waitFor(lastFrame, (f) => !f.includes('Deny this command?'), 'dialog closed by n');
  stdin.write('A');
  await waitForText(lastFrame, 'Always allow this command?');
  stdin.write(KEY.esc);
  await waitFor(
    lastFrame,
    (f) => !f.includes('Always allow this command?'),
    'dialog closed by esc',
  );
  // A later keypress still works: the input owner went back to normal mode.
  stdin.write('1');
  await waitForText(lastFrame, '[1 sessions]');
  assert.deepEqual(calls, []);
});

test('read-only hides a and refuses it with the reason', async () => {
  const {commands, calls} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore(true), commands, {readOnly: true});
  await waitForText(lastFrame, 'READ-ONLY');
  stdin.write('2');
  await waitForText(lastFrame, 'request exec-7f3a-exact');
  assert.doesNotMatch(lastFrame() ?? '', /a approve/);
  stdin.write('a');
  await waitForText(lastFrame, 'disabled: read-only (the gateway granted operator.read only)');
  assert.doesNotMatch(lastFrame() ?? '', /Allow this command/);
  stdin.write('?');
  await waitForText(lastFrame, 'commands that change things are hidden');
  assert.doesNotMatch(lastFrame() ?? '', /Approve/);
  assert.match(lastFrame() ?? '', /Inbox: everything waiting for you/);
  assert.deepEqual(calls, []);
});

test('x then y stops the exact run; X then y stops the subtree', async () => {
  const {commands, calls} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore(), commands);
  await waitFor(lastFrame, (f) => /› ▾ main session/.test(f), 'tree');
  stdin.write('x');
  await waitFor(lastFrame, (f) => /run id +run-1/.test(f), 'stop run dialog');
  stdin.write('y');
  await waitFor(lastFrame, (f) => !f.includes('Stop this run?'), 'closed');
  stdin.write('X');
  await waitForText(lastFrame, 'Stop this session and every subagent below it?');
  await waitForText(lastFrame, '1 known subagent session');
  stdin.write('y');
  await waitFor(lastFrame, (f) => !f.includes('every subagent below it?'), 'closed');
  assert.deepEqual(calls, [
    ['stopRun', 'agent:main:main', 'run-1'],
    ['stopSubtree', 'agent:main:main'],
  ]);
});

test('/ filters the tree; s steers with typed text; p peeks', async () => {
  const {commands, calls} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore(), commands);
  await waitForText(lastFrame, 'fetch-docs');
  stdin.write('/');
  await waitForText(lastFrame, 'filter:');
  stdin.write('fetch');
  await waitForText(lastFrame, 'filter: fetch');
  stdin.write(KEY.enter);
  await waitFor(lastFrame, (f) => f.includes('enter keep') === false, 'filter line closed');
  stdin.write('j');
  await waitFor(lastFrame, (f) => /› {3}· fetch-docs/.test(f), 'filtered child selected');
  stdin.write('s');
  await waitForText(lastFrame, 'steer → fetch-docs');
  stdin.write('focus');
  await waitForText(lastFrame, 'steer → fetch-docs: focus');
  stdin.write(KEY.enter);
  await waitFor(lastFrame, (f) => !f.includes('steer →'), 'input closed');
  stdin.write('p');
  await waitForText(lastFrame, 'working on it');
  assert.deepEqual(calls, [
    ['steer', 'agent:main:subagent:aa', 'focus'],
    ['peek', 'agent:main:subagent:aa'],
  ]);
});

test('the bell rings when the inbox grows, not when --no-bell', async () => {
  for (const noBell of [false, true]) {
    const store = makeStore();
    const {commands} = fakeCommands();
    const {lastFrame, stdout} = renderApp(store, commands, {noBell});
    await waitForText(lastFrame, '(2)');
    store.dispatch(
      addressed({
        type: 'approval/requested',
        request: {kind: 'exec', id: 'exec-third', command: 'pwd'},
        at: Date.now() + 2,
      }),
    );
    // The bell is written after the frame, so it may be the last thing on stdout: look at all.
    await waitFor(
      () => stdout.frames.join(''),
      (all) => all.includes('(3)'),
      'the third item',
    );
    const rang = stdout.frames.some((f) => f.includes('\x07'));
    assert.equal(rang, !noBell, `noBell=${noBell}`);
    cleanup();
  }
});

test('q quits through Ink and tells the commands', async () => {
  const {commands, calls} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore(), commands);
  await waitForText(lastFrame, '[1 sessions]');
  stdin.write('q');
  await waitFor(
    () => String(calls.length),
    (n) => n === '1',
    'quit called',
  );
  assert.deepEqual(calls, [['quit']]);
});

test('problem screen: r retries, e embeds, D opens the demo', async () => {
  const store = createStore(
    createInitialState({
      url: 'ws://127.0.0.1:1',
      urlSource: '--url',
      credentialSource: 'none',
      now: Date.now(),
    }),
  );
  store.dispatch(
    addressed({
      type: 'gateway/disconnected',
      code: 1006,
      reason: '',
      next: 'reconnecting',
      retryInMs: 5000,
      at: Date.now(),
    }),
  );
  store.dispatch(
    addressed({
      type: 'gateway/problem',
      problem: {kind: 'unreachable', url: 'ws://127.0.0.1:1', detail: 'connect ECONNREFUSED'},
      at: Date.now(),
    }),
  );
  const {commands, calls} = fakeCommands();
  const {lastFrame, stdin} = renderApp(store, commands);
  await waitForText(lastFrame, 'Cannot reach the gateway');
  await waitForText(lastFrame, 'r retry');
  stdin.write('r');
  stdin.write('e');
  stdin.write('D');
  await waitFor(
    () => String(calls.length),
    (n) => n === '3',
    'three calls',
  );
  assert.deepEqual(calls, [['retryConnect'], ['startEmbedded'], ['openDemo']]);
});

test('a burst of keys: repeated j moves that many rows; a pasted "dy" decides nothing', async () => {
  const {commands, calls} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore(), commands);
  stdin.write('2');
  await waitForText(lastFrame, 'request exec-7f3a-exact');
  stdin.write('dy');
  stdin.write('jj');
  await waitForText(lastFrame, 'request exec-second');
  assert.doesNotMatch(lastFrame() ?? '', /Deny this command\?/);
  stdin.write('d');
  await waitForText(lastFrame, 'Deny this command?');
  stdin.write('yy');
  stdin.write('n');
  await waitFor(lastFrame, (f) => !f.includes('Deny this command?'), 'closed by n');
  assert.deepEqual(calls, []);
});

test("policy: u shows the exact diff, y applies it on the sender's channel account", async () => {
  const store = makeStore();
  store.dispatch(
    addressed({
      type: 'policy/loaded',
      policy: {
        channels: [
          {
            channel: 'telegram',
            accountId: 'ops',
            dmPolicy: 'pairing',
            dmPolicySource: 'explicit',
            allowFrom: ['111'],
            allowFromSource: 'own',
          },
        ],
        agents: [{agentId: 'main', allowAgents: ['*'], roster: 'entries'}],
      },
      hash: 'h1',
      requestedAt: Date.now(),
      at: Date.now(),
    }),
  );
  store.dispatch(
    addressed({
      type: 'dm-access/listed',
      list: {
        requests: [
          {
            requestId: 'dm-1',
            channel: 'telegram',
            accountId: 'ops',
            senderId: '222',
            senderLabel: 'Ada',
          },
        ],
        accounts: [{channel: 'telegram', accountId: 'ops'}],
      },
      requestedAt: Date.now(),
      at: Date.now(),
    }),
  );
  store.dispatch(
    addressed({
      type: 'gateway/connected',
      hello: {
        protocol: 4,
        methods: [],
        events: [],
        scopes: ['operator.admin'],
        tickIntervalMs: 30000,
      },
      at: Date.now(),
    }),
  );
  const {commands, calls} = fakeCommands();
  const {lastFrame, stdin} = renderApp(store, commands);
  stdin.write('5');
  await waitForText(lastFrame, 'Ada (222) not allowed');
  await waitForText(lastFrame, 'ANY configured agent');
  stdin.write('u');
  await waitForText(lastFrame, 'select a sender marked "not allowed" first');
  stdin.write('jj');
  await waitFor(lastFrame, (f) => /› +\? Ada/.test(f), 'sender selected');
  stdin.write('u');
  await waitFor(lastFrame, (f) => /sender id +222/.test(f), 'allow sender dialog');
  await waitForText(lastFrame, 'channels.telegram.accounts.ops.allowFrom: ["111"] → ["111","222"]');
  stdin.write('y');
  await waitForText(lastFrame, 'the change: applied');
  assert.deepEqual(calls, [
    ['prepareAllowSender', 'telegram', 'ops', '222', false],
    ['applyPrepared', 'tok-1'],
  ]);
});

test('ctrl+c quits even while typing a filter', async () => {
  const {commands, calls} = fakeCommands();
  const {lastFrame, stdin} = renderApp(makeStore(), commands);
  await waitForText(lastFrame, '[1 sessions]');
  stdin.write('/');
  await waitForText(lastFrame, 'filter:');
  stdin.write('\x03');
  await waitFor(
    () => String(calls.length),
    (n) => n === '1',
    'quit called',
  );
  assert.deepEqual(calls, [['quit']]);
});

test('a drop after being connected keeps the tree on screen and says reconnecting', async () => {
  const store = makeStore();
  const {commands} = fakeCommands();
  const {lastFrame} = renderApp(store, commands);
  await waitForText(lastFrame, 'fetch-docs');
  dropUnreachable(store, 2000);
  await waitForText(lastFrame, 'reconnecting');
  const frame = lastFrame() ?? '';
  assert.ok(frame.includes('fetch-docs'), frame);
  assert.ok(!frame.includes('Cannot reach the gateway'), frame);
});

test('x on a running session whose run ids the gateway did not list stops its active run', async () => {
  const store = makeStore();
  // Real 9.6 rows: hasActiveRun true, activeRunIds absent (unknown).
  store.dispatch(
    addressed({
      type: 'sessions/snapshot-loaded',
      rows: [
        {key: 'agent:main:main', kind: 'direct', isMain: true, label: 'busy', hasActiveRun: true},
      ],
      complete: true,
      requestedAt: Date.now(),
      at: Date.now(),
    }),
  );
  const {commands, calls} = fakeCommands();
  const {lastFrame, stdin} = renderApp(store, commands);
  await waitFor(lastFrame, (f) => /› . busy/.test(f), 'tree');
  stdin.write('x');
  await waitFor(lastFrame, (f) => /run of +agent:main:main/.test(f), 'stop run dialog');
  stdin.write('y');
  await waitFor(lastFrame, (f) => !f.includes('Stop this run?'), 'closed');
  assert.deepEqual(calls, [['stopRun', 'agent:main:main', undefined]]);
});

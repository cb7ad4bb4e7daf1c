// The App's interactive flows that go beyond one y/n: config changes shown as an exact diff
// (allow a DM sender, let an agent spawn another), the typed second check for "*", fixes offered
// on failed spawns, the quit question with an embedded gateway, and the audit log panel.

import {test, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup} from 'ink-testing-library';
import {type AppExtras} from '../../source/app.tsx';
import type {EmbedStatus} from '../../source/embed/types.ts';
import type {TailEvent} from '../../source/state/model.ts';
import {createInitialState} from '../../source/state/reducer.ts';
import {createStore, type Store} from '../../source/state/store.ts';
import {callsOf, fakeCommands, senderDiff} from './fake-commands.ts';
import {KEY, makeEvent, waitFor, waitForText} from './helpers.tsx';
import {renderApp} from './render-app.tsx';
import {connectedStore as connectedBase, dropUnreachable} from './connected-store.ts';
import {addressed, gw, withGw} from '../support/state.ts';

afterEach(() => cleanup());

const FULL = [
  'operator.read',
  'operator.write',
  'operator.approvals',
  'operator.pairing',
  'operator.admin',
];

function connectedStore(
  options: {readonly readOnly?: boolean; readonly events?: readonly TailEvent[]} = {},
): Store {
  const base = connectedBase({
    ...(options.readOnly === undefined ? {} : {readOnly: options.readOnly}),
    scopes: FULL,
  });
  if (!options.events) return base;
  // Tail lines as the reducer would have written them (their diagnosis is state's business).
  const state = base.getState();
  const items = [...gw(state).events.items, ...options.events];
  return createStore(
    withGw(state, (record) => ({
      ...record,
      events: {...record.events, items, nextId: Math.max(...items.map((e) => e.id)) + 1},
    })),
  );
}

/** The telegram/ops channel with one allowed sender and `senderId` asking for DM access. */
function withAskingSender(store: Store, senderId: string, label = 'Ada'): Store {
  const at = Date.now();
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
        agents: [{agentId: 'main', roster: 'entries'}],
      },
      hash: 'h1',
      requestedAt: at,
      at,
    }),
  );
  store.dispatch(
    addressed({
      type: 'dm-access/listed',
      list: {
        requests: [
          {requestId: 'dm-1', channel: 'telegram', accountId: 'ops', senderId, senderLabel: label},
        ],
        accounts: [{channel: 'telegram', accountId: 'ops'}],
      },
      requestedAt: at,
      at,
    }),
  );
  return store;
}

/** Policy pane, cursor on the asking sender (rows: channel, allowed 111, candidate). */
async function selectCandidate(ink: ReturnType<typeof renderApp>, senderText: RegExp) {
  ink.stdin.write('5');
  await waitForText(ink.lastFrame, 'not allowed — u to allow');
  ink.stdin.write('jj');
  await waitFor(ink.lastFrame, (f) => senderText.test(f), 'candidate selected');
}

const DIFF = senderDiff('telegram', 'ops', '222');

test('allow sender: u shows the exact diff; n discards it, y applies it once', async () => {
  const {commands, calls} = fakeCommands();
  const ink = renderApp(withAskingSender(connectedStore(), '222'), commands);
  await selectCandidate(ink, /› +\? Ada \(222\)/);

  ink.stdin.write('u');
  await waitForText(ink.lastFrame, 'Let this sender DM the bot?');
  await waitForText(ink.lastFrame, DIFF);
  await waitFor(ink.lastFrame, (f) => /sender id +222/.test(f), 'exact sender id');
  ink.stdin.write('n');
  await waitFor(ink.lastFrame, (f) => !f.includes('Let this sender DM'), 'closed by n');
  assert.deepEqual(callsOf(calls, 'applyPrepared'), []);
  assert.deepEqual(callsOf(calls, 'discardPrepared'), [['discardPrepared', 'tok-1']]);

  ink.stdin.write('u');
  await waitForText(ink.lastFrame, DIFF);
  ink.stdin.write('y');
  await waitForText(ink.lastFrame, 'the change: applied');
  // A second y after the dialog closed sends nothing more.
  ink.stdin.write('y');
  ink.stdin.write('1');
  await waitForText(ink.lastFrame, '[1 sessions]');
  assert.deepEqual(callsOf(calls, 'applyPrepared'), [['applyPrepared', 'tok-2']]);
  assert.deepEqual(callsOf(calls, 'prepareAllowSender'), [
    ['prepareAllowSender', 'telegram', 'ops', '222', false],
    ['prepareAllowSender', 'telegram', 'ops', '222', false],
  ]);
});

test('a "*" sender needs a second, typed confirmation before anything is written', async () => {
  const {commands, calls} = fakeCommands();
  const ink = renderApp(withAskingSender(connectedStore(), '*', 'someone'), commands);
  await selectCandidate(ink, /› +\? someone \(\*\)/);

  ink.stdin.write('u');
  await waitForText(ink.lastFrame, 'Let ANYONE DM the bot?');
  await waitForText(ink.lastFrame, senderDiff('telegram', 'ops', '*'));
  // The plan for "*" was asked for twice: refused first, then with the explicit flag.
  assert.deepEqual(callsOf(calls, 'prepareAllowSender'), [
    ['prepareAllowSender', 'telegram', 'ops', '*', false],
    ['prepareAllowSender', 'telegram', 'ops', '*', true],
  ]);
  ink.stdin.write('y');
  await waitForText(ink.lastFrame, 'This lets ANYONE message the bot');
  await waitForText(ink.lastFrame, 'type ANYONE, then enter');
  assert.deepEqual(callsOf(calls, 'applyPrepared'), [], 'one y is not enough');

  // A second y is just a typed letter: the word does not match, nothing is written.
  ink.stdin.write('y');
  await waitForText(ink.lastFrame, 'type the word: y');
  ink.stdin.write(KEY.enter);
  await waitForText(ink.lastFrame, 'not written: type ANYONE exactly');
  assert.deepEqual(callsOf(calls, 'applyPrepared'), []);
  assert.equal(callsOf(calls, 'discardPrepared').length, 1);

  ink.stdin.write('u');
  await waitForText(ink.lastFrame, 'Let ANYONE DM the bot?');
  ink.stdin.write('y');
  await waitForText(ink.lastFrame, 'This lets ANYONE message the bot');
  ink.stdin.write('ANYONE');
  await waitForText(ink.lastFrame, 'type the word: ANYONE');
  ink.stdin.write(KEY.enter);
  await waitForText(ink.lastFrame, 'the change: applied');
  assert.equal(callsOf(calls, 'applyPrepared').length, 1);
});

test('a conflict is reported plainly and never retried', async () => {
  const {commands, calls} = fakeCommands({
    apply: () => ({status: 'conflict', message: 'config changed since last load'}),
  });
  const ink = renderApp(withAskingSender(connectedStore(), '222'), commands);
  await selectCandidate(ink, /› +\? Ada \(222\)/);
  ink.stdin.write('u');
  await waitForText(ink.lastFrame, DIFF);
  ink.stdin.write('y');
  await waitForText(
    ink.lastFrame,
    'the config changed since it was read; nothing was written — press u again to re-read',
  );
  assert.equal(callsOf(calls, 'applyPrepared').length, 1);
});

test('refusals and no-ops from prepare are one line, with no dialog', async () => {
  const {commands, calls} = fakeCommands({
    prepareSender: (_c, _a, senderId) =>
      senderId === '222'
        ? {status: 'no-op', message: '222 is already allowed on telegram account ops'}
        : {status: 'refused', message: 'account "ops" is not configured'},
  });
  const ink = renderApp(withAskingSender(connectedStore(), '222'), commands);
  await selectCandidate(ink, /› +\? Ada \(222\)/);
  ink.stdin.write('u');
  await waitForText(ink.lastFrame, '222 is already allowed on telegram account ops');
  assert.doesNotMatch(ink.lastFrame() ?? '', /Let this sender/);
  assert.deepEqual(callsOf(calls, 'applyPrepared'), []);
});

test('inbox: u on a DM access request allows exactly that sender', async () => {
  const {commands, calls} = fakeCommands();
  const ink = renderApp(withAskingSender(connectedStore(), '222'), commands);
  ink.stdin.write('2');
  await waitForText(ink.lastFrame, 'u allow sender');
  ink.stdin.write('u');
  await waitForText(ink.lastFrame, DIFF);
  ink.stdin.write('y');
  await waitForText(ink.lastFrame, 'the change: applied');
  assert.deepEqual(
    calls.map((c) => c[0]),
    ['prepareAllowSender', 'applyPrepared'],
  );
  assert.deepEqual(calls[0], ['prepareAllowSender', 'telegram', 'ops', '222', false]);
});

const pairingFailure = (id: number, inboxId: string): TailEvent =>
  makeEvent(id, {
    kind: 'spawn',
    severity: 'error',
    ts: Date.now(),
    summary: 'research: spawn failed: gateway closed (1008): pairing required',
    diagnosis: {
      cause: 'pairing required: the gateway connection the spawn needs is waiting for approval',
      fix: 'approve the pending device request in the Inbox',
      inboxId,
    },
  });

const agentFailure = (id: number): TailEvent =>
  makeEvent(id, {
    kind: 'spawn',
    severity: 'error',
    ts: Date.now(),
    summary: 'main: spawn failed: agentId is not allowed for sessions_spawn (allowed: none)',
    diagnosis: {
      cause: 'agent not allowed: "main" may not spawn "ops"',
      fix: 'add "ops" to agents.entries.main.subagents.allowAgents',
      blockedAgentId: 'ops',
      requesterAgentId: 'main',
    },
  });

function withDevices(store: Store): Store {
  for (const [requestId, displayName, offset] of [
    ['dev-req-first', 'first-laptop', 0],
    ['dev-req-wanted', 'wanted-laptop', 1],
  ] as const) {
    store.dispatch(
      addressed({
        type: 'device-pairing/requested',
        request: {requestId, deviceId: `device-${requestId}`, displayName, role: 'operator'},
        at: Date.now() + offset,
      }),
    );
  }
  return store;
}

test('events: i on a pairing-required failure selects its request in the Inbox', async () => {
  const {commands, calls} = fakeCommands();
  const store = withDevices(
    connectedStore({events: [agentFailure(100), pairingFailure(101, 'dev-req-wanted')]}),
  );
  const ink = renderApp(store, commands);
  ink.stdin.write('3');
  await waitForText(ink.lastFrame, 'pairing required');
  // Following: no line is selected, so the key explains itself.
  ink.stdin.write('i');
  await waitForText(ink.lastFrame, 'select a failed spawn first');
  // Lines: connected, agent failure, pairing failure, and the two device requests.
  ink.stdin.write('j');
  await waitFor(ink.lastFrame, (f) => /›.*"wanted-laptop" requests/.test(f), 'newest selected');
  ink.stdin.write('kkk');
  await waitFor(ink.lastFrame, (f) => /›.*spawn failed: agentId/.test(f), 'agent failure line');
  ink.stdin.write('i');
  await waitForText(ink.lastFrame, 'this line has no pairing request waiting in the Inbox');
  ink.stdin.write('j');
  await waitFor(
    ink.lastFrame,
    (f) => /›.*gateway closed \(1008\)/.test(f),
    'pairing line selected',
  );
  ink.stdin.write('i');
  await waitForText(ink.lastFrame, '[2 inbox');
  await waitFor(ink.lastFrame, (f) => /›.*wanted-laptop/.test(f), 'the waiting request selected');
  assert.deepEqual(calls, []);
});

test('events: F on an agent-not-allowed failure shows the allowAgents diff, y applies', async () => {
  const {commands, calls} = fakeCommands();
  const ink = renderApp(connectedStore({events: [agentFailure(100)]}), commands);
  ink.stdin.write('3');
  await waitForText(ink.lastFrame, 'agent not allowed');
  ink.stdin.write('j');
  await waitFor(ink.lastFrame, (f) => /›.*spawn failed: agentId/.test(f), 'line selected');
  await waitForText(ink.lastFrame, 'F fix');
  ink.stdin.write('F');
  await waitForText(ink.lastFrame, 'Let this agent spawn that agent?');
  await waitForText(
    ink.lastFrame,
    'agents.entries.main.subagents.allowAgents: (unset) → ["main","ops"]',
  );
  await waitFor(ink.lastFrame, (f) => /agent +main → ops/.test(f), 'the exact pair');
  ink.stdin.write('y');
  await waitForText(ink.lastFrame, 'the change: applied');
  assert.deepEqual(calls, [
    ['prepareAllowAgent', 'main', 'ops'],
    ['applyPrepared', 'tok-1'],
  ]);
});

const embedStatus = (state: EmbedStatus['state']): EmbedStatus => ({
  state,
  url: 'ws://127.0.0.1:18789',
  port: 18789,
  command: ['node', 'openclaw.mjs', 'gateway'],
  pid: 4242,
  restarts: 0,
  canRunDoctor: false,
});

const embedExtras = (status: EmbedStatus, embedStopsOnQuit?: boolean): AppExtras => ({
  embed: {getSnapshot: () => status, subscribe: () => () => {}},
  ...(embedStopsOnQuit === undefined ? {} : {embedStopsOnQuit}),
});

test('quit with an embedded gateway asks first: n stays, ctrl+c keeps asking, y quits', async () => {
  const {commands, calls} = fakeCommands();
  const ink = renderApp(connectedStore(), commands, {extras: embedExtras(embedStatus('ready'))});
  await waitForText(ink.lastFrame, '[1 sessions]');
  ink.stdin.write('q');
  await waitForText(ink.lastFrame, 'Stop the embedded gateway? This stops every agent run.');
  await waitForText(ink.lastFrame, 'pid 4242');
  ink.stdin.write('n');
  await waitFor(ink.lastFrame, (f) => !f.includes('Stop the embedded gateway'), 'stayed');
  ink.stdin.write('2');
  await waitForText(ink.lastFrame, '[2 inbox');
  ink.stdin.write('\x03');
  await waitForText(ink.lastFrame, 'Stop the embedded gateway?');
  ink.stdin.write('\x03');
  await waitForText(ink.lastFrame, 'y yes, quit and stop the gateway');
  assert.deepEqual(calls, []);
  ink.stdin.write('y');
  await waitFor(
    () => String(calls.length),
    (n) => n === '1',
    'quit called',
  );
  assert.deepEqual(calls, [['quit']]);
});

test('quit asks nothing when the gateway is not ours to stop', async () => {
  for (const extras of [
    embedExtras(embedStatus('attached-existing')),
    embedExtras(embedStatus('detached')),
    embedExtras(embedStatus('ready'), false),
  ]) {
    const {commands, calls} = fakeCommands();
    const ink = renderApp(connectedStore(), commands, {extras});
    await waitForText(ink.lastFrame, '[1 sessions]');
    ink.stdin.write('q');
    await waitFor(
      () => String(calls.length),
      (n) => n === '1',
      'quit called at once',
    );
    assert.deepEqual(calls, [['quit']]);
    assert.doesNotMatch(ink.lastFrame() ?? '', /Stop the embedded gateway/);
    cleanup();
  }
});

test('L lists the audit log newest first; esc closes it', async () => {
  const {commands, calls} = fakeCommands({
    audit: [
      {
        ts: '2026-09-14T10:00:00.000Z',
        gateway: 'ws://127.0.0.1:18789',
        kind: 'exec-approval',
        id: 'exec-older',
        decision: 'allow-once',
        granted: 'run npm test once',
        outcome: 'applied',
      },
      {
        ts: '2026-09-14T10:05:00.000Z',
        gateway: 'ws://127.0.0.1:18789',
        kind: 'policy',
        id: 'channels.qqbot.accounts.default.allowFrom',
        decision: 'allow-sender',
        granted: 'channels.qqbot.accounts.default.allowFrom: [] → ["20417"]',
        outcome: 'not-applied',
        message: 'config changed',
      },
    ],
  });
  const ink = renderApp(connectedStore(), commands);
  await waitForText(ink.lastFrame, '[1 sessions]');
  await waitForText(ink.lastFrame, 'L audit');
  ink.stdin.write('L');
  await waitForText(ink.lastFrame, 'Audit log: decisions from this console, newest first');
  const frame = await waitForText(ink.lastFrame, 'exec-older');
  assert.ok(frame.indexOf('allow-sender') < frame.indexOf('exec-older'), `newest first:\n${frame}`);
  assert.match(frame, /policy +channels\.qqbot/);
  assert.match(frame, /not-applied +\[\] → \[/, 'the diff without its repeated path');
  assert.match(frame, /allow-once +applied/);
  ink.stdin.write(KEY.esc);
  await waitFor(ink.lastFrame, (f) => !f.includes('Audit log:'), 'closed');
  ink.stdin.write('2');
  await waitForText(ink.lastFrame, '[2 inbox');
  assert.deepEqual(calls, [['readAudit']]);
});

test('read-only: u and F are hidden and refused; i and L stay', async () => {
  const {commands, calls} = fakeCommands();
  const store = withAskingSender(
    withDevices(
      connectedStore({
        readOnly: true,
        events: [agentFailure(100), pairingFailure(101, 'dev-req-wanted')],
      }),
    ),
    '222',
  );
  const ink = renderApp(store, commands, {readOnly: true});
  await waitForText(ink.lastFrame, 'READ-ONLY');
  await selectCandidate(ink, /› +\? Ada \(222\)/);
  assert.doesNotMatch(ink.lastFrame() ?? '', /u allow sender/);
  ink.stdin.write('u');
  await waitForText(ink.lastFrame, 'disabled: read-only');
  ink.stdin.write('2');
  await waitForText(ink.lastFrame, '[2 inbox');
  ink.stdin.write('u');
  await waitForText(ink.lastFrame, 'disabled: read-only');
  ink.stdin.write('3');
  await waitForText(ink.lastFrame, 'pairing required');
  ink.stdin.write('j');
  await waitFor(ink.lastFrame, (f) => /›.*"wanted-laptop" requests/.test(f), 'newest selected');
  ink.stdin.write('kkk');
  await waitFor(ink.lastFrame, (f) => /›.*spawn failed: agentId/.test(f), 'agent failure line');
  assert.doesNotMatch(ink.lastFrame() ?? '', /F fix/);
  ink.stdin.write('F');
  await waitForText(ink.lastFrame, 'disabled: read-only');
  ink.stdin.write('?');
  await waitForText(ink.lastFrame, 'commands that change things are hidden');
  const help = ink.lastFrame() ?? '';
  assert.doesNotMatch(help, /allow that agent|allow its sender|Allow the sender to DM/);
  assert.match(help, /Failed spawn: go to its pairing/);
  assert.match(help, /Audit log: what this console decided/);
  ink.stdin.write(KEY.esc);
  await waitFor(ink.lastFrame, (f) => !f.includes('commands that change things'), 'help closed');
  ink.stdin.write('j');
  await waitFor(ink.lastFrame, (f) => /›.*gateway closed \(1008\)/.test(f), 'pairing line');
  ink.stdin.write('i');
  await waitFor(ink.lastFrame, (f) => /›.*wanted-laptop/.test(f), 'jumped in read-only');
  ink.stdin.write('L');
  await waitForText(ink.lastFrame, 'no decisions recorded yet');
  assert.deepEqual(calls, [['readAudit']]);
});

test('while the embedded gateway starts, "unreachable" does not hide the panes', async () => {
  const store = createStore(
    createInitialState({
      url: 'ws://127.0.0.1:18789',
      urlSource: 'default',
      credentialSource: 'none',
      now: Date.now(),
    }),
  );
  dropUnreachable(store, 1000);
  store.dispatch({type: 'ui/pane-selected', pane: 'gateway'});
  const {commands} = fakeCommands();
  const ink = renderApp(store, commands, {extras: embedExtras(embedStatus('starting'))});
  await waitForText(ink.lastFrame, 'embedded gateway');
  const frame = ink.lastFrame() ?? '';
  assert.ok(frame.includes('starting'), frame);
  assert.ok(!frame.includes('Cannot reach the gateway'), frame);
});

// Hostile gateway text through EVERY view, with no styling at all: the frame must contain no
// escape byte, no C0/C1 control (other than Ink's own newlines) and no bidi control, and the
// hostile sequences must be VISIBLE (so an operator sees that something is off).

import {test, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render, cleanup} from 'ink-testing-library';
import {App} from '../../source/app.tsx';
import {createStore} from '../../source/state/store.ts';
import {createInitialState} from '../../source/state/reducer.ts';
import {Themed, waitFor, waitForText} from './helpers.tsx';
import {HOSTILE, UNSAFE, VISIBLE_MARKERS, hostileViews} from './hostile-cases.tsx';
import {addressed} from '../support/state.ts';

afterEach(() => cleanup());

test('the hostile string really is hostile (guards the guard)', () => {
  assert.match(HOSTILE, UNSAFE);
});

for (const [name, element] of hostileViews()) {
  test(`hostile text is inert in: ${name}`, () => {
    const {lastFrame} = render(<Themed mode="plain">{element}</Themed>);
    const frame = lastFrame() ?? '';
    const bad = UNSAFE.exec(frame);
    assert.equal(
      bad,
      null,
      `unsafe U+${bad?.[0].charCodeAt(0).toString(16)} in ${name}:\n${frame}`,
    );
    assert.ok(
      VISIBLE_MARKERS.some((m) => frame.includes(m)) || frame.includes('␛'),
      `${name} shows no trace of the hostile text:\n${frame}`,
    );
  });
}

test('hostile text is inert across the whole App, pane by pane', async () => {
  const h = (tag: string) => `${tag}${HOSTILE}`;
  const store = createStore(
    createInitialState({
      url: 'ws://127.0.0.1:18789',
      urlSource: h('src'),
      credentialSource: h('cred'),
      now: Date.now(),
    }),
  );
  const at = Date.now();
  store.dispatch(
    addressed({
      type: 'gateway/connected',
      hello: {
        protocol: 4,
        serverVersion: h('v'),
        methods: [],
        events: [],
        scopes: ['operator.admin', h('s')],
        tickIntervalMs: 30000,
      },
      at,
    }),
  );
  store.dispatch(
    addressed({
      type: 'sessions/snapshot-loaded',
      rows: [
        {
          key: 'agent:main:main',
          kind: 'direct',
          label: h('main'),
          agentId: h('a'),
          channel: h('c'),
          model: h('m'),
          status: 'running',
          activeRunIds: ['r1'],
          childSessions: ['agent:main:subagent:x'],
        },
        {
          key: 'agent:main:subagent:x',
          kind: 'direct',
          label: h('child'),
          parentSessionKey: 'agent:main:main',
          status: 'failed',
          lastRunError: h('err'),
        },
        {
          key: 'agent:main:subagent:y',
          kind: 'direct',
          label: h('orphan'),
          parentSessionKey: h('agent:gone:'),
        },
      ],
      complete: true,
      requestedAt: at,
      at,
    }),
  );
  store.dispatch(
    addressed({
      type: 'approval/requested',
      request: {
        kind: 'exec',
        id: 'ex-1',
        command: h('cmd'),
        cwd: h('cwd'),
        sessionKey: 'agent:main:main',
        turnSourceChannel: 'telegram',
        turnSourceTo: h('to'),
      },
      at,
    }),
  );
  store.dispatch(
    addressed({
      type: 'device-pairing/requested',
      request: {
        requestId: 'dev-1',
        deviceId: h('d'),
        displayName: h('n'),
        scopes: [h('s')],
        isRepair: true,
      },
      at,
    }),
  );
  store.dispatch(
    addressed({
      type: 'policy/loaded',
      policy: {
        channels: [
          {
            channel: 'telegram',
            dmPolicy: h('p'),
            dmPolicySource: 'explicit',
            allowFrom: [h('a'), '*'],
            allowFromSource: 'own',
          },
        ],
        agents: [{agentId: h('ag'), allowAgents: [h('x')], roster: 'entries'}],
      },
      requestedAt: at,
      at,
    }),
  );
  store.dispatch({type: 'ui/notice-shown', text: h('notice'), tone: 'error', at, ttlMs: 60_000});
  const noop = () => {};
  const commands = {
    decide: noop,
    answer: noop,
    prepareAllowSender: async () => ({status: 'refused' as const, message: h('no')}),
    prepareAllowAgent: async () => ({status: 'refused' as const, message: h('no')}),
    applyPrepared: async () => ({status: 'refused' as const, message: h('no')}),
    discardPrepared: noop,
    readAudit: async () => [
      {ts: h('ts'), kind: h('k'), id: h('id'), decision: h('d'), outcome: 'applied' as const},
    ],
    stopRun: noop,
    stopSubtree: noop,
    steer: noop,
    peek: async () => [{role: h('r'), text: h('t')}],
    retryConnect: noop,
    startEmbedded: noop,
    openDemo: noop,
    taskAction: noop,
    quit: noop,
  };
  const {lastFrame, stdin} = render(
    <Themed mode="plain">
      <App
        store={store}
        commands={commands}
        options={{readOnly: false, demo: false, noBell: true}}
      />
    </Themed>,
  );
  const check = (label: string) => {
    const frame = lastFrame() ?? '';
    const bad = UNSAFE.exec(frame);
    assert.equal(
      bad,
      null,
      `unsafe U+${bad?.[0].charCodeAt(0).toString(16)} on ${label}:\n${frame}`,
    );
  };
  await waitForText(lastFrame, '[1 sessions]');
  check('sessions');
  stdin.write('p');
  await waitForText(lastFrame, 'peek');
  check('peek');
  stdin.write('s');
  await waitForText(lastFrame, 'steer →');
  // Typed/pasted text without ESC (Ink itself cannot take some raw CSI input; see input-guard).
  stdin.write('x\u009b31m\u202ey\u0007\u2066z');
  await waitForText(lastFrame, '⟨U+202E⟩');
  check('steer input');
  stdin.write('\x1b');
  await waitFor(lastFrame, (f) => !f.includes('steer →'), 'steer input closed');
  for (const [key, label] of [
    ['2', 'inbox'],
    ['3', 'events'],
    ['4', 'gateway'],
    ['5', 'policy'],
  ] as const) {
    stdin.write(key);
    await waitForText(lastFrame, `[${key} ${label}`);
    check(label);
  }
  stdin.write('2');
  await waitForText(lastFrame, '[2 inbox');
  stdin.write('a');
  await waitForText(lastFrame, 'request id');
  check('confirm');
  stdin.write('n');
  await waitFor(lastFrame, (f) => !f.includes('request id'), 'confirm closed');
  stdin.write('L');
  await waitForText(lastFrame, 'newest first');
  check('audit log');
});

// The merged event tail is built only while the Events pane is shown (app.tsx): a paused tail
// must still hold its line when lines came in while another pane was up.

import {test, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup} from 'ink-testing-library';
import {fakeCommands} from './fake-commands.ts';
import {waitFor, waitForText} from './helpers.tsx';
import {renderApp} from './render-app.tsx';
import {connectedStore} from './connected-store.ts';
import {addressed} from '../support/state.ts';
import type {Store} from '../../source/state/store.ts';

afterEach(() => cleanup());

const approval = (store: Store, id: string, command: string, at: number): void =>
  store.dispatch(
    addressed({
      type: 'approval/requested',
      request: {kind: 'exec', id, command, expiresAtMs: at + 120_000},
      at,
    }),
  );

test('a paused tail keeps its selected line while lines arrive behind another pane', async () => {
  const store = connectedStore({
    serverVersion: '2026.9.6',
    scopes: ['operator.read', 'operator.write', 'operator.approvals'],
    rows: [{key: 'agent:main:main', kind: 'direct', agentId: 'main', isMain: true}],
  });
  const now = Date.now();
  approval(store, 'exec-a', 'make alpha', now);
  approval(store, 'exec-b', 'make bravo', now + 1);
  const {commands} = fakeCommands();
  const {lastFrame, stdin} = renderApp(store, commands);
  await waitForText(lastFrame, '[1 sessions]');
  stdin.write('3');
  await waitForText(lastFrame, 'make bravo');
  // k pauses the tail on the newest line (bravo) and moves up from there.
  stdin.write('k');
  await waitFor(lastFrame, (f) => /paused/.test(f) && /›.*make alpha/.test(f), 'alpha selected');

  stdin.write('1');
  await waitForText(lastFrame, '[1 sessions]');
  for (let i = 0; i < 5; i++) approval(store, `exec-new-${i}`, `make new-${i}`, now + 10 + i);
  stdin.write('3');
  await waitForText(lastFrame, 'paused');
  await waitFor(lastFrame, (f) => /›.*make alpha/.test(f), 'alpha still selected');
  assert.doesNotMatch(lastFrame() ?? '', /›.*make (bravo|new)/);
});

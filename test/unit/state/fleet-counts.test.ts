// The Fleet rows' session counts (running / total) stay exact frame after frame while a flood
// starts and ends runs, creates and deletes sessions: the running count is kept per chunk of a
// gateway's session table, so a stale chunk count would show here.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {mulberry32} from '../../../source/fixture/fixture-ids.ts';
import type {SessionRow} from '../../../source/protocol/types.ts';
import {forGateway, type Action} from '../../../source/state/actions.ts';
import {selectFleetRows} from '../../../source/state/fleet-selectors.ts';
import {createGatewayRecord} from '../../../source/state/gateway-record.ts';
import {rootReducer, type AppState} from '../../../source/state/reducer.ts';
import {sessionStatus} from '../../../source/state/session-derive.ts';
import {initialUiState} from '../../../source/state/ui-slice.ts';

const IDS = ['a', 'b'] as const;

test('fleet rows count running and total sessions exactly after every batch of changes', () => {
  const next = mulberry32(7);
  let state: AppState = {
    gateways: Object.fromEntries(
      IDS.map((id) => [
        id,
        createGatewayRecord({url: `ws://${id}`, urlSource: 'test', credentialSource: 'test'}),
      ]),
    ),
    ui: initialUiState,
  };
  const rows = new Map<string, Map<string, SessionRow>>();
  const dispatch = (id: string, action: Parameters<typeof forGateway>[1]): void => {
    state = rootReducer(state, forGateway(id, action) as Action);
  };
  for (const id of IDS) {
    const held = new Map<string, SessionRow>();
    for (let i = 0; i < 150; i++) {
      const key = `agent:main:subagent:${i}`;
      held.set(key, {key, createdAt: i, hasActiveRun: next() < 0.3});
    }
    rows.set(id, held);
    dispatch(id, {
      type: 'sessions/snapshot-loaded',
      rows: [...held.values()],
      complete: true,
      requestedAt: 1,
      at: 1,
    });
  }
  for (let step = 0; step < 300; step++) {
    const at = 10 + step;
    for (const id of IDS) {
      const held = rows.get(id) as Map<string, SessionRow>;
      for (let n = Math.floor(next() * 4); n >= 0; n--) {
        const key = `agent:main:subagent:${Math.floor(next() * 170)}`;
        const roll = next();
        if (roll < 0.08 && held.has(key)) {
          held.delete(key);
          dispatch(id, {type: 'session/changed', change: {sessionKey: key, reason: 'delete'}, at});
          continue;
        }
        const row: SessionRow = {
          key,
          createdAt: held.get(key)?.createdAt ?? at,
          hasActiveRun: roll < 0.5,
        };
        held.set(key, row);
        dispatch(id, {type: 'session/changed', change: {sessionKey: key, session: row}, at});
      }
    }
    const counts = selectFleetRows(state).map((row) => [row.sessionsRunning, row.sessionsTotal]);
    const expected = IDS.map((id) => {
      const held = [...(rows.get(id) as Map<string, SessionRow>).values()];
      return [held.filter((row) => sessionStatus(row) === 'running').length, held.length];
    });
    assert.deepEqual(counts, expected, `step ${step}`);
  }
});

// Fault 3: the gateway (or something posing as it) sends frames the console cannot use —
// malformed JSON, wrong field types, unknown events, frame types and methods, frames over the
// size limit. Each is written to the console's own log, ignored, and nothing crashes: the
// connection stays usable and the next good event still updates the state (no stuck UI).

import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {RequestError} from '../../../source/client/types.ts';
import {
  connected,
  dropped,
  listsLoaded,
  reconnect,
  startRig,
  synced,
  waitForState,
  type Rig,
} from './rig.ts';
import {gw} from '../../support/state.ts';
import {sessionEntryOf} from '../../../source/state/sessions-slice.ts';

const home = mkdtempSync(path.join(tmpdir(), 'oct-faults-log-'));
after(() => rmSync(home, {recursive: true, force: true}));

const TERMINAL_CONTROLS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Each raw frame, and the words the log line about it must contain. */
const JUNK: readonly (readonly [frame: string, logged: RegExp])[] = [
  ['{"type":"event","event":"health","payload":{', /invalid frame \(not JSON\)/],
  ['[1,2,3]', /invalid frame \(not an object\)/],
  ['"hello"', /invalid frame \(not an object\)/],
  [JSON.stringify({type: 'event', payload: {}}), /invalid frame \(event without name\)/],
  [JSON.stringify({type: 'res', ok: true, payload: {}}), /invalid frame \(response without id\)/],
  // The gateway "calling" the console, and a frame type from some future protocol.
  [
    JSON.stringify({type: 'req', id: 'srv-1', method: 'client.reboot', params: {}}),
    /invalid frame \(unknown frame type\)/,
  ],
  [JSON.stringify({type: 'stream', id: 'x'}), /invalid frame \(unknown frame type\)/],
  // Known events with the wrong field types.
  [
    JSON.stringify({type: 'event', event: 'exec.approval.requested', payload: {id: 42}}),
    /malformed exec\.approval\.requested/,
  ],
  [
    JSON.stringify({
      type: 'event',
      event: 'device.pair.requested',
      payload: {requestId: ['r'], deviceId: {}},
    }),
    /malformed device\.pair\.requested/,
  ],
  [
    JSON.stringify({type: 'event', event: 'sessions.changed', payload: 'agent:main:main'}),
    /malformed sessions\.changed/,
  ],
  [JSON.stringify({type: 'event', event: 'agent', payload: [1]}), /malformed agent/],
  [
    JSON.stringify({type: 'event', event: 'exec.approval.resolved', payload: {id: null}}),
    /malformed exec\.approval\.resolved/,
  ],
  // Events this console has never heard of, one with a terminal escape in its name.
  [
    JSON.stringify({type: 'event', event: 'openclaw.future.thing', payload: {}}),
    /unhandled event openclaw\.future\.thing/,
  ],
  [
    JSON.stringify({type: 'event', event: '\u001b[2J\u001b]52;c;cHduZWQ=\u0007x', payload: {}}),
    /unhandled event/,
  ],
];

/** The next well-formed events still land: a new approval and a new session. */
const assertStillLive = async (rig: Rig, tag: string): Promise<void> => {
  const approvalId = rig.gateway.requestExecApproval({command: `echo ${tag}`});
  const sessionKey = `agent:main:${tag}`;
  rig.gateway.addSession({key: sessionKey, label: tag});
  await waitForState(
    rig.store,
    (state) =>
      gw(state).inbox.items[approvalId]?.state.phase === 'pending' &&
      sessionEntryOf(gw(state).sessions, sessionKey) !== undefined,
    `the good events after the junk (${tag})`,
  );
};

test('malformed, mistyped and unknown frames: logged, ignored, and the next good event lands', async () => {
  const logFile = path.join(home, 'junk', 'console.log');
  const rig = await startRig({logFile});
  try {
    await synced(rig);
    const before = rig.store.getState();
    const logsBefore = rig.logs.length;

    for (const [frame] of JUNK) rig.gateway.sendRaw(frame);
    // An unknown method asked of the gateway: a plain error for that call, nothing more.
    await assert.rejects(
      rig.connection.request('openclaw.future.method', {}),
      (error: unknown) =>
        error instanceof RequestError &&
        error.outcome === 'rejected' &&
        /unknown method/.test(error.message),
    );
    await assertStillLive(rig, 'after-junk');

    const logged = rig.logs.slice(logsBefore).map((line) => line.message);
    for (const [frame, words] of JUNK) {
      assert.ok(
        logged.some((line) => words.test(line)),
        `nothing logged for ${frame}; log:\n${logged.join('\n')}`,
      );
    }
    assert.ok(logged.length >= JUNK.length, `one log line per frame:\n${logged.join('\n')}`);

    const state = rig.store.getState();
    assert.equal(rig.connection.status.phase, 'connected', 'junk is no reason to drop');
    assert.equal(gw(state).gateway.problem, undefined);
    assert.equal(
      Object.keys(gw(state).inbox.items).length,
      Object.keys(gw(before).inbox.items).length + 1,
      'only the good approval reached the inbox',
    );
    assert.deepEqual(
      gw(state).events.items.filter((event) => /future|client\.reboot|\[2J/.test(event.summary)),
      [],
      'junk reached the tail',
    );

    // The console's own log file got every line, one line each, with no live terminal controls.
    const text = readFileSync(logFile, 'utf8');
    const lines = text.split('\n').filter((line) => line !== '');
    assert.ok(lines.length >= JUNK.length);
    assert.ok(!TERMINAL_CONTROLS.test(text), 'a raw control character reached the log file');
    assert.match(text, /unhandled event ␛\[2J/);
  } finally {
    await rig.close();
  }
});

test('invalid UTF-8 in a text frame: decoded with U+FFFD, no drop, the event lands', async () => {
  const rig = await startRig();
  try {
    await synced(rig);
    const sessionKey = 'agent:main:bad-bytes';
    const frame = JSON.stringify({
      type: 'event',
      event: 'sessions.changed',
      payload: {sessionKey, reason: 'create', session: {key: sessionKey, label: 'BYTES'}},
    });
    // A lone continuation byte and a truncated sequence where the label's letters were.
    const bytes = Buffer.from(frame.replace('BYTES', 'B\u0001Y'), 'utf8');
    const at = bytes.indexOf(0x01);
    const broken = Buffer.concat([
      bytes.subarray(0, at),
      Buffer.from([0x80, 0xe2, 0x82]),
      bytes.subarray(at + 1),
    ]);
    rig.gateway.sendRaw(broken);
    await waitForState(
      rig.store,
      (state) => sessionEntryOf(gw(state).sessions, sessionKey) !== undefined,
      'the session from the frame with bad bytes',
    );
    assert.match(
      sessionEntryOf(gw(rig.store.getState()).sessions, sessionKey)?.row.label ?? '',
      /^B\uFFFD+Y$/,
    );
    assert.equal(rig.connection.status.phase, 'connected', 'a bad byte is no reason to drop');
    await assertStillLive(rig, 'after-bad-bytes');
  } finally {
    await rig.close();
  }
});

test('an oversized frame: refused by the transport, logged, reconnected, and the next event lands', async () => {
  const rig = await startRig({connection: {maxPayload: 64 * 1024}});
  try {
    await synced(rig);
    const since = rig.actions.length;
    rig.gateway.sendOversized(256 * 1024);

    const status = await dropped(rig);
    assert.equal(status.problem?.kind, 'other');
    assert.equal(status.problem?.kind === 'other' && status.problem.code, 'PAYLOAD_TOO_LARGE');
    assert.ok(
      rig.logs.some((line) => /PAYLOAD_TOO_LARGE/.test(line.message)),
      `not logged: ${JSON.stringify(rig.logs)}`,
    );
    const problem = gw(rig.store.getState()).gateway.problem;
    assert.equal(problem?.kind === 'other' && problem.code, 'PAYLOAD_TOO_LARGE');

    await reconnect(rig);
    await connected(rig);
    await listsLoaded(rig, since);
    assert.equal(
      gw(rig.store.getState()).gateway.problem,
      undefined,
      'the problem clears on hello',
    );
    await assertStillLive(rig, 'after-oversized');
  } finally {
    await rig.close();
  }
});

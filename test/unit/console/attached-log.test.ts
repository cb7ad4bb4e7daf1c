// The attached gateway's log in the Gateway pane: logs.tail is read only while the pane is open,
// from the tail first and then forward by cursor; JSON records read as "LEVEL message"; a
// rotation says so; a failing read is logged once, not once a second.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createAttachedLog, createGatewayPaneLog} from '../../../source/console/attached-log.ts';
import {readLogLine} from '../../../source/protocol/parse-logs.ts';
import {startRig, synced} from '../faults/rig.ts';

test('read only while wanted; tail first, then forward by cursor; records as LEVEL message', async () => {
  const rig = await startRig();
  let wanted = false;
  const errors: string[] = [];
  const log = createAttachedLog({
    connection: rig.connection,
    wanted: () => wanted,
    intervalMs: 60_000,
    onError: (message) => errors.push(message),
  });
  try {
    await synced(rig);
    rig.gateway.engine.log('gateway', 'before the pane opened', 'warn');
    const reads = () => rig.gateway.requestsFor('logs.tail').length;

    await log.poll();
    assert.equal(reads(), 0, 'pane closed: no read');

    wanted = true;
    await log.poll();
    assert.equal(reads(), 1);
    const first = log.getSnapshot();
    assert.ok(
      first.some((line) => line.text === 'WARN before the pane opened'),
      JSON.stringify(first),
    );

    rig.gateway.engine.log('gateway', 'after', 'info');
    await log.poll();
    const added = log
      .getSnapshot()
      .slice(first.length)
      .map((line) => line.text);
    assert.deepEqual(added, ['INFO after'], 'only the new line, read forward by cursor');

    // The file shrank under the cursor (rotation): a marker, then its tail.
    rig.gateway.engine.state.logLines.splice(0);
    rig.gateway.engine.state.logBytes = 0;
    rig.gateway.engine.log('gateway', 'fresh file', 'info');
    await log.poll();
    const tail = log
      .getSnapshot()
      .slice(-2)
      .map((line) => line.text);
    assert.match(tail[0] ?? '', /rotated or we fell behind/);
    assert.equal(tail[1], 'INFO fresh file');
    assert.deepEqual(errors, []);
  } finally {
    log.dispose();
    await rig.close();
  }
});

test('a failing read is reported once, and the pane keeps what it had', async () => {
  const rig = await startRig();
  let failing = false;
  // The real connection, except that logs.tail fails while `failing` is set.
  const connection = new Proxy(rig.connection, {
    get(target, property) {
      if (property === 'request' && failing) {
        return async () => {
          throw new Error('boom');
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
  const errors: string[] = [];
  const log = createAttachedLog({
    connection,
    wanted: () => true,
    intervalMs: 60_000,
    onError: (message) => errors.push(message),
  });
  try {
    await synced(rig);
    rig.gateway.engine.log('gateway', 'kept', 'info');
    await log.poll();
    const before = log.getSnapshot();
    assert.ok(before.some((line) => line.text === 'INFO kept'));
    failing = true;
    for (let i = 0; i < 5; i++) await log.poll();
    assert.deepEqual(errors, ['logs.tail failed: boom'], 'once, not once per poll');
    assert.equal(log.getSnapshot(), before, 'what was shown stays');
    failing = false;
    rig.gateway.engine.log('gateway', 'again', 'info');
    await log.poll();
    assert.equal(log.getSnapshot().at(-1)?.text, 'INFO again');
  } finally {
    log.dispose();
    await rig.close();
  }
});

test('log lines: JSON records with a message read as LEVEL message; anything else as it is', () => {
  assert.deepEqual(
    readLogLine('{"time":"2026-11-25T10:00:00.000Z","level":"warn","msg":"disk low"}'),
    {
      text: 'WARN disk low',
      at: Date.parse('2026-11-25T10:00:00.000Z'),
    },
  );
  assert.deepEqual(readLogLine('{"0":"tslog style","_meta":{"logLevelName":"ERROR"}}'), {
    text: 'ERROR tslog style',
  });
  // The real gateway's shape: the logger's name as JSON, a context object, then the words.
  const cron = JSON.stringify({
    0: JSON.stringify({module: 'cron'}),
    1: {enabled: true, jobs: 1},
    2: 'cron: started',
    _meta: {date: '2026-11-25T17:37:29.075Z', logLevelName: 'INFO'},
  });
  assert.deepEqual(readLogLine(cron), {
    text: 'INFO cron: started',
    at: Date.parse('2026-11-25T17:37:29.075Z'),
  });
  assert.deepEqual(readLogLine('plain text line'), {text: 'plain text line'});
  assert.deepEqual(readLogLine('{"no":"message"}'), {text: '{"no":"message"}'});
  assert.deepEqual(readLogLine('{broken'), {text: '{broken'});
});

test('the console’s pane log: opening the Gateway pane reads at once; other panes never read', async () => {
  const rig = await startRig();
  const log = createGatewayPaneLog({
    connection: rig.connection,
    store: rig.store,
    intervalMs: 60_000,
  });
  try {
    await synced(rig);
    rig.gateway.engine.log('gateway', 'waiting for the pane', 'info');
    const reads = () => rig.gateway.requestsFor('logs.tail').length;
    rig.store.dispatch({type: 'ui/pane-selected', pane: 'events'});
    await log.poll();
    assert.equal(reads(), 0);
    rig.store.dispatch({type: 'ui/pane-selected', pane: 'gateway'});
    await waitFor(() =>
      log.getSnapshot().some((line) => line.text === 'INFO waiting for the pane'),
    );
    assert.equal(reads(), 1, 'one read, on opening (the timer is a minute away)');
  } finally {
    log.dispose();
    await rig.close();
  }
});

const waitFor = async (check: () => boolean): Promise<void> => {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

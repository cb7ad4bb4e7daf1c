// useNow: ages refresh on their own when nothing else draws, and ride along with frames that are
// drawn anyway instead of waiting for (and adding) a render of their own.

import {test, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import React, {useState, useEffect} from 'react';
import {Text} from 'ink';
import {render, cleanup} from 'ink-testing-library';
import {useNow} from '../../source/views/use-now.ts';
import {waitFor} from './helpers.tsx';

afterEach(() => cleanup());

let clockNow = 0;
const clock = (): number => clockNow;

function Age({intervalMs, busyMs}: {intervalMs: number; busyMs?: number}): React.ReactElement {
  const now = useNow(intervalMs, clock);
  const [, setBusy] = useState(0);
  useEffect(() => {
    if (busyMs === undefined) return;
    const timer = setInterval(() => setBusy((n) => n + 1), busyMs);
    return () => clearInterval(timer);
  }, [busyMs]);
  return <Text>{`now ${now}`}</Text>;
}

test('idle: the time is drawn again once the interval has passed', async () => {
  clockNow = 1_000;
  const {lastFrame} = render(<Age intervalMs={80} />);
  assert.equal(lastFrame(), 'now 1000');
  clockNow = 1_100;
  await waitFor(lastFrame, (frame) => frame === 'now 1100', 'the idle refresh');
});

test('busy: every frame drawn for another reason carries the current time', async () => {
  clockNow = 5_000;
  // The refresh interval is far away: only the other renders can show the new time.
  const {lastFrame} = render(<Age intervalMs={60_000} busyMs={10} />);
  assert.equal(lastFrame(), 'now 5000');
  clockNow = 5_250;
  await waitFor(lastFrame, (frame) => frame === 'now 5250', 'the time on a busy frame');
});

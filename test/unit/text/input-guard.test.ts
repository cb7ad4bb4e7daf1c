import {test} from 'node:test';
import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import React from 'react';
import {render, Text, useInput} from 'ink';
import {guardInput, stripUnnamedCsi} from '../../../source/text/input-guard.ts';

test('keys Ink can name pass; other CSI sequences are dropped', () => {
  for (const key of [
    '\x1b[A',
    '\x1b[B',
    '\x1b[1;5A',
    '\x1b[Z',
    '\x1b[3~',
    '\x1b[5~',
    '\x1b[H',
    '\x1b[F',
    '\x1b[97;5u',
    'j',
    '\x1b',
    '\r',
  ]) {
    assert.equal(stripUnnamedCsi(key), key, JSON.stringify(key));
  }
  assert.equal(stripUnnamedCsi('a\x1b[31mred\x1b[0m'), 'ared');
  assert.equal(stripUnnamedCsi('\x1b[1;5P'), '');
  assert.equal(stripUnnamedCsi('\x1b[2J\x1b[?25lx'), 'x');
  assert.equal(stripUnnamedCsi('\x1b[?1A'), '');
});

/** Just enough of a TTY stdin for Ink: chunks are queued, then 'readable' fires. */
class FakeStdin extends EventEmitter {
  isTTY = true;
  private chunks: string[] = [];
  setEncoding() {}
  setRawMode() {}
  ref() {}
  unref() {}
  resume() {}
  pause() {}
  read(): string | null {
    return this.chunks.shift() ?? null;
  }
  type(chunk: string) {
    this.chunks.push(chunk);
    this.emit('readable');
  }
}

class FakeStdout extends EventEmitter {
  columns = 80;
  rows = 24;
  frames: string[] = [];
  write(frame: string) {
    this.frames.push(frame);
    return true;
  }
}

test('Ink survives a pasted colour sequence when stdin is guarded', async () => {
  const stdin = new FakeStdin();
  const stdout = new FakeStdout();
  const seen: string[] = [];
  function Keys() {
    useInput((input) => seen.push(input));
    return React.createElement(Text, null, 'keys');
  }
  const instance = render(React.createElement(Keys), {
    stdin: guardInput(stdin) as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    debug: true,
    patchConsole: false,
    exitOnCtrlC: false,
  });
  // Let Ink attach its 'readable' listener (an effect after the first render).
  for (let i = 0; i < 100 && stdin.listenerCount('readable') === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.ok(stdin.listenerCount('readable') > 0);
  stdin.type('\x1b[31mred');
  stdin.type('\x1b[1;5P');
  stdin.type('x');
  instance.unmount();
  assert.deepEqual(seen, ['red', 'x']);
});

// The same hostile views with colours forced on. Our theme's styles make Ink emit SGR sequences
// (ESC [ … m); those, and only those, are stripped before checking. That is sound because a
// gateway ESC never reaches Ink raw: the sanitiser turns it into '␛', which the markers check
// proves is on screen, so every real ESC left in the frame is Ink's own.
import './force-color.ts';
import {test, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render, cleanup} from 'ink-testing-library';
import {Themed} from './helpers.tsx';
import {SGR, UNSAFE, VISIBLE_MARKERS, hostileViews} from './hostile-cases.tsx';

afterEach(() => cleanup());

test('colours are really on in this file (else the test below proves nothing)', () => {
  const [, element] = hostileViews()[0]!;
  const {lastFrame} = render(<Themed mode="color">{element}</Themed>);
  assert.match(lastFrame() ?? '', SGR);
});

for (const [name, element] of hostileViews()) {
  test(`hostile text is inert with colours on: ${name}`, () => {
    const {lastFrame} = render(<Themed mode="color">{element}</Themed>);
    const frame = lastFrame() ?? '';
    const stripped = frame.replace(SGR, '');
    const bad = UNSAFE.exec(stripped);
    assert.equal(bad, null, `unsafe U+${bad?.[0].charCodeAt(0).toString(16)} in ${name}`);
    assert.ok(VISIBLE_MARKERS.some((m) => stripped.includes(m)) || stripped.includes('␛'), name);
  });
}

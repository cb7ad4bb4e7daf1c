// The whole App over a store, the way most view tests draw it: themed (plain), no demo, no bell
// unless a test is about the bell; and the one frame line a test looks at.

import React from 'react';
import {render} from 'ink-testing-library';
import {App, type AppExtras} from '../../source/app.tsx';
import type {Store} from '../../source/state/store.ts';
import type {Commands} from '../../source/views/commands.ts';
import {Themed} from './helpers.tsx';

export type RenderAppOptions = {
  readonly readOnly?: boolean;
  readonly noBell?: boolean;
  readonly extras?: AppExtras;
};

export function renderApp(store: Store, commands: Commands, options: RenderAppOptions = {}) {
  return render(
    <Themed>
      <App
        store={store}
        commands={commands}
        options={{readOnly: options.readOnly ?? false, demo: false, noBell: options.noBell ?? true}}
        {...(options.extras ? {extras: options.extras} : {})}
      />
    </Themed>,
  );
}

/** The first line of `frame` that holds `text` ('' when none does). */
export const lineWith = (frame: string, text: string): string =>
  frame.split('\n').find((line) => line.includes(text)) ?? '';

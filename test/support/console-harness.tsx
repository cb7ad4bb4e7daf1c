// The interactive console against a real gateway, wired as source/console/run-console.tsx wires it
// (store → openGatewayLink → createConsoleCommands → <App/>), but drawn by ink-testing-library so a test can press keys and
// read the screen. Plus the small raw-client helpers the console tests share: a writer that starts
// agent turns, a remote-looking device that asks to pair, and waiting for a chat run to end.
//
// Screens are read with ANSI stripped (the runner may set FORCE_COLOR). Everything waits by
// polling with a deadline; nothing sleeps a fixed time.

import {randomInt} from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import {stripVTControlCharacters} from 'node:util';
import React from 'react';
import {render} from 'ink-testing-library';
import {App} from '../../source/app.tsx';
import {openAuditLog} from '../../source/audit/audit-log.ts';
import type {GatewayConnection} from '../../source/client/types.ts';
import {openDataStore} from '../../source/config/data-store.ts';
import {startConsoleClock} from '../../source/console/console-clock.ts';
import {createConsoleCommands} from '../../source/console/console-commands.ts';
import {openGatewayLink} from '../../source/link/gateway-link.ts';
import {DEFAULT_GATEWAY_ID} from '../../source/state/gateway-id.ts';
import type {AppState} from '../../source/state/reducer.ts';
import {createInitialState} from '../../source/state/reducer.ts';
import {createStore, type Store} from '../../source/state/store.ts';
import {createTempTuiHome} from './real-gateway.ts';
import {gw} from './state.ts';

export const KEY = {
  enter: '\r',
  esc: '\x1b',
  down: '\x1b[B',
  up: '\x1b[A',
} as const;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A short token for names a test owns (session keys, labels, commands). Consonants only: it
 * never occurs inside a hex id or an English word of another test's session, so a filter on it
 * matches this test's rows alone.
 */
export const testToken = (length = 4): string => {
  const alphabet = 'bcdfkmnpqrstvwxz';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
};

export type ConsoleUnderTest = {
  readonly store: Store;
  readonly connection: GatewayConnection;
  /** This console's OPENCLAW_TUI_HOME (identity, device token, audit log). */
  readonly home: string;
  /** The screen now, ANSI stripped. */
  readonly frame: () => string;
  /** Every screen drawn so far, ANSI stripped (to prove a state was shown, however briefly). */
  readonly frames: () => readonly string[];
  /** One key (or one pasted string) as the terminal sends it. */
  readonly press: (...keys: readonly string[]) => void;
  readonly waitFor: (
    check: (frame: string) => boolean,
    what: string,
    timeoutMs?: number,
  ) => Promise<string>;
  readonly waitForText: (text: string | RegExp, timeoutMs?: number) => Promise<string>;
  readonly waitForState: (
    check: (state: AppState) => boolean,
    what: string,
    timeoutMs?: number,
  ) => Promise<AppState>;
  /** Open the pane's filter line, type `text`, keep it (enter). */
  readonly filter: (text: string) => Promise<void>;
  readonly close: () => Promise<void>;
};

export type ConsoleOptions = {
  readonly url: string;
  readonly token: string;
  readonly readOnly?: boolean;
  readonly displayName?: string;
  /** Terminal size (default 160×50; at least 120 columns, the width the readiness check needs). */
  readonly columns?: number;
  readonly rows?: number;
};

const DEFAULT_WAIT_MS = 60_000;

/** Start a console with a fresh identity in a fresh OPENCLAW_TUI_HOME and wait for hello-ok. */
export const startConsole = async (options: ConsoleOptions): Promise<ConsoleUnderTest> => {
  const readOnly = options.readOnly ?? false;
  const home = createTempTuiHome();
  const dataStore = openDataStore({dir: home.dir});
  const identity = dataStore.loadOrCreateIdentity();
  const store = createStore(
    createInitialState({
      url: options.url,
      urlSource: 'layer-3 test',
      credentialSource: 'shared test token',
      demo: false,
      readOnly,
      host: os.hostname(),
      now: Date.now(),
    }),
  );
  // The attached gateway's log is read while the Gateway pane is open (as run-console.tsx does).
  const link = openGatewayLink({
    id: DEFAULT_GATEWAY_ID,
    store,
    url: options.url,
    auth: {token: options.token},
    identity,
    tokenStore: dataStore.deviceTokens,
    readOnly,
    clientVersion: '0.0.0-test',
    displayName: options.displayName ?? 'oct-console-test',
    reconnect: true,
    audit: openAuditLog(path.join(home.dir, 'audit.jsonl')),
    paneLog: {intervalMs: 500},
  });
  const {connection} = link;
  const stopClock = startConsoleClock(store);
  let stopped: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (stopped ??= (async () => {
      stopClock();
      await link.close();
    })());
  const commands = createConsoleCommands({
    store,
    link,
    relaunch: () => {},
    quit: shutdown,
  });
  link.start();
  const ink = render(
    <App
      store={store}
      commands={commands}
      options={{readOnly, demo: false, noBell: true}}
      extras={link.paneLog ? {gatewayLog: link.paneLog} : {}}
    />,
  );

  const harness: ConsoleUnderTest = {
    ...screenOf(ink, store),
    connection,
    home: home.dir,
    async close() {
      ink.unmount();
      ink.cleanup();
      await shutdown();
      home.remove();
    },
  };
  try {
    await harness.waitForState(
      (s) => gw(s).gateway.phase === 'connected' && gw(s).gateway.scopes.length > 0,
      'hello-ok',
    );
    await sizeScreen(ink, harness, options.columns ?? 160, options.rows ?? 50);
  } catch (error) {
    await harness.close();
    throw error;
  }
  return harness;
};

/**
 * ink-testing-library's screen is 100 columns and has no rows; resize it to a roomy terminal (as
 * a terminal would: new size, then 'resize') so ids and paths are not cut short. The App
 * subscribes to 'resize' in an effect: repeat until its sessions header has the columns only a
 * wide terminal gets (model: 120+).
 */
export const sizeScreen = async (
  ink: ReturnType<typeof render>,
  screen: Pick<ConsoleScreen, 'waitFor'>,
  columns: number,
  rows: number,
): Promise<void> => {
  Object.defineProperty(ink.stdout, 'columns', {value: columns, configurable: true});
  Object.defineProperty(ink.stdout, 'rows', {value: rows, configurable: true});
  await screen.waitFor(
    (f) => {
      ink.stdout.emit('resize');
      return linesOf(f).some((line) => /^\s+session\s.*\bchannel\s+model\b/.test(line));
    },
    `the screen to be ${columns} columns wide`,
    10_000,
  );
};

/** What a test does with a console on screen: read frames, press keys, wait, filter. */
export type ConsoleScreen = Pick<
  ConsoleUnderTest,
  'store' | 'frame' | 'frames' | 'press' | 'waitFor' | 'waitForText' | 'waitForState' | 'filter'
>;

/** The screen helpers over an ink-testing-library render of the App and its store. */
export const screenOf = (ink: ReturnType<typeof render>, store: Store): ConsoleScreen => {
  const frame = (): string => stripVTControlCharacters(ink.lastFrame() ?? '');
  const waitFor = async (
    check: (text: string) => boolean,
    what: string,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = frame();
      if (check(text)) return text;
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; screen:\n${text}`);
      }
      await sleep(20);
    }
  };
  const waitForText = (text: string | RegExp, timeoutMs?: number): Promise<string> =>
    waitFor(
      (f) => (typeof text === 'string' ? f.includes(text) : text.test(f)),
      String(text),
      timeoutMs,
    );
  const waitForState = async (
    check: (state: AppState) => boolean,
    what: string,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<AppState> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = store.getState();
      if (check(state)) return state;
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; screen:\n${frame()}`);
      }
      await sleep(20);
    }
  };
  const press = (...keys: readonly string[]): void => {
    for (const key of keys) ink.stdin.write(key);
  };

  return {
    store,
    frame,
    frames: () => ink.frames.map((f) => stripVTControlCharacters(f)),
    press,
    waitFor,
    waitForText,
    waitForState,
    async filter(text) {
      press('/');
      await waitForState((s) => s.ui.mode === 'filter', 'the filter line to open', 5000);
      if ((store.getState().ui.filters[store.getState().ui.pane] ?? '') !== '') {
        // esc clears the old filter (and leaves the line); open it again, empty.
        press(KEY.esc);
        await waitForState(
          (s) => s.ui.mode === 'normal' && (s.ui.filters[s.ui.pane] ?? '') === '',
          'the old filter to clear',
          5000,
        );
        press('/');
        await waitForState((s) => s.ui.mode === 'filter', 'the filter line to open', 5000);
      }
      press(text);
      await waitForState(
        (s) => (s.ui.filters[s.ui.pane] ?? '') === text,
        `the filter to read ${text}`,
        5000,
      );
      press(KEY.enter);
      await waitForState((s) => s.ui.mode === 'normal', 'the filter to be kept', 5000);
    },
  };
};

// ---------------------------------------------------------------------------- screen text ----

/** The screen's lines. */
export const linesOf = (frame: string): readonly string[] => frame.split('\n');

/** Index of the first line containing `needle`, or -1. */
export const lineIndex = (frame: string, needle: string): number =>
  linesOf(frame).findIndex((line) => line.includes(needle));

/** The first line containing `needle` ('' if none). */
export const lineWith = (frame: string, needle: string): string =>
  linesOf(frame).find((line) => line.includes(needle)) ?? '';

/** The selected row (drawn with a leading ›) if it contains `needle`, else ''. */
export const selectedLineWith = (frame: string, needle: string): string =>
  linesOf(frame).find((line) => line.startsWith('›') && line.includes(needle)) ?? '';

/** Column where `needle` starts on its line (its indentation in the tree), or -1. */
export const columnOf = (frame: string, needle: string): number =>
  lineWith(frame, needle).indexOf(needle);

/** The header's first line. */
export const headerLine = (frame: string): string => linesOf(frame)[0] ?? '';

// ------------------------------------------------------------------------ raw-client helpers ----

// The other clients a console test needs live in real-peers.ts (one copy for every real test).
export {
  chatFinal,
  connectWriter,
  pairingRequestId,
  remoteDevice,
  sendChat,
  type RemoteDevice,
} from './real-peers.ts';

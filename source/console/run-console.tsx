// The interactive console: one store, one gateway link (attached, embedded or the demo fixture;
// link/gateway-link.ts wires connection, bridge, decider and the rest, console-wiring.ts puts it
// together), and the App on screen. Everything started here is stopped here, on every exit path.
//
// For one attached gateway the first frame is drawn before the wiring is even loaded: the header
// and the empty panes need only the store, while the identity (node:crypto), the link (ws and
// Node's network modules), the audit log and the commands were tens of milliseconds of every
// start (issue 11). The App gets late commands and a late log source (late-wiring.ts) that
// forward to the real ones a moment later; the socket opens after that, as before.

import os from 'node:os';
import path from 'node:path';
import React from 'react';
import {render, type Instance} from 'ink';
import {App} from '../app.tsx';
import type {Options} from '../config/options.ts';
import {DEFAULT_GATEWAY_ID} from '../state/gateway-id.ts';
import {createInitialState} from '../state/reducer.ts';
import {selectGateway} from '../state/selectors.ts';
import {coalesceStore, type CoalescedStore} from '../state/coalesce.ts';
import {incrementalRenderingFor} from './ink-incremental.ts';
import {createStore, type Store} from '../state/store.ts';
import type {AppExtras} from '../views/app-context.ts';
import type {GatewayLogLine} from '../views/gateway-pane.tsx';
import {openConsoleLog} from './console-log.ts';
import {guardInput} from '../text/input-guard.ts';
import {packageVersion} from './version.ts';
import type {Fleet} from '../config/fleet.ts';
import {startConsoleClock} from './console-clock.ts';
import type {ConsoleIo} from './console-wiring.ts';
import {attachedTarget, type Target} from './attached-target.ts';
import type {EmbeddedGateway} from './embedded-gateway.ts';
import {lateCommands, lateSource} from './late-wiring.ts';

export type {ConsoleIo} from './console-wiring.ts';

const NO_LINES: readonly GatewayLogLine[] = [];

const consoleStore = (
  options: Options,
  target: Pick<Target, 'url' | 'urlSource' | 'credentialSource' | 'tlsPin'>,
): CoalescedStore => {
  // Reduce every event at once, but tell the screen at most once a frame (keys at once).
  const store = coalesceStore(
    createStore(
      createInitialState({
        url: target.url,
        urlSource: target.urlSource,
        credentialSource: target.credentialSource,
        ...(target.tlsPin ? {tlsPinSource: target.tlsPin.source} : {}),
        demo: options.target.kind === 'demo',
        readOnly: options.readOnly,
        host: os.hostname(),
        now: Date.now(),
      }),
    ),
  );
  for (const warning of options.warnings) {
    store.dispatch({type: 'ui/notice-shown', text: warning, tone: 'warn', at: Date.now()});
  }
  return store;
};

export const runConsole = async (options: Options, io: ConsoleIo): Promise<number> => {
  const log = openConsoleLog(path.join(options.paths.dataDir, 'console.log'));
  if (options.fleet !== undefined) return runFleetConsole(options, options.fleet, io, log);
  const demo = options.target.kind === 'demo';
  const appOptions = {readOnly: options.readOnly, demo, noBell: !options.bell};

  // One attached gateway: the first frame now, the wiring after it.
  let early:
    | {
        readonly store: CoalescedStore;
        readonly instance: Instance;
        readonly commands: ReturnType<typeof lateCommands>;
        readonly gatewayLog: ReturnType<typeof lateSource<readonly GatewayLogLine[]>>;
        readonly stopClock: () => void;
      }
    | undefined;
  if (options.target.kind === 'attach') {
    const store = consoleStore(options, attachedTarget(options.target.gateway));
    const commands = lateCommands();
    const gatewayLog = lateSource(NO_LINES, (real, none) => real.length === none.length);
    const stopClock = startConsoleClock(store);
    const instance = render(
      <App
        store={store}
        commands={commands.value}
        options={appOptions}
        extras={{gatewayLog: gatewayLog.value}}
      />,
      renderOptions(io),
    );
    early = {store, instance, commands, gatewayLog, stopClock};
  }

  const takeDown = (): void => {
    if (!early) return;
    early.stopClock();
    early.instance.clear();
    early.instance.unmount();
    early.store.dispose();
  };
  let wiring: typeof import('./console-wiring.ts');
  let wired: ReturnType<typeof wiring.wireConsole>;
  let embedded: EmbeddedGateway | undefined;
  let store: Store;
  let instance: Instance | undefined = early?.instance;
  try {
    // Ink has written the first frame by now (its first render is synchronous); one turn of
    // the event loop lets the terminal have it before the wiring's modules are evaluated.
    if (early) await new Promise((resolve) => setImmediate(resolve));
    wiring = await import('./console-wiring.ts');
    const identity = wiring.loadIdentity(options);
    // The first frame is taken off the screen before the reason is printed in its place.
    if ('message' in identity) {
      takeDown();
      io.stderr.write(`${identity.message}\n`);
      return 1;
    }
    const started = await wiring.startTarget(options, io, log);
    if (!started.ok) {
      takeDown();
      io.stderr.write(`${started.message}\n`);
      return 1;
    }
    const {target} = started;
    embedded = started.embedded;
    const theStore = early?.store ?? consoleStore(options, target);
    store = theStore;
    if (embedded) showStartupThenTree(theStore);
    const stopClock = early?.stopClock ?? startConsoleClock(theStore);
    wired = wiring.wireConsole({
      options,
      store: theStore,
      target,
      embedded,
      identity,
      log,
      unmount: () => instance?.unmount(),
      beforeShutdown: () => {
        stopClock();
        theStore.dispose();
      },
    });
  } catch (error) {
    // Nothing may keep the terminal in raw mode after a failure.
    takeDown();
    throw error;
  }
  if (early) {
    early.commands.resolve(wired.commands);
    if (wired.extras.gatewayLog) early.gatewayLog.resolve(wired.extras.gatewayLog);
  }
  wired.start();

  const extras: AppExtras = wired.extras;
  instance ??= render(
    <App store={store} commands={wired.commands} options={appOptions} extras={extras} />,
    renderOptions(io),
  );
  const shown = instance;
  embedded?.guard(() => shown.unmount());

  await shown.waitUntilExit();
  await wired.shutdown();

  const flags = wired.relaunchFlags();
  if (flags) return wiring.relaunch(io, flags);
  return 0;
};

/**
 * An embedded gateway takes ~20 s to come up: open on the Gateway pane (progress, log), then show
 * the tree at the first hello — unless the operator has moved to another pane meanwhile.
 */
const showStartupThenTree = (store: Store): void => {
  store.dispatch({type: 'ui/pane-selected', pane: 'gateway'});
  const unsubscribe = store.subscribe(() => {
    const state = store.getState();
    if (selectGateway(state, DEFAULT_GATEWAY_ID).phase !== 'connected') return;
    unsubscribe();
    if (state.ui.pane === 'gateway') store.dispatch({type: 'ui/pane-selected', pane: 'sessions'});
  });
};

/** Ink's render options, the same for one gateway or a fleet. */
const renderOptions = (io: ConsoleIo) => ({
  stdout: io.stdout,
  // Escape sequences that are not keys (a pasted colour code, ctrl+F1) would crash Ink's
  // input parser; the guard drops only those before Ink reads them.
  stdin: guardInput(io.stdin),
  stderr: io.stderr,
  // Ctrl+C goes through the App's quit path, so an embedded gateway is stopped first.
  exitOnCtrlC: false,
  patchConsole: false,
  // Ink waits for the next frame slot before drawing a key's frame; a short slot (17 ms) keeps
  // keys quick. Floods are held to at most 20 frames/s (fewer when frames are costly) by
  // the coalesced store, not by this cap.
  maxFps: 60,
  // Only the changed lines, where this build of Ink has its cursor fix (ink-incremental.ts).
  incrementalRendering: incrementalRenderingFor(io.env),
});

/**
 * The fleet: one link per entry (fleet-console.ts), one store holding a record per gateway, and
 * the App with every gateway's own commands, so a decision goes to the gateway it came from.
 */
const runFleetConsole = async (
  options: Options,
  fleet: Fleet,
  io: ConsoleIo,
  log: ReturnType<typeof openConsoleLog>,
): Promise<number> => {
  // Loaded only for a fleet: a single gateway's start never evaluates the fleet's code.
  const [{createFleetState, openFleetLinks}, {fleetCommands}, {openAuditLog}, {DataStoreError}] =
    await Promise.all([
      import('./fleet-console.ts'),
      import('./fleet-commands.ts'),
      import('../audit/audit-log.ts'),
      import('../config/data-store.ts'),
    ]);
  const store = coalesceStore(createStore(createFleetState(fleet, Date.now())));
  for (const warning of [...options.warnings, ...fleet.warnings]) {
    store.dispatch({type: 'ui/notice-shown', text: warning, tone: 'warn', at: Date.now()});
  }
  const audit = openAuditLog(options.paths.auditLog);
  let links;
  try {
    links = await openFleetLinks({fleet, store, clientVersion: packageVersion(), log, audit});
  } catch (error) {
    if (error instanceof DataStoreError) {
      io.stderr.write(`openclaw-tui: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const stopClock = startConsoleClock(store);
  let quitting: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (quitting ??= (async () => {
      stopClock();
      store.dispose();
      await links.close();
    })());
  const {commands, commandsFor, gatewayLog} = fleetCommands({
    store,
    links,
    audit,
    quit: shutdown,
  });
  links.start();
  const instance = render(
    <App
      store={store}
      commands={commands}
      commandsFor={commandsFor}
      options={{readOnly: options.readOnly, demo: false, noBell: !options.bell, fleet: true}}
      extras={{gatewayLog}}
    />,
    renderOptions(io),
  );
  await instance.waitUntilExit();
  await shutdown();
  return 0;
};

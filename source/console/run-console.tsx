// The interactive console: one store, one gateway link (attached, embedded or the demo fixture;
// link/gateway-link.ts wires connection, bridge, decider and the rest), and the App on screen. Everything started here is stopped
// here, on every exit path.

import {spawn} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import React from 'react';
import {render} from 'ink';
import {App} from '../app.tsx';
import {openAuditLog} from '../audit/audit-log.ts';
import {DataStoreError, openDataStore} from '../config/data-store.ts';
import type {Options} from '../config/options.ts';
import {openGatewayLink} from '../link/gateway-link.ts';
import {DEFAULT_GATEWAY_ID} from '../state/gateway-id.ts';
import {createInitialState} from '../state/reducer.ts';
import {selectGateway} from '../state/selectors.ts';
import {coalesceStore} from '../state/coalesce.ts';
import {incrementalRenderingFor} from './ink-incremental.ts';
import {createStore, type Store} from '../state/store.ts';
import type {AppExtras} from '../views/app-context.ts';
import {createConsoleCommands} from './console-commands.ts';
import {openConsoleLog} from './console-log.ts';
import {startEmbeddedGateway, type EmbeddedGateway} from './embedded-gateway.ts';
import {guardInput} from '../text/input-guard.ts';
import {packageVersion} from './version.ts';
import type {Fleet} from '../config/fleet.ts';
import {createFleetState, openFleetLinks} from './fleet-console.ts';
import {fleetCommands} from './fleet-commands.ts';
import {startConsoleClock} from './console-clock.ts';

export type ConsoleIo = {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly env: NodeJS.ProcessEnv;
  readonly argv: readonly string[];
};

type Target = {
  readonly url: string;
  readonly auth: {readonly token?: string; readonly password?: string};
  readonly urlSource: string;
  readonly credentialSource: string;
  /** wss:// only: the certificate pin and where it came from. */
  readonly tlsPin?: {readonly fingerprint: string; readonly source: string};
  readonly close: () => Promise<void>;
};

const demoTarget = async (): Promise<Target> => {
  // Loaded on demand: the fixture (and its story timers) costs nothing when not in demo mode.
  const {startDemoGateway} = await import('../fixture/demo-scenario.ts');
  const {gateway, scenario} = await startDemoGateway();
  return {
    url: gateway.url,
    auth: gateway.token === undefined ? {} : {token: gateway.token},
    urlSource: 'built-in demo gateway',
    credentialSource: 'demo token (generated)',
    close: async () => {
      scenario.stop();
      await gateway.close();
    },
  };
};

export const runConsole = async (options: Options, io: ConsoleIo): Promise<number> => {
  const log = openConsoleLog(path.join(options.paths.dataDir, 'console.log'));
  if (options.fleet !== undefined) return runFleetConsole(options, options.fleet, io, log);
  let dataStore;
  let identity;
  try {
    // The same identity (and device tokens) as the twins: one console, one device on the gateway.
    dataStore = openDataStore({dir: options.paths.identityDir});
    identity = dataStore.loadOrCreateIdentity();
  } catch (error) {
    if (error instanceof DataStoreError) {
      io.stderr.write(`openclaw-tui: ${error.message}\n`);
      return 1;
    }
    throw error;
  }

  let embedded: EmbeddedGateway | undefined;
  let target: Target;
  if (options.target.kind === 'demo') {
    target = await demoTarget();
  } else if (options.target.kind === 'embed') {
    const started = await startEmbeddedGateway({
      target: options.target,
      dataDir: options.paths.dataDir,
      env: io.env,
      log,
    });
    if (!started.ok) {
      io.stderr.write(`${started.message}\n`);
      return 1;
    }
    embedded = started.embedded;
    target = {
      url: embedded.url,
      auth: options.target.gateway.auth,
      urlSource: `embedded gateway (${options.target.gateway.urlSource})`,
      credentialSource: options.target.gateway.credentialSource,
      close: async () => {},
    };
  } else {
    const {gateway} = options.target;
    target = {
      url: gateway.url,
      auth: gateway.auth,
      urlSource: gateway.urlSource,
      credentialSource: gateway.credentialSource,
      ...(gateway.tlsFingerprint === undefined
        ? {}
        : {tlsPin: {fingerprint: gateway.tlsFingerprint, source: gateway.tlsPinSource ?? ''}}),
      close: async () => {},
    };
  }

  const demo = options.target.kind === 'demo';
  // Reduce every event at once, but tell the screen at most once a frame (keys at once).
  const store = coalesceStore(
    createStore(
      createInitialState({
        url: target.url,
        urlSource: target.urlSource,
        credentialSource: target.credentialSource,
        ...(target.tlsPin ? {tlsPinSource: target.tlsPin.source} : {}),
        demo,
        readOnly: options.readOnly,
        host: os.hostname(),
        now: Date.now(),
      }),
    ),
  );
  for (const warning of options.warnings) {
    store.dispatch({type: 'ui/notice-shown', text: warning, tone: 'warn', at: Date.now()});
  }

  // An attached gateway's log comes over the protocol (logs.tail), read only while the Gateway
  // pane is open; an embedded one's comes from its own output.
  const link = openGatewayLink({
    id: DEFAULT_GATEWAY_ID,
    store,
    url: target.url,
    auth: target.auth,
    identity,
    tokenStore: dataStore.deviceTokens,
    ...(target.tlsPin ? {tlsFingerprint: target.tlsPin.fingerprint} : {}),
    readOnly: options.readOnly,
    clientVersion: packageVersion(),
    reconnect: true,
    log,
    audit: openAuditLog(options.paths.auditLog),
    ...(embedded ? {} : {paneLog: {}}),
  });
  const {connection} = link;
  if (embedded) showStartupThenTree(store);
  embedded?.attach(connection, store);

  let relaunchFlags: readonly string[] | undefined;
  let quitting: Promise<void> | undefined;
  const stopClock = startConsoleClock(store);

  const shutdown = (): Promise<void> =>
    (quitting ??= (async () => {
      stopClock();
      store.dispose();
      await link.close();
      await embedded?.shutdown(options.target.kind === 'embed' && options.target.detachOnExit);
      await target.close().catch(() => {});
    })());

  const commands = createConsoleCommands({
    store,
    link,
    relaunch: (flags) => {
      relaunchFlags = flags;
      instance.unmount();
    },
    quit: shutdown,
  });

  // --detach-on-exit leaves the gateway running, so quitting needs no "stop it?" question.
  const extras: AppExtras = embedded
    ? {
        ...embedded.extras,
        embedStopsOnQuit: !(options.target.kind === 'embed' && options.target.detachOnExit),
      }
    : link.paneLog
      ? {gatewayLog: link.paneLog}
      : {};
  link.start();

  const instance = render(
    <App
      store={store}
      commands={commands}
      options={{readOnly: options.readOnly, demo, noBell: !options.bell}}
      extras={extras}
    />,
    renderOptions(io),
  );
  embedded?.guard(() => instance.unmount());

  await instance.waitUntilExit();
  await shutdown();

  if (relaunchFlags) return relaunch(io, relaunchFlags);
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

/** Start the console again with extra flags, in the same terminal, and pass on its exit code. */
const relaunch = (io: ConsoleIo, flags: readonly string[]): Promise<number> =>
  new Promise((resolve) => {
    const args = io.argv.slice(1).filter((arg) => arg !== '--demo' && arg !== '--embed');
    const child = spawn(process.execPath, [...process.execArgv, ...args, ...flags], {
      stdio: 'inherit',
      env: io.env,
    });
    child.on('exit', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });

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

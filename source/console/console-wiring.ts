// Everything the console needs past its first frame, loaded by run-console.tsx only after Ink has
// drawn that frame (for one attached gateway): the device identity (node:crypto), the gateway
// link (client, ws and Node's network modules), the audit log, the commands, an embedded gateway
// or the demo fixture, and the relaunch (node:child_process). None of it is on the first screen,
// and evaluating it was tens of milliseconds of every start (issue 11).

import {spawn} from 'node:child_process';
import {openAuditLog} from '../audit/audit-log.ts';
import {DataStoreError, openDataStore, type DataStore} from '../config/data-store.ts';
import type {Options} from '../config/options.ts';
import {openGatewayLink} from '../link/gateway-link.ts';
import {DEFAULT_GATEWAY_ID} from '../state/gateway-id.ts';
import type {Store} from '../state/store.ts';
import type {DeviceIdentity} from '../client/types.ts';
import type {AppExtras} from '../views/app-context.ts';
import type {Commands} from '../views/commands.ts';
import {createConsoleCommands} from './console-commands.ts';
import type {ConsoleLog} from './console-log.ts';
import {startEmbeddedGateway, type EmbeddedGateway} from './embedded-gateway.ts';
import {packageVersion} from './version.ts';
import {attachedTarget, type Target} from './attached-target.ts';

export type {Target} from './attached-target.ts';

export type ConsoleIo = {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly env: NodeJS.ProcessEnv;
  readonly argv: readonly string[];
};

export type Identity = {readonly dataStore: DataStore; readonly identity: DeviceIdentity};

/** The same identity (and device tokens) as the twins: one console, one device on the gateway. */
export const loadIdentity = (options: Options): Identity | {readonly message: string} => {
  try {
    const dataStore = openDataStore({dir: options.paths.identityDir});
    return {dataStore, identity: dataStore.loadOrCreateIdentity()};
  } catch (error) {
    if (error instanceof DataStoreError) return {message: `openclaw-tui: ${error.message}`};
    throw error;
  }
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

/** The demo fixture or an embedded gateway, started (an attached gateway needs no start). */
export const startTarget = async (
  options: Options,
  io: ConsoleIo,
  log: ConsoleLog,
): Promise<
  | {readonly ok: true; readonly target: Target; readonly embedded?: EmbeddedGateway}
  | {readonly ok: false; readonly message: string}
> => {
  if (options.target.kind === 'demo') return {ok: true, target: await demoTarget()};
  if (options.target.kind === 'embed') {
    const started = await startEmbeddedGateway({
      target: options.target,
      dataDir: options.paths.dataDir,
      env: io.env,
      log,
    });
    if (!started.ok) return {ok: false, message: started.message};
    const {embedded} = started;
    return {
      ok: true,
      embedded,
      target: {
        url: embedded.url,
        auth: options.target.gateway.auth,
        urlSource: `embedded gateway (${options.target.gateway.urlSource})`,
        credentialSource: options.target.gateway.credentialSource,
        close: async () => {},
      },
    };
  }
  return {ok: true, target: attachedTarget(options.target.gateway)};
};

export type Wired = {
  readonly commands: Commands;
  readonly extras: AppExtras;
  /** Opens the socket. */
  start(): void;
  /** Stops the link, an embedded gateway (unless detached) and the demo; once. */
  shutdown(): Promise<void>;
  /** The flags to start the console again with, when a command asked for a relaunch. */
  relaunchFlags(): readonly string[] | undefined;
};

/** The one gateway's link, commands and extras, into `store`. */
export const wireConsole = (input: {
  readonly options: Options;
  readonly store: Store;
  readonly target: Target;
  readonly embedded: EmbeddedGateway | undefined;
  readonly identity: Identity;
  readonly log: ConsoleLog;
  /** Ends the Ink instance (a relaunch leaves the console first). */
  readonly unmount: () => void;
  /** Stops what run-console.tsx started (the clock) and disposes the store, on shutdown. */
  readonly beforeShutdown: () => void;
}): Wired => {
  const {options, store, target, embedded} = input;
  // An attached gateway's log comes over the protocol (logs.tail), read only while the Gateway
  // pane is open; an embedded one's comes from its own output.
  const link = openGatewayLink({
    id: DEFAULT_GATEWAY_ID,
    store,
    url: target.url,
    auth: target.auth,
    identity: input.identity.identity,
    tokenStore: input.identity.dataStore.deviceTokens,
    ...(target.tlsPin ? {tlsFingerprint: target.tlsPin.fingerprint} : {}),
    readOnly: options.readOnly,
    clientVersion: packageVersion(),
    reconnect: true,
    log: input.log,
    audit: openAuditLog(options.paths.auditLog),
    ...(embedded ? {} : {paneLog: {}}),
  });
  embedded?.attach(link.connection, store);

  let relaunchFlags: readonly string[] | undefined;
  let quitting: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (quitting ??= (async () => {
      input.beforeShutdown();
      await link.close();
      await embedded?.shutdown(options.target.kind === 'embed' && options.target.detachOnExit);
      await target.close().catch(() => {});
    })());

  const commands = createConsoleCommands({
    store,
    link,
    relaunch: (flags) => {
      relaunchFlags = flags;
      input.unmount();
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
  return {
    commands,
    extras,
    start: () => link.start(),
    shutdown,
    relaunchFlags: () => relaunchFlags,
  };
};

/** Start the console again with extra flags, in the same terminal, and pass on its exit code. */
export const relaunch = (io: ConsoleIo, flags: readonly string[]): Promise<number> =>
  new Promise((resolve) => {
    const args = io.argv.slice(1).filter((arg) => arg !== '--demo' && arg !== '--embed');
    const child = spawn(process.execPath, [...process.execArgv, ...args, ...flags], {
      stdio: 'inherit',
      env: io.env,
    });
    child.on('exit', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });

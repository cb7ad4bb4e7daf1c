// A fleet console under test, wired as source/console/run-console.tsx wires one: the fleet read
// from a real gateways.json5 (resolveFleet: tokens by tokenEnv, one identity dir per entry), one
// link per entry (openFleetLinks), each gateway's own commands (fleetCommands) and the App,
// drawn by ink-testing-library so a test can press keys and read the screen.

import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import React from 'react';
import {render} from 'ink-testing-library';
import {App} from '../../source/app.tsx';
import {openAuditLog} from '../../source/audit/audit-log.ts';
import {resolveFleet, type Fleet} from '../../source/config/fleet.ts';
import {fleetCommands} from '../../source/console/fleet-commands.ts';
import {
  createFleetState,
  openFleetLinks,
  type FleetLinks,
} from '../../source/console/fleet-console.ts';
import {createStore} from '../../source/state/store.ts';
import {screenOf, sizeScreen, type ConsoleScreen} from './console-harness.tsx';

export type FleetEntrySpec = {
  readonly name: string;
  readonly url: string;
  /** Put in the environment and referenced by tokenEnv (never written to the file). */
  readonly token?: string;
  readonly readOnly?: boolean;
  /** wss:// only: the entry's tlsFingerprint (written to gateways.json5 as given). */
  readonly tlsFingerprint?: string;
};

export type FleetConsoleUnderTest = ConsoleScreen & {
  readonly fleet: Fleet;
  readonly links: FleetLinks;
  /** This console's data dir (gateways.json5, one identity dir per gateway, the audit log). */
  readonly home: string;
  readonly close: () => Promise<void>;
};

const TICK_MS = 1000;

export const startFleetConsole = async (options: {
  readonly gateways: readonly FleetEntrySpec[];
  readonly columns?: number;
  readonly rows?: number;
}): Promise<FleetConsoleUnderTest> => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'oct-fleet-home-'));
  const env: Record<string, string> = {};
  const entries = options.gateways.map((gateway, index) => {
    const tokenEnv = `OCT_FLEET_TEST_TOKEN_${index}`;
    if (gateway.token !== undefined) env[tokenEnv] = gateway.token;
    return {
      name: gateway.name,
      url: gateway.url,
      ...(gateway.token === undefined ? {} : {tokenEnv}),
      ...(gateway.readOnly === undefined ? {} : {readOnly: gateway.readOnly}),
      ...(gateway.tlsFingerprint === undefined ? {} : {tlsFingerprint: gateway.tlsFingerprint}),
    };
  });
  writeFileSync(
    path.join(home, 'gateways.json5'),
    `// written by the fleet console test\n${JSON.stringify({gateways: entries}, null, 2)}\n`,
  );
  const fleet = resolveFleet({dataDir: home, env, home});
  if (fleet === undefined) throw new Error('the test wrote gateways.json5, yet no fleet resolved');
  const store = createStore(createFleetState(fleet));
  const audit = openAuditLog(path.join(home, 'audit.jsonl'));
  const links = await openFleetLinks({fleet, store, clientVersion: '0.0.0-test', audit});
  const ticker = setInterval(
    () => store.dispatch({type: 'clock/ticked', now: Date.now()}),
    TICK_MS,
  );
  let stopped: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (stopped ??= (async () => {
      clearInterval(ticker);
      await links.close();
    })());
  const {commands, commandsFor, gatewayLog} = fleetCommands({store, links, audit, quit: shutdown});
  links.start();
  const ink = render(
    <App
      store={store}
      commands={commands}
      commandsFor={commandsFor}
      options={{readOnly: false, demo: false, noBell: true, fleet: true}}
      extras={{gatewayLog}}
    />,
  );
  const screen = screenOf(ink, store);
  const harness: FleetConsoleUnderTest = {
    ...screen,
    fleet,
    links,
    home,
    async close() {
      ink.unmount();
      ink.cleanup();
      await shutdown();
      rmSync(home, {recursive: true, force: true});
    },
  };
  try {
    await sizeScreen(ink, screen, options.columns ?? 160, options.rows ?? 60);
  } catch (error) {
    await harness.close();
    throw error;
  }
  return harness;
};

/** The Fleet pane's row of gateway `name` (its first column; not the header naming it). */
export const fleetRow = (frame: string, name: string): string =>
  frame.split('\n').find((line) => new RegExp(`^[›\\s][●\\s] ${name}\\s`).test(line)) ?? '';

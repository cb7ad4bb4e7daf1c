// A fleet console's commands: each gateway's own (createConsoleCommands over its link, so a
// decision goes to the gateway its item came from), plus what is not one gateway's: the Gateway
// pane's log of whichever gateway is focused, and the answers when no gateway could be linked.

import type {AuditLog} from '../audit/audit-log.ts';
import type {AttachedLog} from './attached-log.ts';
import {createConsoleCommands} from './console-commands.ts';
import type {FleetLinks} from './fleet-console.ts';
import {selectFocusedGateway} from '../state/fleet-selectors.ts';
import type {GatewayId} from '../state/gateway-id.ts';
import type {Store} from '../state/store.ts';
import type {Source} from '../views/app-context.ts';
import type {Commands} from '../views/commands.ts';
import type {GatewayLogLine} from '../views/gateway-pane.tsx';

const NONE: readonly GatewayLogLine[] = [];

/** The focused gateway's pane log, switching when the focus does. */
export const focusedLog = (
  store: Store,
  logOf: (id: GatewayId) => AttachedLog | undefined,
): Source<readonly GatewayLogLine[]> => ({
  getSnapshot: () => logOf(selectFocusedGateway(store.getState()))?.getSnapshot() ?? NONE,
  subscribe: (listener) => {
    let current: GatewayId | undefined;
    let off: (() => void) | undefined;
    const follow = (): void => {
      const id = selectFocusedGateway(store.getState());
      if (id === current) return;
      current = id;
      off?.();
      off = logOf(id)?.subscribe(listener);
      listener();
    };
    follow();
    const offStore = store.subscribe(follow);
    return () => {
      offStore();
      off?.();
    };
  },
});

const refuse = (): never => {
  throw new Error('no gateway of the fleet could be linked');
};

/** Every gateway of the fleet failed before linking: only the audit log and quitting work. */
export const noGatewayCommands = (audit: AuditLog): Omit<Commands, 'quit'> => ({
  decide: refuse,
  answer: refuse,
  taskAction: refuse,
  prepareAllowSender: refuse,
  prepareAllowAgent: refuse,
  applyPrepared: refuse,
  discardPrepared: () => {},
  readAudit: async () => audit.readRecent(200),
  stopRun: refuse,
  stopSubtree: refuse,
  steer: refuse,
  peek: refuse,
  retryConnect: () => {},
  startEmbedded: refuse,
  openDemo: refuse,
});

export type FleetCommands = {
  /** What is not about one gateway (the audit log, quitting); the first linked gateway's. */
  readonly commands: Commands;
  /** Each gateway's own commands; undefined for an entry that could not be linked. */
  readonly commandsFor: (id: GatewayId) => Commands | undefined;
  /** The Gateway pane's log: the focused gateway's. */
  readonly gatewayLog: Source<readonly GatewayLogLine[]>;
};

/** The App's commands for a fleet: the console and the tests wire a fleet with this. */
export const fleetCommands = (deps: {
  readonly store: Store;
  readonly links: FleetLinks;
  readonly audit: AuditLog;
  readonly quit: () => Promise<void>;
}): FleetCommands => {
  const {store, links} = deps;
  const byGateway = new Map<GatewayId, Commands>();
  for (const member of links.members) {
    if (!member.link) continue;
    byGateway.set(
      member.id,
      createConsoleCommands({
        store,
        link: member.link,
        gatewayName: member.id,
        relaunch: () => {},
        quit: deps.quit,
      }),
    );
  }
  const first = [...byGateway.values()][0];
  return {
    commands: first ?? {...noGatewayCommands(deps.audit), quit: deps.quit},
    commandsFor: (id) => byGateway.get(id),
    gatewayLog: focusedLog(store, (id) => links.link(id)?.paneLog),
  };
};

// The pieces of the app that are not in the store: extra data sources the lead bridges in (the
// embedded gateway and its log) and the options from the command line.

import type {EmbedStatus} from '../embed/types.ts';
import type {GatewayLogLine} from './gateway-pane.tsx';

/** Same shape as the store: read with useSyncExternalStore. */
export type Source<T> = {
  readonly getSnapshot: () => T;
  readonly subscribe: (listener: () => void) => () => void;
};

export type AppExtras = {
  readonly embed?: Source<EmbedStatus | undefined>;
  readonly gatewayLog?: Source<readonly GatewayLogLine[]>;
  /**
   * Whether quitting stops the embedded gateway (and so every agent run on it): then q asks
   * first. False with --detach-on-exit; undefined counts as true whenever `embed` is given.
   */
  readonly embedStopsOnQuit?: boolean;
};

export type AppOptions = {
  /** --read-only: only operator.read was requested; mutations are hidden and refused. */
  readonly readOnly: boolean;
  readonly demo: boolean;
  /** --no-bell: never ring when the inbox grows. */
  readonly noBell: boolean;
  /**
   * A fleet is configured (gateways.json5 or --gateway flags): the Fleet pane, the gateway level
   * of the tree and the header's "looking at". Omitted/false: one gateway, as before fleets.
   */
  readonly fleet?: boolean;
};

// A link to the shared real gateway with operator.admin, for tests that change its config (and put
// it back): a fresh identity in a fresh OPENCLAW_TUI_HOME, no reconnect, a store of its own.

import {openDataStore} from '../../source/config/data-store.ts';
import {openGatewayLink, type GatewayLink} from '../../source/link/gateway-link.ts';
import {DEFAULT_GATEWAY_ID} from '../../source/state/gateway-id.ts';
import {createInitialState} from '../../source/state/reducer.ts';
import {createStore} from '../../source/state/store.ts';
import {createTempTuiHome} from './real-gateway.ts';

export type AdminLink = GatewayLink & {
  /** Closes the link and removes its home. */
  readonly remove: () => Promise<void>;
};

/** Opens (and starts) the link; `link.connection.ready()` resolves at hello-ok. */
export const openAdminLink = (
  gateway: {readonly url: string; readonly token: string},
  displayName: string,
): AdminLink => {
  const home = createTempTuiHome();
  const dataStore = openDataStore({dir: home.dir});
  const link = openGatewayLink({
    id: DEFAULT_GATEWAY_ID,
    store: createStore(
      createInitialState({url: gateway.url, urlSource: 'test', credentialSource: 'test'}),
    ),
    url: gateway.url,
    auth: {token: gateway.token},
    identity: dataStore.loadOrCreateIdentity(),
    tokenStore: dataStore.deviceTokens,
    readOnly: false,
    scopes: ['operator.read', 'operator.admin'],
    clientVersion: '0.0.0-test',
    displayName,
    reconnect: false,
    requestTimeoutMs: 30_000,
  });
  link.start();
  return {
    ...link,
    remove: async () => {
      await link.close();
      home.remove();
    },
  };
};

// What the console connects to, as data. An attached gateway's comes straight from the options,
// so run-console.tsx can build the store and draw the first frame before the wiring is loaded.

import type {Options} from '../config/options.ts';
import type {TlsPin} from '../config/tls-pin-choice.ts';

export type Target = {
  readonly url: string;
  readonly auth: {readonly token?: string; readonly password?: string};
  readonly urlSource: string;
  readonly credentialSource: string;
  /** wss:// only: the certificate pin and where it came from. */
  readonly tlsPin?: TlsPin;
  readonly close: () => Promise<void>;
};

/** An attached gateway as a target: only data from the options (run-console.tsx shows it at once). */
export const attachedTarget = (
  gateway: Extract<Options['target'], {kind: 'attach'}>['gateway'],
): Target => ({
  url: gateway.url,
  auth: gateway.auth,
  urlSource: gateway.urlSource,
  credentialSource: gateway.credentialSource,
  ...(gateway.tlsPin === undefined ? {} : {tlsPin: gateway.tlsPin}),
  close: async () => {},
});

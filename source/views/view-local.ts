// State that only the screen cares about and the store does not hold: follow/pause of the two
// tails, the gateway log cursor, the peek panel and the confirmations the ui slice cannot express.

import type {LocalConfirm} from './app-confirm.ts';
import type {PeekState} from './peek-panel.tsx';

export type ViewLocal = {
  readonly follow: {readonly events: boolean; readonly gateway: boolean};
  readonly logSelected: number;
  readonly peek?: PeekState;
  readonly confirm?: LocalConfirm;
};

export const initialViewLocal = (): ViewLocal => ({
  follow: {events: true, gateway: true},
  logSelected: 0,
});

export const withPeek = (local: ViewLocal, peek: PeekState | undefined): ViewLocal => {
  if (local.peek === peek) return local;
  const {peek: _peek, ...rest} = local;
  return peek === undefined ? rest : {...rest, peek};
};

export const withConfirm = (local: ViewLocal, confirm: LocalConfirm | undefined): ViewLocal => {
  if (local.confirm === confirm) return local;
  const {confirm: _confirm, ...rest} = local;
  return confirm === undefined ? rest : {...rest, confirm};
};

// State that only the screen cares about and the store does not hold: follow/pause of the two
// tails, the gateway log cursor, the peek panel, the audit panel and the confirmations the ui
// slice cannot express.

import type {AnswerDraft} from './answer-flow.ts';
import type {LocalConfirm, TypedConfirm} from './app-confirm.ts';
import type {AuditPanelState} from './audit-panel.tsx';
import type {PeekState} from './peek-panel.tsx';
import type {TasksPanelState} from './tasks-panel.tsx';

export type ViewLocal = {
  readonly follow: {readonly events: boolean; readonly gateway: boolean};
  readonly logSelected: number;
  readonly peek?: PeekState;
  readonly confirm?: LocalConfirm;
  /** The typed second confirmation of a "*" sender (the text itself is the store's ui.input). */
  readonly typed?: TypedConfirm;
  /** A config change is being read and planned: a second key must not start another. */
  readonly preparing?: boolean;
  readonly audit?: AuditPanelState;
  /** An agent question is open for answering. */
  readonly answering?: AnswerDraft;
  /** An approval's full detail is open: which item, scrolled to which line. */
  readonly detail?: {
    readonly id: string;
    readonly top: number;
    /** In a fleet: the gateway the item came from (the same id elsewhere is another item). */
    readonly gateway?: string;
  };
  /** `t`: the selected session's tasks, over the tree. */
  readonly tasks?: TasksPanelState;
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

/** Sets (or with undefined removes) one optional field, keeping the object when nothing changes. */
export const withLocal = <
  K extends 'typed' | 'preparing' | 'audit' | 'answering' | 'detail' | 'tasks',
>(
  local: ViewLocal,
  key: K,
  value: ViewLocal[K] | undefined,
): ViewLocal => {
  if (local[key] === value) return local;
  const next: Record<string, unknown> = {...local};
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next as ViewLocal;
};

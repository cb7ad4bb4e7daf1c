// The steps of a config change from the keyboard (allow a DM sender, let an agent spawn another):
//   key → prepare (the commands read config.get now and plan the change) → a dialog with the exact
//   diff → y → applyPrepared once → one line of result.
// A "*" sender gets a second check: after y on the diff, the operator types ANYONE and enter.
// Nothing is ever written on n/esc, and the held plan is discarded then. A conflict (the config
// changed in between) is reported, never retried: the operator presses the key again to re-read.

import type {Action} from '../state/actions.ts';
import type {LocalConfirm} from './app-confirm.ts';
import type {Commands, PreparedView} from './commands.ts';
import {
  WILDCARD_WORD,
  applyNotice,
  describePrepared,
  describeWildcardTyped,
  type ChangeRequest,
} from './config-change-text.ts';
import {withConfirm, withLocal, type ViewLocal} from './view-local.ts';

export type ConfigChangeFlowDeps = {
  /** The commands of the gateway whose config this flow changes. */
  readonly commands: Commands;
  /** That gateway's id, kept with the held change so y applies it there and nowhere else. */
  readonly gateway?: string;
  readonly local: {
    readonly get: () => ViewLocal;
    readonly update: (change: (local: ViewLocal) => ViewLocal) => void;
  };
  readonly dispatch: (action: Action) => void;
  /** Whether the keyboard is free for a new dialog (normal mode, no dialog open). */
  readonly idle: () => boolean;
  readonly notify: (text: string, tone?: 'info' | 'warn' | 'error') => void;
};

type HeldChange = Extract<LocalConfirm, {kind: 'config-change'}>;

export const WILDCARD_INPUT = 'confirm-wildcard';

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

const what = (request: ChangeRequest): string =>
  request.kind === 'allow-sender' ? 'allow sender' : 'allow agent';

export function createConfigChangeFlow(deps: ConfigChangeFlowDeps) {
  const {commands, local, notify} = deps;

  const prepare = async (
    request: ChangeRequest,
  ): Promise<{readonly view: PreparedView; readonly wildcard: boolean}> => {
    if (request.kind === 'allow-agent') {
      return {
        view: await commands.prepareAllowAgent(request.requesterAgentId, request.targetAgentId),
        wildcard: false,
      };
    }
    const {channel, accountId, senderId} = request;
    const first = await commands.prepareAllowSender(channel, accountId, senderId, {
      confirmWildcard: false,
    });
    if (first.status !== 'needs-wildcard-confirmation') return {view: first, wildcard: false};
    // Planning "*" only reads the config; the operator's two confirmations come before any write.
    const view = await commands.prepareAllowSender(channel, accountId, senderId, {
      confirmWildcard: true,
    });
    return {view, wildcard: true};
  };

  const show = (request: ChangeRequest, view: PreparedView, wildcard: boolean): void => {
    if (view.status === 'no-op') return notify(view.message, 'info');
    if (view.status !== 'ready') return notify(`${what(request)}: ${view.message}`, 'warn');
    if (!deps.idle()) {
      // The operator moved on to another dialog or line meanwhile: do not cover it.
      commands.discardPrepared(view.token);
      return notify(`${what(request)}: not shown, another dialog was open — try again`, 'warn');
    }
    deps.dispatch({type: 'ui/notice-dismissed'});
    const confirm: HeldChange = {
      kind: 'config-change',
      ...(deps.gateway === undefined ? {} : {gateway: deps.gateway}),
      token: view.token,
      spec: describePrepared(request, view, wildcard),
      wildcard,
      again: request.again,
    };
    const typed = wildcard
      ? {
          ...(deps.gateway === undefined ? {} : {gateway: deps.gateway}),
          token: view.token,
          spec: describeWildcardTyped(request, view),
          word: WILDCARD_WORD,
          again: request.again,
        }
      : undefined;
    local.update((l) => withLocal(withConfirm(l, confirm), 'typed', typed));
  };

  const apply = (token: string, again: HeldChange['again']): void => {
    notify('writing the config change…', 'info');
    commands.applyPrepared(token).then(
      (result) => {
        const notice = applyNotice(result, again);
        notify(notice.text, notice.tone);
      },
      (error: unknown) => notify(`config change failed: ${messageOf(error)}`, 'error'),
    );
  };

  return {
    /** The key was pressed: read and plan, then show the dialog. */
    start(request: ChangeRequest): void {
      if (local.get().preparing) return notify('still reading the gateway config…', 'info');
      local.update((l) => withLocal(l, 'preparing', true));
      notify('reading the gateway config…', 'info');
      prepare(request)
        .then(
          ({view, wildcard}) => {
            local.update((l) => withLocal(l, 'preparing', undefined));
            show(request, view, wildcard);
          },
          (error: unknown) => {
            local.update((l) => withLocal(l, 'preparing', undefined));
            notify(`${what(request)} failed: ${messageOf(error)}`, 'error');
          },
        )
        .catch(() => {});
    },

    /** y on the diff dialog (the dialog is already closed by the caller). */
    confirm(held: HeldChange): void {
      if (!held.wildcard) return apply(held.token, held.again);
      // "*": a second, different question, answered by typing the word.
      deps.dispatch({type: 'ui/input-opened', purpose: WILDCARD_INPUT});
    },

    /** n/esc on the diff dialog. */
    cancel(held: HeldChange): void {
      commands.discardPrepared(held.token);
      local.update((l) => withLocal(l, 'typed', undefined));
    },

    /** enter on the typed "*" check. */
    submitTyped(text: string): void {
      const typed = local.get().typed;
      local.update((l) => withLocal(l, 'typed', undefined));
      if (!typed) return;
      if (text.trim().toUpperCase() !== typed.word) {
        commands.discardPrepared(typed.token);
        return notify(`not written: type ${typed.word} exactly to allow everyone`, 'warn');
      }
      apply(typed.token, typed.again);
    },

    /** esc on the typed "*" check. */
    cancelTyped(): void {
      const typed = local.get().typed;
      local.update((l) => withLocal(l, 'typed', undefined));
      if (typed) commands.discardPrepared(typed.token);
    },
  };
}

export type ConfigChangeFlow = ReturnType<typeof createConfigChangeFlow>;

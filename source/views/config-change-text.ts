// Words for the config-change dialogs (allow a DM sender, let an agent spawn another), the typed
// "*" confirmation, the quit question with an embedded gateway, and the one-line results. Pure:
// the dialog says exactly what the key will write. Values may hold raw gateway text; the dialog
// renders them through <Gw>.

import type {EmbedStatus} from '../embed/types.ts';
import type {ConfirmSpec} from '../state/confirm-spec.ts';
import type {ApplyView, PreparedView} from './commands.ts';
import {keysOf, type CommandId} from './keymap.ts';

export type ChangeRequest =
  | {
      readonly kind: 'allow-sender';
      readonly channel: string;
      readonly accountId: string;
      readonly senderId: string;
      readonly label?: string;
      /** The key that started it (and starts it again after a conflict). */
      readonly again: CommandId;
    }
  | {
      readonly kind: 'allow-agent';
      readonly requesterAgentId: string;
      readonly targetAgentId: string;
      readonly again: CommandId;
    };

/** The word typed to confirm a "*" sender. */
export const WILDCARD_WORD = 'ANYONE';

type Ready = Extract<PreparedView, {status: 'ready'}>;

const HOW = 'config.patch against the config as read just now; refused if it changed since';

const notesField = (prepared: Ready) =>
  prepared.notes.length === 0 ? [] : [{label: 'note', value: prepared.notes.join('\n')}];

/** The first dialog: the exact diff the change writes. */
export function describePrepared(
  request: ChangeRequest,
  prepared: Ready,
  wildcard: boolean,
): ConfirmSpec {
  const base = {body: prepared.diff.join('\n'), bodyLabel: 'exact change'};
  if (request.kind === 'allow-agent') {
    return {
      ...base,
      title: 'Let this agent spawn that agent?',
      danger: false,
      action: 'allow agent',
      target: {label: 'agent', id: `${request.requesterAgentId} → ${request.targetAgentId}`},
      fields: [
        {label: 'change', value: prepared.summary},
        ...notesField(prepared),
        {label: 'how', value: HOW},
      ],
    };
  }
  return {
    ...base,
    title: wildcard
      ? 'Let ANYONE DM the bot? ("*" is not one sender, it is everyone)'
      : 'Let this sender DM the bot?',
    danger: wildcard,
    action: wildcard ? 'continue to the last check' : 'allow sender',
    target: {label: 'sender id', id: request.senderId},
    fields: [
      {label: 'sender', value: request.label},
      {label: 'channel', value: request.channel},
      {label: 'account', value: request.accountId},
      {label: 'change', value: prepared.summary},
      ...notesField(prepared),
      {label: 'how', value: HOW},
      {label: 'how long', value: 'until removed from the allowlist'},
    ],
  };
}

/** The second, typed confirmation for "*". Different words on purpose: it must be read. */
export function describeWildcardTyped(request: ChangeRequest, prepared: Ready): ConfirmSpec {
  const where =
    request.kind === 'allow-sender' ? `${request.channel} account ${request.accountId}` : '';
  return {
    title: 'This lets ANYONE message the bot. Everyone, not one person.',
    danger: true,
    action: `write "*" to the allowlist`,
    target: {label: 'where', id: where},
    body: prepared.diff.join('\n'),
    bodyLabel: 'exact change',
    fields: [
      {
        label: 'effect',
        value: 'any account on this channel can DM the bot and start agent runs',
      },
      {label: 'to confirm', value: `type ${WILDCARD_WORD} and press enter; esc cancels`},
    ],
  };
}

/** Quitting owns an embedded gateway: asked before it is stopped. */
export function describeQuit(embed: EmbedStatus): ConfirmSpec {
  return {
    title: 'Stop the embedded gateway? This stops every agent run.',
    danger: true,
    action: 'quit and stop the gateway',
    target: {label: 'gateway', id: embed.url},
    fields: [
      {label: 'process', value: embed.pid === undefined ? undefined : `pid ${embed.pid}`},
      {label: 'state', value: embed.state},
      {label: 'instead', value: 'n stays; --detach-on-exit leaves it running after quit'},
    ],
  };
}

/** Whether quitting stops a gateway this console started (and so needs a question first). */
export function quitStopsGateway(
  embed: EmbedStatus | undefined,
  stopsOnQuit: boolean | undefined,
): embed is EmbedStatus {
  if (embed === undefined || stopsOnQuit === false) return false;
  return !['attached-existing', 'detached', 'stopped', 'crashed'].includes(embed.state);
}

export type Notice = {readonly text: string; readonly tone: 'info' | 'warn' | 'error'};

/** One line for the footer after applyPrepared. */
export function applyNotice(result: ApplyView, again: CommandId): Notice {
  switch (result.status) {
    case 'applied':
      return {text: result.message, tone: 'info'};
    case 'conflict':
      return {
        text: `the config changed since it was read; nothing was written — press ${keysOf(again)} again to re-read`,
        tone: 'warn',
      };
    case 'persisted':
    case 'unknown':
    case 'expired':
      return {text: result.message, tone: 'warn'};
    case 'rate-limited':
    case 'refused':
      return {text: result.message, tone: 'error'};
  }
}

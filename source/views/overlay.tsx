// What covers the pane body for the current input mode (help, a confirmation, the typed "*"
// check, the audit log, a session's tasks), and which typed line sits above the footer. Kept out of app.tsx so the
// root stays a wiring of selectors, keys and layout.

import React from 'react';
import type {AskedContext} from '../state/asked-context.ts';
import type {TextInput} from '../state/ui-slice.ts';
import type {TypedConfirm} from './app-confirm.ts';
import {AuditPanel, type AuditPanelState} from './audit-panel.tsx';
import {WILDCARD_INPUT} from './config-change-flow.ts';
import {ConfirmDialog} from './confirm-dialog.tsx';
import {HelpOverlay} from './help-overlay.tsx';
import type {ConfirmSpec} from '../state/confirm-spec.ts';
import {InputLine} from './input-line.tsx';
import {keysOf, type InputMode} from './keymap.ts';
import type {InboxItem} from '../state/model.ts';
import {ANSWER_TEXT_INPUT, type AnswerDraft} from './answer-flow.ts';
import {ApprovalDetail} from './approval-detail.tsx';
import {QuestionPanel} from './question-panel.tsx';
import {TasksPanel, type TasksPanelProps} from './tasks-panel.tsx';

export type OverlayInput = {
  readonly mode: InputMode;
  readonly readOnly: boolean;
  readonly width: number;
  readonly height: number;
  readonly confirmSpec?: ConfirmSpec;
  readonly typed?: TypedConfirm;
  readonly input?: TextInput;
  readonly audit?: AuditPanelState;
  readonly now: number;
  readonly answering?: {
    readonly item: Extract<InboxItem, {readonly kind: 'question'}>;
    readonly draft: AnswerDraft;
  };
  readonly detail?: {readonly item: InboxItem; readonly top: number};
  /** Who asked (task, approver) for the question being answered or the detail shown. */
  readonly asked?: AskedContext;
  readonly tasks?: Omit<TasksPanelProps, 'width' | 'height'>;
};

const DIALOG_WIDTH = 110;

/** The element that replaces the pane body, or undefined when the pane shows. */
export function overlayBody(o: OverlayInput): React.ReactElement | undefined {
  const dialogWidth = Math.min(o.width, DIALOG_WIDTH);
  switch (o.mode) {
    case 'help':
      return <HelpOverlay readOnly={o.readOnly} width={o.width} />;
    case 'confirm':
      return o.confirmSpec ? <ConfirmDialog spec={o.confirmSpec} width={dialogWidth} /> : undefined;
    case 'answer':
      return o.answering ? (
        <QuestionPanel
          item={o.answering.item}
          draft={o.answering.draft}
          width={dialogWidth}
          now={o.now}
          readOnly={o.readOnly}
          {...(o.asked === undefined ? {} : {asked: o.asked})}
        />
      ) : undefined;
    case 'detail':
      return o.detail ? (
        <ApprovalDetail
          item={o.detail.item}
          top={o.detail.top}
          width={o.width}
          height={o.height}
          now={o.now}
          readOnly={o.readOnly}
          {...(o.asked === undefined ? {} : {asked: o.asked})}
        />
      ) : undefined;
    case 'input':
      if (o.input?.purpose === ANSWER_TEXT_INPUT && o.answering) {
        return (
          <QuestionPanel
            item={o.answering.item}
            draft={o.answering.draft}
            width={dialogWidth}
            now={o.now}
            readOnly={o.readOnly}
            {...(o.asked === undefined ? {} : {asked: o.asked})}
          />
        );
      }
      return o.input?.purpose === WILDCARD_INPUT && o.typed ? (
        <ConfirmDialog
          spec={o.typed.spec}
          width={dialogWidth}
          answer={`type ${o.typed.word}, then ${keysOf('input.submit')} · ${keysOf('input.cancel')} cancels`}
        />
      ) : undefined;
    case 'audit':
      return o.audit ? <AuditPanel state={o.audit} width={o.width} height={o.height} /> : undefined;
    case 'tasks':
      return o.tasks ? <TasksPanel {...o.tasks} width={o.width} height={o.height} /> : undefined;
    default:
      return undefined;
  }
}

export type TypedLineInput = {
  readonly mode: InputMode;
  readonly filter: string;
  readonly input?: TextInput;
  /** The steered session's title (gateway text). */
  readonly steerTitle?: string;
  /** In a fleet, the name of the gateway the steer message goes to. */
  readonly steerGateway?: string;
  readonly width: number;
};

/** The filter, steer or "*" line above the footer, or null. */
export function typedLine(t: TypedLineInput): React.ReactElement | null {
  if (t.mode === 'filter') {
    return (
      <InputLine
        label="filter"
        value={t.filter}
        width={t.width}
        submit="filter.apply"
        cancel="filter.cancel"
        submitLabel="keep"
        cancelLabel="clear"
      />
    );
  }
  if (t.mode !== 'input') return null;
  if (t.input?.purpose === ANSWER_TEXT_INPUT) {
    return (
      <InputLine
        label="your answer"
        value={t.input.text}
        width={t.width}
        submit="input.submit"
        cancel="input.cancel"
        submitLabel="use it"
        cancelLabel="cancel"
      />
    );
  }
  const wildcard = t.input?.purpose === WILDCARD_INPUT;
  return (
    <InputLine
      label={wildcard ? 'type the word' : 'steer'}
      target={wildcard ? undefined : t.steerTitle}
      {...(wildcard || t.steerGateway === undefined ? {} : {gateway: t.steerGateway})}
      value={t.input?.text ?? ''}
      width={t.width}
      submit="input.submit"
      cancel="input.cancel"
      submitLabel={wildcard ? 'write it' : 'send'}
      cancelLabel="cancel"
    />
  );
}

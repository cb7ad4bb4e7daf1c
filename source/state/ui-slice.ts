// What the operator is looking at and doing: pane, cursor, collapsed rows, filter, overlays.
// The cursor stores a key and the index it was at, so when the selected row disappears (an
// approval resolved) the selection stays at the same place instead of jumping to the top.

import type {Action} from './actions.ts';
import type {ConfirmRequest, Notice, PaneId} from './action-types/ui.ts';

export type UiMode = 'normal' | 'filter' | 'confirm' | 'help' | 'input';

export type Cursor = {readonly key: string; readonly index: number};

export type TextInput = {
  /** What the text is for, e.g. 'steer' (the view decides the wording). */
  readonly purpose: string;
  readonly target?: string;
  /** The gateway `target` is on. */
  readonly gateway?: string;
  readonly text: string;
};

export type UiState = {
  readonly pane: PaneId;
  readonly mode: UiMode;
  readonly cursors: Readonly<Partial<Record<PaneId, Cursor>>>;
  /** Collapsed tree rows (default expanded). */
  readonly collapsed: Readonly<Record<string, true>>;
  /** Filter text per pane; '' = no filter. */
  readonly filters: Readonly<Partial<Record<PaneId, string>>>;
  readonly confirm?: ConfirmRequest;
  readonly input?: TextInput;
  readonly notice?: Notice;
  /**
   * The gateway id the Gateway and Policy panes show (a fleet's `enter` on a row); undefined =
   * the first gateway. Selectors fall back to the first when this one is gone.
   */
  readonly focus?: string;
  /**
   * The console's one clock: the time of the last `clock/ticked` (or of the state's creation).
   * Ages and countdowns are drawn against it, so the tick is the only timer that re-renders.
   */
  readonly now: number;
};

export const initialUiState: UiState = {
  pane: 'sessions',
  mode: 'normal',
  cursors: {},
  collapsed: {},
  filters: {},
  now: 0,
};

const normal = (state: UiState): UiState => {
  const {confirm: _confirm, input: _input, ...rest} = state;
  return {...rest, mode: 'normal'};
};

const setCollapsed = (state: UiState, key: string, collapsed: boolean): UiState => {
  if (Boolean(state.collapsed[key]) === collapsed) return state;
  const next = {...state.collapsed};
  if (collapsed) next[key] = true;
  else delete next[key];
  return {...state, collapsed: next};
};

export const uiReducer = (state: UiState, action: Action): UiState => {
  switch (action.type) {
    case 'ui/pane-selected':
      return state.pane === action.pane && state.mode === 'normal'
        ? state
        : {...normal(state), pane: action.pane};
    case 'ui/cursor-moved':
      return {
        ...state,
        cursors: {...state.cursors, [action.pane]: {key: action.key, index: action.index}},
      };
    case 'ui/row-toggled':
      return setCollapsed(state, action.key, !state.collapsed[action.key]);
    case 'ui/row-expanded':
      return setCollapsed(state, action.key, false);
    case 'ui/row-collapsed':
      return setCollapsed(state, action.key, true);
    case 'ui/filter-opened':
      return {...normal(state), mode: 'filter'};
    case 'ui/filter-changed':
      return {...state, filters: {...state.filters, [state.pane]: action.text}};
    case 'ui/filter-closed':
      return {
        ...normal(state),
        filters: action.keep ? state.filters : {...state.filters, [state.pane]: ''},
      };
    case 'ui/help-toggled':
      return state.mode === 'help' ? normal(state) : {...normal(state), mode: 'help'};
    case 'ui/confirm-opened':
      return {...normal(state), mode: 'confirm', confirm: action.confirm};
    case 'ui/confirm-closed':
      return normal(state);
    case 'ui/input-opened':
      return {
        ...normal(state),
        mode: 'input',
        input: {
          purpose: action.purpose,
          text: '',
          ...(action.target === undefined ? {} : {target: action.target}),
          ...(action.gateway === undefined ? {} : {gateway: action.gateway}),
        },
      };
    case 'ui/input-changed':
      return state.input ? {...state, input: {...state.input, text: action.text}} : state;
    case 'ui/input-closed':
      return normal(state);
    case 'ui/notice-shown':
      return {
        ...state,
        notice: {
          text: action.text,
          tone: action.tone,
          at: action.at,
          ...(action.ttlMs === undefined ? {} : {until: action.at + action.ttlMs}),
        },
      };
    case 'ui/notice-dismissed': {
      if (!state.notice) return state;
      const {notice: _notice, ...rest} = state;
      return rest;
    }
    case 'ui/gateway-focused':
      return state.focus === action.gateway ? state : {...state, focus: action.gateway};
    case 'clock/ticked': {
      if (state.notice?.until === undefined || state.notice.until > action.now) {
        return {...state, now: action.now};
      }
      const {notice: _notice, ...rest} = state;
      return {...rest, now: action.now};
    }
    default:
      return state;
  }
};

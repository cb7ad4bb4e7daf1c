// Every colour and text style goes through here, so NO_COLOR and friends are honoured in one place.
// Ink's chalk already follows FORCE_COLOR, --no-color and whether stdout is a TTY, but not
// NO_COLOR (https://no-color.org): that one is ours.

import {createContext, useContext} from 'react';
import type {SessionStatus} from '../state/model.ts';

/**
 * color: full palette. mono: NO_COLOR — no colour at all, only bold/inverse so the selection and
 * warnings stay distinguishable. plain: no styling whatsoever (TERM=dumb, and tests that must see
 * zero escape sequences).
 */
export type ColorMode = 'color' | 'mono' | 'plain';

export type TextStyle = {
  readonly color?: string;
  readonly backgroundColor?: string;
  readonly dimColor?: boolean;
  readonly bold?: boolean;
  readonly inverse?: boolean;
  readonly underline?: boolean;
};

export type Tone =
  | 'accent'
  | 'dim'
  | 'danger'
  | 'warn'
  | 'ok'
  | 'info'
  | 'title'
  | 'key'
  | 'selected'
  | 'badge-demo'
  | 'badge-readonly'
  | 'waiting';

export type StatusLike = SessionStatus | 'pending' | 'resolved' | 'expired' | 'failed' | string;

export type Theme = {
  readonly mode: ColorMode;
  readonly tone: (tone: Tone) => TextStyle;
  readonly status: (status: StatusLike) => TextStyle;
};

const PALETTE: Readonly<Record<Tone, TextStyle>> = {
  accent: {color: 'cyan'},
  dim: {dimColor: true},
  danger: {color: 'red', bold: true},
  warn: {color: 'yellow'},
  ok: {color: 'green'},
  info: {color: 'blue'},
  title: {bold: true},
  key: {color: 'cyan', bold: true},
  selected: {inverse: true},
  'badge-demo': {color: 'black', backgroundColor: 'magenta', bold: true},
  'badge-readonly': {color: 'black', backgroundColor: 'yellow', bold: true},
  waiting: {color: 'yellow', bold: true},
};

/** What survives NO_COLOR: emphasis that is not colour. */
const MONO: Readonly<Record<Tone, TextStyle>> = {
  accent: {},
  dim: {},
  danger: {bold: true},
  warn: {},
  ok: {},
  info: {},
  title: {bold: true},
  key: {bold: true},
  selected: {inverse: true},
  'badge-demo': {inverse: true},
  'badge-readonly': {inverse: true},
  waiting: {bold: true},
};

const STATUS_TONE: Readonly<Record<string, Tone>> = {
  running: 'ok',
  queued: 'info',
  idle: 'dim',
  done: 'dim',
  failed: 'danger',
  unknown: 'warn',
  pending: 'waiting',
  deciding: 'info',
  resolved: 'dim',
  expired: 'dim',
  superseded: 'dim',
  ready: 'ok',
  starting: 'info',
  restarting: 'warn',
  stopped: 'dim',
  crashed: 'danger',
  connected: 'ok',
  connecting: 'info',
  reconnecting: 'warn',
  paused: 'danger',
};

export function createTheme(mode: ColorMode): Theme {
  const table = mode === 'color' ? PALETTE : mode === 'mono' ? MONO : undefined;
  const tone = (t: Tone): TextStyle => table?.[t] ?? {};
  return {
    mode,
    tone,
    status: (status) => tone(STATUS_TONE[status] ?? 'warn'),
  };
}

type Env = Readonly<Record<string, string | undefined>>;

/** Node's rule: FORCE_COLOR wins over NO_COLOR; FORCE_COLOR=0/false means no colour. */
export function colorModeFromEnv(env: Env): ColorMode {
  if (env['TERM'] === 'dumb') return 'plain';
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force === '0' || force === 'false' ? 'mono' : 'color';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return 'mono';
  return 'color';
}

export const defaultTheme: Theme = createTheme(colorModeFromEnv(process.env));

export const ThemeContext = createContext<Theme>(defaultTheme);

export const useTheme = (): Theme => useContext(ThemeContext);

// Shared by the view tests: polling for a frame (a keypress takes a few ms to land; never sleep a
// fixed time), key codes as a terminal sends them, and small factories for view props.

import React from 'react';
import type {
  GatewayState,
  InboxItem,
  Session,
  TailEvent,
  TreeRow,
} from '../../source/state/model.ts';
import {ThemeContext, createTheme, type ColorMode} from '../../source/views/theme.ts';

export const KEY = {
  enter: '\r',
  esc: '\x1b',
  tab: '\t',
  shiftTab: '\x1b[Z',
  up: '\x1b[A',
  down: '\x1b[B',
  space: ' ',
} as const;

/** Poll until `check` returns true (or throw with the last frame after `timeoutMs`). */
export async function waitFor(
  frame: () => string | undefined,
  check: (text: string) => boolean,
  what: string,
  timeoutMs = 3000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = frame() ?? '';
    if (check(text)) return text;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last frame:\n${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const waitForText = (frame: () => string | undefined, text: string, timeoutMs?: number) =>
  waitFor(frame, (f) => f.includes(text), JSON.stringify(text), timeoutMs);

/** Render under an explicit colour mode so tests do not depend on the environment. */
export function Themed({
  mode = 'plain',
  children,
}: {
  readonly mode?: ColorMode;
  readonly children: React.ReactNode;
}): React.ReactElement {
  return <ThemeContext.Provider value={createTheme(mode)}>{children}</ThemeContext.Provider>;
}

export const NOW = 1_760_000_000_000;

export function makeSession(overrides: Partial<Session> & {key: string}): Session {
  return {
    role: 'subagent',
    title: overrides.key.split(':').at(-1) ?? overrides.key,
    childKeys: [],
    status: 'idle',
    activeRunIds: [],
    ...overrides,
  };
}

export function makeRow(
  session: Session,
  overrides: Partial<Omit<TreeRow, 'session' | 'key'>> = {},
): TreeRow {
  return {
    key: session.key,
    session,
    depth: 0,
    hasChildren: session.childKeys.length > 0,
    expanded: true,
    childCount: session.childKeys.length,
    parentMissing: false,
    waitingForYou: false,
    path: session.title,
    ...overrides,
  };
}

export function makeExecItem(
  id: string,
  command: string,
  overrides: Partial<Extract<InboxItem, {kind: 'exec-approval'}>['request']> = {},
  state: InboxItem['state'] = {phase: 'pending'},
): InboxItem {
  return {
    kind: 'exec-approval',
    id,
    receivedAt: NOW - 12_000,
    expiresAt: NOW + 245_000,
    state,
    request: {
      kind: 'exec',
      id,
      command,
      cwd: '/srv/app',
      host: 'gateway',
      agentId: 'main',
      sessionKey: 'agent:main:main',
      allowedDecisions: ['allow-once', 'allow-always', 'deny'],
      turnSourceChannel: 'qqbot',
      turnSourceTo: 'user-4711',
      ...overrides,
    },
  };
}

export function makeDeviceItem(
  id: string,
  overrides: Partial<Extract<InboxItem, {kind: 'device-pairing'}>['request']> = {},
): InboxItem {
  return {
    kind: 'device-pairing',
    id,
    receivedAt: NOW - 5_000,
    expiresAt: NOW + 295_000,
    state: {phase: 'pending'},
    request: {
      requestId: id,
      deviceId: 'dev-24a267f8',
      displayName: 'laptop console',
      platform: 'linux',
      clientId: 'openclaw-tui',
      clientMode: 'ui',
      remoteIp: '10.0.0.7',
      role: 'operator',
      scopes: ['operator.read', 'operator.admin'],
      isRepair: true,
      ...overrides,
    },
  };
}

export function makeDmItem(id: string): InboxItem {
  return {
    kind: 'dm-access',
    id,
    receivedAt: NOW - 60_000,
    state: {phase: 'pending'},
    request: {
      requestId: id,
      channel: 'telegram',
      accountId: 'default',
      senderId: '123456',
      senderLabel: 'Ada',
    },
  };
}

export function makeEvent(id: number, overrides: Partial<TailEvent> = {}): TailEvent {
  return {
    id,
    ts: NOW - 1000 * (100 - id),
    kind: 'run',
    severity: 'info',
    summary: `event number ${id}`,
    detail: {},
    ...overrides,
  };
}

export function makeGateway(overrides: Partial<GatewayState> = {}): GatewayState {
  return {
    url: 'ws://127.0.0.1:18789',
    urlSource: 'default',
    credentialSource: 'OPENCLAW_GATEWAY_TOKEN',
    demo: false,
    readOnly: false,
    phase: 'connected',
    attempt: 1,
    scopes: ['operator.read', 'operator.write', 'operator.approvals', 'operator.pairing'],
    methods: ['health', 'sessions.list'],
    host: '127.0.0.1:18789',
    serverVersion: '2026.9.6',
    protocol: 4,
    connectedAt: NOW - 65_000,
    ...overrides,
  };
}

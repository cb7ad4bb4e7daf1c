// Every view, rendered with hostile text in every gateway-supplied field. Used twice: once with no
// styling at all (any escape byte in the frame is a failure) and once with colours forced on (only
// the SGR colour sequences Ink emits for our theme may remain).

import React from 'react';
import type {InboxItem} from '../../source/state/model.ts';
import {Header} from '../../source/views/header.tsx';
import {Footer} from '../../source/views/footer.tsx';
import {SessionsPane} from '../../source/views/sessions-pane.tsx';
import {InboxPane} from '../../source/views/inbox-pane.tsx';
import {ConfirmDialog} from '../../source/views/confirm-dialog.tsx';
import {describeGrant} from '../../source/state/describe-grant.ts';
import {describeStopRun, describeStopSubtree} from '../../source/views/confirm-text.ts';
import {
  describePrepared,
  describeQuit,
  describeWildcardTyped,
} from '../../source/views/config-change-text.ts';
import {AuditPanel} from '../../source/views/audit-panel.tsx';
import {EventsPane} from '../../source/views/events-pane.tsx';
import {GatewayPane} from '../../source/views/gateway-pane.tsx';
import {PolicyPane} from '../../source/views/policy-pane.tsx';
import {ProblemScreen, type ConnectProblem} from '../../source/views/problem-screen.tsx';
import {PeekPanel} from '../../source/views/peek-panel.tsx';
import {InputLine} from '../../source/views/input-line.tsx';
import {NOW, makeEvent, makeGateway, makeRow, makeSession} from './helpers.tsx';

/** Clear screen, OSC 52 clipboard write, OSC 8 link, 8-bit CSI, RLO, SGR, isolates, C0, DEL. */
export const HOSTILE =
  'A\x1b[2JB\x1b]52;c;ZXZpbA==\x07C\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\D\u009b31mE\u202eF\x1b[31mred\u2066G\x00\x7fH\r\nI\x1bP1$r\x1b\\';

/** What a hostile string must look like on screen: visible, not interpreted. */
export const VISIBLE_MARKERS = ['␛[2J', '␛]52;c;', '⟨U+009B⟩', '⟨U+202E⟩', '␛[31mred'];

const h = (tag: string): string => `${tag}${HOSTILE}`;

const problems: readonly ConnectProblem[] = [
  {kind: 'unreachable', url: h('ws://'), detail: h('ECONNREFUSED')},
  {kind: 'auth', code: h('AUTH_'), message: h('unauthorized'), nextStep: h('next')},
  {
    kind: 'pairing-required',
    message: h('pairing'),
    requestId: h('req'),
    reason: h('reason'),
    deviceId: h('dev'),
    requestedRole: h('role'),
    requestedScopes: [h('scope')],
    approvedScopes: [h('had')],
    remediationHint: h('hint'),
  },
  {kind: 'protocol-mismatch', message: h('proto')},
  {kind: 'device-rejected', code: h('DEVICE_'), message: h('sig')},
  {kind: 'auth-changed', message: h('changed')},
  {kind: 'other', code: h('X'), message: h('other')},
];

const session = makeSession({
  key: h('agent:main:'),
  title: h('title'),
  agentId: h('agent'),
  channel: h('chan'),
  model: h('model'),
  status: 'running',
  activeRunIds: [h('run')],
  childKeys: ['x'],
});

const items: readonly InboxItem[] = [
  {
    kind: 'exec-approval',
    id: h('exec-id'),
    receivedAt: NOW,
    expiresAt: NOW + 1000,
    supersedes: h('old'),
    state: {
      phase: 'failed',
      decision: 'deny',
      outcome: 'not-applied',
      message: h('failmsg'),
      at: NOW,
    },
    request: {
      kind: 'exec',
      id: h('exec-id'),
      command: h('cmd'),
      commandPreview: h('preview'),
      cwd: h('cwd'),
      host: h('host'),
      nodeId: h('node'),
      security: h('sec'),
      ask: h('ask'),
      resolvedPath: h('path'),
      warningText: h('warn'),
      agentId: h('agent'),
      sessionKey: h('sess'),
      runId: h('run'),
      turnSourceChannel: h('qqbot'),
      turnSourceTo: h('to'),
      turnSourceAccountId: h('acct'),
    },
  },
  {
    kind: 'plugin-approval',
    id: h('plugin:'),
    receivedAt: NOW,
    state: {phase: 'superseded', by: h('newer'), at: NOW},
    request: {
      kind: 'plugin',
      id: h('plugin:'),
      title: h('ptitle'),
      description: h('desc'),
      severity: h('sev'),
      pluginId: h('pid'),
      toolName: h('tool'),
    },
  },
  {
    kind: 'device-pairing',
    id: h('dev-req'),
    receivedAt: NOW,
    state: {phase: 'resolved', decision: h('dec'), by: 'console', at: NOW},
    request: {
      requestId: h('dev-req'),
      deviceId: h('devid'),
      displayName: h('name'),
      platform: h('plat'),
      deviceFamily: h('fam'),
      clientId: h('cid'),
      clientMode: h('mode'),
      role: h('role'),
      roles: [h('r')],
      scopes: [h('s')],
      remoteIp: h('ip'),
      isRepair: true,
    },
  },
  {
    kind: 'node-pairing',
    id: h('node-req'),
    receivedAt: NOW,
    state: {phase: 'pending'},
    request: {
      requestId: h('node-req'),
      nodeId: h('nid'),
      displayName: h('nname'),
      platform: h('np'),
      version: h('v'),
      caps: [h('cap')],
      commands: [h('cmd')],
      requiredApproveScopes: [h('rs')],
      remoteIp: h('ip'),
    },
  },
  {
    kind: 'dm-access',
    id: h('dm'),
    receivedAt: NOW,
    state: {phase: 'pending'},
    request: {
      requestId: h('dm'),
      channel: h('ch'),
      channelLabel: h('cl'),
      accountId: h('acc'),
      accountLabel: h('al'),
      senderId: h('sid'),
      senderLabel: h('sl'),
    },
  },
];

export function hostileViews(): ReadonlyArray<readonly [string, React.ReactElement]> {
  const views: Array<readonly [string, React.ReactElement]> = [
    [
      'header',
      <Header
        key="h"
        host={h('host')}
        serverVersion={h('ver')}
        phase="connected"
        attempt={1}
        scopes={[h('operator.')]}
        inboxPending={1}
        demo
        readOnly
        pane="inbox"
        width={200}
      />,
    ],
    [
      'footer',
      <Footer
        key="f"
        context={{mode: 'normal', pane: 'inbox', readOnly: false}}
        width={200}
        message={{text: h('notice'), tone: 'danger'}}
      />,
    ],
    [
      'sessions',
      <SessionsPane
        key="s"
        rows={[
          makeRow(session, {waitingForYou: true}),
          makeRow(makeSession({key: h('ghost')}), {parentMissing: true}),
        ]}
        selected={0}
        height={10}
        width={200}
        now={NOW}
        filter={h('filter')}
        note={h('note')}
      />,
    ],
    ...items.map(
      (_, i) =>
        [
          `inbox ${items[i]!.kind}`,
          <InboxPane
            key={`i${i}`}
            items={items}
            selected={i}
            width={200}
            height={40}
            now={NOW}
            filter={h('f')}
            approved={{roles: [h('r')], scopes: [h('s2')]}}
          />,
        ] as const,
    ),
    ...items.flatMap((item) =>
      (['allow-once', 'allow-always', 'deny'] as const).map(
        (d) =>
          [
            `confirm ${item.kind} ${d}`,
            <ConfirmDialog
              key={`c${item.id}${d}`}
              spec={describeGrant(item, d, {roles: [h('r')], scopes: [h('s')]})}
              width={160}
            />,
          ] as const,
      ),
    ),
    [
      'confirm stop run',
      <ConfirmDialog key="cs" spec={describeStopRun(session, h('run'))} width={160} />,
    ],
    [
      'confirm stop subtree',
      <ConfirmDialog key="ct" spec={describeStopSubtree(session, 3)} width={160} />,
    ],
    [
      'confirm allow sender (prepared diff)',
      <ConfirmDialog
        key="ca"
        spec={describePrepared(
          {
            kind: 'allow-sender',
            channel: h('c'),
            accountId: h('a'),
            senderId: h('s'),
            label: h('l'),
            again: 'policy.allow-sender',
          },
          {
            status: 'ready',
            token: 't',
            summary: h('sum'),
            diff: [h('diff')],
            notes: [h('note')],
          },
          false,
        )}
        width={160}
      />,
    ],
    [
      'confirm allow agent (prepared diff)',
      <ConfirmDialog
        key="cg"
        spec={describePrepared(
          {
            kind: 'allow-agent',
            requesterAgentId: h('r'),
            targetAgentId: h('t'),
            again: 'events.fix-agent',
          },
          {status: 'ready', token: 't', summary: h('sum'), diff: [h('diff')], notes: []},
          false,
        )}
        width={160}
      />,
    ],
    [
      'confirm "*" typed check',
      <ConfirmDialog
        key="cw"
        spec={describeWildcardTyped(
          {
            kind: 'allow-sender',
            channel: h('c'),
            accountId: h('a'),
            senderId: '*',
            again: 'policy.allow-sender',
          },
          {status: 'ready', token: 't', summary: h('sum'), diff: [h('diff')], notes: []},
        )}
        width={160}
        answer="type ANYONE"
      />,
    ],
    [
      'confirm quit with embedded gateway',
      <ConfirmDialog
        key="cq"
        spec={describeQuit({
          state: 'ready',
          url: h('u'),
          port: 1,
          command: [h('cmd')],
          restarts: 0,
          canRunDoctor: false,
          pid: 42,
        })}
        width={160}
      />,
    ],
    [
      'audit log',
      <AuditPanel
        key="al"
        state={{
          phase: 'ready',
          top: 0,
          rows: [
            {
              ts: h('ts'),
              kind: h('k'),
              id: h('id'),
              decision: h('d'),
              outcome: 'applied',
              granted: h('g'),
              message: h('m'),
            },
          ],
        }}
        width={200}
        height={10}
      />,
    ],
    [
      'audit log failed',
      <AuditPanel key="af" state={{phase: 'failed', message: h('m')}} width={200} height={10} />,
    ],
    [
      'events',
      <EventsPane
        key="e"
        events={[
          makeEvent(1, {
            summary: h('sum'),
            sessionKey: h('sk'),
            diagnosis: {cause: h('cause'), fix: h('fix')},
          }),
        ]}
        width={200}
        height={10}
        follow
        selected={0}
        filter={h('f')}
        sessionLabel={(k) => h(k)}
      />,
    ],
    [
      'gateway',
      <GatewayPane
        key="g"
        gateway={makeGateway({
          url: h('ws://'),
          urlSource: h('src'),
          credentialSource: h('cred'),
          serverVersion: h('ver'),
          scopes: [h('sc')],
          mainSessionKey: h('main'),
          lastClose: {code: 1008, reason: h('reason'), at: NOW},
          shutdown: {reason: h('shutdown'), at: NOW},
          problem: {kind: 'other', code: h('c'), message: h('m')},
        })}
        embed={{
          state: 'crashed',
          url: h('u'),
          port: 1,
          command: [h('cmd')],
          restarts: 1,
          canRunDoctor: false,
          lastExit: {code: 1, signal: null, reason: h('exit'), detail: [h('d')], at: NOW},
          logFile: h('log'),
        }}
        log={[{text: h('line'), at: NOW, stream: 'stderr'}]}
        follow
        selected={0}
        now={NOW}
        width={200}
        height={40}
      />,
    ],
    [
      'policy',
      <PolicyPane
        key="p"
        view={{
          loaded: true,
          error: h('err'),
          channels: [
            {
              channel: h('ch'),
              accountId: h('acc'),
              dmPolicy: h('pol'),
              allowFrom: [h('a'), '*'],
              candidates: [{senderId: h('sid'), label: h('l')}],
            },
          ],
          agents: [{agentId: h('ag'), allowAgents: [h('x')]}],
          defaultAllowAgents: [h('d')],
        }}
        selected={0}
        width={200}
        height={20}
      />,
    ],
    [
      'policy loading',
      <PolicyPane
        key="pl"
        view={{loaded: false, error: h('e'), channels: [], agents: []}}
        selected={0}
        width={200}
        height={20}
      />,
    ],
    ...problems.map(
      (p) =>
        [
          `problem ${p.kind}`,
          <ProblemScreen
            key={p.kind}
            problem={p}
            url={h('url')}
            urlSource={h('src')}
            phase="reconnecting"
            attempt={1}
            width={200}
          />,
        ] as const,
    ),
    [
      'peek',
      <PeekPanel
        key="pk"
        peek={{
          phase: 'ready',
          sessionKey: h('k'),
          title: h('t'),
          lines: [{role: h('role'), text: h('text')}],
        }}
        width={200}
        height={10}
      />,
    ],
    [
      'peek failed',
      <PeekPanel
        key="pf"
        peek={{phase: 'failed', sessionKey: h('k'), title: h('t'), message: h('m')}}
        width={200}
        height={10}
      />,
    ],
    [
      'input line',
      <InputLine
        key="in"
        label="steer"
        target={h('t')}
        value={h('v')}
        width={400}
        submit="input.submit"
        cancel="input.cancel"
        submitLabel="send"
        cancelLabel="cancel"
      />,
    ],
  ];
  return views;
}

// Anything a terminal could act on or that reorders text. '\n' is Ink's own line break.
export const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Exactly the SGR form Ink/chalk emit for colours and emphasis: ESC [ digits/semicolons m. */
// eslint-disable-next-line no-control-regex
export const SGR = /\x1b\[[0-9;]*m/g;

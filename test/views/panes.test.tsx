import {test, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render, cleanup} from 'ink-testing-library';
import {Header} from '../../source/views/header.tsx';
import {Footer} from '../../source/views/footer.tsx';
import {SessionsPane} from '../../source/views/sessions-pane.tsx';
import {InboxPane} from '../../source/views/inbox-pane.tsx';
import {ConfirmDialog} from '../../source/views/confirm-dialog.tsx';
import {describeGrant} from '../../source/state/describe-grant.ts';
import {EventsPane} from '../../source/views/events-pane.tsx';
import {GatewayPane} from '../../source/views/gateway-pane.tsx';
import {PolicyPane} from '../../source/views/policy-pane.tsx';
import {ProblemScreen} from '../../source/views/problem-screen.tsx';
import {HelpOverlay} from '../../source/views/help-overlay.tsx';
import {PeekPanel} from '../../source/views/peek-panel.tsx';
import {InputLine} from '../../source/views/input-line.tsx';
import {
  NOW,
  Themed,
  makeDeviceItem,
  makeDmItem,
  makeEvent,
  makeExecItem,
  makeGateway,
  makeRow,
  makeSession,
} from './helpers.tsx';

afterEach(() => cleanup());

const frameOf = (element: React.ReactElement): string => {
  const {lastFrame} = render(<Themed>{element}</Themed>);
  return lastFrame() ?? '';
};

test('header: host, version, protocol, scopes, inbox count, badges', () => {
  const frame = frameOf(
    <Header
      host="gw.example:18789"
      serverVersion="2026.9.6"
      protocol={4}
      phase="connected"
      attempt={1}
      scopes={['operator.read', 'operator.approvals']}
      inboxPending={3}
      demo
      readOnly
      pane="inbox"
      width={140}
    />,
  );
  for (const text of [
    'DEMO',
    'READ-ONLY',
    'gw.example:18789',
    'gateway 2026.9.6',
    'protocol 4',
    'read,approvals',
    '[2 inbox (3)]',
    '⚑ 3 waiting for you',
  ]) {
    assert.ok(frame.includes(text), `missing ${text} in\n${frame}`);
  }
});

test('header: reconnecting shows attempt and countdown; no badges when not demo/read-only', () => {
  const frame = frameOf(
    <Header
      host="h"
      phase="reconnecting"
      attempt={3}
      retryInMs={4200}
      scopes={[]}
      inboxPending={0}
      demo={false}
      readOnly={false}
      pane="sessions"
      width={120}
    />,
  );
  assert.match(frame, /reconnecting \(attempt 3, next in 0:04\)/);
  assert.doesNotMatch(frame, /DEMO|READ-ONLY/);
  assert.match(frame, /scopes none/);
});

test('footer: hints come from the keymap; read-only drops dangerous ones', () => {
  const full = frameOf(
    <Footer context={{mode: 'normal', pane: 'inbox', readOnly: false}} width={200} />,
  );
  assert.match(full, /a approve/);
  assert.match(full, /d deny/);
  assert.match(full, /q quit/);
  const ro = frameOf(
    <Footer
      context={{mode: 'normal', pane: 'inbox', readOnly: true}}
      width={200}
      message={{text: 'disabled: read-only (the gateway granted operator.read only)', tone: 'warn'}}
    />,
  );
  assert.doesNotMatch(ro, /approve|deny/);
  assert.match(ro, /disabled: read-only/);
});

test('sessions: indent, markers, waiting mark, unknown status, placeholder parent', () => {
  const main = makeSession({
    key: 'agent:main:main',
    title: 'main',
    role: 'main',
    agentId: 'main',
    status: 'running',
    activeRunIds: ['r1', 'r2'],
    childKeys: ['c1'],
    totalTokens: 12_345,
    lastActivityAt: NOW - 120_000,
  });
  const child = makeSession({
    key: 'c1',
    title: 'fetch-docs',
    agentId: 'research',
    status: 'unknown',
    model: 'gpt-5',
  });
  const ghost = makeSession({key: 'agent:x:gone', title: 'gone'});
  const orphan = makeSession({key: 'o1', title: 'orphan-task', status: 'failed'});
  const rows = [
    makeRow(main, {childCount: 1}),
    makeRow(child, {depth: 1, waitingForYou: true}),
    makeRow(ghost, {parentMissing: true, hasChildren: true, childCount: 1}),
    makeRow(orphan, {depth: 1}),
  ];
  const frame = frameOf(
    <SessionsPane rows={rows} selected={1} height={10} width={130} now={NOW} />,
  );
  assert.match(frame, /› {3}· fetch-docs/);
  assert.match(frame, /▾ main/);
  assert.match(frame, /⚑ waiting for you/);
  assert.match(frame, /unknown/);
  assert.match(frame, /parent not visible: agent:x:gone/);
  assert.match(frame, /▶2/);
  assert.match(frame, /12k/);
  assert.match(frame, /2m/);
  assert.match(frame, /gpt-5/);
});

test('sessions: 10,000 rows render only a window around the selection', () => {
  const rows = Array.from({length: 10_000}, (_, i) =>
    makeRow(makeSession({key: `s${i}`, title: `session-${i}`})),
  );
  const frame = frameOf(
    <SessionsPane rows={rows} selected={7_777} height={12} width={100} now={NOW} />,
  );
  const lines = frame.split('\n');
  assert.ok(lines.length <= 12, `${lines.length} lines`);
  assert.match(frame, /› · session-7777/);
  assert.doesNotMatch(frame, /session-0 /);
  assert.match(frame, /of 10000/);
});

test('inbox: exec detail shows command visibly, cwd, origin channel, countdown', () => {
  const items = [makeExecItem('ex-1', 'rm -rf /tmp/x\u202e; echo \x1b[2Jdone'), makeDmItem('dm-1')];
  const frame = frameOf(<InboxPane items={items} selected={0} width={140} height={20} now={NOW} />);
  assert.match(frame, /exec approval/);
  assert.match(frame, /rm -rf \/tmp\/x⟨U\+202E⟩; echo ␛\[2Jdone/);
  assert.match(frame, /\/srv\/app/);
  assert.match(frame, /qqbot · from user-4711/);
  assert.match(frame, /expires in 4:05/);
  assert.match(frame, /request ex-1/);
  assert.match(frame, /DM access/);
});

test('inbox: device upgrade shows requested vs approved side by side', () => {
  const frame = frameOf(
    <InboxPane
      items={[makeDeviceItem('req-9')]}
      selected={0}
      width={140}
      height={30}
      now={NOW}
      approved={{roles: ['operator'], scopes: ['operator.read', 'operator.write']}}
    />,
  );
  assert.match(frame, /requested +approved now/);
  assert.match(frame, /operator\.admin +✓ +· +NEW/);
  assert.match(frame, /operator\.read +✓ +✓/);
  assert.match(frame, /operator\.write +· +✓ +not requested/);
  assert.match(frame, /laptop console/);
  assert.match(frame, /10\.0\.0\.7/);
  assert.match(frame, /openclaw-tui \(mode ui\)/);
});

test('inbox: resolved, superseded, expired and failed states are said plainly', () => {
  const items = [
    makeExecItem(
      'a',
      'ls',
      {},
      {phase: 'resolved', decision: 'deny', by: 'elsewhere', at: NOW - 30_000},
    ),
    makeExecItem('b', 'ls', {}, {phase: 'superseded', by: 'c', at: NOW}),
    makeExecItem('d', 'ls', {}, {phase: 'expired', at: NOW - 5_000}),
    makeExecItem(
      'e',
      'ls',
      {},
      {
        phase: 'failed',
        decision: 'allow-once',
        outcome: 'not-applied',
        message: 'APPROVAL_NOT_FOUND',
        at: NOW,
      },
    ),
  ];
  const frames = items.map((_, i) =>
    frameOf(<InboxPane items={items} selected={i} width={140} height={20} now={NOW} />),
  );
  assert.match(frames[0]!, /resolved: deny \(decided elsewhere\)/);
  assert.match(frames[1]!, /replaced by request c/);
  assert.match(frames[2]!, /expired 5s ago/);
  assert.match(frames[3]!, /failed \(allow-once not applied\): APPROVAL_NOT_FOUND/);
});

test('inbox: narrow terminals stack list and detail in one column', () => {
  const frame = frameOf(
    <InboxPane
      items={[makeExecItem('n-1', 'make test')]}
      selected={0}
      width={60}
      height={20}
      now={NOW}
    />,
  );
  const lines = frame.split('\n');
  const list = lines.findIndex((l) => l.includes('exec approval') && l.includes('make test'));
  const detail = lines.findIndex((l) => l.includes('request n-1'));
  assert.ok(list >= 0 && detail > list, frame);
});

test('confirm: says what, to whom, how long, and the exact request id', () => {
  const item = makeDeviceItem('3f0c-exact-id');
  const spec = describeGrant(item, 'allow-once', {
    roles: ['operator'],
    scopes: ['operator.read'],
  });
  const frame = frameOf(<ConfirmDialog spec={spec} width={120} />);
  assert.match(frame, /Approve this access upgrade\?/);
  assert.match(frame, /request id +3f0c-exact-id/);
  assert.match(frame, /scopes operator\.read, operator\.admin/);
  assert.match(frame, /new +operator\.admin/);
  assert.match(frame, /until the device is removed or its token is revoked/);
  assert.match(frame, /y yes, allow-once/);
  assert.match(frame, /n\/esc cancel/);
  const exec = frameOf(
    <ConfirmDialog
      spec={describeGrant(makeExecItem('e-1', 'git push'), 'allow-always')}
      width={120}
    />,
  );
  assert.match(exec, /Always allow this command\?/);
  assert.match(exec, /git push/);
  assert.match(exec, /exec allowlist/);
});

test('events: failures carry cause and fix; following shows the newest', () => {
  const events = [
    ...Array.from({length: 50}, (_, i) => makeEvent(i)),
    makeEvent(50, {
      kind: 'spawn',
      severity: 'error',
      summary: 'spawn failed: pairing required',
      sessionKey: 'agent:main:main',
      diagnosis: {cause: 'the node is not paired', fix: 'approve request 3f0c in the Inbox (2)'},
    }),
  ];
  const frame = frameOf(
    <EventsPane
      events={events}
      width={120}
      height={10}
      follow
      selected={0}
      sessionLabel={(k) => (k === 'agent:main:main' ? 'main' : undefined)}
    />,
  );
  assert.match(frame, /spawn failed: pairing required/);
  assert.match(frame, /cause: the node is not paired/);
  assert.match(frame, /fix: approve request 3f0c/);
  assert.match(frame, /following/);
  assert.doesNotMatch(frame, /event number 3\b/);
  assert.ok(frame.split('\n').length <= 10);
  const paused = frameOf(
    <EventsPane events={events} width={120} height={10} follow={false} selected={3} />,
  );
  assert.match(paused, /›.*event number 3\b/);
  assert.match(paused, /paused/);
});

test('gateway: connection facts, embedded child and log search', () => {
  const frame = frameOf(
    <GatewayPane
      gateway={makeGateway({lastClose: {code: 1012, reason: 'service restart', at: NOW - 3000}})}
      embed={{
        state: 'ready',
        url: 'ws://127.0.0.1:18789',
        port: 18789,
        command: ['openclaw', 'gateway'],
        pid: 4242,
        startedAt: NOW - 3_723_000,
        restarts: 2,
        memoryRssBytes: 150 * 1024 * 1024,
        canRunDoctor: false,
      }}
      log={[
        {text: 'listening on 18789', at: NOW - 5000},
        {text: 'agent main started', at: NOW - 4000},
        {text: 'ERROR something broke', at: NOW - 3000, stream: 'stderr'},
      ]}
      follow
      selected={0}
      search="error"
      now={NOW}
      width={140}
      height={40}
    />,
  );
  for (const text of [
    'ws://127.0.0.1:18789 (from default)',
    'OPENCLAW_GATEWAY_TOKEN',
    '2026.9.6',
    '4242',
    '1:02:03',
    '150 MiB',
    'restarts',
    '1012 service restart',
    'ERROR something broke',
    'search: error',
  ]) {
    assert.ok(frame.includes(text), `missing ${text} in\n${frame}`);
  }
  assert.doesNotMatch(frame, /listening on/);
});

test('policy: a "*" allowlist is flagged loudly; candidates show how to allow', () => {
  const frame = frameOf(
    <PolicyPane
      view={{
        loaded: true,
        channels: [
          {
            channel: 'telegram',
            accountId: 'default',
            dmPolicy: 'open',
            allowFrom: ['*'],
            candidates: [],
          },
          {
            channel: 'qqbot',
            dmPolicy: 'allowlist',
            allowFrom: ['1001'],
            candidates: [{senderId: '2002', label: 'Bob'}],
          },
        ],
        agents: [
          {agentId: 'main', allowAgents: ['*']},
          {agentId: 'research', allowAgents: []},
        ],
      }}
      selected={4}
      width={120}
      height={20}
    />,
  );
  assert.match(frame, /ANYONE can DM this bot/);
  assert.match(frame, /ANY configured agent/);
  assert.match(frame, /› {2}\? Bob \(2002\) not allowed — u to allow/);
  assert.match(frame, /research +may spawn none/);
});

test('problem: pairing required shows the request id and the exact approve command', () => {
  const frame = frameOf(
    <ProblemScreen
      problem={{
        kind: 'pairing-required',
        message: 'pairing required: scope upgrade',
        requestId: '3f0c9a',
        reason: 'scope-upgrade',
        requestedScopes: ['operator.read', 'operator.admin'],
        approvedScopes: ['operator.read'],
      }}
      url="ws://127.0.0.1:18789"
      urlSource="default"
      phase="reconnecting"
      attempt={2}
      retryInMs={5000}
      width={120}
    />,
  );
  assert.match(frame, /openclaw devices approve 3f0c9a/);
  assert.match(frame, /scopes now +operator\.read/);
  assert.match(frame, /asking for +operator\.read, operator\.admin/);
  assert.match(frame, /reconnecting \(attempt 2, next in 0:05\)/);
});

test('problem: unreachable suggests --embed and --demo', () => {
  const frame = frameOf(
    <ProblemScreen
      problem={{kind: 'unreachable', url: 'ws://10.1.1.1:18789', detail: 'ECONNREFUSED'}}
      url="ws://10.1.1.1:18789"
      urlSource="--url"
      phase="reconnecting"
      attempt={1}
      width={120}
    />,
  );
  assert.match(frame, /Cannot reach the gateway/);
  assert.match(frame, /ws:\/\/10\.1\.1\.1:18789 \(from --url\)/);
  assert.match(frame, /--embed/);
  assert.match(frame, /--demo/);
  for (const kind of [
    'auth',
    'protocol-mismatch',
    'device-rejected',
    'auth-changed',
    'other',
  ] as const) {
    const problem =
      kind === 'protocol-mismatch'
        ? {kind, message: 'protocol mismatch', expectedProtocol: 5}
        : kind === 'auth-changed'
          ? {kind, message: 'gateway auth changed'}
          : {kind, code: 'X_CODE', message: 'refused'};
    const f = frameOf(
      <ProblemScreen
        problem={problem}
        url="ws://h"
        urlSource="default"
        phase="paused"
        attempt={1}
        width={120}
      />,
    );
    assert.match(f, /what to try/, kind);
  }
});

test('problem: a certificate that is not the pinned one says so, where the pin came from, and what to compare', () => {
  const frame = frameOf(
    <ProblemScreen
      problem={{
        kind: 'other',
        code: 'TLS_PIN_MISMATCH',
        message: `wss://gw.example:18789: the gateway TLS certificate does not match the pinned fingerprint: it serves SHA-256 ${'AB:'.repeat(31)}AB`,
      }}
      url="wss://gw.example:18789"
      urlSource="config ~/.openclaw/openclaw.json gateway.remote.url"
      tlsPinSource="config ~/.openclaw/openclaw.json gateway.remote.tlsFingerprint"
      phase="reconnecting"
      attempt={3}
      width={160}
    />,
  );
  assert.match(frame, /TLS certificate does not match the pin \(TLS_PIN_MISMATCH\)/);
  assert.match(
    frame,
    /pin from +config ~\/\.openclaw\/openclaw\.json gateway\.remote\.tlsFingerprint/,
  );
  assert.match(frame, /it serves SHA-256\s+AB:AB:/);
  assert.match(frame, /openssl x509 -noout -fingerprint -sha256/);
  assert.match(frame, /nothing was sent to it/);
  assert.doesNotMatch(frame, /refused the connection/);
});

test('help: lists keys from the keymap; read-only hides dangerous ones', () => {
  const full = frameOf(<HelpOverlay readOnly={false} width={100} />);
  assert.match(full, /Approve \/ allow once \(asks y\/n\)/);
  assert.match(full, /Stop the session’s active run/);
  const ro = frameOf(<HelpOverlay readOnly width={100} />);
  assert.doesNotMatch(ro, /Approve|Stop the/);
  assert.match(ro, /Inbox: everything waiting for you/);
});

test('peek and input line render', () => {
  const peek = frameOf(
    <PeekPanel
      peek={{
        phase: 'ready',
        sessionKey: 'agent:main:main',
        title: 'main',
        lines: [
          {role: 'user', text: 'hello there'},
          {role: 'assistant', text: 'hi!'},
        ],
      }}
      width={80}
      height={10}
    />,
  );
  assert.match(peek, /peek main/);
  assert.match(peek, /assistant +hi!/);
  const input = frameOf(
    <InputLine
      label="steer"
      target="fetch-docs"
      value="focus on tests"
      width={100}
      submit="input.submit"
      cancel="input.cancel"
      submitLabel="send"
      cancelLabel="cancel"
    />,
  );
  assert.match(input, /steer → fetch-docs: focus on tests/);
  assert.match(input, /enter send · esc cancel/);
  // In a fleet a long title is cut, never the gateway the message goes to.
  const fleetInput = frameOf(
    <InputLine
      label="steer"
      target={'research the whole codebase for flaky tests '.repeat(3)}
      gateway="vps-eu"
      value="stop"
      width={120}
      submit="input.submit"
      cancel="input.cancel"
      submitLabel="send"
      cancelLabel="cancel"
    />,
  );
  assert.match(fleetInput, /steer → research the whole codebase f… on vps-eu: stop/);
});

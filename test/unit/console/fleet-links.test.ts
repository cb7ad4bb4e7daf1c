// openFleetLinks: one link per fleet entry, each with what is its own — its device identity (the
// entry's identity dir), its read-only scopes, its pinned TLS fingerprint — and an entry whose
// credential could not be read gets no link at all, only a row saying why. The transport is a
// recording stand-in: what matters here is what each link asks its socket for.
import assert from 'node:assert/strict';
import {chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import type {SocketFactory, SocketOptions} from '../../../source/client/socket.ts';
import {resolveFleet} from '../../../source/config/fleet.ts';
import {createFleetState, openFleetLinks} from '../../../source/console/fleet-console.ts';
import {createStore} from '../../../source/state/store.ts';

const home = mkdtempSync(path.join(os.tmpdir(), 'oct-fleet-links-'));
after(() => rmSync(home, {recursive: true, force: true}));

const PIN =
  'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';

test('each entry gets its own link: own identity, own read-only scopes, its own TLS pin; an unresolved credential gets none', async () => {
  writeFileSync(
    path.join(home, 'gateways.json5'),
    `{gateways: [
      {name: 'home', url: 'ws://127.0.0.1:18789', tokenEnv: 'HOME_TOKEN'},
      {name: 'team', url: 'wss://gw.team.example.com', tokenEnv: 'TEAM_TOKEN',
       tlsFingerprint: '${PIN}', readOnly: true},
      {name: 'lost', url: 'ws://127.0.0.1:18790', tokenEnv: 'NOT_SET_ANYWHERE'},
    ]}`,
  );
  const fleet = resolveFleet({
    dataDir: home,
    env: {HOME_TOKEN: 'tok-home', TEAM_TOKEN: 'tok-team'},
    home,
  });
  assert.ok(fleet);
  const opened: {url: string; options: SocketOptions}[] = [];
  const socketFactory: SocketFactory = (url, handlers, options) => {
    opened.push({url, options});
    // Never answers: the links stay "connecting", which is all this test needs.
    return {send: () => {}, close: (code, reason) => handlers.close(code, reason)};
  };
  const store = createStore(createFleetState(fleet));
  const links = await openFleetLinks({fleet, store, clientVersion: '0.0.0-test', socketFactory});
  try {
    assert.deepEqual(
      links.members.map((m) => [m.id, m.link !== undefined]),
      [
        ['home', true],
        ['team', true],
        ['lost', false],
      ],
    );
    links.start();
    assert.deepEqual(
      opened.map((o) => [o.url, o.options.tlsFingerprint]),
      [
        ['ws://127.0.0.1:18789', undefined],
        ['wss://gw.team.example.com', PIN.replace(/:/g, '').toLowerCase()],
      ],
    );
    // read-only is the gateway's own: team asks for operator.read only, home for more.
    const scopes = (id: string) => links.link(id)?.requestedScopes ?? [];
    assert.deepEqual(scopes('team'), ['operator.read']);
    assert.ok(scopes('home').includes('operator.approvals'));
    // Each gateway has its own device identity in its own directory.
    const deviceOf = (name: string) =>
      (
        JSON.parse(readFileSync(path.join(home, 'gateways', name, 'identity.json'), 'utf8')) as {
          deviceId: string;
        }
      ).deviceId;
    assert.notEqual(deviceOf('home'), deviceOf('team'));
    // The unresolved entry says why on its own record; nothing was dialled for it.
    const problem = store.getState().gateways.lost?.gateway.problem;
    assert.equal(problem?.kind, 'auth');
    assert.match(JSON.stringify(problem), /CREDENTIAL_UNRESOLVED/);
    assert.match(JSON.stringify(problem), /NOT_SET_ANYWHERE/);
    assert.ok(!opened.some((o) => o.url.includes('18790')));
  } finally {
    await links.close();
  }
});

const FAKE_SSH = fileURLToPath(new URL('../../support/fake-ssh.mjs', import.meta.url));

test('ssh entries do not wait for their forwards: a host that never answers holds up neither the console nor the next entry', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oct-fleet-ssh-'));
  const log = path.join(dir, 'starts.jsonl');
  const modeFile = path.join(dir, 'mode');
  // "slow": ssh runs but its forward never listens, like a host that does not answer.
  writeFileSync(modeFile, 'slow');
  const sshPath = path.join(dir, 'ssh');
  writeFileSync(sshPath, `#!/bin/sh\nexec "${process.execPath}" "${FAKE_SSH}" "$@"\n`);
  chmodSync(sshPath, 0o755);
  writeFileSync(
    path.join(dir, 'gateways.json5'),
    `{gateways: [
      {name: 'a', url: 'ws://127.0.0.1:18789', tokenEnv: 'A_TOKEN', ssh: 'me@a.example'},
      {name: 'b', url: 'ws://127.0.0.1:18789', tokenEnv: 'B_TOKEN', ssh: 'me@b.example'},
    ]}`,
  );
  const fleet = resolveFleet({dataDir: dir, env: {A_TOKEN: 'tok-a', B_TOKEN: 'tok-b'}, home: dir});
  assert.ok(fleet);
  const saved = {log: process.env.FAKE_SSH_LOG, mode: process.env.FAKE_SSH_MODE_FILE};
  process.env.FAKE_SSH_LOG = log;
  process.env.FAKE_SSH_MODE_FILE = modeFile;
  const starts = (): {pid: number; args: string[]}[] =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as {pid: number; args: string[]})
      : [];
  const store = createStore(createFleetState(fleet));
  // Waiting for a forward to listen would hold the console (and, entry by entry, the next
  // entry's ssh) for the tunnel's 30 s start budget: the links open as soon as ssh runs.
  const links = await openFleetLinks({fleet, store, clientVersion: '0.0.0-test', sshPath});
  try {
    assert.deepEqual(
      links.members.map((member) => [member.id, member.link !== undefined]),
      [
        ['a', true],
        ['b', true],
      ],
    );
    // Both ssh processes run (the fake writes its line once node has started it).
    const deadline = Date.now() + 15_000;
    while (starts().length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const destinations = starts().map((start) => start.args.at(-1));
    assert.deepEqual(destinations.sort(), ['me@a.example', 'me@b.example']);
    // Opened while ssh was still starting: never waited for the forward to listen or give up.
    assert.deepEqual(
      links.members.map((member) => member.tunnel?.status().state),
      ['starting', 'starting'],
    );
    // Each link dials its own forward's local end, never the entry's (remote) url.
    for (const member of links.members) {
      const port = member.tunnel?.status().localPort;
      assert.ok(port !== undefined && port !== 18789);
      assert.equal(member.link?.url, `ws://127.0.0.1:${port}`);
    }
  } finally {
    await links.close();
    process.env.FAKE_SSH_LOG = saved.log;
    process.env.FAKE_SSH_MODE_FILE = saved.mode;
    if (saved.log === undefined) delete process.env.FAKE_SSH_LOG;
    if (saved.mode === undefined) delete process.env.FAKE_SSH_MODE_FILE;
    rmSync(dir, {recursive: true, force: true});
  }
});

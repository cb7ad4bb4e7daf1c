// Hostile input at the CLI boundary: session labels (and a spawned child's label and task) that
// carry a screen clear (ESC[2J), an OSC 52 clipboard write, C1 controls and a right-to-left
// override arrive through sessions.changed and agent events. The twins' output — `sessions` as
// text and JSON, `pending`, `tail` as text and NDJSON — must hold none of those characters raw,
// and must still show them visibly (a label that was silently cleaned would hide the attack).
// The views have their own fuzz test; this is the scriptable side.

import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import type {CliCommand} from '../../../source/cli-flags.ts';
import {runCommand} from '../../../source/commands/run-command.ts';
import {startFixtureGateway, type FixtureGateway} from '../../../source/fixture/fixture-gateway.ts';
import {capture, makeOptions, tempHome, type Captured} from '../commands/helpers.ts';

const HOSTILE =
  'evil\u001b[2J\u001b]52;c;cm0gLXJmIH4=\u0007\u009b31m\u202egpj.exe\u2066x\u2069\u0085end';
const RAW =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const MAIN = 'agent:main:main';
const ROW_KEY = 'agent:main:hostile-row';

let gateway: FixtureGateway;
const home = tempHome();

before(async () => {
  gateway = await startFixtureGateway({tickIntervalMs: 0});
  gateway.addSession({key: ROW_KEY, label: HOSTILE, displayName: HOSTILE});
  gateway.requestExecApproval({command: `echo ${HOSTILE}`, sessionKey: ROW_KEY});
});

after(async () => {
  await gateway.close();
  home.remove();
});

const options = (command: CliCommand, json: boolean) =>
  makeOptions({command, home: home.dir, url: gateway.url, token: gateway.token, json});

const assertClean = (what: string, out: Captured): void => {
  for (const [stream, text] of [
    ['stdout', out.stdout.text],
    ['stderr', out.stderr.text],
  ] as const) {
    const found = RAW.exec(text);
    assert.equal(
      found,
      null,
      `${what} ${stream}: raw U+${found?.[0].codePointAt(0)?.toString(16).padStart(4, '0')} in ${JSON.stringify(text)}`,
    );
  }
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

for (const json of [false, true]) {
  test(`sessions${json ? ' --json' : ''}: the hostile label shows, defused`, async () => {
    const out = capture();
    assert.equal(await runCommand(options({name: 'sessions'}, json), out.io), 0, out.stderr.text);
    assertClean('sessions', out);
    // Visible evidence: the printable rest of the sequence is still there.
    assert.match(out.stdout.text, /evil.*\[2J.*52;c;cm0gLXJmIH4=.*gpj\.exe/);
  });

  test(`pending${json ? ' --json' : ''}: the hostile command shows, defused`, async () => {
    const out = capture();
    assert.equal(await runCommand(options({name: 'pending'}, json), out.io), 0, out.stderr.text);
    assertClean('pending', out);
    assert.match(out.stdout.text, /echo evil.*\[2J/);
  });

  test(`tail${json ? ' --json' : ''}: a relabelled session and a hostile spawn, defused`, async () => {
    const connsBefore = new Set(gateway.connections().map((conn) => conn.connId));
    const out = capture();
    const done = runCommand(options({name: 'tail', kinds: []}, json), out.io);
    for (let i = 0; i < 250; i++) {
      if (gateway.connections().some((c) => !connsBefore.has(c.connId) && c.subscribed)) break;
      await sleep(20);
    }
    gateway.updateSession(MAIN, {label: HOSTILE});
    const {childKey} = gateway.spawnSubagent(MAIN, {label: HOSTILE, task: HOSTILE});
    gateway.finishRun(childKey, {text: HOSTILE});
    await out.stdout.waitForLine((line) => /spawn/.test(line) && /gpj\.exe/.test(line));
    out.stop();
    assert.equal(await done, 0, out.stderr.text);
    assertClean('tail', out);
    if (json) for (const line of out.stdout.lines()) JSON.parse(line);
  });
}

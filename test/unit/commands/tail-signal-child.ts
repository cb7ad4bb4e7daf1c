// Child process for tail.test.ts: a fixture gateway and `tail --json` in one process, with the
// real process signals (no injected AbortSignal). Prints the gateway's token to nobody; the
// parent reads stdout, sends SIGTERM, and expects a clean exit 0 with nothing left running.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {runCommand} from '../../../source/commands/run-command.ts';
import {startFixtureGateway} from '../../../source/fixture/fixture-gateway.ts';
import {makeOptions} from './helpers.ts';

const home = mkdtempSync(path.join(tmpdir(), 'oct-tail-child-'));
const gateway = await startFixtureGateway();
// Once tail is subscribed, spawn one subagent so the parent sees a spawn line.
const poll = setInterval(() => {
  if (gateway.connections().some((conn) => conn.subscribed)) {
    clearInterval(poll);
    gateway.spawnSubagent('agent:main:main', {label: 'child-process-spawn'});
  }
}, 20);
const code = await runCommand(
  makeOptions({
    command: {name: 'tail', kinds: []},
    home,
    url: gateway.url,
    token: gateway.token,
    json: true,
  }),
  {stdout: process.stdout, stderr: process.stderr, env: process.env, isTTY: false},
);
clearInterval(poll);
await gateway.close();
rmSync(home, {recursive: true, force: true});
process.stderr.write(`tail-child: runCommand returned ${code}\n`);
process.exitCode = code;

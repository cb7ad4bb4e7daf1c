// Layer 3, secrets: one full run of the console's own code paths against the real gateway —
// the interactive console (every pane shown once), status, sessions, pending, approve, tail for a
// few seconds, and the real CLI binary — with EVERY output collected: stdout and stderr of each,
// the console's screen, the audit file, the console's own log, and every file in the data
// directory except the device-token store. Neither the shared gateway token nor the device token
// the gateway issued may appear in any of it; the token file is the one place the device token
// lives, and it and the identity are 0600 in a 0700 directory.

import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {randomUUID} from 'node:crypto';
import {EventEmitter} from 'node:events';
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import type {CliCommand} from '../../source/cli-flags.ts';
import {runCommand} from '../../source/commands/run-command.ts';
import type {Options} from '../../source/config/options.ts';
import {fakeLlmScript} from '../support/fake-llm.ts';
import {connectReady} from '../support/raw-client.ts';
import {pairingRequestId, remoteDevice, sendChat} from '../support/real-peers.ts';
import {twinsAgainst} from '../support/real-twins.ts';
import {projectRoot} from '../support/real-gateway-paths.ts';
import {readRealGatewayEnv} from '../support/real-gateway.ts';
import {capture, isRecord, onlyJson} from '../unit/commands/helpers.ts';

const gateway = readRealGatewayEnv();
const twins = twinsAgainst(gateway);

/** Every piece of output of the run, by where it came from. */
const outputs: {readonly source: string; readonly text: string}[] = [];
const keep = (source: string, text: string): void => {
  outputs.push({source, text});
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const optionsFor = (command: CliCommand, json: boolean): Options =>
  twins.optionsFor(command, {json});

const run = async (name: string, command: CliCommand, json: boolean) => {
  const {code, out} = await twins.run(command, {json});
  keep(`${name} stdout`, out.stdout.text);
  keep(`${name} stderr`, out.stderr.text);
  assert.equal(code, 0, `${name}: ${out.stderr.text}`);
  return out;
};

/** A stdout Ink can draw on: a terminal size and a record of every byte written. */
class ScreenStream extends EventEmitter {
  readonly columns = 120;
  readonly rows = 40;
  readonly isTTY = true;
  text = '';
  write = (chunk: string | Uint8Array): boolean => {
    this.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  };
}

const waitForText = async (screen: ScreenStream, from: number, pattern: RegExp, what: string) => {
  const deadline = Date.now() + 60_000;
  while (!pattern.test(screen.text.slice(from))) {
    if (Date.now() > deadline) {
      throw new Error(
        `the console never showed ${what}; last output:\n${screen.text.slice(-2000)}`,
      );
    }
    await sleep(50);
  }
};

test('the console, rendered against the real gateway, every pane once, then quit', async () => {
  // As cli.tsx does before Ink loads: CI=true (set by CI itself) would make Ink hold every
  // frame until exit.
  const {prepareInteractiveEnv} = await import('../../source/console/interactive-env.ts');
  prepareInteractiveEnv();
  const {runConsole} = await import('../../source/console/run-console.tsx');
  const stdout = new ScreenStream();
  const stderr = new ScreenStream();
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    setRawMode: () => stdin,
    ref: () => stdin,
    unref: () => stdin,
  });
  const done = runConsole(optionsFor({name: 'console'}, false), {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    env: {},
    argv: [],
  });
  try {
    await waitForText(stdout, 0, /● connected · gateway 2026/, 'the connected header');
    // Sessions, inbox, events, gateway, policy: each pane draws once (the gateway pane shows
    // the connection's facts, where a careless token would surface).
    for (const key of ['2', '3', '4', '5', '1']) {
      const from = stdout.text.length;
      stdin.write(key);
      await waitForText(stdout, from, /\S/, `the pane after key ${key}`);
      await sleep(300);
    }
    stdin.write('q');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      done,
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve('still running 20 s after q'), 20_000);
      }),
    ]);
    clearTimeout(timer);
    assert.equal(code, 0, stderr.text);
  } finally {
    keep('console screen', stdout.text);
    keep('console stderr', stderr.text);
    // Whatever failed above, the console must not outlive the test (it would hold the file's
    // process open until the runner's global timeout).
    stdin.write('q');
    await Promise.race([done.catch(() => 1), sleep(15_000)]);
  }
});

test('status, sessions and pending, as text and JSON', async () => {
  for (const json of [false, true]) {
    await run(`status${json ? ' --json' : ''}`, {name: 'status'}, json);
    await run(`sessions${json ? ' --json' : ''}`, {name: 'sessions'}, json);
    await run(`pending${json ? ' --json' : ''}`, {name: 'pending'}, json);
  }
});

test('approve a remote device request (audited)', async () => {
  const device = remoteDevice(gateway, `oct-secrets-${randomUUID().slice(0, 6)}`, '203.0.113.9');
  const requestId = pairingRequestId(await device.connect());
  const pending = onlyJson(await run('pending --json (device)', {name: 'pending'}, true));
  assert.ok(
    Array.isArray(pending.pending) &&
      pending.pending.some((item) => isRecord(item) && item.id === requestId),
  );
  await run('approve', {name: 'approve', id: requestId}, false);
  assert.ok(existsSync(path.join(twins.home, 'audit.jsonl')), 'no audit file');
});

test('tail --json for a few seconds while a turn runs', async () => {
  const out = capture();
  const done = runCommand(optionsFor({name: 'tail', kinds: []}, true), out.io);
  const writer = await connectReady(gateway.url, {
    token: gateway.token,
    displayName: 'oct-secrets-writer',
    scopes: ['operator.read', 'operator.write'],
  });
  try {
    await out.stdout.waitForLine((line) => JSON.parse(line).kind === 'gateway', 30_000);
    const sessionKey = `agent:main:oct-secrets-${randomUUID().slice(0, 8)}`;
    await sendChat(writer, sessionKey, fakeLlmScript.reply('OCT_SECRETS_TAIL'));
    await out.stdout.waitForLine((line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      return record.kind === 'run' && record.sessionKey === sessionKey;
    }, 60_000);
    await sleep(3000);
  } finally {
    writer.close();
    out.stop();
    const code = await done;
    keep('tail --json stdout', out.stdout.text);
    keep('tail --json stderr', out.stderr.text);
    assert.equal(code, 0, out.stderr.text);
  }
});

test('the real CLI binary: `openclaw-tui sessions`, token from the environment', async () => {
  const child = spawn(
    process.execPath,
    [path.join(projectRoot, 'bin', 'openclaw-tui.cjs'), 'sessions'],
    {
      cwd: twins.home,
      env: {
        PATH: process.env.PATH,
        HOME: twins.home,
        OPENCLAW_TUI_HOME: twins.home,
        OPENCLAW_GATEWAY_URL: gateway.url,
        OPENCLAW_GATEWAY_TOKEN: gateway.token,
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  keep('cli sessions stdout', stdout);
  keep('cli sessions stderr', stderr);
  assert.equal(code, 0, stderr);
});

const mode = (file: string): string => (statSync(file).mode & 0o777).toString(8);

test('no token anywhere but the token file; identity and token files 0600 in a 0700 directory', () => {
  const identityDir = path.join(twins.home, 'identity');
  const tokenFile = path.join(identityDir, 'device-auth.json');
  const identityFile = path.join(identityDir, 'identity.json');
  assert.equal(mode(twins.home), '700');
  assert.equal(mode(identityDir), '700');
  assert.equal(mode(identityFile), '600');
  assert.equal(mode(tokenFile), '600');

  const stored: unknown = JSON.parse(readFileSync(tokenFile, 'utf8'));
  const deviceTokens =
    isRecord(stored) && isRecord(stored.tokens)
      ? Object.values(stored.tokens)
          .map((record) => (isRecord(record) ? record.token : undefined))
          .filter((token): token is string => typeof token === 'string' && token.length >= 16)
      : [];
  assert.equal(deviceTokens.length, 1, 'one device (console and twins share it), one token');

  // Every other file the run left in the data directory.
  const files = (readdirSync(twins.home, {recursive: true, encoding: 'utf8'}) as string[])
    .map((entry) => path.join(twins.home, entry))
    .filter((file) => file !== tokenFile && statSync(file).isFile());
  for (const file of files) {
    keep(path.relative(twins.home, file), readFileSync(file, 'utf8'));
    // Files holding anything about the device are private too.
    if (/identity|audit|console\.log/.test(file)) assert.equal(mode(file), '600', file);
  }
  const sources = outputs.map((output) => output.source);
  for (const expected of [
    'console screen',
    'audit.jsonl',
    'tail --json stdout',
    'approve stdout',
  ]) {
    assert.ok(sources.includes(expected), `${expected} was not collected: ${sources.join(', ')}`);
  }
  assert.ok(outputs.find((o) => o.source === 'console screen')?.text.includes('connected'));

  const secrets = [
    ['the shared gateway token', gateway.token],
    ...deviceTokens.map((token) => ['the device token', token] as const),
  ] as const;
  for (const {source, text} of outputs) {
    for (const [name, secret] of secrets) {
      assert.ok(!text.includes(secret), `${name} leaked into ${source}`);
    }
  }
});

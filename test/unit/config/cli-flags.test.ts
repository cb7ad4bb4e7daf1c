import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
  COMMANDS,
  helpText,
  parseCli,
  parseDuration,
  parseWithMeow,
  usageErrorLine,
  type CliParseResult,
  type ParsedCli,
} from '../../../source/cli-flags.ts';

const run = (argv: readonly string[]): ParsedCli => {
  const result = parseCli(argv);
  assert.equal(result.kind, 'run', JSON.stringify(result));
  return (result as Extract<CliParseResult, {kind: 'run'}>).cli;
};

const reason = (argv: readonly string[]): string => {
  const result = parseCli(argv);
  assert.equal(result.kind, 'usage-error', `${JSON.stringify(argv)} → ${JSON.stringify(result)}`);
  return (result as Extract<CliParseResult, {kind: 'usage-error'}>).reason;
};

test('no command is the interactive console with default flags', () => {
  assert.deepEqual(run([]), {
    command: {name: 'console'},
    flags: {
      json: false,
      readOnly: false,
      demo: false,
      embed: false,
      detachOnExit: false,
      bell: true,
    },
  });
});

test('commands and their arguments', () => {
  assert.deepEqual(run(['status', '--json']).command, {name: 'status'});
  assert.deepEqual(run(['sessions']).command, {name: 'sessions'});
  assert.deepEqual(run(['pending', '--read-only']).command, {name: 'pending'});
  assert.deepEqual(run(['approve', 'req-1']).command, {name: 'approve', id: 'req-1'});
  assert.deepEqual(run(['approve', 'req-1', '--decision', 'allow-always']).command, {
    name: 'approve',
    id: 'req-1',
    decision: 'allow-always',
  });
  assert.deepEqual(run(['deny', 'req-2']).command, {name: 'deny', id: 'req-2'});
  // An id that starts with "-" can be passed after "--"; it is kept exactly.
  assert.deepEqual(run(['deny', '--', '-odd-id']).command, {name: 'deny', id: '-odd-id'});
  assert.deepEqual(
    run(['tail', '--session', 'agent:main:main', '--agent', 'main', '--kind', 'spawn, run,spawn'])
      .command,
    {
      name: 'tail',
      session: 'agent:main:main',
      agent: 'main',
      kinds: ['spawn', 'run'],
    },
  );
  assert.deepEqual(run(['tail']).command, {name: 'tail', kinds: []});
});

test('flags are parsed into one typed object', () => {
  const {flags} = run([
    'status',
    '--url',
    'wss://gw.example.com',
    '--token',
    'tok-1',
    '--password',
    'pw-1',
    '--no-bell',
    '--timeout',
    '2m',
  ]);
  assert.deepEqual(flags, {
    url: 'wss://gw.example.com',
    token: 'tok-1',
    password: 'pw-1',
    json: false,
    readOnly: false,
    demo: false,
    embed: false,
    detachOnExit: false,
    bell: false,
    timeoutMs: 120_000,
  });
  assert.deepEqual(
    run([
      '--embed',
      '--detach-on-exit',
      '--openclaw',
      '/opt/oc/openclaw.mjs',
      '--node',
      '/opt/node24',
    ]).flags,
    {
      json: false,
      readOnly: false,
      demo: false,
      embed: true,
      detachOnExit: true,
      openclaw: '/opt/oc/openclaw.mjs',
      node: '/opt/node24',
      bell: true,
    },
  );
});

test('answer: an exact question id with --option N (repeatable) or --text', () => {
  assert.deepEqual(run(['answer', 'ask_1', '--option', '2']).command, {
    name: 'answer',
    id: 'ask_1',
    answer: {options: [2]},
  });
  assert.deepEqual(
    run(['answer', 'ask_1', '--option', '1', '--option=3', '--option', '1']).command,
    {
      name: 'answer',
      id: 'ask_1',
      answer: {options: [1, 3]},
    },
  );
  assert.deepEqual(run(['answer', 'ask_1', '--text', 'Staging, but only after 6pm']).command, {
    name: 'answer',
    id: 'ask_1',
    answer: {text: 'Staging, but only after 6pm'},
  });
  // --json and a fleet gateway apply as they do to approve.
  const fleet = run(['answer', 'ask_1', '--option', '1', '--json', '--gateway', 'lab']);
  assert.equal(fleet.flags.json, true);
  assert.deepEqual(fleet.flags.gatewaySelect, ['lab']);
  const table: readonly [readonly string[], RegExp][] = [
    [['answer', '--option', '1'], /^answer needs the request id$/],
    [['answer', 'ask_1'], /^answer needs --option N or --text "…"$/],
    [
      ['answer', 'ask_1', '--option', '1', '--text', 'x'],
      /^answer takes --option or --text, not both$/,
    ],
    [['answer', 'ask_1', '--option', '0'], /^--option takes an option number from 1 \(got "0"\)$/],
    [['answer', 'ask_1', '--option', 'two'], /^--option takes an option number from 1/],
    [['answer', 'ask_1', '--text'], /^--text needs a value$/],
    [['answer', 'a', 'b', '--option', '1'], /^answer takes exactly one request id$/],
    [['approve', 'a', '--option', '1'], /^--option and --text only apply to answer$/],
    [['pending', '--text', 'hi'], /^--option and --text only apply to answer$/],
    [
      ['answer', 'a', '--option', '1', '--read-only'],
      /^answer needs write access: drop --read-only$/,
    ],
  ];
  for (const [argv, pattern] of table) assert.match(reason(argv), pattern, JSON.stringify(argv));
});

test('usage errors are one line each', () => {
  const table: readonly [readonly string[], RegExp][] = [
    [['frobnicate'], /^unknown command "frobnicate" \(commands: status, sessions/],
    [['--frob'], /^unknown option --frob$/],
    [['-x'], /^unknown option -x$/],
    [['approve'], /^approve needs the request id$/],
    [['deny'], /^deny needs the request id$/],
    [['approve', 'a', 'b'], /^approve takes exactly one request id$/],
    [['approve', 'a b'], /is not a request id/],
    [
      ['approve', 'a', '--decision', 'forever'],
      /^--decision must be allow-once or allow-always \(got "forever"\)$/,
    ],
    [['approve', 'a', '--decision'], /^--decision needs a value$/],
    [['status', '--decision', 'allow-once'], /^--decision only applies to approve$/],
    [['status', '--kind', 'run'], /only apply to tail/],
    [
      ['tail', '--kind', 'spawn,chat'],
      /^--kind accepts spawn, run, tool, approval, task \(got "chat"\)$/,
    ],
    [['status', 'extra'], /^status takes no arguments$/],
    [['--json'], /^--json needs a command/],
    [['approve', 'a', '--read-only'], /^approve needs write access: drop --read-only$/],
    [['--demo', '--embed'], /^choose one of --demo and --embed$/],
    [['--demo', '--url', 'ws://127.0.0.1:1'], /^--url cannot be combined with --demo$/],
    [['--detach-on-exit'], /^--detach-on-exit only applies with --embed$/],
    [['--openclaw', '/x'], /^--openclaw only applies with --embed$/],
    [['--url'], /^--url needs a value$/],
    [['--url', 'ws://a', '--url', 'ws://b'], /^flag --url can only be set once$/],
    [['--timeout', 'soon'], /^--timeout must be a duration/],
  ];
  for (const [argv, pattern] of table) {
    const text = reason(argv);
    assert.match(text, pattern, JSON.stringify(argv));
    assert.ok(!text.includes('\n'), `one line: ${text}`);
  }
  assert.equal(
    usageErrorLine('approve needs the request id'),
    'openclaw-tui: approve needs the request id (see openclaw-tui --help)',
  );
});

test('a secret typed where a command goes is not echoed back', () => {
  const text = reason(['--json', 'Zm9vYmFyLXNlY3JldA==']);
  assert.doesNotMatch(text, /Zm9v/);
  assert.doesNotMatch(reason(['status', 'tok-SECRET-1']), /tok-SECRET/);
  assert.doesNotMatch(reason(['--token', 'tok-SECRET-2', '--token', 'tok-SECRET-3']), /SECRET/);
});

test('--help / -h and --version are results, not exits', () => {
  const help = parseCli(['--help']);
  assert.equal(help.kind, 'help');
  assert.equal(parseCli(['-h']).kind, 'help');
  assert.equal(parseCli(['approve', '--help']).kind, 'help');
  const version = parseCli(['--version']);
  assert.ok(version.kind === 'version' && /^\d+\.\d+\.\d+/.test(version.version));
});

test('help lists every command, flag, environment variable, keys and the ps warning', () => {
  const text = helpText([{keys: 'a', description: 'approve the selected request'}]);
  for (const command of COMMANDS) assert.match(text, new RegExp(`^\\s+${command}\\b`, 'm'));
  for (const flag of [
    '--url',
    '--token',
    '--password',
    '--json',
    '--read-only',
    '--demo',
    '--embed',
    '--detach-on-exit',
    '--openclaw',
    '--node',
    '--no-bell',
    '--timeout',
    '--decision',
    '--session',
    '--agent',
    '--kind',
    '--option',
    '--text',
  ]) {
    assert.ok(text.includes(flag), flag);
  }
  for (const name of [
    'OPENCLAW_GATEWAY_URL',
    'OPENCLAW_GATEWAY_PORT',
    'OPENCLAW_GATEWAY_TOKEN',
    'OPENCLAW_GATEWAY_PASSWORD',
    'OPENCLAW_CONFIG_PATH',
    'OPENCLAW_STATE_DIR',
    'OPENCLAW_TUI_HOME',
  ]) {
    assert.ok(text.includes(name), name);
  }
  assert.match(text, /--token <token>\s+gateway token\. Visible to other users in `ps`/);
  assert.match(text, /^\s+a\s+approve the selected request$/m);
  assert.match(helpText(), /^\s+\?\s+every key/m);
});

test('parseDuration', () => {
  assert.equal(parseDuration('5000'), 5000);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('1.5s'), 1500);
  assert.equal(parseDuration('2m'), 120_000);
  assert.equal(parseDuration('0'), undefined);
  assert.equal(parseDuration('-5'), undefined);
  assert.equal(parseDuration('5h'), undefined);
});

test('the answers given before meow are the ones meow’s path gives', async () => {
  const {quickAnswer} = await import('../../../source/cli-quick.ts');
  for (const argv of [
    ['--version'],
    ['--version', '--verbose'],
    ['--verbose', '--version'],
    ['--help'],
    ['-h'],
    ['completion', 'bash'],
    ['completion', 'zsh'],
  ]) {
    assert.ok(quickAnswer(argv, undefined) !== undefined, JSON.stringify(argv));
    assert.deepEqual(quickAnswer(argv, undefined), parseWithMeow(argv), JSON.stringify(argv));
  }
  // Everything else goes to meow, unknown options first.
  for (const argv of [['--help', '--frob'], ['completion', 'fish'], ['--version', 'status'], []]) {
    assert.equal(quickAnswer(argv, undefined), undefined, JSON.stringify(argv));
  }
  assert.equal(parseCli(['--help', '--frob']).kind, 'usage-error');
});

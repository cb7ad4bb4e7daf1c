// `openclaw-tui completion bash|zsh`: both scripts come from the table `--help` is written from,
// so every command and option of the help completes, and nothing the help does not list. The
// bash script is run by bash (COMP_WORDS in, COMPREPLY out); zsh loads its script when present.

import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {completionScript} from '../../../source/cli-completion.ts';
import {COMMANDS, helpText, parseCli} from '../../../source/cli-flags.ts';

const work = mkdtempSync(path.join(tmpdir(), 'oct-completion-'));
after(() => rmSync(work, {recursive: true, force: true}));

const section = (text: string, title: string): string =>
  text.split(`\n${title}\n`)[1]?.split('\n\n')[0] ?? '';

const help = helpText();
const helpFlags = new Set(section(help, 'Options').match(/(?<![\w-])--?[a-z][a-z-]*/g));
const helpCommands = section(help, 'Commands')
  .split('\n')
  .map((line) => line.trim().split(/\s+/)[0] ?? '')
  .filter((word) => word !== '(none)');

test('help, parser and both scripts list the same commands and options', () => {
  assert.deepEqual(helpCommands, [...COMMANDS]);
  assert.ok(helpFlags.has('--no-bell') && helpFlags.has('-h') && helpFlags.has('--verbose'));
  for (const shell of ['bash', 'zsh'] as const) {
    const script = completionScript(shell);
    for (const command of COMMANDS) assert.match(script, new RegExp(`\\b${command}\\b`), command);
    for (const flag of helpFlags) assert.ok(script.includes(flag), `${shell}: ${flag}`);
    const scriptFlags = new Set(script.match(/(?<![\w-])--[a-z][a-z-]*[a-z]/g));
    for (const flag of scriptFlags) assert.ok(helpFlags.has(flag), `${shell} only: ${flag}`);
  }
  assert.deepEqual(parseCli(['completion', 'zsh']), {kind: 'completion', shell: 'zsh'});
  assert.equal(parseCli(['completion', 'fish']).kind, 'usage-error');
  assert.equal(parseCli(['completion']).kind, 'usage-error');
});

const bashFile = path.join(work, 'openclaw-tui.bash');
writeFileSync(bashFile, completionScript('bash'));

/** What bash offers for the words typed so far (the last one is being completed). */
const bashComplete = (...words: string[]): string[] => {
  const quoted = ['openclaw-tui', ...words].map((word) => `'${word}'`).join(' ');
  const result = spawnSync(
    'bash',
    [
      '-c',
      `source '${bashFile}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length}; _openclaw_tui; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    {encoding: 'utf8'},
  );
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.split('\n').filter(Boolean);
};

test('bash completes commands, options and their values', () => {
  assert.deepEqual(bashComplete(''), [...COMMANDS]);
  assert.deepEqual(bashComplete('ap'), ['approve']);
  assert.deepEqual(bashComplete('--re'), ['--read-only']);
  assert.deepEqual(bashComplete('--no'), ['--node', '--no-bell']);
  assert.deepEqual(bashComplete('approve', 'id-1', '--decision', ''), [
    'allow-once',
    'allow-always',
  ]);
  assert.deepEqual(bashComplete('tail', '--kind', 'sp'), ['spawn']);
  assert.deepEqual(bashComplete('completion', ''), ['bash', 'zsh']);
  // An option's value is not taken for the command word.
  assert.deepEqual(bashComplete('--url', 'ws://x', 'pe'), ['pending']);
  assert.deepEqual(bashComplete('--token', ''), [], 'no guessing at secrets');
});

test('zsh loads its script and registers the completion', (t) => {
  if (spawnSync('zsh', ['--version']).error) {
    t.skip('NOT CHECKED: zsh is not installed here');
    return;
  }
  const zshFile = path.join(work, '_openclaw-tui');
  writeFileSync(zshFile, completionScript('zsh'));
  assert.equal(spawnSync('zsh', ['-n', zshFile], {encoding: 'utf8'}).status, 0, 'syntax');
  const result = spawnSync(
    'zsh',
    [
      '-f',
      '-c',
      `autoload -U compinit && compinit -u -D && source '${zshFile}' && print -r -- $_comps[openclaw-tui]`,
    ],
    {encoding: 'utf8', env: {...process.env, HOME: work}},
  );
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), '_openclaw_tui');
});

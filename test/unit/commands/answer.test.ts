import assert from 'node:assert/strict';
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import type {CliCommand} from '../../../source/cli-flags.ts';
import {runCommand} from '../../../source/commands/run-command.ts';
import {startFixtureGateway, type FixtureGateway} from '../../../source/fixture/fixture-gateway.ts';
import {capture, makeOptions, onlyJson, tempHome} from './helpers.ts';

let gateway: FixtureGateway;
const home = tempHome();

before(async () => {
  gateway = await startFixtureGateway();
});

after(async () => {
  await gateway.close();
  home.remove();
});

const run = async (command: CliCommand, extra: {json?: boolean} = {}) => {
  const out = capture();
  const code = await runCommand(
    makeOptions({command, home: home.dir, url: gateway.url, token: gateway.token, ...extra}),
    out.io,
  );
  return {code, out};
};

test('pending --json lists the question with its numbered options; answer --option 1 sends it once', async () => {
  const id = gateway.askQuestion({runId: 'run-twin'});
  const listed = await run({name: 'pending'}, {json: true});
  assert.equal(listed.code, 0);
  const doc = onlyJson(listed.out) as {pending: {id: string; kind: string; detail: unknown}[]};
  const entry = doc.pending.find((item) => item.id === id);
  assert.equal(entry?.kind, 'question');
  assert.deepEqual(
    (
      entry?.detail as {questions: {options: {number: number; label: string}[]}[]}
    ).questions[0]?.options.map((o) => [o.number, o.label]),
    [
      [1, 'Staging (Recommended)'],
      [2, 'Production'],
    ],
  );

  const answered = await run({name: 'answer', id, answer: {options: [1]}}, {json: true});
  assert.equal(answered.code, 0);
  assert.deepEqual(onlyJson(answered.out), {
    ok: true,
    id,
    kind: 'question',
    answers: {deploy_target: ['Staging (Recommended)']},
  });
  assert.equal(gateway.requestsFor('question.resolve').length, 1);

  // Again: no longer pending → exit 3, nothing sent.
  const again = await run({name: 'answer', id, answer: {options: [1]}});
  assert.equal(again.code, 3);
  assert.equal(gateway.requestsFor('question.resolve').length, 1);
});

test('answer: an option the question does not have is a usage error; nothing sent', async () => {
  const id = gateway.askQuestion();
  const before = gateway.requestsFor('question.resolve').length;
  const result = await run({name: 'answer', id, answer: {options: [7]}});
  assert.equal(result.code, 2);
  assert.equal(gateway.requestsFor('question.resolve').length, before);
  const text = await run({name: 'answer', id, answer: {text: 'Canary first'}});
  assert.equal(text.code, 0);
});

test('answer with an audit log that cannot be written: recorded, exit 0, with a warning', async () => {
  const broken = tempHome();
  try {
    // A directory where the log file should be: the append fails (EISDIR) after the gateway
    // recorded the answer, which must not turn into a failure or a crash.
    mkdirSync(path.join(broken.dir, 'audit.jsonl'));
    const id = gateway.askQuestion({runId: 'run-audit'});
    const before = gateway.requestsFor('question.resolve').length;
    const out = capture();
    const code = await runCommand(
      makeOptions({
        command: {name: 'answer', id, answer: {options: [1]}},
        home: broken.dir,
        url: gateway.url,
        token: gateway.token,
      }),
      out.io,
    );
    assert.equal(code, 0, out.stderr.text);
    assert.equal(gateway.requestsFor('question.resolve').length, before + 1);
    assert.match(out.stderr.text, /the decision could not be written to .*audit\.jsonl/);
  } finally {
    broken.remove();
  }
});

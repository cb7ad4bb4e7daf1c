// The scripted fake LLM that drives the real gateway in layer 3: its decisions (pure) and its
// hold/release control API (over loopback HTTP).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
  decide,
  fakeLlmScript as script,
  FakeLlmControl,
  parseDirectives,
  startFakeLlm,
} from '../support/fake-llm.ts';

const tools = (...names: string[]) => names.map((name) => ({type: 'function', function: {name}}));
const INTERNAL = (text: string) =>
  `<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>>${text}<<<END_OPENCLAW_INTERNAL_CONTEXT>>>`;

test('a nested spawn directive is one top-level directive whose task holds the next', () => {
  const text = script.spawn({
    label: 'child',
    task: script.spawn({label: 'grandchild', task: script.reply('G')}),
  });
  const [outer, ...rest] = parseDirectives(`please: ${text} thanks`);
  assert.equal(rest.length, 0);
  assert.equal(outer?.verb, 'spawn');
  const inner = parseDirectives(String(outer?.args.task));
  assert.deepEqual(inner, [{verb: 'spawn', args: {label: 'grandchild', task: script.reply('G')}}]);
});

const ASK = {
  questions: [
    {
      id: 'deploy_target',
      header: 'Deploy',
      question: 'Where should this go?',
      options: [{label: 'Staging (Recommended)'}, {label: 'Production', description: 'live'}],
    },
  ],
  timeoutSeconds: 120,
};

const cases: ReadonlyArray<{
  readonly name: string;
  readonly messages: ReadonlyArray<{role: string; content: unknown}>;
  readonly tools?: string[];
  readonly expected: ReturnType<typeof decide>;
}> = [
  {
    name: 'reply directive',
    messages: [{role: 'user', content: script.reply('HI')}],
    expected: {kind: 'text', text: 'HI'},
  },
  {
    name: 'spawn with agentId becomes a sessions_spawn call',
    messages: [{role: 'user', content: script.spawn({task: 't', label: 'l', agentId: 'other'})}],
    tools: ['sessions_spawn'],
    expected: {
      kind: 'tool',
      name: 'sessions_spawn',
      args: {runtime: 'subagent', mode: 'run', task: 't', label: 'l', agentId: 'other'},
    },
  },
  {
    name: 'spawn without the tool says so',
    messages: [{role: 'user', content: script.spawn({task: 't'})}],
    tools: ['exec'],
    expected: {kind: 'text', text: 'NO_TOOL sessions_spawn (tools: exec)'},
  },
  {
    name: 'exec directive',
    messages: [{role: 'user', content: script.exec('echo X')}],
    tools: ['exec'],
    expected: {kind: 'tool', name: 'exec', args: {command: 'echo X'}},
  },
  {
    name: 'ask directive becomes an ask_user call with exactly its arguments',
    messages: [{role: 'user', content: script.ask(ASK)}],
    tools: ['exec', 'ask_user'],
    expected: {kind: 'tool', name: 'ask_user', args: ASK},
  },
  {
    name: 'ask without the tool says so',
    messages: [{role: 'user', content: script.ask(ASK)}],
    tools: ['exec'],
    expected: {kind: 'text', text: 'NO_TOOL ask_user (tools: exec)'},
  },
  {
    name: 'a tool result in the turn ends it',
    messages: [
      {role: 'user', content: script.exec('echo X')},
      {role: 'assistant', content: null},
      {role: 'tool', content: [{type: 'text', text: 'X\n'}]},
    ],
    expected: {kind: 'text', text: 'TOOL_DONE: X'},
  },
  {
    name: 'directives repeated in internal context do not fire',
    messages: [
      {role: 'user', content: 'plain'},
      {role: 'user', content: INTERNAL(script.spawn({task: 'old'}))},
    ],
    tools: ['sessions_spawn'],
    expected: {kind: 'text', text: 'FAKE_LLM_OK'},
  },
  {
    name: 'an aborted turn left without a reply does not hold again',
    messages: [
      {role: 'user', content: script.hold({id: 'h'})},
      {role: 'user', content: 'next message'},
    ],
    expected: {kind: 'text', text: 'FAKE_LLM_OK'},
  },
  {
    name: 'completion announce',
    messages: [
      {
        role: 'user',
        content:
          'A background task completed.\nChild result (data):\n<prompt-data>\nOK1\n</prompt-data>\n',
      },
    ],
    expected: {kind: 'text', text: 'PARENT_GOT_CHILD_RESULT: OK1'},
  },
];

for (const c of cases) {
  test(`decide: ${c.name}`, () => {
    assert.deepEqual(decide({messages: c.messages, tools: tools(...(c.tools ?? []))}), c.expected);
  });
}

test('a held response stays open until released through the control API', async (t) => {
  const llm = await startFakeLlm();
  t.after(() => llm.stop());
  const control = new FakeLlmControl(llm.url);
  const response = fetch(`${llm.url}/v1/chat/completions`, {
    method: 'POST',
    body: JSON.stringify({
      stream: true,
      messages: [{role: 'user', content: script.hold({id: 'h1', text: 'DONE'})}],
    }),
  }).then((res) => res.text());
  await control.waitHold('h1', 'held', 5000);
  assert.equal(await control.release('h1'), true);
  assert.match(await response, /"content":"DONE"[\s\S]*\[DONE\]/);
  assert.equal((await control.holds()).find((h) => h.id === 'h1')?.state, 'released');
  assert.equal(await control.release('h1'), false);
});

test('a held response closed by the client is recorded as aborted', async (t) => {
  const llm = await startFakeLlm();
  t.after(() => llm.stop());
  const control = new FakeLlmControl(llm.url);
  const abort = new AbortController();
  const response = fetch(`${llm.url}/v1/chat/completions`, {
    method: 'POST',
    signal: abort.signal,
    body: JSON.stringify({
      stream: true,
      messages: [{role: 'user', content: script.hold({id: 'h2'})}],
    }),
  }).then((res) => res.text());
  await control.waitHold('h2', 'held', 5000);
  abort.abort();
  await assert.rejects(response);
  await control.waitHold('h2', 'aborted', 5000);
});

test('the request budget is a hard bound', async (t) => {
  const llm = await startFakeLlm({maxRequests: 1});
  t.after(() => llm.stop());
  const ask = () =>
    fetch(`${llm.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({messages: [{role: 'user', content: 'x'}]}),
    });
  assert.equal((await ask()).status, 200);
  assert.equal((await ask()).status, 503);
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
  applyAllowAgent,
  planAllowAgent,
  prepareAllowAgent,
  type AllowAgentInput,
} from '../../../source/control/allow-agent.ts';
import type {PrepareResult, PreparedConfigChange} from '../../../source/control/config-change.ts';
import {parseConfigSnapshot} from '../../../source/protocol/parse-config-policy.ts';
import {diagnoseSpawnError} from '../../../source/state/diagnose-spawn.ts';
import {configGet, fakeConnection} from './fake-connection.ts';

const plan = (config: Record<string, unknown>, input: AllowAgentInput): PrepareResult =>
  planAllowAgent(parseConfigSnapshot(configGet(config)), input);

const ready = (result: PrepareResult): PreparedConfigChange => {
  assert.equal(result.status, 'ready', JSON.stringify(result));
  return (result as {prepared: PreparedConfigChange}).prepared;
};

const MAIN_TO_RESEARCH: AllowAgentInput = {requesterAgentId: 'main', targetAgentId: 'research'};

type Case = {
  readonly name: string;
  readonly config: Record<string, unknown>;
  readonly diff: string;
  readonly notes?: RegExp;
  readonly replacePaths?: readonly string[];
};

const CASES: readonly Case[] = [
  {
    name: 'nothing set (same agent only): [requester, target], self-spawn kept',
    config: {agents: {entries: {main: {}, research: {}}}},
    diff: 'agents.entries.main.subagents.allowAgents: (unset) → ["main","research"]',
    notes: /default: same agent only/,
  },
  {
    name: 'own list: appended',
    config: {agents: {entries: {main: {subagents: {allowAgents: ['ops']}}, ops: {}, research: {}}}},
    diff: 'agents.entries.main.subagents.allowAgents: ["ops"] → ["ops","research"]',
  },
  {
    name: 'inherits the defaults: their entries are copied into its own list',
    config: {
      agents: {
        defaults: {subagents: {allowAgents: ['ops']}},
        entries: {main: {}, ops: {}, research: {}},
      },
    },
    diff: 'agents.entries.main.subagents.allowAgents: (unset) → ["ops","research"]',
    notes: /used agents\.defaults\.subagents\.allowAgents/,
  },
  {
    name: 'legacy agents.list: the entry is patched by id',
    config: {agents: {list: [{id: 'main', subagents: {allowAgents: []}}, {id: 'research'}]}},
    diff: 'agents.list[id=main].subagents.allowAgents: [] → ["research"]',
  },
  {
    name: 'the requester key spelled differently: the config spelling is used',
    config: {agents: {entries: {Main: {}, research: {}}}},
    diff: 'agents.entries.Main.subagents.allowAgents: (unset) → ["Main","research"]',
  },
];

for (const c of CASES) {
  test(`allow agent: ${c.name}`, () => {
    const prepared = ready(plan(c.config, MAIN_TO_RESEARCH));
    assert.deepEqual(
      prepared.diff.map((line) => line.text),
      [c.diff],
    );
    assert.deepEqual(prepared.replacePaths, c.replacePaths ?? []);
    if (c.notes) assert.match(prepared.notes.join('\n'), c.notes);
    assert.equal(prepared.summary, 'let agent main spawn research');
  });
}

test('the legacy list patch is an id-keyed entry (merged by id on the server)', () => {
  const prepared = ready(
    plan({agents: {list: [{id: 'main'}, {id: 'research'}]}}, MAIN_TO_RESEARCH),
  );
  assert.deepEqual(prepared.patch, {
    agents: {list: [{id: 'main', subagents: {allowAgents: ['main', 'research']}}]},
  });
});

test('already allowed, or "*": a no-op', () => {
  assert.equal(
    plan(
      {agents: {entries: {main: {subagents: {allowAgents: ['Research']}}, research: {}}}},
      MAIN_TO_RESEARCH,
    ).status,
    'no-op',
  );
  assert.equal(
    plan(
      {agents: {defaults: {subagents: {allowAgents: ['*']}}, entries: {main: {}, research: {}}}},
      MAIN_TO_RESEARCH,
    ).status,
    'no-op',
  );
  // self-targeting with nothing set is already allowed
  assert.equal(
    plan({agents: {entries: {main: {}}}}, {requesterAgentId: 'main', targetAgentId: 'main'}).status,
    'no-op',
  );
});

test('unknown agents and bad ids are refused', () => {
  const notConfigured = plan({agents: {entries: {main: {}}}}, MAIN_TO_RESEARCH);
  assert.equal(notConfigured.status, 'invalid');
  assert.match((notConfigured as {message: string}).message, /agents\.entries\.research/);
  assert.equal(plan({agents: {entries: {research: {}}}}, MAIN_TO_RESEARCH).status, 'invalid');
  // no roster at all: only the implicit "main" exists
  assert.equal(plan({}, MAIN_TO_RESEARCH).status, 'invalid');
  assert.equal(
    plan({agents: {entries: {main: {}}}}, {requesterAgentId: 'main', targetAgentId: 'a.b'}).status,
    'invalid',
  );
});

test('from a spawn diagnosis to the fix: two steps against the gateway', async () => {
  const diagnosis = diagnoseSpawnError(
    'agentId is not allowed for sessions_spawn (allowed: main)',
    {
      requestedAgentId: 'research',
      requesterAgentId: 'main',
    },
  );
  assert.ok(diagnosis?.blockedAgentId && diagnosis.requesterAgentId);
  const connection = fakeConnection((method) =>
    method === 'config.get'
      ? configGet({agents: {entries: {main: {}, research: {}}}}, 'h1')
      : {ok: true, hash: 'h2', changedPaths: ['agents.entries.main.subagents.allowAgents']},
  );
  const prepared = await prepareAllowAgent(connection, {
    requesterAgentId: diagnosis.requesterAgentId,
    targetAgentId: diagnosis.blockedAgentId,
  });
  const result = await applyAllowAgent(connection, ready(prepared));
  assert.equal(result.status, 'applied');
  assert.deepEqual(connection.calls[1], {
    method: 'config.patch',
    params: {
      raw: '{"agents":{"entries":{"main":{"subagents":{"allowAgents":["main","research"]}}}}}',
      baseHash: 'h1',
    },
  });
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {diagnoseSpawnError, type SpawnContext} from '../../../source/state/diagnose-spawn.ts';

type Case = {
  readonly error: string;
  readonly context?: SpawnContext;
  readonly cause: RegExp;
  readonly fix: RegExp;
  readonly inboxId?: string;
  readonly blockedAgentId?: string;
  readonly requesterAgentId?: string;
};

// Error strings as openclaw 2026.9.6 writes them (dist/sessions-spawn-tool-*.mjs and friends).
const CASES: readonly Case[] = [
  {
    error: 'gateway closed (1008): pairing required',
    context: {pendingDeviceRequestId: 'req-1'},
    cause: /^pairing required/,
    fix: /approve the pending device request in the Inbox.*openclaw devices approve req-1/,
    inboxId: 'req-1',
  },
  {
    error: 'gateway closed (1008): pairing required',
    cause: /^pairing required/,
    fix: /openclaw devices approve <requestId>/,
  },
  {
    error:
      'gateway closed (1008): pairing required: device is not approved yet (requestId: abc-123)',
    cause: /^pairing required/,
    fix: /openclaw devices approve abc-123/,
  },
  {
    error: 'agentId is not allowed for sessions_spawn (allowed: none)',
    context: {requestedAgentId: 'research', requesterAgentId: 'main'},
    cause: /^agent not allowed: "main" may not spawn "research" \(allowed: none\)/,
    fix: /add "research" to agents\.entries\.main\.subagents\.allowAgents/,
    blockedAgentId: 'research',
    requesterAgentId: 'main',
  },
  {
    error: 'agentId is not allowed for sessions_spawn (allowed: main, writer)',
    cause: /allowed: main, writer/,
    fix: /agents\.entries\.<requester>\.subagents\.allowAgents/,
  },
  {
    error: 'agentId "ghost" is not in the configured agent registry (allowed: ghost, main)',
    cause: /^agent not configured: "ghost"/,
    fix: /agents\.entries\.ghost/,
    blockedAgentId: 'ghost',
  },
  {
    error: 'sessions_spawn requires agentId; use an allowed agent.',
    cause: /^agent id required/,
    fix: /requireAgentId/,
  },
  {
    error: 'sessions_spawn is not allowed at this depth (current depth: 2, max: 2)',
    cause: /^spawn depth limit: .*depth 2, the maximum is 2/,
    fix: /maxSpawnDepth/,
  },
  {
    error: 'sessions_spawn has reached max active children for this session (5/5)',
    cause: /^max children reached: 5 of 5/,
    fix: /maxChildrenPerAgent/,
  },
  {
    error: 'sessions_spawn reached tools.swarm.maxChildrenPerGroup (4/4).',
    cause: /^swarm limit reached: 4 of 4/,
    fix: /tools\.swarm\.maxChildrenPerGroup/,
  },
  {
    error: 'gateway timeout after 10000ms\nGateway target: ws://127.0.0.1:18789',
    cause: /^timeout: the gateway did not answer within 10000 ms/,
    fix: /healthy/,
  },
  {
    error: 'agent run timed out',
    cause: /^timeout: the subagent run/,
    fix: /runTimeoutSeconds/,
  },
  {error: 'Session failed to start', cause: /^Session failed to start$/, fix: /^$/},
];

test('spawn failures: cause and fix per known error; unknown passes through verbatim', () => {
  for (const entry of CASES) {
    const diagnosis = diagnoseSpawnError(entry.error, entry.context);
    assert.match(diagnosis.cause, entry.cause, entry.error);
    assert.match(diagnosis.fix, entry.fix, entry.error);
    assert.equal(diagnosis.inboxId, entry.inboxId, `${entry.error}: inboxId`);
    assert.equal(diagnosis.blockedAgentId, entry.blockedAgentId, `${entry.error}: blockedAgentId`);
    assert.equal(diagnosis.requesterAgentId, entry.requesterAgentId, `${entry.error}: requester`);
  }
});

// Operator actions on sessions from the tree: stop a run, stop a subtree, steer, peek.
// Each reports what the gateway said in a sentence; the confirmation before it lives in the views.

import crypto from 'node:crypto';
import type {GatewayConnection} from '../client/types.ts';
import {isRecord} from '../protocol/parse-fields.ts';
import {parseChatHistory, type HistoryLine} from '../protocol/parse-history.ts';

export type SessionControl = {
  stopRun(sessionKey: string, runId: string | undefined): Promise<string>;
  stopSubtree(sessionKey: string): Promise<string>;
  steer(sessionKey: string, text: string, running: boolean): Promise<string>;
  peek(sessionKey: string): Promise<HistoryLine[]>;
};

const protocolOf = (connection: GatewayConnection): number => connection.hello?.protocol ?? 4;

export const createSessionControl = (connection: GatewayConnection): SessionControl => ({
  async stopRun(sessionKey, runId) {
    const result = await connection.request<unknown>(
      'chat.abort',
      runId === undefined ? {sessionKey} : {sessionKey, runId},
    );
    const runIds = isRecord(result) && Array.isArray(result.runIds) ? result.runIds.length : 0;
    const aborted = isRecord(result) && result.aborted === true;
    const which = runId === undefined ? `the active run of ${sessionKey}` : `run ${runId}`;
    return aborted || runIds > 0
      ? `stopped ${which} (${Math.max(runIds, 1)} run${runIds === 1 ? '' : 's'} aborted)`
      : `${which} was no longer active`;
  },

  async stopSubtree(sessionKey) {
    // Key-only abort: the gateway cascades to the descendant subagents this session controls.
    const result = await connection.request<unknown>('sessions.abort', {key: sessionKey});
    const status = isRecord(result) && typeof result.status === 'string' ? result.status : '';
    const runId =
      isRecord(result) && typeof result.abortedRunId === 'string' ? result.abortedRunId : undefined;
    if (status === 'no-active-run') return `nothing was running under ${sessionKey}`;
    return runId
      ? `stopped ${sessionKey} (run ${runId}) and the subagents it controls`
      : `stop requested for ${sessionKey} and the subagents it controls`;
  },

  async steer(sessionKey, text, running) {
    const params: Record<string, unknown> = {
      sessionKey,
      message: text,
      idempotencyKey: crypto.randomUUID(),
    };
    // Protocol 3 gateways have a closed chat.send schema without queueMode.
    if (protocolOf(connection) >= 4) params.queueMode = running ? 'steer' : 'followup';
    const result = await connection.request<unknown>('chat.send', params);
    const runId = isRecord(result) && typeof result.runId === 'string' ? result.runId : '?';
    return running ? `steered the running turn (run ${runId})` : `sent a follow-up (run ${runId})`;
  },

  async peek(sessionKey) {
    return parseChatHistory(
      await connection.request<unknown>('chat.history', {sessionKey, limit: 20}),
    );
  },
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {backoffDelay, decideRetry} from '../../../source/client/reconnect-policy.ts';
import type {ConnectProblem} from '../../../source/client/types.ts';

const middle = () => 0.5;

test('backoff doubles from 1 s to a 30 s cap', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffDelay(n, middle)),
    [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000],
  );
});

test('backoff jitter stays within ±20% and never above the cap', () => {
  assert.equal(
    backoffDelay(1, () => 0),
    800,
  );
  assert.equal(
    backoffDelay(1, () => 0.999999),
    1200,
  );
  assert.equal(
    backoffDelay(6, () => 0.999999),
    30000,
  );
});

const unreachable: ConnectProblem = {kind: 'unreachable', url: 'ws://x', detail: 'ECONNREFUSED'};
const pairing: ConnectProblem = {
  kind: 'pairing-required',
  message: 'pairing required',
  requestedScopes: [],
  approvedScopes: [],
};
const other = (code: string): ConnectProblem => ({kind: 'other', code, message: code});
const auth = (code: string, recommendedNextStep?: string): ConnectProblem => ({
  kind: 'auth',
  code,
  message: 'unauthorized',
  ...(recommendedNextStep ? {recommendedNextStep} : {}),
});

test('pending pairing is re-checked every 5–10 s, whatever the failure count', () => {
  assert.deepEqual(decideRetry({problem: pairing, failures: 9, random: () => 0}), {
    action: 'retry',
    delayMs: 5000,
    transient: false,
  });
  assert.deepEqual(decideRetry({problem: pairing, failures: 1, random: () => 1}), {
    action: 'retry',
    delayMs: 10000,
    transient: false,
  });
});

test('problems a retry cannot fix pause instead of looping', () => {
  const paused: ConnectProblem[] = [
    auth('AUTH_TOKEN_MISMATCH'),
    auth('AUTH_PASSWORD_MISMATCH'),
    auth('AUTH_TOKEN_MISSING'),
    {kind: 'protocol-mismatch', message: 'protocol mismatch'},
    {kind: 'auth-changed', message: 'gateway auth changed'},
    {kind: 'device-rejected', code: 'DEVICE_AUTH_SIGNATURE_INVALID', message: 'x'},
    other('INVALID_URL'),
  ];
  for (const problem of paused) {
    assert.deepEqual(
      decideRetry({problem, failures: 1, random: middle}),
      {action: 'pause'},
      JSON.stringify(problem),
    );
  }
});

test('a cleared device token, rate limiting and unreachable gateways back off', () => {
  for (const problem of [
    auth('AUTH_DEVICE_TOKEN_MISMATCH'),
    auth('AUTH_RATE_LIMITED'),
    auth('X', 'wait_then_retry'),
    unreachable,
    other('CONNECTION_LOST'),
  ]) {
    assert.deepEqual(decideRetry({problem, failures: 3, random: middle}), {
      action: 'retry',
      delayMs: 4000,
      transient: false,
    });
  }
});

test('retryAfterMs hints are honoured within 100–2000 ms (default 500)', () => {
  const delay = (retryAfterMs?: number) => {
    const decision = decideRetry({
      problem: other('UNAVAILABLE'),
      failures: 5,
      random: middle,
      ...(retryAfterMs === undefined ? {} : {retryAfterMs}),
    });
    return decision.action === 'retry' ? decision.delayMs : -1;
  };
  assert.deepEqual([delay(), delay(5), delay(700), delay(60_000)], [500, 100, 700, 2000]);
  assert.deepEqual(decideRetry({problem: other('GATEWAY_STARTING'), failures: 1, random: middle}), {
    action: 'retry',
    delayMs: 500,
    transient: true,
  });
});

test('a restart announced by shutdown waits restartExpectedMs (plus a little spread)', () => {
  assert.deepEqual(
    decideRetry({
      problem: other('SERVICE_RESTART'),
      failures: 1,
      restartExpectedMs: 3000,
      random: () => 0,
    }),
    {action: 'retry', delayMs: 3000, transient: true},
  );
  assert.deepEqual(decideRetry({problem: other('SERVICE_RESTART'), failures: 2, random: middle}), {
    action: 'retry',
    delayMs: 2000,
    transient: false,
  });
});

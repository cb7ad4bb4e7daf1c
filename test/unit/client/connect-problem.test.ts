import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
  ConnectError,
  decodeConnectProblem,
  describeConnectProblem,
  redactUrl,
  type ConnectFailure,
} from '../../../source/client/connect-problem.ts';
import type {ConnectProblem} from '../../../source/client/types.ts';

const url = 'ws://127.0.0.1:18789';

const cases: ReadonlyArray<{name: string; failure: ConnectFailure; expected: ConnectProblem}> = [
  {
    name: 'connection refused → unreachable with the URL',
    failure: {
      url,
      socketError: {code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:18789'},
      close: {code: 1006, reason: ''},
    },
    expected: {
      kind: 'unreachable',
      url,
      detail: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:18789',
    },
  },
  {
    name: 'credentials and query never reach the problem URL',
    failure: {
      url: 'wss://user:secret@gw.example:443/ws?token=abc',
      socketError: {code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND'},
    },
    expected: {
      kind: 'unreachable',
      url: 'wss://gw.example/ws',
      detail: 'ENOTFOUND: getaddrinfo ENOTFOUND',
    },
  },
  {
    name: 'token mismatch → auth with a next step',
    failure: {
      url,
      error: {
        code: 'INVALID_REQUEST',
        message: 'unauthorized: gateway token mismatch',
        details: {
          code: 'AUTH_TOKEN_MISMATCH',
          authReason: 'token_mismatch',
          canRetryWithDeviceToken: false,
          recommendedNextStep: 'update_auth_credentials',
        },
      },
      close: {code: 1008, reason: 'unauthorized'},
    },
    expected: {
      kind: 'auth',
      code: 'AUTH_TOKEN_MISMATCH',
      message: 'unauthorized: gateway token mismatch',
      nextStep:
        "The token is not the gateway's: check --token / OPENCLAW_GATEWAY_TOKEN against gateway.auth.token.",
      recommendedNextStep: 'update_auth_credentials',
    },
  },
  {
    name: '9.6 pairing required carries request id, reason and both scope lists',
    failure: {
      url,
      error: {
        code: 'NOT_PAIRED',
        message: 'pairing required: device is asking for more scopes than currently approved',
        details: {
          code: 'PAIRING_REQUIRED',
          reason: 'scope-upgrade',
          requestId: '3f0c',
          remediationHint: 'Review the requested scopes, then approve the pending upgrade.',
          recommendedNextStep: 'wait_then_retry',
          deviceId: '24a2',
          requestedRole: 'operator',
          requestedScopes: ['operator.read', 'operator.admin'],
          approvedRoles: ['operator'],
          approvedScopes: ['operator.read'],
        },
      },
      close: {code: 1008, reason: 'scope upgrade pending approval (requestId: 3f0c)'},
    },
    expected: {
      kind: 'pairing-required',
      message: 'pairing required: device is asking for more scopes than currently approved',
      requestId: '3f0c',
      reason: 'scope-upgrade',
      deviceId: '24a2',
      requestedRole: 'operator',
      requestedScopes: ['operator.read', 'operator.admin'],
      approvedScopes: ['operator.read'],
      remediationHint: 'Review the requested scopes, then approve the pending upgrade.',
    },
  },
  {
    name: '4.1 pairing shape without a request id',
    failure: {
      url,
      error: {
        code: 'NOT_PAIRED',
        message: 'pairing required',
        details: {code: 'PAIRING_REQUIRED', reason: 'not-paired'},
      },
      close: {code: 1008, reason: 'pairing required'},
    },
    expected: {
      kind: 'pairing-required',
      message: 'pairing required',
      reason: 'not-paired',
      requestedScopes: [],
      approvedScopes: [],
    },
  },
  {
    name: 'the request id is taken from the close reason when only the close arrived',
    failure: {
      url,
      close: {
        code: 1008,
        reason: 'pairing required: device is not approved yet (requestId: 672cb9b2-5a62)',
      },
    },
    expected: {
      kind: 'pairing-required',
      message: 'pairing required: device is not approved yet (requestId: 672cb9b2-5a62)',
      requestId: '672cb9b2-5a62',
      requestedScopes: [],
      approvedScopes: [],
    },
  },
  {
    name: 'a close reason truncated at 123 bytes yields no half request id',
    failure: {
      url,
      close: {
        code: 1008,
        reason:
          'pairing required: device is asking for more scopes than currently approved (requestId: ce0fe1d3-b322-4309-a8a9-32a95097e',
      },
    },
    expected: {
      kind: 'pairing-required',
      message:
        'pairing required: device is asking for more scopes than currently approved (requestId: ce0fe1d3-b322-4309-a8a9-32a95097e',
      requestedScopes: [],
      approvedScopes: [],
    },
  },
  {
    name: 'close 1002 → protocol mismatch',
    failure: {url, close: {code: 1002, reason: 'protocol mismatch'}},
    expected: {kind: 'protocol-mismatch', message: 'protocol mismatch'},
  },
  {
    name: 'PROTOCOL_MISMATCH error keeps the expected protocol',
    failure: {
      url,
      error: {
        code: 'INVALID_REQUEST',
        message: 'protocol mismatch',
        details: {code: 'PROTOCOL_MISMATCH', expectedProtocol: 4},
      },
    },
    expected: {kind: 'protocol-mismatch', message: 'protocol mismatch', expectedProtocol: 4},
  },
  {
    name: 'device auth failures → device-rejected',
    failure: {
      url,
      error: {
        code: 'INVALID_REQUEST',
        message: 'device signature invalid',
        details: {code: 'DEVICE_AUTH_SIGNATURE_INVALID', reason: 'device-signature'},
      },
    },
    expected: {
      kind: 'device-rejected',
      code: 'DEVICE_AUTH_SIGNATURE_INVALID',
      message: 'device signature invalid',
    },
  },
  {
    name: 'close 4001 → auth changed',
    failure: {url, close: {code: 4001, reason: 'gateway auth changed'}, wasConnected: true},
    expected: {kind: 'auth-changed', message: 'gateway auth changed'},
  },
  {
    name: 'UNAVAILABLE startup → other UNAVAILABLE',
    failure: {
      url,
      error: {
        code: 'UNAVAILABLE',
        message: 'gateway starting',
        retryable: true,
        retryAfterMs: 500,
        details: {reason: 'startup-sidecars'},
      },
      close: {code: 1013, reason: 'gateway starting'},
    },
    expected: {kind: 'other', code: 'UNAVAILABLE', message: 'gateway starting'},
  },
  {
    name: 'close 1012 after a shutdown event names the expected restart',
    failure: {
      url,
      close: {code: 1012, reason: 'service restart'},
      wasConnected: true,
      shutdown: {reason: 'config reload', restartExpectedMs: 2500},
    },
    expected: {
      kind: 'other',
      code: 'SERVICE_RESTART',
      message: 'config reload (expected back in 3 s)',
    },
  },
  {
    name: 'a frame above maxPayload → PAYLOAD_TOO_LARGE, not a crash',
    failure: {
      url,
      socketError: {
        code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH',
        message: 'Max payload size exceeded',
      },
      close: {code: 1009, reason: ''},
      wasConnected: true,
    },
    expected: {
      kind: 'other',
      code: 'PAYLOAD_TOO_LARGE',
      message: 'the gateway sent a frame larger than the console accepts',
    },
  },
  {
    name: 'a certificate that is not the pinned one → TLS_PIN_MISMATCH, not "unreachable"',
    failure: {
      url: 'wss://gw.example:18789',
      socketError: {
        code: 'TLS_PIN_MISMATCH',
        message:
          'the gateway TLS certificate does not match the pinned fingerprint (tlsFingerprint)',
      },
      close: {code: 1006, reason: ''},
    },
    expected: {
      kind: 'other',
      code: 'TLS_PIN_MISMATCH',
      message:
        'wss://gw.example:18789: the gateway TLS certificate does not match the pinned fingerprint (tlsFingerprint)',
    },
  },
  {
    name: 'HTTP refusal of the upgrade',
    failure: {
      url,
      socketError: {message: 'Unexpected server response: 403'},
      close: {code: 1006, reason: ''},
    },
    expected: {
      kind: 'other',
      code: 'HTTP_403',
      message: 'ws://127.0.0.1:18789 refused the WebSocket upgrade (HTTP 403)',
    },
  },
  {
    name: 'a drop without any explanation after hello',
    failure: {url, close: {code: 1006, reason: ''}, wasConnected: true},
    expected: {
      kind: 'other',
      code: 'CONNECTION_LOST',
      message: 'connection to ws://127.0.0.1:18789 lost (close 1006)',
    },
  },
];

for (const {name, failure, expected} of cases) {
  test(`decodeConnectProblem: ${name}`, () => {
    assert.deepEqual(decodeConnectProblem(failure), expected);
  });
}

test('describeConnectProblem tells how to approve a pending pairing', () => {
  const problem = decodeConnectProblem(cases[3]!.failure);
  assert.equal(
    describeConnectProblem(problem),
    'pairing required: device is asking for more scopes than currently approved — approve with: openclaw devices approve 3f0c',
  );
  const error = new ConnectError(problem);
  assert.equal(error.problem, problem);
  assert.equal(error.name, 'ConnectError');
  assert.ok(error instanceof Error);
});

test('redactUrl drops userinfo, query and fragment', () => {
  assert.equal(redactUrl('ws://a:b@127.0.0.1:18789/?token=x#y'), 'ws://127.0.0.1:18789');
  assert.equal(redactUrl('not a url?token=x'), 'not a url');
});

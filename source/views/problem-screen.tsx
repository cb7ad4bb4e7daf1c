// Full-screen explanation when the console cannot (or can no longer) talk to the gateway: what
// went wrong in words, the exact thing to run, and the keys to retry, embed or open the demo.

import React from 'react';
import {Box, Text} from 'ink';
import type {ConnectionPhase, GatewayState} from '../state/model.ts';
import {Gw} from './gw.tsx';
import {connectionLabel} from './header.tsx';
import {keysOf} from './keymap.ts';
import {useTheme} from './theme.ts';

export type ProblemScreenProps = {
  readonly problem: ConnectProblem;
  readonly url: string;
  readonly urlSource: string;
  /** Where the wss:// certificate pin came from, when there is one. */
  readonly tlsPinSource?: string;
  readonly phase: ConnectionPhase;
  readonly attempt: number;
  readonly retryInMs?: number;
  readonly width: number;
};

/** Views reach the client's problem type only through the state model. */
export type ConnectProblem = NonNullable<GatewayState['problem']>;

type Explanation = {
  readonly title: string;
  /** Lines quoting gateway text are rendered sanitised. */
  readonly facts: ReadonlyArray<readonly [string, string | undefined]>;
  readonly tries: readonly string[];
  /** The exact command to run elsewhere, shown on its own line. */
  readonly command?: string;
};

/** The certificate is not the pinned one: a renewed certificate, or someone in between. */
const pinMismatch = (
  p: {readonly message: string},
  url: string,
  urlSource: string,
  tlsPinSource: string | undefined,
  demo: string,
): Explanation => ({
  title: 'The gateway’s TLS certificate does not match the pin (TLS_PIN_MISMATCH)',
  facts: [
    ['url', `${url} (from ${urlSource})`],
    ['pin from', tlsPinSource],
    ['message', p.message],
  ],
  command: 'openssl x509 -noout -fingerprint -sha256 -in ~/.openclaw/gateway/tls/gateway-cert.pem',
  tries: [
    'on the gateway host, print its certificate’s fingerprint with the command above (or its gateway.tls.certPath)',
    'the same as the one it serves here: the certificate was renewed; update the pin where it came from',
    'not the same: something between here and the gateway shows another certificate; nothing was sent to it',
    demo,
  ],
});

export function explain(
  p: ConnectProblem,
  url: string,
  urlSource: string,
  tlsPinSource?: string,
): Explanation {
  const keys = `press ${keysOf('problem.embed')} to start an embedded gateway (same as --embed)`;
  const demo = `press ${keysOf('problem.demo')} to open the demo instead (same as --demo; nothing real is touched)`;
  switch (p.kind) {
    case 'unreachable':
      return {
        title: 'Cannot reach the gateway',
        facts: [
          ['url', `${p.url || url} (from ${urlSource})`],
          ['error', p.detail],
        ],
        tries: [
          'is it running?  openclaw gateway status',
          'wrong place? pass --url ws://host:port, or fix gateway.port in the OpenClaw config',
          keys,
          demo,
        ],
      };
    case 'auth':
      return {
        title: 'The gateway refused our credentials',
        facts: [
          ['url', `${url} (from ${urlSource})`],
          ['code', p.code],
          ['message', p.message],
          ['next step', p.nextStep ?? p.recommendedNextStep],
        ],
        tries: [
          p.code === 'AUTH_SCOPE_MISMATCH'
            ? 'the token is valid but does not cover the scopes asked for: approve the upgrade (openclaw devices list), or start with --read-only'
            : 'check the gateway token or password (flag, environment, or gateway.auth in the OpenClaw config)',
          p.code === 'AUTH_RATE_LIMITED'
            ? 'too many attempts: wait a minute, then retry'
            : 'then retry',
          demo,
        ],
      };
    case 'pairing-required':
      return {
        title: 'This console is waiting to be paired',
        facts: [
          ['request id', p.requestId ?? '(the gateway did not send one)'],
          ['reason', p.reason],
          ['message', p.message],
          ['device', p.deviceId],
          ['role', p.requestedRole],
          ['scopes now', p.approvedScopes.length > 0 ? p.approvedScopes.join(', ') : 'none'],
          ['asking for', p.requestedScopes.length > 0 ? p.requestedScopes.join(', ') : 'none'],
          ['hint', p.remediationHint],
        ],
        command: p.requestId ? `openclaw devices approve ${p.requestId}` : 'openclaw devices list',
        tries: [
          'on the gateway host (or from any paired admin console), run the command above',
          'this screen retries by itself with the same device key; r retries now',
          'or approve it from another openclaw-tui: it shows in that console’s Inbox',
        ],
      };
    case 'protocol-mismatch':
      return {
        title: 'The gateway speaks a protocol version we do not',
        facts: [
          ['message', p.message],
          [
            'gateway wants',
            p.expectedProtocol === undefined ? undefined : String(p.expectedProtocol),
          ],
          ['we speak', '3 to 4'],
        ],
        tries: [
          'update openclaw-tui or the gateway so they overlap',
          'retrying will not help until then',
          demo,
        ],
      };
    case 'device-rejected':
      return {
        title: 'The gateway rejected our device signature',
        facts: [
          ['code', p.code],
          ['message', p.message],
        ],
        tries: [
          'a clock more than two minutes off breaks signatures: check the time on both machines',
          'a corrupted identity file: remove this console’s device identity and pair again',
          demo,
        ],
      };
    case 'auth-changed':
      return {
        title: 'The gateway’s authentication changed (close 4001)',
        facts: [['message', p.message]],
        tries: [
          'the shared secret was rotated, or this device was removed or its token revoked',
          'update the token (flag, environment or OpenClaw config), then retry; a removed device must pair again',
        ],
      };
    case 'other':
      if (p.code === 'TLS_PIN_MISMATCH') return pinMismatch(p, url, urlSource, tlsPinSource, demo);
      return {
        title: 'The gateway refused the connection',
        facts: [
          ['code', p.code],
          ['message', p.message],
        ],
        tries: ['retry; if it persists, check the gateway log (openclaw logs)', keys, demo],
      };
  }
}

export function ProblemScreen(props: ProblemScreenProps): React.ReactElement {
  const theme = useTheme();
  const e = explain(props.problem, props.url, props.urlSource, props.tlsPinSource);
  const retryIn = connectionLabel(props.phase, props.attempt, props.retryInMs);
  const inner = Math.max(20, props.width - 4);
  return (
    <Box flexDirection="column" width={props.width} paddingX={1}>
      <Text {...theme.tone('danger')}>{e.title}</Text>
      <Box flexDirection="column" marginTop={1}>
        {e.facts
          .filter(([, value]) => value !== undefined && value !== '')
          .map(([label, value]) => (
            <Box key={label}>
              <Text {...theme.tone('dim')}>{label.padEnd(14)}</Text>
              <Gw value={value} multiline maxLines={4} />
            </Box>
          ))}
      </Box>
      {e.command ? (
        <Box marginTop={1} flexDirection="column">
          <Text {...theme.tone('dim')}>run:</Text>
          <Box paddingLeft={2}>
            <Gw value={e.command} width={inner} {...theme.tone('key')} />
          </Box>
        </Box>
      ) : null}
      <Box marginTop={1} flexDirection="column">
        <Text {...theme.tone('title')}>what to try</Text>
        {e.tries.map((t) => (
          <Box key={t} paddingLeft={2}>
            <Text>• {t}</Text>
          </Box>
        ))}
      </Box>
      <Box marginTop={1}>
        <Text {...theme.tone('dim')}>connection: {retryIn}</Text>
      </Box>
    </Box>
  );
}

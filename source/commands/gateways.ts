// `openclaw-tui gateways [--json]`: the fleet as configured, without connecting to anything:
// each entry's URL, how it is reached (direct or an ssh forward), where the entry, its URL and
// its credential came from, and whether that credential resolved. Never the secret itself.
// Without a fleet it shows the one gateway today's resolution finds.

import path from 'node:path';
import {FLEET_FILE_NAME, type FleetGateway} from '../config/fleet.ts';
import type {Options} from '../config/options.ts';
import type {GatewayResolution} from '../config/resolve-gateway.ts';
import {safe} from '../text/sanitize.ts';
import {EXIT, orNull, writeJson, writeLine, type CommandIo, type ExitCode} from './command-io.ts';

type Row = {
  readonly name: string;
  readonly url: string;
  readonly urlSource: string;
  readonly source: string;
  readonly via: string;
  readonly credentialSource: string;
  readonly credential: 'resolved' | 'unresolved' | 'none';
  readonly problem?: string;
  readonly readOnly: boolean;
  readonly identityDir: string;
  readonly entry?: FleetGateway;
};

const credentialState = (gateway: GatewayResolution): Row['credential'] => {
  if (gateway.unresolvedCredential) return 'unresolved';
  return gateway.auth.token || gateway.auth.password ? 'resolved' : 'none';
};

const fleetRow = (entry: FleetGateway): Row => ({
  name: entry.name,
  url: entry.gateway.url,
  urlSource: entry.gateway.urlSource,
  source: entry.source,
  via: entry.ssh ? `ssh ${entry.ssh.destination}` : 'direct',
  credentialSource: entry.gateway.credentialSource,
  credential: credentialState(entry.gateway),
  ...(entry.gateway.unresolvedCredential
    ? {
        problem: `${entry.gateway.unresolvedCredential.path}: ${entry.gateway.unresolvedCredential.reason}`,
      }
    : {}),
  readOnly: entry.readOnly,
  identityDir: entry.identityDir,
  entry,
});

export const runGateways = (options: Options, io: CommandIo): Promise<ExitCode> => {
  const {fleet, target} = options;
  const file = fleet?.file ?? path.join(options.paths.dataDir, FLEET_FILE_NAME);
  let rows: Row[];
  if (fleet) {
    rows = fleet.gateways.map(fleetRow);
  } else if (target.kind === 'demo') {
    rows = [];
  } else {
    const gateway = target.gateway;
    rows = [
      {
        name: 'default',
        url: gateway.url,
        urlSource: gateway.urlSource,
        source: target.kind === 'embed' ? '--embed' : 'single-gateway resolution (no fleet)',
        via: target.kind === 'embed' ? 'embedded' : 'direct',
        credentialSource: gateway.credentialSource,
        credential: credentialState(gateway),
        ...(gateway.unresolvedCredential
          ? {
              problem: `${gateway.unresolvedCredential.path}: ${gateway.unresolvedCredential.reason}`,
            }
          : {}),
        readOnly: options.readOnly,
        identityDir: options.paths.identityDir,
      },
    ];
  }

  if (options.json) {
    writeJson(io, {
      fleet: fleet !== undefined,
      file,
      fileFound: fleet?.fileFound ?? false,
      gateways: rows.map((row) => ({
        name: row.name,
        url: row.url,
        urlSource: row.urlSource,
        source: row.source,
        credentialSource: row.credentialSource,
        credential: row.credential,
        problem: orNull(row.problem),
        ssh: row.entry?.ssh
          ? {
              destination: row.entry.ssh.destination,
              remoteHost: row.entry.ssh.remoteHost,
              remotePort: row.entry.ssh.remotePort,
              configFile: orNull(row.entry.ssh.configFile),
            }
          : null,
        tlsFingerprint: orNull(row.entry?.tlsFingerprint),
        readOnly: row.readOnly,
        identityDir: row.identityDir,
      })),
      warnings: options.warnings,
    });
    return Promise.resolve(EXIT.ok);
  }

  writeLine(
    io,
    fleet
      ? `fleet: ${rows.length} gateway${rows.length === 1 ? '' : 's'} (${fleet.fileFound ? safe(file) : `no ${FLEET_FILE_NAME}`}${fleet.gateways.some((g) => g.source === '--gateway flag' || g.gateway.urlSource.startsWith('--gateway')) ? ' + --gateway flags' : ''})`
      : `no fleet configured (no ${safe(file)}, no --gateway NAME=URL): one gateway, found like the openclaw CLI`,
  );
  for (const row of rows) {
    writeLine(io, '');
    writeLine(io, `${safe(row.name)}`);
    const lines: [string, string][] = [
      ['url', `${safe(row.url)}${row.entry?.ssh ? ' (on the ssh host)' : ''}`],
      ['url from', safe(row.urlSource)],
      ['entry from', safe(row.source)],
      ['via', safe(row.via)],
      [
        'credential',
        `${safe(row.credentialSource)}${row.credential === 'unresolved' ? ' (NOT resolved)' : ''}`,
      ],
      ...(row.problem ? ([['problem', safe(row.problem)]] as [string, string][]) : []),
      ...(row.entry?.tlsFingerprint
        ? ([['tls pin', `sha256 ${row.entry.tlsFingerprint}`]] as [string, string][])
        : []),
      ['access', row.readOnly ? 'read-only (operator.read)' : 'read-write'],
      ['identity', safe(row.identityDir)],
    ];
    for (const [label, value] of lines) writeLine(io, `  ${label.padEnd(11)}${value}`);
  }
  return Promise.resolve(EXIT.ok);
};

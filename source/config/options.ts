// Flags, environment and gateway resolution merged into the one options object cli.tsx hands
// on. Everything below cli.tsx reads this, never process.argv or process.env.

import type {CliCommand, ParsedCli} from '../cli-flags.ts';
import {
  OpenClawConfigError,
  readActiveGatewayPort,
  type Env,
  type FileReader,
} from './openclaw-config.ts';
import {FleetConfigError, resolveFleet, type Fleet, type FleetGateway} from './fleet.ts';
import {resolveTuiPaths, type TuiPaths} from './paths.ts';
import {
  GatewayUrlError,
  resolveGateway,
  type GatewayResolution,
  type ResolveGatewayInput,
} from './resolve-gateway.ts';

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Where the gateway comes from. */
export type GatewayTarget =
  /** An existing gateway, found like the openclaw CLI finds it. */
  | {readonly kind: 'attach'; readonly gateway: GatewayResolution}
  /**
   * A gateway this console starts (`openclaw gateway`). `gateway` is what the user's OpenClaw
   * config says (port, credentials) — the embed supervisor decides the final URL.
   */
  | {
      readonly kind: 'embed';
      readonly gateway: GatewayResolution;
      readonly openclawPath?: string;
      readonly nodePath?: string;
      readonly detachOnExit: boolean;
    }
  /** The scripted fixture gateway: no OpenClaw files are read at all. */
  | {readonly kind: 'demo'};

export type Options = {
  readonly command: CliCommand;
  readonly target: GatewayTarget;
  /** --json: NDJSON / JSON output for the command twins. */
  readonly json: boolean;
  /** --read-only: request only operator.read; dangerous commands are dropped. */
  readonly readOnly: boolean;
  /** Terminal bell on new items waiting for a human (off with --no-bell). */
  readonly bell: boolean;
  /** Connect/request timeout for the command twins. */
  readonly timeoutMs: number;
  /** false when NO_COLOR is set (https://no-color.org: any non-empty value). */
  readonly color: boolean;
  readonly paths: TuiPaths;
  /**
   * The fleet (gateways.json5 and/or --gateway NAME=URL), or undefined for today's single
   * gateway. When set, every gateway is its own connection with its own identity directory
   * (FleetGateway.identityDir) and read-only flag; `target` then only stands for the first
   * entry, for code that knows one gateway.
   */
  readonly fleet?: Fleet;
  /**
   * The twins' choice of fleet gateways (--gateway NAME…, else every gateway; --all says so
   * explicitly). Checked against the fleet: every name exists. Empty without a fleet.
   */
  readonly selectedGateways?: readonly FleetGateway[];
  /** --gateway NAME was given (approve/deny then go there instead of searching the fleet). */
  readonly gatewaysNamed?: boolean;
  /** Things the operator should know (config oddities, ignored values). Never secrets. */
  readonly warnings: readonly string[];
};

export type BuildOptionsInput = {
  readonly cli: ParsedCli;
  readonly env: Env;
  /** os.homedir() */
  readonly osHome: string;
  readonly cwd: string;
  readonly platform: NodeJS.Platform;
  /** Defaults to the real file system. */
  readonly files?: FileReader;
  /**
   * Finds a running local gateway's port from its lock file (as `openclaw tui` does). Defaults
   * to the real lookup when `files` is not injected; pass `() => undefined` to skip it.
   */
  readonly activeGatewayPort?: ResolveGatewayInput['activeGatewayPort'];
};

/**
 * Build the options. Throws OpenClawConfigError (broken OpenClaw config) or GatewayUrlError
 * (unusable URL); `startupErrorMessage` turns those into one printable line.
 */
export const buildOptions = (input: BuildOptionsInput): Options => {
  const {cli, env} = input;
  const {flags} = cli;
  const paths = resolveTuiPaths({
    env,
    platform: input.platform,
    osHome: input.osHome,
    cwd: input.cwd,
  });
  const followRunning =
    input.activeGatewayPort ??
    (input.files ? undefined : (location) => readActiveGatewayPort(location));
  // --embed starts its own gateway, so a running one's lock file must not steer the target.
  const resolve = (follow: boolean): GatewayResolution =>
    resolveGateway({
      flags: {
        url: flags.url,
        token: flags.token,
        password: flags.password,
        tlsFingerprint: flags.tlsFingerprint,
      },
      env,
      ...(input.files ? {files: input.files} : {}),
      osHome: input.osHome,
      cwd: input.cwd,
      ...(follow && followRunning ? {activeGatewayPort: followRunning} : {}),
    });
  const gatewayDefs = flags.gatewayDefs ?? [];
  const gatewaySelect = flags.gatewaySelect ?? [];
  // --url, --tls-fingerprint, --demo and --embed each mean one gateway: the fleet file is then
  // not read.
  const fleet =
    flags.demo || flags.embed || flags.url !== undefined || flags.tlsFingerprint !== undefined
      ? undefined
      : resolveFleet({
          dataDir: paths.dataDir,
          env,
          home: nonEmpty(env.HOME) ?? input.osHome,
          flagEntries: gatewayDefs,
          readOnly: flags.readOnly,
          ...(input.files ? {files: input.files} : {}),
        });
  if (!fleet && (gatewaySelect.length > 0 || flags.all === true)) {
    throw new FleetSelectionError(
      `no fleet is configured (no ${paths.dataDir}/gateways.json5 and no --gateway NAME=URL), so --${flags.all ? 'all' : 'gateway'} has nothing to choose from`,
    );
  }
  const selectedGateways = fleet ? selectGateways(fleet, gatewaySelect) : [];
  let target: GatewayTarget;
  const first = fleet?.gateways[0];
  if (first) {
    target = {kind: 'attach', gateway: first.gateway};
  } else if (flags.demo) {
    target = {kind: 'demo'};
  } else if (flags.embed) {
    target = {
      kind: 'embed',
      gateway: resolve(false),
      ...(flags.openclaw !== undefined ? {openclawPath: flags.openclaw} : {}),
      ...(flags.node !== undefined ? {nodePath: flags.node} : {}),
      detachOnExit: flags.detachOnExit,
    };
  } else {
    target = {kind: 'attach', gateway: resolve(true)};
  }
  const warnings = fleet
    ? [...fleet.warnings, ...fleet.gateways.flatMap((gateway) => gateway.gateway.warnings)]
    : target.kind === 'demo'
      ? []
      : target.gateway.warnings;
  return {
    command: cli.command,
    target,
    json: flags.json,
    readOnly: flags.readOnly,
    bell: flags.bell,
    timeoutMs: flags.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    color: !env.NO_COLOR,
    paths,
    ...(fleet ? {fleet} : {}),
    selectedGateways,
    ...(gatewaySelect.length > 0 ? {gatewaysNamed: true} : {}),
    warnings,
  };
};

const nonEmpty = (value: string | undefined): string | undefined => value?.trim() || undefined;

/** A --gateway NAME that names no fleet entry: a usage error (exit 2), listing the fleet. */
export class FleetSelectionError extends FleetConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'FleetSelectionError';
  }
}

const selectGateways = (fleet: Fleet, names: readonly string[]): readonly FleetGateway[] => {
  if (names.length === 0) return fleet.gateways;
  return names.map((name) => {
    const found = fleet.gateways.find((g) => g.name.toLowerCase() === name.toLowerCase());
    if (!found) {
      throw new FleetSelectionError(
        `--gateway ${name}: no such gateway in the fleet (gateways: ${fleet.gateways.map((g) => g.name).join(', ')})`,
      );
    }
    return found;
  });
};

/** One line for the errors buildOptions throws on purpose; undefined for anything else (a bug). */
export const startupErrorMessage = (error: unknown): string | undefined => {
  if (error instanceof OpenClawConfigError) return `openclaw-tui: ${error.message}`;
  if (error instanceof GatewayUrlError) return `openclaw-tui: ${error.message}`;
  if (error instanceof FleetConfigError) return `openclaw-tui: ${error.message}`;
  return undefined;
};

/** The exit code for a startup error: 2 for a --gateway NAME the fleet does not have, else 1. */
export const startupErrorExitCode = (error: unknown): number =>
  error instanceof FleetSelectionError ? 2 : 1;

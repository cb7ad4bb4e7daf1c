// Flags, environment and gateway resolution merged into the one options object cli.tsx hands
// on. Everything below cli.tsx reads this, never process.argv or process.env.

import type {CliCommand, ParsedCli} from '../cli-flags.ts';
import {
  OpenClawConfigError,
  readActiveGatewayPort,
  type Env,
  type FileReader,
} from './openclaw-config.ts';
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
      flags: {url: flags.url, token: flags.token, password: flags.password},
      env,
      ...(input.files ? {files: input.files} : {}),
      osHome: input.osHome,
      cwd: input.cwd,
      ...(follow && followRunning ? {activeGatewayPort: followRunning} : {}),
    });
  let target: GatewayTarget;
  if (flags.demo) {
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
  const warnings = target.kind === 'demo' ? [] : target.gateway.warnings;
  return {
    command: cli.command,
    target,
    json: flags.json,
    readOnly: flags.readOnly,
    bell: flags.bell,
    timeoutMs: flags.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    color: !env.NO_COLOR,
    paths,
    warnings,
  };
};

/** One line for the errors buildOptions throws on purpose; undefined for anything else (a bug). */
export const startupErrorMessage = (error: unknown): string | undefined => {
  if (error instanceof OpenClawConfigError) return `openclaw-tui: ${error.message}`;
  if (error instanceof GatewayUrlError) return `openclaw-tui: ${error.message}`;
  return undefined;
};

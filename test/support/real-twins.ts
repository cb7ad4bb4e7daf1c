// Running the one-shot twins (status, sessions, pending, approve, tail, …) in-process against the
// real gateway, from a private, empty HOME and data dir: nothing of the user's OpenClaw or console
// setup leaks in. The directory is removed when the test file ends.

import {after} from 'node:test';
import type {CliCommand} from '../../source/cli-flags.ts';
import {runCommand} from '../../source/commands/run-command.ts';
import {buildOptions, type Options} from '../../source/config/options.ts';
import {capture, type Captured} from '../unit/commands/helpers.ts';
import {createTempTuiHome} from './real-gateway.ts';

export type TwinFlags = {
  readonly json?: boolean;
  readonly readOnly?: boolean;
  /** Another gateway than the one the twins were made for (same private home). */
  readonly gateway?: {readonly url: string; readonly token: string};
  readonly tlsFingerprint?: string;
};

export type Twins = {
  /** The private HOME (and OPENCLAW_TUI_HOME): identity, tokens and audit file live here. */
  readonly home: string;
  readonly optionsFor: (command: CliCommand, flags?: TwinFlags) => Options;
  /** Run one twin (JSON output unless told otherwise); its exit code and captured output. */
  readonly run: (
    command: CliCommand,
    flags?: TwinFlags,
  ) => Promise<{readonly code: number; readonly out: Captured}>;
};

export const twinsAgainst = (gateway: {readonly url: string; readonly token: string}): Twins => {
  const tuiHome = createTempTuiHome();
  after(() => tuiHome.remove());
  const optionsFor = (command: CliCommand, flags: TwinFlags = {}): Options =>
    buildOptions({
      cli: {
        command,
        flags: {
          url: (flags.gateway ?? gateway).url,
          token: (flags.gateway ?? gateway).token,
          ...(flags.tlsFingerprint === undefined ? {} : {tlsFingerprint: flags.tlsFingerprint}),
          json: flags.json ?? true,
          readOnly: flags.readOnly ?? false,
          demo: false,
          embed: false,
          detachOnExit: false,
          bell: false,
          timeoutMs: 20_000,
        },
      },
      env: {HOME: tuiHome.dir, OPENCLAW_TUI_HOME: tuiHome.dir},
      osHome: tuiHome.dir,
      cwd: tuiHome.dir,
      platform: process.platform,
      activeGatewayPort: () => undefined,
    });
  return {
    home: tuiHome.dir,
    optionsFor,
    run: async (command, flags) => {
      const out = capture();
      const code = await runCommand(optionsFor(command, flags), out.io);
      return {code, out};
    },
  };
};

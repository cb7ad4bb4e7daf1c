// A fleet of fixture gateways for the twin tests, set up once per test file: `a` and `b` seeded
// alike so their first exec approvals share an id (as after a restore), `c` refusing our token.
// Commands run as the CLI runs them: argv through parseCli and buildOptions (gateways.json5 in a
// private data directory, tokens by tokenEnv), then runCommand with captured output.
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before} from 'node:test';
import {parseCli} from '../../../source/cli-flags.ts';
import {runCommand} from '../../../source/commands/run-command.ts';
import {buildOptions} from '../../../source/config/options.ts';
import {startFixtureGateway, type FixtureGateway} from '../../../source/fixture/fixture-gateway.ts';
import {capture, isRecord, tempHome, type Captured} from './helpers.ts';

export type Ran = {
  readonly code: number;
  readonly out: Captured;
  /** The last stdout line as JSON (with --json), else {}. */
  readonly doc: Record<string, unknown>;
};

export type Started = {
  readonly out: Captured;
  /** Resolves with the exit code once the command has ended (out.stop() ends a tail). */
  readonly done: Promise<number>;
};

export type TwinFleet = {
  readonly a: FixtureGateway;
  readonly b: FixtureGateway;
  readonly c: FixtureGateway;
  /** The data directory: gateways.json5 and one identity directory per gateway. */
  readonly home: string;
  /** The exec approval id pending on both a and b. */
  readonly shared: string;
  /** An exec approval pending on a only. */
  readonly onlyOnA: string;
  readonly start: (argv: readonly string[]) => Started;
  readonly run: (argv: readonly string[]) => Promise<Ran>;
};

/**
 * Run a command line in-process as the CLI would, with `home` as HOME and data directory (its
 * gateways.json5 makes the fleet) and `env` beside them (the entries' tokenEnv variables).
 */
export const startArgv = (
  home: string,
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
): Started => {
  const parsed = parseCli([...argv, ...(argv.includes('--timeout') ? [] : ['--timeout', '5s'])]);
  assert.equal(parsed.kind, 'run', JSON.stringify(parsed));
  if (parsed.kind !== 'run') throw new Error('unreachable');
  const options = buildOptions({
    cli: parsed.cli,
    env: {HOME: home, OPENCLAW_TUI_HOME: home, ...env},
    osHome: home,
    cwd: home,
    platform: process.platform,
    activeGatewayPort: () => undefined,
  });
  const out = capture();
  return {out, done: runCommand(options, out.io)};
};

/** Wait for a started command; with --json its last stdout line is the document. */
export const finished = async (argv: readonly string[], started: Started): Promise<Ran> => {
  const code = await started.done;
  const last = started.out.stdout.lines().at(-1);
  const doc: unknown = argv.includes('--json') && last !== undefined ? JSON.parse(last) : {};
  return {code, out: started.out, doc: isRecord(doc) ? doc : {}};
};

/** Registers before/after hooks for this test file; the gateways exist from `before` on. */
export const twinFleet = (): TwinFleet => {
  const home = tempHome();
  const gateways: FixtureGateway[] = [];
  let shared = '';
  let onlyOnA = '';

  before(async () => {
    // the same seed: the first approval of each gets the same id
    gateways.push(
      await startFixtureGateway({seed: 7, tickIntervalMs: 0}),
      await startFixtureGateway({seed: 7, tickIntervalMs: 0}),
      await startFixtureGateway({tickIntervalMs: 0}),
    );
    const [a, b, c] = gateways as [FixtureGateway, FixtureGateway, FixtureGateway];
    a.startRun('agent:main:main');
    b.startRun('agent:main:main');
    shared = a.requestExecApproval({command: 'echo on-a'});
    const onB = b.requestExecApproval({command: 'echo on-b'});
    assert.equal(onB, shared, 'the seeded fixture gateways must collide on the first approval id');
    onlyOnA = a.requestExecApproval({command: 'echo only-a'});
    writeFileSync(
      path.join(home.dir, 'gateways.json5'),
      `{gateways: [
        {name: 'a', url: '${a.url}', tokenEnv: 'A_TOKEN'},
        {name: 'b', url: '${b.url}', tokenEnv: 'B_TOKEN'},
        {name: 'c', url: '${c.url}', tokenEnv: 'C_TOKEN'},
      ]}`,
    );
  });

  after(async () => {
    await Promise.all(gateways.map((gateway) => gateway.close()));
    home.remove();
  });

  const gateway = (index: number): FixtureGateway => {
    const found = gateways[index];
    if (!found) throw new Error('the fleet starts in before()');
    return found;
  };

  const start = (argv: readonly string[]): Started =>
    startArgv(home.dir, argv, {
      A_TOKEN: gateway(0).token ?? '',
      B_TOKEN: gateway(1).token ?? '',
      C_TOKEN: 'not-the-token-of-c',
    });

  return {
    get a() {
      return gateway(0);
    },
    get b() {
      return gateway(1);
    },
    get c() {
      return gateway(2);
    },
    home: home.dir,
    get shared() {
      return shared;
    },
    get onlyOnA() {
      return onlyOnA;
    },
    start,
    run: (argv) => finished(argv, start(argv)),
  };
};

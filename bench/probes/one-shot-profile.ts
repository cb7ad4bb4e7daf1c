// Where the time of a one-shot twin goes (issue 11): `pending --json` against a LOCAL REAL gateway
// (test/support/real-gateway.ts), broken into process start, loading the code (with and without
// V8's code cache), options, identity, the Ed25519 signature, connect to hello-ok, each list read
// on its own, the reads `pending` waits for, and close; beside the whole-process numbers of
// `node -e 0`, `--version`, `pending --json` (with peak RSS) and `openclaw devices list --json`.
//   node --import tsx bench/probes/one-shot-profile.ts [runs=7]
// Run `npm run build` first: the module-load and whole-process rows use dist/ as shipped.
// Prints markdown; bench/one-shot-profile.md holds a run and what it means.

import {spawnSync} from 'node:child_process';
import {mkdirSync, symlinkSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {createGatewayConnection, defaultDisplayName} from '../../source/client/connection.ts';
import {buildSignaturePayloadV3} from '../../source/client/device-identity.ts';
import {scopesFor} from '../../source/client/scopes.ts';
import {openDataStore} from '../../source/config/data-store.ts';
import {buildOptions} from '../../source/config/options.ts';
import {parseCli} from '../../source/cli-flags.ts';
import {realGatewayPaths} from '../../test/support/real-gateway-paths.ts';
import {startRealGateway} from '../../test/support/real-gateway.ts';
import {childEnv} from '../support/children.ts';
import {consoleEnv, tempHome} from '../support/processes.ts';
import {median} from '../support/stats.ts';
import {shippedNodeFlags} from '../support/node-flags.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.argv[2] ?? 7);

/** Wall ms and peak RSS (KiB, from /usr/bin/time) of one run; throws on a non-zero exit. */
const timed = (
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): {ms: number; rssKiB: number} => {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: exit ${result.status}`);
  const rssKiB = Number(result.stderr.trim().split('\n').at(-1));
  return {ms, rssKiB};
};

const fmt = (values: readonly number[], unit = 'ms'): string =>
  `${median(values).toFixed(1)} ${unit} (min ${Math.min(...values).toFixed(1)})`;

const main = async (): Promise<void> => {
  const loadBefore = os.loadavg();
  const gateway = await startRealGateway({ttlSeconds: 900});
  const home = tempHome();
  const rows: [string, string][] = [];
  try {
    const env = consoleEnv(gateway, home);
    const paths = realGatewayPaths();
    const cliDir = path.join(home.dir, 'openclaw-cli');
    for (const sub of ['home', 'state', 'tmp'])
      mkdirSync(path.join(cliDir, sub), {recursive: true});
    mkdirSync(paths.compileCache, {recursive: true});
    symlinkSync(paths.compileCache, path.join(cliDir, 'tmp', 'node-compile-cache'));
    const cliEnv = childEnv({
      PATH: `${paths.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: path.join(cliDir, 'home'),
      OPENCLAW_HOME: path.join(cliDir, 'home'),
      OPENCLAW_STATE_DIR: path.join(cliDir, 'state'),
      OPENCLAW_CONFIG_PATH: path.join(cliDir, 'state', 'openclaw.json'),
      OPENCLAW_NO_AUTO_UPDATE: '1',
      OPENCLAW_OFFLINE: '1',
      TMPDIR: path.join(cliDir, 'tmp'),
    });
    const cliArgs = [
      paths.openclawEntry,
      ...['devices', 'list', '--json', '--url', gateway.url, '--token', gateway.token],
    ];
    const node = process.execPath;
    const bin = path.join(root, 'bin', 'openclaw-tui.cjs');
    // The bin's own Node flags, as its first line passes them (they are part of the code cache's
    // key: the same flags as an installed `openclaw-tui`).
    const flags = shippedNodeFlags();
    const noCache = {...env, OPENCLAW_TUI_CODE_CACHE: '0'};
    // Warm-up: identities created and paired, caches filled (the code cache for pending).
    timed(node, [...flags, bin, 'pending', '--json'], env);
    timed(paths.node24, cliArgs, cliEnv);

    // A. Whole processes, interleaved.
    const whole = {
      nodeE: [] as number[],
      version: [] as number[],
      pending: [] as number[],
      uncached: [] as number[],
    };
    const pendingRss: number[] = [];
    const cli: number[] = [];
    const cliRss: number[] = [];
    for (let i = 0; i < runs; i++) {
      whole.nodeE.push(timed(node, ['-e', '0'], env).ms);
      whole.version.push(timed(node, [...flags, bin, '--version'], env).ms);
      whole.uncached.push(timed(node, [...flags, bin, 'pending', '--json'], noCache).ms);
      const pending = timed(node, [...flags, bin, 'pending', '--json'], env);
      whole.pending.push(pending.ms);
      pendingRss.push(pending.rssKiB / 1024);
      const openclaw = timed(paths.node24, cliArgs, cliEnv);
      cli.push(openclaw.ms);
      cliRss.push(openclaw.rssKiB / 1024);
    }
    rows.push(['`node -e 0` (process start floor)', fmt(whole.nodeE)]);
    rows.push([
      '`node bin/openclaw-tui.cjs --version`',
      `${fmt(whole.version)}: ${(median(whole.version) / median(whole.nodeE)).toFixed(2)}x node -e 0`,
    ]);
    rows.push([
      '`node bin/openclaw-tui.cjs pending --json`',
      `${fmt(whole.pending)}, peak RSS ${fmt(pendingRss, 'MiB')}`,
    ]);
    rows.push([
      '`openclaw devices list --json` (Node 24)',
      `${fmt(cli)}, peak RSS ${fmt(cliRss, 'MiB')}: ${(median(cli) / median(whole.pending)).toFixed(1)}x the twin`,
    ]);

    // B. What V8's code cache buys (the same runs, interleaved with A's).
    rows.push([
      '`pending --json` with OPENCLAW_TUI_CODE_CACHE=0 (dist/cli-core.cjs compiled every run)',
      `${fmt(whole.uncached)}: the cache saves ${(median(whole.uncached) - median(whole.pending)).toFixed(0)} ms`,
    ]);

    // C. Phases in this process (code already loaded).
    const parsed = parseCli(['pending', '--json']);
    if (parsed.kind !== 'run') throw new Error('parse');
    const phases: Record<string, number[]> = {};
    const note = (name: string, ms: number): void => {
      (phases[name] ??= []).push(ms);
    };
    const lists: [string, unknown][] = [
      ['sessions.list', {limit: 500}],
      ['device.pair.list', {}],
      ['node.pair.list', {}],
      ['channels.pairing.list', {}],
      ['exec.approval.list', {}],
      ['plugin.approval.list', {}],
      ['config.get', {}],
    ];
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      const options = buildOptions({
        cli: parsed.cli,
        env: env as Record<string, string | undefined>,
        osHome: home.dir,
        cwd: root,
        platform: process.platform,
      });
      note('build options (config, .env files)', performance.now() - t);
      t = performance.now();
      const store = openDataStore({dir: options.paths.identityDir});
      const identity = store.loadOrCreateIdentity();
      note('load the device identity (key files, key import)', performance.now() - t);
      t = performance.now();
      for (let k = 0; k < 100; k++) {
        identity.sign(
          buildSignaturePayloadV3({
            deviceId: identity.deviceId,
            clientId: 'cli',
            clientMode: 'cli',
            role: 'operator',
            scopes: ['operator.read'],
            signedAtMs: Date.now(),
            token: 'x',
            nonce: String(k),
            platform: 'linux',
            deviceFamily: '',
          }),
        );
      }
      note('one Ed25519 signature (mean of 100)', (performance.now() - t) / 100);
      if (options.target.kind !== 'attach') throw new Error('attach expected');
      const connection = createGatewayConnection({
        url: options.target.gateway.url,
        auth: options.target.gateway.auth,
        scopes: scopesFor(false),
        identity,
        tokenStore: store.deviceTokens,
        clientVersion: '0.1.0',
        displayName: defaultDisplayName(),
        reconnect: false,
        requestTimeoutMs: 10_000,
        challengeTimeoutMs: 10_000,
      });
      t = performance.now();
      connection.start();
      await connection.ready();
      note('connect: socket, challenge, signed connect, hello-ok', performance.now() - t);
      for (const [method, params] of lists) {
        t = performance.now();
        await connection.request(method, params);
        note(`read ${method} alone`, performance.now() - t);
      }
      t = performance.now();
      await Promise.all(lists.slice(1, 6).map(([m, p]) => connection.request(m, p)));
      note('the five inbox lists in parallel (what pending prints)', performance.now() - t);
      t = performance.now();
      await Promise.all(lists.map(([m, p]) => connection.request(m, p)));
      note('all seven in parallel (what pending waits for today)', performance.now() - t);
      t = performance.now();
      await connection.stop();
      note('close (close handshake)', performance.now() - t);
    }
    for (const [name, values] of Object.entries(phases)) rows.push([name, fmt(values)]);
  } finally {
    await gateway.stop();
    home.remove();
  }
  const loadAfter = os.loadavg();
  process.stdout.write(
    `Runs: ${runs}. Load average before ${loadBefore.map((v) => v.toFixed(2)).join(' / ')}, after ${loadAfter.map((v) => v.toFixed(2)).join(' / ')}.\n\n| what | median |\n| --- | --- |\n${rows.map(([a, b]) => `| ${a} | ${b} |`).join('\n')}\n`,
  );
};

await main();

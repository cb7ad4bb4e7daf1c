// Where the time of a one-shot twin goes (issue 11): `pending --json` against a LOCAL REAL gateway
// (test/support/real-gateway.ts), broken into process start, module load, options, identity,
// the Ed25519 signature, connect to hello-ok, each list read on its own, the reads `pending`
// waits for, and close; beside the whole-process numbers of `node -e 0`, `--version`,
// `pending --json` (with peak RSS) and `openclaw devices list --json`.
//   node --import tsx bench/probes/one-shot-profile.ts [runs=7]
// Run `npm run build` first: the module-load and whole-process rows use dist/ as shipped.
// Prints markdown; bench/one-shot-profile.md holds a run and what it means.

import {spawnSync} from 'node:child_process';
import {mkdirSync, readdirSync, symlinkSync} from 'node:fs';
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

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.argv[2] ?? 7);
const dist = path.join(root, 'dist');

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

const chunk = (prefix: string): string => {
  const name = readdirSync(dist).find((file) => file.startsWith(prefix) && file.endsWith('.js'));
  if (!name) throw new Error(`no dist/${prefix}*.js: run npm run build`);
  return path.join(dist, name);
};

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
    const bin = path.join(root, 'bin', 'openclaw-tui.js');
    // Warm-up: identities created and paired, caches filled.
    timed(node, [bin, 'pending', '--json'], env);
    timed(paths.node24, cliArgs, cliEnv);

    // A. Whole processes, interleaved.
    const whole = {nodeE: [] as number[], version: [] as number[], pending: [] as number[]};
    const pendingRss: number[] = [];
    const cli: number[] = [];
    const cliRss: number[] = [];
    for (let i = 0; i < runs; i++) {
      whole.nodeE.push(timed(node, ['-e', '0'], env).ms);
      whole.version.push(timed(node, [bin, '--version'], env).ms);
      const pending = timed(node, [bin, 'pending', '--json'], env);
      whole.pending.push(pending.ms);
      pendingRss.push(pending.rssKiB / 1024);
      const openclaw = timed(paths.node24, cliArgs, cliEnv);
      cli.push(openclaw.ms);
      cliRss.push(openclaw.rssKiB / 1024);
    }
    rows.push(['`node -e 0` (process start floor)', fmt(whole.nodeE)]);
    rows.push([
      '`node bin/openclaw-tui.js --version`',
      `${fmt(whole.version)}: ${(median(whole.version) / median(whole.nodeE)).toFixed(2)}x node -e 0`,
    ]);
    rows.push([
      '`node bin/openclaw-tui.js pending --json`',
      `${fmt(whole.pending)}, peak RSS ${fmt(pendingRss, 'MiB')}`,
    ]);
    rows.push([
      '`openclaw devices list --json` (Node 24)',
      `${fmt(cli)}, peak RSS ${fmt(cliRss, 'MiB')}: ${(median(cli) / median(whole.pending)).toFixed(1)}x the twin`,
    ]);

    // B. Module load of the twin's chunks from dist/, in a fresh plain Node each time.
    const loadScript = `
      const t0 = performance.now();
      await import(${JSON.stringify(chunk('options-'))});
      const t1 = performance.now();
      await import(${JSON.stringify(chunk('run-command-'))});
      const t2 = performance.now();
      process.stdout.write(JSON.stringify([t1 - t0, t2 - t1]));`;
    const loadOptions: number[] = [];
    const loadCommands: number[] = [];
    for (let i = 0; i < runs; i++) {
      const out = spawnSync(node, ['--input-type=module', '-e', loadScript], {encoding: 'utf8'});
      const [a, b] = JSON.parse(out.stdout) as [number, number];
      loadOptions.push(a);
      loadCommands.push(b);
    }
    rows.push(['load dist chunk: options (config resolution, json5)', fmt(loadOptions)]);
    rows.push(['load dist chunk: run-command (client, ws, state, commands)', fmt(loadCommands)]);

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

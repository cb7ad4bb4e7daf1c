// Layer-3 runner (`npm run test:real`): make sure the pinned Node 24 + both openclaw versions are
// installed, start TWO real gateways with the scripted fake LLM (one after the other; both run
// for the whole suite) — the primary (the pinned 2026.9.6) and the second (2026.4.1, protocol 3,
// scripts/real-gateway-versions.json "openclawSecond") — run every test/real/**/*.test.ts(x) file against them (one file at a
// time), stop both, prove nothing of them is left, and exit with the tests' exit code.
//
// One start of each per run, because a start costs 15–60 s of CPU on two cores. Both start with:
//   - silent loopback pairing left ON (the default): every test connects with a fresh device
//     identity and is paired silently, so tests do not depend on each other's devices;
//   - tools.exec ask "always": the only exec the fake LLM runs is an OCT:exec directive, and
//     those are there to test approvals;
//   - gateway.trustedProxies ["127.0.0.1"]: a test that needs a pending pairing request connects
//     with an `X-Forwarded-For` header and is treated as remote, without touching shared config.
//     (The other way, config.patch gateway.nodes.pairing.autoApproveLocal:false, works too, but a
//     test that does it must restore it in a finally block: every later test shares the gateway.)
// Tests read the gateway from the environment (readRealGatewayEnv in test/support/real-gateway.ts):
//   OCT_REAL_URL, OCT_REAL_TOKEN, OCT_REAL_PORT, OCT_REAL_DIR, OCT_REAL_PID, OCT_REAL_CONFIG,
//   OCT_REAL_FAKE_LLM_URL, OCT_REAL_EXEC_ASK, OCT_REAL_TRUST_LOOPBACK_PROXY, OCT_REAL_NODE24,
//   OCT_REAL_OPENCLAW_ENTRY, OCT_REAL_VERSION; the second gateway the same with OCT_REAL2_*
//   (readSecondRealGatewayEnv; undefined when it was not started).
// Each test makes its own device identity and its own OPENCLAW_TUI_HOME (createTempTuiHome);
// the runner also points OPENCLAW_TUI_HOME at a throwaway directory so nothing reaches the
// user's real one.
//
// Environment: OCT_SKIP_REAL=1 skips layer 3 (said loudly); OCT_REAL_KEEP=1 keeps the gateway's
// state dir; OCT_REAL_TIMEOUT_S bounds the test run (default 1500); OCT_REAL_ONLY=word[,word…]
// runs only the test/real files whose path contains one of the words (e.g. `console`);
// OCT_REAL_PRIMARY=second swaps the two (the whole suite then runs against 2026.4.1, tests that
// need what it lacks skip with the reason, and OCT_REAL2_* is the pinned one); OCT_REAL_SECOND=0
// starts only the primary (faster while iterating; fleet tests then skip).
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {stripVTControlCharacters} from 'node:util';
import {gatewayProcesses} from '../support/process-tree.ts';
import {
  installScript,
  projectRoot,
  readRealGatewayVersions,
  realGatewayPaths,
} from '../support/real-gateway-paths.ts';
import {
  logTail,
  realGatewayEnvVars,
  startRealGateway,
  type RealGateway,
  type RealGatewayOptions,
} from '../support/real-gateway.ts';

const log = (line: string): void => {
  process.stdout.write(`[test:real] ${line}\n`);
};
const secondsSince = (t: number): string => `${((Date.now() - t) / 1000).toFixed(1)}s`;
const mib = (kib: number): string => `${Math.round(kib / 1024)} MiB`;

const banner = (text: string): void => {
  const bar = '='.repeat(text.length + 4);
  process.stdout.write(`${bar}\n| ${text} |\n${bar}\n`);
};

if (process.env.OCT_SKIP_REAL === '1') {
  banner('LAYER 3 (real gateway) SKIPPED: OCT_SKIP_REAL=1 is set; no real-gateway test ran');
  process.exit(0);
}

/** OCT_REAL_ONLY=console,smoke runs only the files whose path contains one of those words. */
const only = (process.env.OCT_REAL_ONLY ?? '')
  .split(',')
  .map((word) => word.trim())
  .filter((word) => word !== '');

const testFiles = (): string[] => {
  const root = path.join(projectRoot, 'test', 'real');
  return readdirSync(root, {recursive: true, encoding: 'utf8'})
    .filter((f) => /\.test\.tsx?$/.test(f))
    .filter((f) => only.length === 0 || only.some((word) => f.includes(word)))
    .map((f) => path.join('test', 'real', f))
    .sort();
};

/** From the test runner's output: the final summary block ("ℹ tests N" … to the end). */
const summaryOf = (output: string): string[] => {
  const lines = stripVTControlCharacters(output).trimEnd().split('\n');
  let start = -1;
  lines.forEach((line, i) => {
    if (/^(ℹ|#) tests \d+/.test(line)) start = i;
  });
  return start < 0 ? [] : lines.slice(start);
};

const countOf = (summary: readonly string[], name: string): number | undefined => {
  const line = summary.find((l) => new RegExp(`^(ℹ|#) ${name} \\d+`).test(l));
  return line ? Number(line.split(' ')[2]) : undefined;
};

const main = async (): Promise<number> => {
  const t0 = Date.now();
  const files = testFiles();
  if (files.length === 0) {
    log(
      only.length > 0
        ? `FAIL: no test file under test/real matches OCT_REAL_ONLY=${only.join(',')}`
        : 'FAIL: no test files under test/real (expected at least smoke.test.ts)',
    );
    return 1;
  }

  log('installing / checking the pinned Node 24 + openclaw ...');
  const install = spawnSync(installScript, [], {cwd: projectRoot, stdio: 'inherit'});
  if (install.status !== 0) {
    log(
      `FAIL: ${path.relative(projectRoot, installScript)} exited ${install.status ?? install.signal}`,
    );
    return 1;
  }
  const tInstall = Date.now();

  const options: RealGatewayOptions = {
    fakeLlm: true,
    execAsk: true,
    trustLoopbackProxy: true,
    keepDir: process.env.OCT_REAL_KEEP === '1',
    ttlSeconds: Number(process.env.OCT_REAL_TIMEOUT_S ?? 1500) + 300,
    // a loaded shared machine has taken more than the default 180 s for a cold start
    readyTimeoutMs: 300_000,
  };
  const versions = readRealGatewayVersions();
  const swap = process.env.OCT_REAL_PRIMARY === 'second';
  if (swap && !versions.openclawSecond) {
    log(
      'FAIL: OCT_REAL_PRIMARY=second but scripts/real-gateway-versions.json names no openclawSecond',
    );
    return 1;
  }
  const primaryVersion = swap ? (versions.openclawSecond ?? '') : versions.openclaw;
  const secondVersion =
    process.env.OCT_REAL_SECOND === '0'
      ? undefined
      : swap
        ? versions.openclaw
        : versions.openclawSecond;
  log(
    `starting the real gateway${secondVersion ? 's' : ''} (openclaw ${primaryVersion}` +
      `${secondVersion ? ` then ${secondVersion}; both run for the whole suite` : ''}; a cold start on 2 cores takes 15–60 s) ...`,
  );
  const versionsToStart = [primaryVersion, ...(secondVersion ? [secondVersion] : [])];
  const startOne = (version: string) =>
    startRealGateway({...options, paths: realGatewayPaths(process.env, version)});
  // One after the other: two cold starts at once on two busy cores can push openclaw past its
  // own fixed start-up budgets (its state-lease heartbeat allows 5 s). Both then run together
  // for the whole suite. A start that fails is tried once more before giving up.
  const started: PromiseSettledResult<RealGateway>[] = [];
  for (const version of versionsToStart) {
    if (started.some((r) => r.status === 'rejected')) break;
    let result: PromiseSettledResult<RealGateway>;
    try {
      result = {status: 'fulfilled', value: await startOne(version)};
    } catch (error) {
      log(
        `gateway ${version} failed to start (${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}); trying once more`,
      );
      try {
        result = {status: 'fulfilled', value: await startOne(version)};
      } catch (again) {
        result = {status: 'rejected', reason: again};
      }
    }
    started.push(result);
  }
  const failed = started.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length > 0) {
    for (const r of started) if (r.status === 'fulfilled') await r.value.stop();
    for (const r of failed) {
      log(
        `FAIL: a real gateway did not start: ${r.reason instanceof Error ? r.reason.message : r.reason}`,
      );
    }
    return 1;
  }
  const gateways = started.map((r) => (r as PromiseFulfilledResult<RealGateway>).value);
  const gateway = gateways[0] as RealGateway;
  const second = gateways[1];
  const tReady = Date.now();
  const idleKiB = gateways.reduce((sum, g) => sum + g.rssKiB(), 0);
  for (const g of gateways) {
    log(
      `gateway ${g.paths.openclawVersion}${g === gateway ? ' (primary, OCT_REAL_*)' : ' (second, OCT_REAL2_*)'} ` +
        `ready on ${g.url} (first challenge ${(g.readiness.challengeMs / 1000).toFixed(1)}s, first hello-ok ` +
        `${(g.readiness.helloMs / 1000).toFixed(1)}s after spawn), RSS ${mib(g.rssKiB())}, state ${g.dir}`,
    );
  }
  log(`ready in ${secondsSince(tInstall)}`);

  let peakKiB = idleKiB;
  const sampler = setInterval(() => {
    peakKiB = Math.max(
      peakKiB,
      gateways.reduce((sum, g) => sum + g.rssKiB(), 0),
    );
  }, 2000);

  const tuiHome = mkdtempSync(path.join(tmpdir(), 'oct-real-tui-home-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // the user's own gateway settings must not leak into tests
    if (!key.startsWith('OPENCLAW_') || key === 'OPENCLAW_TUI_CACHE') env[key] = value;
  }
  Object.assign(env, realGatewayEnvVars(gateway, options), {OPENCLAW_TUI_HOME: tuiHome});
  if (second) Object.assign(env, realGatewayEnvVars(second, options, 'OCT_REAL2_'));
  if (process.stdout.isTTY && !env.NO_COLOR) env.FORCE_COLOR = '1';

  log(`running ${files.length} file(s): ${files.join(' ')}`);
  const timeoutS = Number(process.env.OCT_REAL_TIMEOUT_S ?? 1500);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      `--test-timeout=${Math.min(timeoutS, 600) * 1000}`,
      ...files,
    ],
    {cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'inherit']},
  );
  // if this runner dies (signal, crash), its test child must not outlive it
  const killChild = (): void => {
    if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(tuiHome, {recursive: true, force: true});
  };
  process.on('exit', killChild);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    process.stdout.write(chunk);
  });
  const killer = setTimeout(() => {
    log(`FAIL: tests still running after ${timeoutS}s, killing them`);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  }, timeoutS * 1000);
  const testCode = await new Promise<number>((resolve) => {
    child.on('close', (code, sig) => resolve(code ?? (sig ? 1 : 0)));
  });
  clearTimeout(killer);
  process.off('exit', killChild);
  clearInterval(sampler);
  const tTests = Date.now();
  rmSync(tuiHome, {recursive: true, force: true});

  if (testCode !== 0) {
    for (const g of gateways) {
      log(
        `tests failed (exit ${testCode}); last lines of the ${g.paths.openclawVersion} gateway's log:`,
      );
      process.stdout.write(`${logTail(path.join(g.dir, 'logs', 'gateway.out'), 30, g.token)}\n`);
    }
  }

  let code = testCode;
  for (const g of gateways) {
    const pid = g.pid;
    const report = await g.stop();
    const after = gatewayProcesses(pid);
    if (report.leftovers.length > 0 || after.length > 0) {
      code = 1;
      log(`FAIL: processes of the ${g.paths.openclawVersion} gateway survived stop():`);
      for (const p of [...report.leftovers, ...after])
        log(`  pid ${p.pid} pgid ${p.pgid}: ${p.command}`);
    } else {
      log(
        `gateway ${g.paths.openclawVersion} stopped in ${(report.stopMs / 1000).toFixed(1)}s` +
          `${report.killed.length ? ` (SIGKILLed ${report.killed.join(', ')})` : ''}; ` +
          `no process of group ${pid} remains`,
      );
    }
  }
  log(
    `timings: install check ${((tInstall - t0) / 1000).toFixed(1)}s | gateway start${gateways.length > 1 ? 's' : ''} ` +
      `${((tReady - tInstall) / 1000).toFixed(1)}s | tests ${((tTests - tReady) / 1000).toFixed(1)}s | ` +
      `total ${secondsSince(t0)}; gateways' RSS idle ${mib(idleKiB)}, peak ${mib(peakKiB)}`,
  );

  const summary = summaryOf(output);
  const tests = countOf(summary, 'tests');
  const skipped = countOf(summary, 'skipped') ?? 0;
  if (summary.length === 0 || !tests) {
    log('FAIL: the test runner reported no tests');
    code = code || 1;
  } else if (skipped > 0) {
    log(`NOTE: ${skipped} layer-3 test(s) were SKIPPED`);
  }
  if (summary.length > 0) {
    log('summary (repeated from the test runner above):');
    process.stdout.write(`${summary.join('\n')}\n`);
  }
  return code;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`FAIL: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);

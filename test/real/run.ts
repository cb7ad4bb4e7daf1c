// Layer-3 runner (`npm run test:real`): make sure the pinned Node 24 + openclaw are installed,
// start ONE real gateway with the scripted fake LLM, run every test/real/**/*.test.ts(x) file
// against it (one file at a time), stop it, prove nothing of it is left, and exit with the
// tests' exit code.
//
// One shared gateway, because a start costs 15–60 s of CPU on two cores. It starts with:
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
//   OCT_REAL_OPENCLAW_ENTRY.
// Each test makes its own device identity and its own OPENCLAW_TUI_HOME (createTempTuiHome);
// the runner also points OPENCLAW_TUI_HOME at a throwaway directory so nothing reaches the
// user's real one.
//
// Environment: OCT_SKIP_REAL=1 skips layer 3 (said loudly); OCT_REAL_KEEP=1 keeps the gateway's
// state dir; OCT_REAL_TIMEOUT_S bounds the test run (default 1500); OCT_REAL_ONLY=word[,word…]
// runs only the test/real files whose path contains one of the words (e.g. `console`).
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {stripVTControlCharacters} from 'node:util';
import {gatewayProcesses} from '../support/process-tree.ts';
import {installScript, projectRoot} from '../support/real-gateway-paths.ts';
import {
  logTail,
  realGatewayEnvVars,
  startRealGateway,
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
  };
  log('starting the real gateway (a cold start on 2 cores takes 15–60 s) ...');
  let gateway: Awaited<ReturnType<typeof startRealGateway>>;
  try {
    gateway = await startRealGateway(options);
  } catch (error) {
    log(`FAIL: the real gateway did not start: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
  const tReady = Date.now();
  const idleKiB = gateway.rssKiB();
  log(
    `gateway ready on ${gateway.url} in ${secondsSince(tInstall)} ` +
      `(first challenge ${(gateway.readiness.challengeMs / 1000).toFixed(1)}s, first hello-ok ` +
      `${(gateway.readiness.helloMs / 1000).toFixed(1)}s after spawn), RSS ${mib(idleKiB)}, ` +
      `state ${gateway.dir}`,
  );

  let peakKiB = idleKiB;
  const sampler = setInterval(() => {
    peakKiB = Math.max(peakKiB, gateway.rssKiB());
  }, 2000);

  const tuiHome = mkdtempSync(path.join(tmpdir(), 'oct-real-tui-home-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // the user's own gateway settings must not leak into tests
    if (!key.startsWith('OPENCLAW_') || key === 'OPENCLAW_TUI_CACHE') env[key] = value;
  }
  Object.assign(env, realGatewayEnvVars(gateway, options), {OPENCLAW_TUI_HOME: tuiHome});
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
    log(`tests failed (exit ${testCode}); last gateway log lines:`);
    process.stdout.write(
      `${logTail(path.join(gateway.dir, 'logs', 'gateway.out'), 30, gateway.token)}\n`,
    );
  }

  const pid = gateway.pid;
  const report = await gateway.stop();
  const after = gatewayProcesses(pid);
  let code = testCode;
  if (report.leftovers.length > 0 || after.length > 0) {
    code = 1;
    log('FAIL: gateway processes survived stop():');
    for (const p of [...report.leftovers, ...after])
      log(`  pid ${p.pid} pgid ${p.pgid}: ${p.command}`);
  } else {
    log(
      `gateway stopped in ${(report.stopMs / 1000).toFixed(1)}s` +
        `${report.killed.length ? ` (SIGKILLed ${report.killed.join(', ')})` : ''}; ` +
        `no process of group ${pid} remains`,
    );
  }
  log(
    `timings: install check ${((tInstall - t0) / 1000).toFixed(1)}s | gateway start ` +
      `${((tReady - tInstall) / 1000).toFixed(1)}s | tests ${((tTests - tReady) / 1000).toFixed(1)}s | ` +
      `total ${secondsSince(t0)}; gateway RSS idle ${mib(idleKiB)}, peak ${mib(peakKiB)}`,
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

// Layer 3, cron jobs in the Gateway pane against the real gateway. An admin client adds a command
// job (a shell command the scheduler runs itself: no model, deterministic) every hour; the pane
// lists it by name with its schedule, its next run and "never ran". cron.run forces one run whose
// command exits 3: the gateway's cron events bring the failed last result to the pane (no
// operator action); the run's entry in the task ledger (runtime cron) reaches the console and the tasks
// twin. The job is removed afterwards (the gateway is shared by every test of the run).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {isRecord, lineWith, startConsole, testToken} from '../support/console-harness.tsx';
import {connectReady} from '../support/raw-client.ts';
import {
  createTempTuiHome,
  needsModernGateway,
  readRealGatewayEnv,
} from '../support/real-gateway.ts';
import {capture, makeOptions, onlyJson} from '../unit/commands/helpers.ts';
import {runCommand} from '../../source/commands/run-command.ts';
import {gw} from '../support/state.ts';

const gateway = readRealGatewayEnv();

test(
  'console: a real cron job in the Gateway pane (schedule, next run), its forced run failing there',
  {skip: needsModernGateway('command cron jobs')},
  async () => {
    const name = `oct-cron-${testToken()}`;
    const admin = await connectReady(gateway.url, {
      token: gateway.token,
      displayName: 'oct-cron-admin',
      scopes: ['operator.read', 'operator.admin'],
    });
    let jobId: string | undefined;
    const tui = await startConsole({url: gateway.url, token: gateway.token});
    try {
      const added = await admin.call('cron.add', {
        name,
        enabled: true,
        schedule: {kind: 'every', everyMs: 3_600_000},
        sessionTarget: 'isolated',
        wakeMode: 'now',
        payload: {kind: 'command', argv: ['sh', '-c', 'echo OCT_CRON_RAN; exit 3']},
        delivery: {mode: 'none'},
      });
      const job = isRecord(added) && isRecord(added.job) ? added.job : added;
      jobId = isRecord(job) && typeof job.id === 'string' ? job.id : undefined;
      assert.ok(jobId, `cron.add gave no job id: ${JSON.stringify(added)}`);

      tui.press('4');
      const listed = await tui.waitFor(
        (f) => /never ran/.test(lineWith(f, name)),
        `${name} in the Gateway pane`,
        30_000,
      );
      assert.match(lineWith(listed, name), /every 1h\s+in (59m|60m|1h)\s+never ran/);
      assert.match(listed, /cron · \d+ jobs? \(read-only\)/);

      const run = await admin.call('cron.run', {id: jobId, mode: 'force'});
      assert.ok(isRecord(run) && run.ok !== false, `cron.run refused: ${JSON.stringify(run)}`);
      const failed = await tui.waitFor(
        (f) => /\berror\b/.test(lineWith(f, name)),
        `the failed run of ${name} in the pane`,
        60_000,
      );
      assert.match(lineWith(failed, name), /every 1h\s+.*error (\d+s|now|just now)?/);
      const held = Object.values(gw(tui.store.getState()).tasks.cron.jobs).find(
        (entry) => entry.id === jobId,
      );
      assert.equal(held?.lastRunStatus, 'error', JSON.stringify(held));
      assert.match(lineWith(failed, name), /command exited with code 3/);

      // The run is in the task ledger too (runtime cron): the console holds it from the gateway's
      // task events, and the tasks twin prints it.
      const ran = await tui.waitForState(
        (st) =>
          Object.values(gw(st).tasks.byId).some(
            (task) => task.runtime === 'cron' && task.title === name && task.status === 'failed',
          ),
        'the cron run in the task ledger',
        30_000,
      );
      const task = Object.values(gw(ran).tasks.byId).find((entry) => entry.title === name);
      assert.equal(task?.error, 'command exited with code 3');
      const home = createTempTuiHome();
      try {
        const out = capture();
        const code = await runCommand(
          makeOptions({
            command: {name: 'tasks', runtime: 'cron'},
            home: home.dir,
            url: gateway.url,
            token: gateway.token,
            json: true,
            timeoutMs: 20_000,
          }),
          out.io,
        );
        assert.equal(code, 0, out.stderr.text);
        const doc = onlyJson(out);
        const rows = Array.isArray(doc.tasks) ? doc.tasks.filter(isRecord) : [];
        const printed = rows.find((row) => row.taskId === task?.id);
        assert.ok(printed, `tasks --runtime cron lists ${task?.id}`);
        assert.equal(printed.state, 'failed');
        assert.equal(printed.runtime, 'cron');
      } finally {
        home.remove();
      }
    } finally {
      if (jobId !== undefined) await admin.call('cron.remove', {id: jobId}).catch(() => {});
      admin.close();
      await tui.close();
    }
  },
);

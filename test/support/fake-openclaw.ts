// A fake `openclaw` executable for the embed supervisor's unit tests. Run as
//   node --import tsx test/support/fake-openclaw.ts gateway --port P
//   node --import tsx test/support/fake-openclaw.ts doctor --fix --yes --non-interactive
// It behaves like the real launcher where the supervisor cares (exit 78 on an invalid config,
// connect.challenge then UNAVAILABLE/1013 while "starting", then hello-ok, `shutdown` + close
// 1012 around an in-process restart on SIGUSR2, clean exit on SIGTERM) and misbehaves on demand.
//
// Environment (all optional):
//   FAKE_OC_STATE_DIR       where it records starts, pids and the doctor's fix (tests read it)
//   FAKE_OC_MODE            ready (default) | invalid-config (78 until the doctor fixed it) |
//                           invalid-config-always (78 even after the doctor) | exit-0
//   FAKE_OC_LISTEN_DELAY_MS wait before listening (real gateway: 15–25 s)
//   FAKE_OC_HELLO_DELAY_MS  answer connect with UNAVAILABLE startup-sidecars + 1013 until then
//   FAKE_OC_TOKEN           require this shared token (else AUTH_TOKEN_MISMATCH, close 1008)
//   FAKE_OC_CRASH_MS        exit with FAKE_OC_CRASH_CODE (default 1) this long after start…
//   FAKE_OC_CRASH_TIMES     …but only for the first N starts (default: every start)
//   FAKE_OC_IGNORE_SIGTERM  1: log and ignore SIGTERM (tests SIGKILL escalation)
//   FAKE_OC_FLOOD_LINES     write this many lines to stdout and stderr, blocking, before listening
//   FAKE_OC_GRANDCHILD      1 | detached: start a SIGTERM-ignoring `sleep 300` in our process
//                           group, or in a session of its own
//   FAKE_OC_RESTART_MS      restartExpectedMs announced on SIGUSR2 (default 800)
//   FAKE_OC_DIE_ON_RESTART  1: on SIGUSR2 announce a restart, then exit 1 instead
//   FAKE_OC_DOCTOR          fix (default) | fail

import {spawn} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync, writeSync} from 'node:fs';
import path from 'node:path';
import {WebSocketServer, type WebSocket} from 'ws';

const env = process.env;
const args = process.argv.slice(2);
const stateDir = env.FAKE_OC_STATE_DIR;
const number = (name: string, fallback: number): number => {
  const value = Number(env[name]);
  return Number.isFinite(value) && env[name] !== undefined && env[name] !== '' ? value : fallback;
};

// Like openclaw: a closed stdout/stderr (the console went away) is not fatal.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

const stateFile = (name: string): string | undefined =>
  stateDir ? path.join(stateDir, name) : undefined;

const bump = (name: string): number => {
  const file = stateFile(name);
  if (!file) return 1;
  const next = (existsSync(file) ? Number(readFileSync(file, 'utf8')) || 0 : 0) + 1;
  writeFileSync(file, String(next));
  return next;
};

const put = (name: string, content: string) => {
  const file = stateFile(name);
  if (file) writeFileSync(file, content);
};

if (args[0] === 'doctor') {
  const run = bump('doctor-runs');
  put('doctor-args.json', JSON.stringify(args));
  console.log(`doctor run ${run}: checking config`);
  if (env.FAKE_OC_DOCTOR === 'fail') {
    console.error('doctor: could not repair gateway.port');
    process.exit(1);
  }
  put('config-fixed', 'yes');
  console.log('doctor: repaired gateway.port');
  process.exit(0);
}

if (args[0] !== 'gateway') {
  console.error(`fake-openclaw: unknown command ${String(args[0])}`);
  process.exit(2);
}

const portIndex = args.indexOf('--port');
const port = Number(args[portIndex + 1]);
const start = bump('gateway-starts');
put(`gateway-${start}.pid`, String(process.pid));
put(
  `gateway-${start}.env.json`,
  JSON.stringify({OPENCLAW_NO_RESPAWN: env.OPENCLAW_NO_RESPAWN ?? null}),
);
console.log(`fake gateway start ${start} pid ${process.pid} port ${port}`);

const mode = env.FAKE_OC_MODE ?? 'ready';
const fixed =
  stateFile('config-fixed') !== undefined && existsSync(stateFile('config-fixed') ?? '');
if (mode === 'invalid-config-always' || (mode === 'invalid-config' && !fixed)) {
  console.error('OpenClaw config is invalid');
  console.error('File: ~/.openclaw/openclaw.json');
  console.error('Problem:');
  console.error('  - gateway.port: Invalid input: expected number, received string');
  console.error('Fix: openclaw doctor --fix');
  process.exit(78);
}
if (mode === 'exit-0') {
  console.log('nothing to do');
  process.exit(0);
}

// Blocking writes, as a busy process's are: the pipe is non-blocking on our side, so a full pipe
// (EAGAIN) means wait and retry. A reader that stops reading stalls us here and we never listen.
const pause = new Int32Array(new SharedArrayBuffer(4));
const writeAll = (fd: number, text: string) => {
  let bytes = Buffer.from(text);
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(fd, bytes));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
};
const flood = number('FAKE_OC_FLOOD_LINES', 0);
for (let index = 0; index < flood; index += 1) {
  writeAll(index % 2 === 0 ? 1 : 2, `flood line ${index} ${'x'.repeat(100)}\n`);
}
if (flood > 0) console.log(`flood done: ${flood} lines`);

if (env.FAKE_OC_GRANDCHILD === '1' || env.FAKE_OC_GRANDCHILD === 'detached') {
  // Ignores SIGTERM, so only a SIGKILL removes it; 'detached' puts it in a session of its own,
  // out of reach of a signal to our process group.
  const grandchild = spawn('sh', ['-c', "trap '' TERM; exec sleep 300"], {
    stdio: 'ignore',
    detached: env.FAKE_OC_GRANDCHILD === 'detached',
  });
  put(`grandchild-${start}.pid`, String(grandchild.pid));
}

const crashMs = number('FAKE_OC_CRASH_MS', -1);
const crashTimes = number('FAKE_OC_CRASH_TIMES', Number.POSITIVE_INFINITY);
if (crashMs >= 0 && start <= crashTimes) {
  setTimeout(() => {
    console.error(`Error: fake crash ${start}`);
    process.exit(number('FAKE_OC_CRASH_CODE', 1));
  }, crashMs);
}

let server: WebSocketServer | undefined;
let listeningSince = 0;
const sockets = new Set<WebSocket>();

const hello = () => ({
  type: 'hello-ok',
  protocol: 4,
  server: {version: '2026.9.6-fake', connId: 'c-1'},
  features: {methods: ['health'], events: ['tick', 'shutdown']},
  snapshot: {presence: [], health: {ok: true}, stateVersion: {presence: 0, health: 0}, uptimeMs: 1},
  auth: {role: 'operator', scopes: ['operator.read']},
  policy: {maxPayload: 26214400, maxBufferedBytes: 52428800, tickIntervalMs: 30000},
});

const listen = () => {
  server = new WebSocketServer({host: '127.0.0.1', port});
  server.on('listening', () => {
    listeningSince = Date.now();
    console.log(`http server listening on ws://127.0.0.1:${port}`);
  });
  server.on('error', (error) => {
    console.error(`Error: listen failed: ${error.message}`);
    process.exit(1);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.send(
      JSON.stringify({
        type: 'event',
        event: 'connect.challenge',
        payload: {nonce: 'n-1', ts: Date.now()},
      }),
    );
    socket.on('message', (data) => {
      let frame: {id?: string; method?: string; params?: {auth?: {token?: string}}};
      try {
        frame = JSON.parse(String(data)) as typeof frame;
      } catch {
        return;
      }
      if (frame.method !== 'connect') return;
      const {auth, ...withoutAuth} = frame.params ?? {};
      put('last-connect.json', JSON.stringify({...withoutAuth, authKeys: Object.keys(auth ?? {})}));
      /** Answer the connect with an error, then close as the real gateway does. */
      const refuse = (error: Record<string, unknown>, code: number, reason: string): void => {
        socket.send(JSON.stringify({type: 'res', id: frame.id, ok: false, error}));
        socket.close(code, reason);
      };
      if (Date.now() - listeningSince < number('FAKE_OC_HELLO_DELAY_MS', 0)) {
        const error = {
          code: 'UNAVAILABLE',
          message: 'gateway starting',
          details: {reason: 'startup-sidecars'},
          retryable: true,
          retryAfterMs: 100,
        };
        refuse(error, 1013, 'gateway starting');
        return;
      }
      if (env.FAKE_OC_TOKEN && auth?.token !== env.FAKE_OC_TOKEN) {
        const error = {
          code: 'INVALID_REQUEST',
          message: 'unauthorized: gateway token mismatch',
          details: {code: 'AUTH_TOKEN_MISMATCH'},
        };
        refuse(error, 1008, 'unauthorized');
        return;
      }
      socket.send(JSON.stringify({type: 'res', id: frame.id, ok: true, payload: hello()}));
    });
  });
};

setTimeout(listen, number('FAKE_OC_LISTEN_DELAY_MS', 0));

process.on('SIGUSR2', () => {
  const restartExpectedMs = number('FAKE_OC_RESTART_MS', 800);
  const restarts = bump('in-process-restarts');
  console.log(`restart ${restarts} requested (SIGUSR2)`);
  for (const socket of sockets) {
    socket.send(
      JSON.stringify({
        type: 'event',
        event: 'shutdown',
        payload: {reason: 'restart', restartExpectedMs},
      }),
    );
    socket.close(1012, 'service restart');
  }
  if (env.FAKE_OC_DIE_ON_RESTART === '1') {
    console.error('Error: restart failed');
    process.exit(1);
  }
  server?.close();
  server = undefined;
  setTimeout(listen, restartExpectedMs);
});

process.on('SIGTERM', () => {
  if (env.FAKE_OC_IGNORE_SIGTERM === '1') {
    console.log('ignoring SIGTERM');
    return;
  }
  console.log('shutdown completed cleanly');
  process.exit(0);
});

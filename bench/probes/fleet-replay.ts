// Probe (not part of `npm run bench`): the fleet flood's state side, replayed from a recording so
// that two checkouts can be compared on exactly the same frames without the fixture's CPU, its
// timing or the screen in the way (the machine is shared: CPU time of one process is what is
// compared, interleaved).
//
//   OCT_REPLAY_FILE=/tmp/x.json node --import tsx bench/probes/fleet-replay.ts record
//     10 fixture gateways × 1,000 sessions, 2,000 events/s in total for OCT_REPLAY_SECONDS (20):
//     every frame each of 10 real gateway links received, with the turn of the event loop it
//     arrived in, and the answers to their requests.
//   OCT_REPLAY_FILE=/tmp/x.json node --max-semi-space-size=4 --heap-growing-percent=40 \
//     --import tsx bench/probes/fleet-replay.ts replay
//     The same 10 links (this checkout's client, bridge and store) over sockets that play the
//     recording back: requests answered with the recorded results, then the events read by read
//     (the frames of one recorded turn in one turn), and every 125 ms of recorded time the
//     selectors the App reads for a frame of the Sessions pane. Prints CPU per event.
import {readFileSync, writeFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import {
  deviceIdentityFromKeyPair,
  generateDeviceKeyPair,
} from '../../source/client/device-identity.ts';
import {createWsSocket, type SocketFactory} from '../../source/client/socket.ts';
import {openGatewayLink, type GatewayLink} from '../../source/link/gateway-link.ts';
import {
  selectFleetCursor,
  selectFleetDeliveries,
  selectFleetInboxCount,
  selectFleetRows,
  selectFleetTaskStates,
  selectFleetTreeRows,
} from '../../source/state/fleet-selectors.ts';
import {createGatewayRecord} from '../../source/state/gateway-record.ts';
import type {AppState} from '../../source/state/reducer.ts';
import {createStore, type Store} from '../../source/state/store.ts';
import {initialUiState} from '../../source/state/ui-slice.ts';

type Recording = {
  readonly gateways: number;
  /** Per gateway: method → the first recorded result frame (its id replaced on replay). */
  readonly answers: Record<string, string>[];
  /** Per gateway: frames that came before the first request (the connect challenge). */
  readonly opening: string[][];
  /** [gateway, turn, recorded ms] of every event frame after the opening. */
  readonly events: [number, number, number][];
};

const file = process.env.OCT_REPLAY_FILE ?? '/tmp/fleet-replay.json';
const GATEWAYS = 10;
const FRAME_MS = 125;

const stateOf = (count: number): AppState => ({
  gateways: Object.fromEntries(
    Array.from({length: count}, (_, i) => [
      `gw${i + 1}`,
      createGatewayRecord({url: `ws://gw${i + 1}`, urlSource: 'probe', credentialSource: 'probe'}),
    ]),
  ),
  ui: initialUiState,
});

const linkOf = (
  store: Store,
  i: number,
  url: string,
  token: string,
  socketFactory: SocketFactory,
): GatewayLink =>
  openGatewayLink({
    id: `gw${i + 1}`,
    store,
    url,
    auth: {token},
    identity: deviceIdentityFromKeyPair(generateDeviceKeyPair()),
    readOnly: false,
    clientVersion: '0.0.0-probe',
    reconnect: false,
    socketFactory,
  });

const record = async (): Promise<void> => {
  const {startFixture} = await import('../support/processes.ts');
  const seconds = Number(process.env.OCT_REPLAY_SECONDS ?? '20');
  const fixture = await startFixture({sessions: 1000, maxDepth: 5, gateways: GATEWAYS});
  let turn = 0;
  const tick = setInterval(() => {}, 1000);
  const bump = (): void => {
    turn++;
    setImmediate(bump);
  };
  setImmediate(bump);
  const answers: Record<string, string>[] = [];
  const opening: string[][] = [];
  const events: [number, number, number][] = [];
  const frames: string[] = [];
  const store = createStore(stateOf(GATEWAYS));
  const links = fixture.gateways.map((gateway, i) => {
    const methodOf = new Map<string, string>();
    answers[i] = {};
    opening[i] = [];
    let asked = false;
    const factory: SocketFactory = (url, handlers, options) => {
      const socket = createWsSocket(
        url,
        {
          ...handlers,
          message: (data) => {
            const frame = JSON.parse(data) as {type: string; id?: string};
            if (frame.type === 'res' && frame.id !== undefined) {
              const method = methodOf.get(frame.id);
              if (method !== undefined) (answers[i] as Record<string, string>)[method] ??= data;
            } else if (!asked) (opening[i] as string[]).push(data);
            else {
              events.push([i, turn, performance.now()]);
              frames.push(data);
            }
            handlers.message(data);
          },
        },
        options,
      );
      return {
        send: (data) => {
          const frame = JSON.parse(data) as {id?: string; method?: string};
          if (frame.id !== undefined && frame.method !== undefined) {
            asked = true;
            methodOf.set(frame.id, frame.method);
          }
          socket.send(data);
        },
        close: (code, reason) => socket.close(code, reason),
      };
    };
    return linkOf(store, i, gateway.url, gateway.token, factory);
  });
  for (const link of links) link.start();
  await Promise.all(links.map((link) => link.bridge.whenSynced()));
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const done = new Promise<void>((resolve) =>
    fixture.child.on('message', (m: {type: string}) => m.type === 'flood-done' && resolve()),
  );
  fixture.send({
    type: 'flood',
    rate: 2000,
    durationMs: seconds * 1000,
    markEveryMs: 50,
    markTitle: '',
  });
  await done;
  await new Promise((resolve) => setTimeout(resolve, 500));
  await Promise.all(links.map((link) => link.close()));
  await fixture.stop();
  clearInterval(tick);
  const recording: Recording = {gateways: GATEWAYS, answers, opening, events};
  writeFileSync(file, JSON.stringify(recording));
  // The frames themselves one a line (JSON text has no raw newline), read back into a Buffer:
  // outside the heap, so the replaying process's GC sees only what the console would hold.
  writeFileSync(`${file}.frames`, `${frames.join('\n')}\n`);
  console.log(`recorded ${events.length} event frames of ${GATEWAYS} gateways into ${file}`);
  process.exit(0);
};

const replay = async (): Promise<void> => {
  const recording = JSON.parse(readFileSync(file, 'utf8')) as Recording;
  const text = readFileSync(`${file}.frames`);
  const starts: number[] = [0];
  for (let at = text.indexOf(10); at !== -1; at = text.indexOf(10, at + 1)) starts.push(at + 1);
  const store = createStore(stateOf(recording.gateways));
  const deliver: ((data: string) => void)[] = [];
  const links = Array.from({length: recording.gateways}, (_, i) => {
    const factory: SocketFactory = (_url, handlers) => {
      deliver[i] = handlers.message;
      setImmediate(() => {
        handlers.open();
        for (const frame of recording.opening[i] ?? []) handlers.message(frame);
      });
      return {
        send: (data) => {
          const {id, method} = JSON.parse(data) as {id: string; method: string};
          const answer = recording.answers[i]?.[method];
          const frame =
            answer === undefined
              ? JSON.stringify({
                  type: 'res',
                  id,
                  ok: false,
                  error: {code: 'UNAVAILABLE', message: 'not recorded'},
                })
              : JSON.stringify({...(JSON.parse(answer) as object), id});
          setImmediate(() => handlers.message(frame));
        },
        close: (code, reason) => setImmediate(() => handlers.close(code, reason)),
      };
    };
    return linkOf(store, i, `ws://127.0.0.1:${40000 + i}`, 'replay', factory);
  });
  for (const link of links) link.start();
  await Promise.all(links.map((link) => link.bridge.whenSynced()));
  const frame = (): void => {
    const state = store.getState();
    selectFleetRows(state);
    selectFleetTreeRows(state);
    selectFleetInboxCount(state);
    selectFleetDeliveries(state);
    selectFleetTaskStates(state);
    selectFleetCursor(state, 'sessions');
  };
  frame();
  const {events} = recording;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  let nextFrameAt = (events[0]?.[2] ?? 0) + FRAME_MS;
  let frames = 0;
  for (let at = 0; at < events.length;) {
    const [, turn, recordedAt] = events[at] as [number, number, number];
    // One recorded turn: every gateway's frames of that turn, then a turn of our own.
    while (at < events.length && (events[at] as [number, number, number])[1] === turn) {
      const [g] = events[at] as [number, number, number];
      deliver[g]?.(text.toString('utf8', starts[at], (starts[at + 1] as number) - 1));
      at++;
    }
    await new Promise((resolve) => setImmediate(resolve));
    if (recordedAt >= nextFrameAt) {
      frame();
      frames++;
      nextFrameAt += FRAME_MS;
    }
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const wallMs = performance.now() - wall0;
  console.log(
    JSON.stringify({
      events: events.length,
      frames,
      cpuMs: Math.round(cpuMs),
      wallMs: Math.round(wallMs),
      cpuPerEventUs: Math.round((cpuMs / events.length) * 1000),
      load: (await import('node:os')).loadavg()[0],
    }),
  );
  await Promise.all(links.map((link) => link.close()));
  process.exit(0);
};

if (process.argv[2] === 'record') await record();
else await replay();

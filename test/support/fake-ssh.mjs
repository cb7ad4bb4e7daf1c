// A stand-in for the OpenSSH client in the tunnel supervisor's unit tests. It records its argv
// (one JSON line per start in FAKE_SSH_LOG), then behaves as the first word of FAKE_SSH_MODE_FILE
// says: "ok" listens on the -L local port (and forwards nothing: accepted sockets are held),
// "auth" / "hostkey" print OpenSSH's own message and exit 255, "slow" never listens.
import {appendFileSync, readFileSync} from 'node:fs';
import {createServer} from 'node:net';

const args = process.argv.slice(2);
if (process.env.FAKE_SSH_LOG) {
  appendFileSync(process.env.FAKE_SSH_LOG, `${JSON.stringify({pid: process.pid, args})}\n`);
}
const mode = readFileSync(process.env.FAKE_SSH_MODE_FILE, 'utf8').trim().split(/\s+/)[0];
const spec = args[args.indexOf('-L') + 1] ?? '';
const localPort = Number(spec.split(':')[1]);

if (mode === 'auth') {
  process.stderr.write(
    'Warning: Permanently added 127.0.0.1 (ED25519) to the list of known hosts.\n',
  );
  process.stderr.write('me@127.0.0.1: Permission denied (publickey).\n');
  process.exit(255);
} else if (mode === 'hostkey') {
  process.stderr.write('Host key verification failed.\n');
  process.exit(255);
} else if (mode === 'slow') {
  setInterval(() => undefined, 1000);
} else {
  const server = createServer((socket) => socket.on('error', () => undefined));
  server.listen(localPort, '127.0.0.1');
  process.on('SIGTERM', () => process.exit(0));
}

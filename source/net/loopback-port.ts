// Two questions about a TCP port on 127.0.0.1, asked by the SSH forward (a local port for `-L`,
// then whether the forward listens yet) and by the tests that start gateways and sshd.

import {connect, createServer} from 'node:net';

/**
 * A port the kernel just handed out on 127.0.0.1 (listen on 0, read it, close). Another process
 * may take it before the caller binds it; callers that bind it later retry on EADDRINUSE.
 */
export const freeLoopbackPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('the kernel gave no port'));
      });
    });
  });

/** Whether something accepts a TCP connection on 127.0.0.1:`port` within `timeoutMs`. */
export const acceptsOnLoopback = (port: number, timeoutMs = 1000): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({host: '127.0.0.1', port});
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

// Waiting for one message from a child, with a deadline (every wait in the bench is bounded).

import type {ChildProcess} from 'node:child_process';

export const nextMessage = <T extends {readonly type: string}, K extends T['type']>(
  child: ChildProcess,
  type: K,
  timeoutMs: number,
  what: string,
): Promise<Extract<T, {type: K}>> =>
  new Promise((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what}: no "${type}" within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    const onMessage = (raw: unknown): void => {
      const message = raw as T;
      if (message.type === 'failed' && 'message' in message) {
        cleanup();
        reject(new Error(`${what}: ${String(message.message)}`));
        return;
      }
      if (message.type !== type) return;
      cleanup();
      resolve(message as Extract<T, {type: K}>);
    };
    const onExit = (code: number | null, sig: NodeJS.Signals | null): void => {
      cleanup();
      reject(
        new Error(`${what}: exited (code ${code ?? '-'}, signal ${sig ?? '-'}) before "${type}"`),
      );
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });

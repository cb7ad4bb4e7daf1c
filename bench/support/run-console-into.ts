// The console exactly as `openclaw-tui` with no flags starts it (flags parsed, options built from
// the environment), drawing into the given terminal streams. The console's modules are imported
// here, on the first call, so a caller can set NODE_ENV before React loads.

import os from 'node:os';
import type {FakeStdin, FakeStdout} from './fake-terminal.ts';

export const runConsoleInto = async (io: {
  readonly stdout: FakeStdout;
  readonly stderr: FakeStdout;
  readonly stdin: FakeStdin;
}): Promise<number> => {
  const {parseCli} = await import('../../source/cli-flags.ts');
  const {buildOptions} = await import('../../source/config/options.ts');
  const {runConsole} = await import('../../source/console/run-console.tsx');
  const parsed = parseCli([]);
  if (parsed.kind !== 'run') throw new Error(`unexpected cli parse: ${parsed.kind}`);
  const options = buildOptions({
    cli: parsed.cli,
    env: process.env,
    osHome: process.env.HOME ?? os.homedir(),
    cwd: process.cwd(),
    platform: process.platform,
  });
  return runConsole(options, {
    stdout: io.stdout as unknown as NodeJS.WriteStream,
    stderr: io.stderr as unknown as NodeJS.WriteStream,
    stdin: io.stdin as unknown as NodeJS.ReadStream,
    env: process.env,
    argv: process.argv,
  });
};

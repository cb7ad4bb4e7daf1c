// Where openclaw-tui keeps its own files (never inside OpenClaw's state directory): one
// directory, so an operator can find, back up or wipe everything the console wrote.
//
//   OPENCLAW_TUI_HOME            if set (a leading ~ is the home directory)
//   $XDG_CONFIG_HOME/openclaw-tui  else on Linux and other Unixes (default ~/.config/openclaw-tui)
//   ~/Library/Preferences/openclaw-tui  on macOS
//   %APPDATA%\openclaw-tui       on Windows
//
// These are the directories `conf` would choose for the project name, without its "-nodejs"
// suffix. The directory holds secrets (the device key and device tokens), so whoever creates it
// must use mode 0700 and write identity/token files 0600.

import path from 'node:path';
import type {Env} from './openclaw-config.ts';

export const APP_DIR_NAME = 'openclaw-tui';

export type DataDirSource = 'OPENCLAW_TUI_HOME' | 'XDG_CONFIG_HOME' | 'APPDATA' | 'default';

export type TuiPaths = {
  readonly dataDir: string;
  readonly dataDirSource: DataDirSource;
  /** Device keypair and the device tokens the gateways issued (owned by the data store). */
  readonly identityDir: string;
  /** Append-only record of every decision taken from the console. */
  readonly auditLog: string;
  /** stdout/stderr of a gateway started with --embed. */
  readonly embeddedGatewayLog: string;
  /** UI preferences (pane layout, filters). Never secrets. */
  readonly preferencesFile: string;
};

export type TuiPathsInput = {
  readonly env: Env;
  readonly platform: NodeJS.Platform;
  /** os.homedir(); HOME in env takes precedence. */
  readonly osHome: string;
  readonly cwd: string;
};

const nonEmpty = (value: string | undefined): string | undefined => value?.trim() || undefined;

const expandHome = (input: string, home: string, cwd: string): string =>
  path.resolve(cwd, /^~(?=$|[\\/])/.test(input) ? input.replace(/^~/, home) : input);

const defaultDataDir = (
  input: TuiPathsInput,
  home: string,
): {readonly dir: string; readonly source: DataDirSource} => {
  const {env, platform} = input;
  if (platform === 'win32') {
    const appData = nonEmpty(env.APPDATA);
    return appData
      ? {dir: path.join(appData, APP_DIR_NAME), source: 'APPDATA'}
      : {dir: path.join(home, 'AppData', 'Roaming', APP_DIR_NAME), source: 'default'};
  }
  if (platform === 'darwin') {
    return {dir: path.join(home, 'Library', 'Preferences', APP_DIR_NAME), source: 'default'};
  }
  const xdg = nonEmpty(env.XDG_CONFIG_HOME);
  // The XDG spec ignores relative paths in XDG_* variables.
  if (xdg && path.isAbsolute(xdg)) {
    return {dir: path.join(xdg, APP_DIR_NAME), source: 'XDG_CONFIG_HOME'};
  }
  return {dir: path.join(home, '.config', APP_DIR_NAME), source: 'default'};
};

export const resolveTuiPaths = (input: TuiPathsInput): TuiPaths => {
  const home = nonEmpty(input.env.HOME) ?? nonEmpty(input.env.USERPROFILE) ?? input.osHome;
  const override = nonEmpty(input.env.OPENCLAW_TUI_HOME);
  const {dir, source} = override
    ? {dir: expandHome(override, home, input.cwd), source: 'OPENCLAW_TUI_HOME' as const}
    : defaultDataDir(input, home);
  return {
    dataDir: dir,
    dataDirSource: source,
    identityDir: path.join(dir, 'identity'),
    auditLog: path.join(dir, 'audit.jsonl'),
    embeddedGatewayLog: path.join(dir, 'logs', 'embedded-gateway.log'),
    preferencesFile: path.join(dir, 'preferences.json'),
  };
};

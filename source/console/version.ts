// Imported, not read from disk at run time, so the bundled build (dist/) carries the same version.
import packageJson from '../../package.json' with {type: 'json'};

/** Our package version (sent as client.version in the handshake). */
export const packageVersion = (): string =>
  typeof packageJson.version === 'string' ? packageJson.version : '0.0.0';

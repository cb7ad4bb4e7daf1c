import fs from 'node:fs';

/** Our package version, read once (sent as client.version in the handshake). */
export const packageVersion = (): string => {
  try {
    const raw = fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null && 'version' in parsed) {
      const {version} = parsed as {version: unknown};
      if (typeof version === 'string') return version;
    }
  } catch {
    // fall through
  }
  return '0.0.0';
};

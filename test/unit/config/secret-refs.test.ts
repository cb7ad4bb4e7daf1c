import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
  classifySecretInput,
  coerceSecretRef,
  containsEnvReference,
  resolveSecretRef,
  substituteEnvVars,
} from '../../../source/config/secret-refs.ts';

test('coerceSecretRef accepts the shapes OpenClaw accepts and nothing else', () => {
  const table: readonly [unknown, unknown][] = [
    [
      {source: 'env', provider: 'default', id: 'TOK'},
      {source: 'env', provider: 'default', id: 'TOK'},
    ],
    [
      {source: 'env', id: 'TOK'},
      {source: 'env', provider: 'default', id: 'TOK'},
    ],
    [
      {source: 'file', provider: 'vault', id: '/gw/token'},
      {source: 'file', provider: 'vault', id: '/gw/token'},
    ],
    ['${TOK}', {source: 'env', provider: 'default', id: 'TOK'}],
    ['$TOK', {source: 'env', provider: 'default', id: 'TOK'}],
    [' ${TOK} ', {source: 'env', provider: 'default', id: 'TOK'}],
    ['${tok}', undefined],
    ['prefix-${TOK}', undefined],
    ['plain-token', undefined],
    [{source: 'env', provider: 'default', id: 'TOK', extra: 1}, undefined],
    [{source: 'vault', provider: 'default', id: 'TOK'}, undefined],
    [{source: 'env', provider: '', id: 'TOK'}, undefined],
    [42, undefined],
  ];
  for (const [input, expected] of table) {
    assert.deepEqual(coerceSecretRef(input), expected, JSON.stringify(input));
  }
  // secrets.defaults.env names the provider for shorthand and provider-less refs.
  assert.deepEqual(coerceSecretRef('$TOK', {defaults: {env: 'shell'}}), {
    source: 'env',
    provider: 'shell',
    id: 'TOK',
  });
});

test('classifySecretInput keeps literals (trimmed) and reports how a ref was written', () => {
  assert.deepEqual(classifySecretInput('  abc  '), {kind: 'literal', value: 'abc'});
  assert.deepEqual(classifySecretInput('   '), {kind: 'missing'});
  assert.deepEqual(classifySecretInput(undefined), {kind: 'missing'});
  assert.equal(classifySecretInput('$TOK').kind, 'ref');
  const written = classifySecretInput({source: 'env', provider: 'default', id: 'TOK'});
  assert.ok(written.kind === 'ref' && written.written === 'object');
});

test('resolveSecretRef: env only; unsupported sources and empty values say why', () => {
  const env = (name: string): string | undefined => ({TOK: ' value ', EMPTY: ''})[name];
  assert.deepEqual(resolveSecretRef({source: 'env', provider: 'default', id: 'TOK'}, env), {
    ok: true,
    value: 'value',
  });
  const empty = resolveSecretRef({source: 'env', provider: 'default', id: 'EMPTY'}, env);
  assert.ok(!empty.ok && empty.problem === 'missing');
  const file = resolveSecretRef({source: 'file', provider: 'f', id: '/x'}, env);
  assert.ok(!file.ok && file.problem === 'unsupported' && /cannot resolve/.test(file.reason));
  // A provider literally named "default" configured as a file provider does not shadow the
  // built-in env provider (OpenClaw's isBuiltInDefaultSecretProviderRef).
  const shadow = resolveSecretRef({source: 'env', provider: 'default', id: 'TOK'}, env, {
    providers: {default: {source: 'file'}},
  });
  assert.deepEqual(shadow, {ok: true, value: 'value'});
  const mismatch = resolveSecretRef({source: 'env', provider: 'vault', id: 'TOK'}, env, {
    providers: {vault: {source: 'exec'}},
  });
  assert.ok(!mismatch.ok && /has source "exec"/.test(mismatch.reason));
});

test('substituteEnvVars: ${VAR} replaced, $${VAR} escaped, missing kept and reported', () => {
  const env = (name: string): string | undefined => ({HOST: 'gw', PORT: '1'})[name];
  const missing: string[] = [];
  const whole: string[] = [];
  const out = substituteEnvVars(
    {a: 'ws://${HOST}:${PORT}', b: ['$${HOST}', '${NOPE}'], c: 5, d: '${HOST}', e: '${lower}'},
    env,
    {
      onMissing: (name, at) => missing.push(`${name}@${at}`),
      onWholeValue: (name, at) => whole.push(`${name}@${at}`),
    },
  );
  assert.deepEqual(out, {
    a: 'ws://gw:1',
    b: ['${HOST}', '${NOPE}'],
    c: 5,
    d: 'gw',
    e: '${lower}',
  });
  assert.deepEqual(missing, ['NOPE@b[1]']);
  assert.deepEqual(whole, ['HOST@d']);
  assert.equal(containsEnvReference('x${NOPE}y'), true);
  assert.equal(containsEnvReference('x$${NOPE}y'), false);
});

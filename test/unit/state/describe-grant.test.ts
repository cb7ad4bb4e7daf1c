// The one grant description: the confirmation's fields and the audit/twin sentence come from the
// same facts, so what the dialog shows is what the audit file records.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {ApprovalDecision} from '../../../source/protocol/types.ts';
import {describeGrant} from '../../../source/state/describe-grant.ts';
import type {InboxItem} from '../../../source/state/model.ts';
import {makeDeviceItem, makeDmItem, makeExecItem} from '../../views/helpers.tsx';

const pending = {receivedAt: 0, state: {phase: 'pending'}} as const;
const node: InboxItem = {
  ...pending,
  kind: 'node-pairing',
  id: 'n-1',
  request: {requestId: 'n-1', nodeId: 'node-7', displayName: 'pi', commands: ['camera.snap']},
};
const plugin: InboxItem = {
  ...pending,
  kind: 'plugin-approval',
  id: 'p-1',
  request: {kind: 'plugin', id: 'p-1', pluginId: 'mail', title: 'send mail'},
};
const exec = makeExecItem('e-1', 'npm test');
const device = makeDeviceItem('d-1', {isRepair: false, scopes: ['operator.read']});
const dm = makeDmItem('dm-1');

const cases: ReadonlyArray<
  readonly [InboxItem, ApprovalDecision, string, string /* a fact the dialog shows too */]
> = [
  [exec, 'allow-once', 'run `npm test` on gateway in /srv/app this one time', 'npm test'],
  [
    exec,
    'allow-always',
    'run `npm test` on gateway in /srv/app from now on (allow always)',
    '/srv/app',
  ],
  [exec, 'deny', 'deny running `npm test`', 'npm test'],
  [
    device,
    'allow-once',
    'pair device laptop console as operator with operator.read until revoked',
    'operator.read',
  ],
  [device, 'deny', 'reject device laptop console (request d-1)', 'laptop console'],
  [node, 'allow-once', 'pair node pi with commands camera.snap until removed', 'camera.snap'],
  [node, 'deny', 'reject node pi (request n-1)', 'node-7'],
  [plugin, 'allow-once', 'allow plugin mail send mail this one time', 'send mail'],
  [plugin, 'deny', 'deny plugin mail send mail', 'plugin mail'],
  [
    dm,
    'allow-once',
    'let Ada (123456) message the bot on telegram/default until removed from the allowlist',
    'Ada (123456)',
  ],
  [dm, 'deny', 'dismiss DM access request from Ada on telegram', 'Ada (123456)'],
];

for (const [item, decision, sentence, fact] of cases) {
  test(`${item.kind} ${decision}: one description for the dialog and the audit line`, () => {
    const grant = describeGrant(item, decision);
    assert.equal(grant.sentence, sentence);
    assert.equal(grant.action, decision);
    assert.deepEqual(grant.target, {label: 'request id', id: item.id});
    const shown = [grant.title, grant.body ?? '', ...grant.fields.map((f) => f.value ?? '')];
    assert.ok(
      shown.some((text) => text.includes(fact)),
      `the dialog shows ${fact}: ${shown.join(' | ')}`,
    );
  });
}

test('a plugin without an id is not described with a double space', () => {
  const {request} = plugin as Extract<InboxItem, {kind: 'plugin-approval'}>;
  const bare: InboxItem = {
    ...plugin,
    kind: 'plugin-approval',
    request: {...request, pluginId: undefined},
  };
  assert.equal(describeGrant(bare, 'deny').sentence, 'deny plugin send mail');
});

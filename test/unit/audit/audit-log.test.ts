import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {openAuditLog, type AuditEntry} from '../../../source/audit/audit-log.ts';

const entry = (id: string): AuditEntry => ({
  ts: '2026-11-25T13:00:00.000Z',
  gateway: 'ws://127.0.0.1:18789',
  kind: 'device-pairing',
  id,
  decision: 'approve',
  granted: 'operator.read to device harness-B',
  outcome: 'applied',
});

test('appends one line per decision, file mode 0600, and reads the latest back', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oct-audit-'));
  const log = openAuditLog(path.join(dir, 'data', 'audit.jsonl'));
  log.append(entry('a'));
  log.append(entry('b'));
  log.append(entry('c'));
  assert.deepEqual(
    log.readRecent(2).map((e) => e.id),
    ['b', 'c'],
  );
  assert.equal(fs.statSync(log.file).mode & 0o777, 0o600);
  assert.equal(fs.readFileSync(log.file, 'utf8').trim().split('\n').length, 3);
});

test('a torn line does not hide the rest of the history', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oct-audit-'));
  const log = openAuditLog(path.join(dir, 'audit.jsonl'));
  log.append(entry('a'));
  fs.appendFileSync(log.file, '{"id":"half');
  assert.deepEqual(
    log.readRecent(10).map((e) => e.id),
    ['a'],
  );
  log.append(entry('b'));
  assert.deepEqual(
    log.readRecent(10).map((e) => e.id),
    ['a', 'b'],
  );
});

test('a missing file reads as no history', () => {
  const log = openAuditLog(path.join(os.tmpdir(), 'oct-audit-missing', 'nope.jsonl'));
  assert.deepEqual(log.readRecent(5), []);
});

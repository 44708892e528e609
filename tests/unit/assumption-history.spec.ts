// The history of confirmed assumptions per target (docs/decisions/0070): what turns a contradicted
// assumption from pending into a failure on a later run against the same target.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import type { Violation } from '../../contracts/check/named-check.ts';
import { asFailure, fails, PENDING, STRICT } from '../../contracts/check/pending.ts';
import { confirmedOn, historyPath, readHistory, recordRun } from '../../contracts/ledger/assumption-history.ts';
import { test } from '../support/base-test.ts';

let dir = '';
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'history-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

const violation = (basis: Violation['basis'], ids: string[]): Violation => ({
  check: 'error-code',
  title: 'Error code not allowed for this status',
  message: 'Expected x. Got y.',
  assumptions: ids.map((id) => `${id}: reason`),
  assumptionIds: ids,
  basis,
});

test('a run adds what it confirmed per target; a later read finds it, and another target none of it', () => {
  const file = join(dir, 'assumption-history.json');
  recordRun(file, 'https://api.example/agents', { confirmed: ['a', 'b'], contradicted: [] }, new Date(0));
  recordRun(file, 'https://api.example/agents', { confirmed: ['b'], contradicted: ['a'] }, new Date(1_000));
  expect([...confirmedOn(file, 'https://api.example/agents')].sort()).toEqual(['a', 'b']);
  expect(confirmedOn(file, 'https://other.example/agents').size).toBe(0);
  const entry = readHistory(file).targets['https://api.example/agents'];
  expect(entry?.a).toEqual({
    firstConfirmed: '1970-01-01T00:00:00.000Z',
    lastConfirmed: '1970-01-01T00:00:00.000Z',
    lastContradicted: '1970-01-01T00:00:01.000Z',
  });
  expect(entry?.b?.lastConfirmed).toBe('1970-01-01T00:00:01.000Z');
  // Ids, target names and dates only.
  expect(readFileSync(file, 'utf8')).not.toMatch(/api-key|detail|content/);
});

test('a contradiction never confirmed before starts nothing in the history', () => {
  const file = join(dir, 'h.json');
  recordRun(file, 't', { confirmed: [], contradicted: ['a'] });
  expect(readHistory(file).targets.t).toEqual({});
});

test('ASSUMPTION_HISTORY moves the file or switches it off; a file that is not a history is read as none', () => {
  expect(historyPath({ REPORT_DIR: dir })).toBe(join(dir, 'assumption-history.json'));
  expect(historyPath({ ASSUMPTION_HISTORY: '/x/h.json' })).toBe('/x/h.json');
  expect(historyPath({ ASSUMPTION_HISTORY: 'off' })).toBeUndefined();
  recordRun(undefined, 't', { confirmed: ['a'], contradicted: [] });
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, 'not json');
  expect(readHistory(broken)).toEqual({ version: 1, targets: {} });
});

test('a documented violation fails; an assumed one is pending unless strict or confirmed before, and then says the API changed', () => {
  expect(fails(violation('documented', []), PENDING)).toBe(true);
  expect(fails(violation('assumed', ['a']), PENDING)).toBe(false);
  expect(fails(violation('assumed', ['a']), STRICT)).toBe(true);
  const confirmed = { strict: false, confirmed: new Set(['a']) };
  expect(fails(violation('assumed', ['a']), confirmed)).toBe(true);
  expect(fails(violation('assumed', ['b']), confirmed)).toBe(false);
  expect(asFailure(violation('assumed', ['a']), confirmed).message).toBe(
    'Expected x. Got y. (the API changed: an earlier run confirmed a against this target)',
  );
  expect(asFailure(violation('assumed', ['a']), STRICT).message).toBe('Expected x. Got y.');
});

// The ledger and its renderings, built from observations as the contract reporter reads them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { assumptionEvidence } from '../../contracts/check/assumption-evidence.ts';
import { checkResponse, type ResponseSnapshot } from '../../contracts/check/check-response.ts';
import { behaviourStatement } from '../../contracts/ledger/behaviour.ts';
import { buildLedger } from '../../contracts/ledger/build-ledger.ts';
import { ledgerHtml } from '../../contracts/ledger/ledger-html.ts';
import { ledgerMarkdown } from '../../contracts/ledger/ledger-markdown.ts';
import type { Observation } from '../../contracts/ledger/observations.ts';
import { writeLedger } from '../../contracts/ledger/write-ledger.ts';
import { test } from '../support/base-test.ts';
import { ANSWER as BASE } from './helpers/run-answer.ts';

const THREAD_NOT_FOUND = '#/components/schemas/ThreadNotFoundError/properties/error_code';
const TIMESTAMP = '#/components/schemas/AnswerTimestamp';
const SECRET = 'Geheime Kündigung von Frau Muster';
/** A conforming answer whose every text is content a live report must not show. */
const ANSWER = {
  ...BASE,
  content: SECRET,
  meta_data: { ...BASE.meta_data, intent: SECRET },
  sources: [{ content: SECRET, meta_data: { document_title: 'BGB', section: '§ 622' } }],
};

/** An observation as ApiClient records it (live: values redacted). */
function observe(
  operationId: ResponseSnapshot['operationId'],
  status: number,
  body: unknown,
  test = 'a test',
): Observation {
  const snapshot = { operationId, status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const violations = checkResponse(snapshot, { redactValues: true });
  const code = (body as { error_code?: string }).error_code;
  return {
    operationId,
    status,
    test,
    ...(status >= 400 && code ? { errorCode: code } : {}),
    ...(violations.length ? { violations } : {}),
    assumptions: assumptionEvidence(snapshot, violations),
    curl: `curl -sS -i -X POST 'https://api.example/v1/threads/x/run' -H "api-key: $API_KEY"`,
  };
}

const TARGET = { mode: 'live', baseURL: 'https://api.example' };

test('an assumption is confirmed by the responses that exercised it, with a count and a curl line to replay one', () => {
  const ledger = buildLedger(
    [
      observe('createRun', 404, { error_code: 'thread_not_found', detail: 'x' }, 'unknown thread'),
      observe('createRun', 404, { error_code: 'thread_not_found', detail: 'x' }),
    ],
    TARGET,
  );
  const entry = ledger.assumptions.find((e) => e.id === THREAD_NOT_FOUND);
  expect(entry).toMatchObject({
    verdict: 'confirmed',
    agreed: 2,
    contradictions: [],
    example: { operationId: 'createRun', status: 404, errorCode: 'thread_not_found', test: 'unknown thread' },
  });
  expect(entry?.example?.curl).toContain('$API_KEY');
});

test('an unrelated 200 confirms nothing about error statuses', () => {
  const ledger = buildLedger([observe('createRun', 200, ANSWER)], TARGET);
  expect(ledger.assumptions.find((e) => e.id === THREAD_NOT_FOUND)?.verdict).toBe('not exercised');
  expect(ledger.assumptions.find((e) => e.id === TIMESTAMP)?.verdict).toBe('confirmed');
});

test('one contradicting response outweighs agreeing ones, and the ledger lists its violations with curl lines', () => {
  const ledger = buildLedger(
    [
      observe('createRun', 404, { error_code: 'thread_not_found', detail: 'x' }),
      observe('createRun', 400, { error_code: 'thread_not_found', detail: 'x' }, 'unknown thread'),
    ],
    TARGET,
  );
  const entry = ledger.assumptions.find((e) => e.id === THREAD_NOT_FOUND);
  expect(entry?.verdict).toBe('contradicted');
  expect(entry?.agreed).toBe(1);
  expect(entry?.contradictions).toMatchObject([
    { check: 'error-code', operationId: 'createRun', status: 400, test: 'unknown thread', pointer: '/error_code' },
  ]);
  expect(entry?.contradictions[0]?.curl).toContain('$API_KEY');
  expect(ledger.assumptions.filter((e) => e.verdict === 'contradicted').map((e) => e.id)).toEqual([THREAD_NOT_FOUND]);
});

test('the summary counts every statement of the contract once', () => {
  const ledger = buildLedger(
    [observe('createRun', 200, ANSWER), observe('createRun', 200, { ...ANSWER, created_at: '2025-03-15T09:13:02Z' })],
    TARGET,
  );
  const { confirmed, contradicted, notExercised } = ledger.summary;
  expect(confirmed + contradicted + notExercised).toBe(ledger.assumptions.length);
  expect(new Set(ledger.assumptions.map((e) => e.id)).size).toBe(ledger.assumptions.length);
  expect(contradicted).toBe(1);
});

test('the grid shows documented outcomes seen and not seen, and outcomes seen that the contract does not document', () => {
  const ledger = buildLedger(
    [
      observe('createRun', 404, { error_code: 'thread_not_found', detail: 'x' }),
      observe('createRun', 400, { error_code: 'thread_not_found', detail: 'x' }),
      observe('createRunStream', 418, { error_code: 'teapot', detail: 'x' }),
    ],
    TARGET,
  );
  const cell = (status: number, code: string | undefined, op: 'createRun' | 'createRunStream') =>
    ledger.grid.rows.find((r) => r.status === status && r.errorCode === code)?.cells[op];
  expect(cell(404, 'thread_not_found', 'createRun')).toBe('documented, seen');
  expect(cell(404, 'thread_not_found', 'createRunStream')).toBe('documented, not seen');
  expect(cell(400, 'thread_not_found', 'createRun')).toBe('seen, not documented');
  expect(cell(418, 'teapot', 'createRunStream')).toBe('seen, not documented');
  expect(cell(418, 'teapot', 'createRun')).toBeUndefined();
  expect(cell(200, undefined, 'createRun')).toBe('documented, not seen');
});

test('the HTML page is static: a summary, a row per statement with its verdict, and the grid as coloured cells', () => {
  const ledger = buildLedger([observe('createRun', 400, { error_code: 'thread_not_found', detail: 'x' })], TARGET);
  const html = ledgerHtml(ledger);
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).not.toMatch(/<script|<link|\bsrc=|url\(/i);
  expect(html).toContain('<p class="summary">');
  expect(html.match(/ data-id="[^"]+" data-verdict="/g)).toHaveLength(ledger.assumptions.length);
  expect(html).toContain(`data-id="${THREAD_NOT_FOUND}" data-verdict="contradicted"`);
  expect(html).toMatch(
    /<tr data-status="400" data-error-code="thread_not_found"><td>400<\/td><td>thread_not_found<\/td><td class="undocumented"/,
  );
  expect(html).toMatch(
    /<tr data-status="404" data-error-code="thread_not_found"><td>404<\/td><td>thread_not_found<\/td><td class="not-seen"/,
  );
});

test('writes assumptions.json, .md and .html, none with live body content', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  try {
    const observations = [
      observe('createRun', 200, ANSWER),
      observe('createRun', 200, {
        ...ANSWER,
        created_at: SECRET,
        meta_data: { ...ANSWER.meta_data, legal_advice: SECRET },
      }),
    ];
    // No records of a run: REPORT_DIR's are those of the contract suite running beside this test.
    writeLedger(observations, TARGET, dir, { behaviour: [], served: undefined });
    const md = readFileSync(join(dir, 'assumptions.md'), 'utf8');
    // The mistyped created_at and legal_advice break the microseconds and the meta_data statements;
    // the sources keep theirs (confirmed).
    expect(md.split('\n')[2]).toMatch(
      /^\*\*1 confirmed \/ 2 contradicted \/ \d+ not exercised \(of \d+ assumptions, from 2 responses, live\)\*\*$/,
    );
    for (const file of ['assumptions.json', 'assumptions.md', 'assumptions.html']) {
      expect(readFileSync(join(dir, file), 'utf8'), file).not.toContain('Geheime');
    }
    expect(JSON.parse(readFileSync(join(dir, 'assumptions.json'), 'utf8')).summary.contradicted).toBe(2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the HTML page and the Markdown put what to act on first: contradicted, then not exercised, then confirmed', () => {
  const ledger = buildLedger(
    [observe('createRun', 200, ANSWER), observe('createRun', 400, { error_code: 'thread_not_found', detail: 'x' })],
    TARGET,
  );
  const verdicts = [...ledgerHtml(ledger).matchAll(/data-verdict="([a-z ]+)"/g)].map((m) => m[1]);
  expect(verdicts[0]).toBe('contradicted');
  expect(verdicts.indexOf('not exercised')).toBeGreaterThan(verdicts.lastIndexOf('contradicted'));
  expect(verdicts.indexOf('confirmed')).toBeGreaterThan(verdicts.lastIndexOf('not exercised'));
  const headings = ledgerMarkdown(ledger)
    .split('\n')
    .filter((line) => line.startsWith('## '));
  expect(headings.map((h) => h.replace(/ \(\d+\)$/, ''))).toEqual([
    '## Contradicted',
    '## Not exercised',
    '## Confirmed',
    '## Outcomes of the run endpoints',
  ]);
  // Compact: one table row per statement not exercised or confirmed, and a statement that applies
  // to many responses counts them instead of listing each.
  const md = ledgerMarkdown(ledger);
  const rows = md.split('\n').filter((line) => line.startsWith('| `'));
  expect(rows).toHaveLength(ledger.assumptions.filter((a) => a.verdict !== 'contradicted').length);
  expect(md).toMatch(/\| `#\/components\/headers\/RetryAfter` \| [^|]+ \| \d+ responses of \d+ operations \|/);
});

test('a behaviour statement is confirmed or contradicted by the test that checks it across calls', () => {
  const id = behaviourStatement('createRun');
  const record = {
    id,
    operationId: 'createRun',
    test: 'multi-turn',
    curl: 'curl ...',
    message: 'the newest message of the thread does not carry the id of the run',
  };
  const agreed = buildLedger([], TARGET, [{ ...record, agreed: true }]).assumptions.find((e) => e.id === id);
  expect(agreed).toMatchObject({ verdict: 'confirmed', agreed: 1, example: { test: 'multi-turn', status: 0 } });
  const broken = buildLedger([], TARGET, [
    { ...record, agreed: true },
    { ...record, agreed: false },
  ]);
  expect(broken.assumptions.find((e) => e.id === id)).toMatchObject({
    verdict: 'contradicted',
    contradictions: [{ check: 'behaviour', message: record.message }],
  });
  expect(ledgerMarkdown(broken)).toContain('(createRun (checked across calls), "multi-turn"): the newest message');
});

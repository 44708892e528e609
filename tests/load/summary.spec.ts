// handleSummary() on a summary object in k6's own shape (fixtures/k6-summary-rate-limit.json): the
// text, the JSON digest and the JUnit XML, written under REPORT_DIR, with no key in any of them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import { call, inPhase, loadScript } from './support/k6-harness.ts';

const SECRET = 'sk-live-never-print-me';
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'k6-summary-rate-limit.json'), 'utf8'),
) as Record<string, unknown>;

async function summarize(env: Record<string, string> = {}): Promise<Record<string, string>> {
  const script = await loadScript('rate-limit.ts', { API_KEY: SECRET, ...env });
  return inPhase('summary', () => call<Record<string, string>>(script, 'handleSummary', structuredClone(fixture)));
}

test.describe('handleSummary()', () => {
  test('writes the text summary to stdout and, with JSON and JUnit XML, under REPORT_DIR', async () => {
    const files = await summarize({ REPORT_DIR: 'out/k6/' });
    expect(Object.keys(files).sort()).toEqual([
      'out/k6/rate-limit-junit.xml',
      'out/k6/rate-limit-summary.json',
      'out/k6/rate-limit-summary.txt',
      'stdout',
    ]);
    expect(files.stdout).toBe(files['out/k6/rate-limit-summary.txt']);
  });

  test('the text summary gives the verdict, the failed thresholds with their values and the rate-limit figures', async () => {
    const text = (await summarize()).stdout ?? '';
    expect(text.split('\n')[0]).toBe(
      'agents-api-suite load: rate-limit against http://127.0.0.1:4010: FAILED (243.1 s)',
    );
    expect(text).toContain('  FAIL retry_after_present: rate==1  (rate=0.997)');
    expect(text).toContain('  ok   burst_answered: value<=15  (value=15)');
    expect(text).toContain('Checks: 1026 passed, 2 failed');
    expect(text).toContain('  FAIL createRun: 429 carries Retry-After: 1 of 312 failed');
    expect(text).toContain('  429 share of answer calls: 62.1%');
    expect(text).toContain('  Retry-After present: 99.7%, honoured: 100%');
    expect(text).toContain('  recovery after honouring Retry-After: 1 s');
    expect(text).toContain('  runs answered out of one burst: 15');
    expect(text).toContain('Error codes\n  rate_limit_gateway: 312\n');
    expect(text).toContain('  run time to first byte: avg=101.2ms med=99.5ms p(95)=140.4ms p(99)=270.2ms max=290.3ms');
    expect(text).toContain('Contract: 356 responses checked, 1 violations');
  });

  test('the JSON digest is machine-readable: verdict, thresholds, checks and counts per error_code', async () => {
    const digest = JSON.parse((await summarize())['reports/load/rate-limit-summary.json'] ?? '{}') as Record<
      string,
      unknown
    >;
    expect(digest).toMatchObject({
      script: 'rate-limit',
      target: 'http://127.0.0.1:4010',
      passed: false,
      durationMs: 243117.52,
    });
    expect(digest.errorCodes).toEqual({ rate_limit_gateway: 312, undocumented: 0 });
    expect(digest.thresholds).toContainEqual({
      metric: 'contract_violations',
      threshold: 'count==0',
      ok: false,
      observed: 'count=1',
    });
    expect(digest.checks).toContainEqual({
      name: 'createRun: 429 carries Retry-After',
      group: '',
      passes: 311,
      fails: 1,
    });
    expect(digest).not.toHaveProperty('setup_data');
  });

  test('the JUnit XML has a test case per threshold and per check, failures included', async () => {
    const xml = (await summarize())['reports/load/rate-limit-junit.xml'] ?? '';
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="k6 rate-limit" tests="17" failures="5" errors="0" time="243.118">',
      ),
    ).toBe(true);
    expect(xml).toContain('<testsuite name="k6.rate-limit.thresholds" tests="12" failures="3"');
    expect(xml).toContain('<testsuite name="k6.rate-limit.checks" tests="5" failures="2"');
    expect(xml).toContain(
      '<testcase classname="k6.rate-limit.thresholds" name="retry_after_present: rate==1" time="0">\n      <failure message="threshold rate==1 on retry_after_present failed (rate=0.997)" type="k6.rate-limit.thresholds"/>',
    );
    expect(xml).toContain('name="burst_answered: value&lt;=15"');
    expect((xml.match(/<testcase /g) ?? []).length).toBe(17);
    expect((xml.match(/<failure /g) ?? []).length).toBe(5);
  });

  test('no output carries the key', async () => {
    const files = await summarize();
    for (const content of Object.values(files)) expect(content).not.toContain(SECRET);
  });

  // The fixture follows what k6 writes (internal/cmd/tests/cmd_run_test.go, TestMachineReadableSummary,
  // k6 v1.5.0 to v2.2.0): snake_case keys, rates as matches/total, trends up to p90/p95, no thresholds.
  test('reads the machine-readable summary (--new-machine-readable-summary) as k6 writes it, and never calls it PASSED', async () => {
    const machine = JSON.parse(
      readFileSync(join(import.meta.dirname, 'fixtures', 'k6-summary-machine-readable.json'), 'utf8'),
    ) as unknown;
    const script = await loadScript('smoke.ts', { API_KEY: SECRET });
    const files = inPhase('summary', () => call<Record<string, string>>(script, 'handleSummary', machine));
    const lines = files.stdout?.split('\n') ?? [];
    expect(lines[0]).toBe('agents-api-suite load: smoke against http://127.0.0.1:4010: NOT JUDGED (6.3 s)');
    expect(lines[1]).toContain(
      "k6's machine-readable summary (schema 1.0.0, --new-machine-readable-summary) carries no thresholds and no verdict",
    );
    expect(files.stdout).toContain('Checks: 9 passed, 2 failed');
    expect(files.stdout).toContain('  FAIL createRun: status is expected: 1 of 3 failed');
    expect(files.stdout).toContain('Error codes\n  internal_service_error: 1\n');
    expect(files.stdout).toContain('  run time to first byte: avg=150.5ms med=150.5ms p(95)=177.9ms max=180.9ms');
    expect(files.stdout).toContain('Contract: 7 responses checked, 0 violations');
    const digest = JSON.parse(files['reports/load/smoke-summary.json'] ?? '{}') as Record<string, unknown>;
    expect(digest).toMatchObject({
      passed: null,
      verdict: 'not judged',
      durationMs: 6250,
      errorCodes: { internal_service_error: 1 },
      thresholds: [],
    });
    expect(digest.metrics).toMatchObject({
      http_req_failed: { type: 'rate', values: { rate: 0.14285714285714285, passes: 1, fails: 6 } },
      run_ttfb: { values: { 'p(90)': 174.8, 'p(95)': 177.9 } },
    });
    const xml = files['reports/load/smoke-junit.xml'] ?? '';
    expect(xml).toContain('<testsuite name="k6.smoke.thresholds" tests="1" failures="0" errors="0" skipped="1"');
    expect(xml).toContain(
      '<testcase classname="k6.smoke.thresholds" name="thresholds" time="0">\n      <skipped message="k6&apos;s machine-readable summary',
    );
    expect(xml).toContain('<testsuite name="k6.smoke.checks" tests="5" failures="2"');
  });

  test('reads the machine-readable summary when k6 hands it over as wrapped Go values that only JSON makes plain', async () => {
    const machine = JSON.parse(
      readFileSync(join(import.meta.dirname, 'fixtures', 'k6-summary-machine-readable.json'), 'utf8'),
    ) as Record<string, unknown>;
    // A Go SemVer reaches JS as an object; JSON.stringify turns it into the string k6's tests show.
    const wrapped = { ...machine, version: { toJSON: () => '1.0.0' } };
    const script = await loadScript('smoke.ts', {});
    const files = inPhase('summary', () => call<Record<string, string>>(script, 'handleSummary', wrapped));
    expect(files.stdout?.split('\n')[0]).toBe(
      'agents-api-suite load: smoke against http://127.0.0.1:4010: NOT JUDGED (6.3 s)',
    );
    expect(files.stdout).toContain('Checks: 9 passed, 2 failed');
  });

  test('refuses a machine-readable summary of a schema it does not know, saying what to do', async () => {
    const script = await loadScript('smoke.ts', {});
    const future = {
      version: '2.0.0',
      config: { duration: 1, execution: 'local' },
      metadata: {},
      results: { metrics: [] },
    };
    expect(() => inPhase('summary', () => call(script, 'handleSummary', future))).toThrow(
      "k6's machine-readable summary has schema version 2.0.0; this suite reads 1.x. Run without --new-machine-readable-summary",
    );
  });

  test('a classic summary without any threshold (k6 run --no-thresholds) is not judged either', async () => {
    const script = await loadScript('smoke.ts', {});
    const files = inPhase('summary', () =>
      call<Record<string, string>>(script, 'handleSummary', {
        metrics: { checks: { type: 'rate', contains: 'default', values: { rate: 1, passes: 3, fails: 0 } } },
      }),
    );
    expect(files.stdout).toContain(
      'smoke against http://127.0.0.1:4010: NOT JUDGED (0 s)\n  k6 evaluated no thresholds',
    );
    expect(JSON.parse(files['reports/load/smoke-summary.json'] ?? '{}')).toMatchObject({
      passed: null,
      verdict: 'not judged',
    });
  });

  test('a summary without root_group, state or checks (other k6 versions) still renders', async () => {
    const script = await loadScript('smoke.ts', {});
    const files = inPhase('summary', () =>
      call<Record<string, string>>(script, 'handleSummary', {
        metrics: {
          checks: {
            type: 'rate',
            contains: 'default',
            values: { rate: 1, passes: 3, fails: 0 },
            thresholds: { 'rate==1': { ok: true } },
          },
        },
      }),
    );
    expect(files.stdout).toContain('smoke against http://127.0.0.1:4010: PASSED (0 s)');
    expect(files['reports/load/smoke-junit.xml']).toContain('tests="1" failures="0"');
  });
});

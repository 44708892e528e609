// The drift report against the independent reference server: each break adds exactly the
// divergence it injects to the named scenarios, named at its step with the assumption behind it,
// and the generated sequences meet it too. `npm test` runs the named scenarios (drift
// --sequences 0); the 20 generated sequences of drift's default are a sweep, run by
// `npm run test:full` (@full).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { main } from '../../contracts/drift/cli.ts';
import type { DriftReport } from '../../contracts/drift/drift-report.ts';
import { GENERATED_DEFAULTS } from '../../contracts/drift/generated-sequences.ts';
import type { Divergence } from '../../contracts/drift/run-drift.ts';
import { test } from '../support/base-test.ts';
import { type BreakName, startReferenceServer } from './reference-server/index.ts';

test.describe.configure({ mode: 'serial' });

/** Drift against the server with these breaks; `sequences` as --sequences (undefined: drift's default). */
async function driftAgainst(breaks: BreakName[], sequences?: number): Promise<{ code: number; report: DriftReport }> {
  const server = await startReferenceServer({ breaks });
  const reports = mkdtempSync(join(tmpdir(), 'selftest-drift-'));
  try {
    const env = {
      API_KEY: server.apiKey,
      API_KEY_OTHER_TENANT: server.otherTenantApiKey,
      LIVE_MAX_RPS: '1000',
      LIVE_MAX_RPM: '100000',
      REPORT_DIR: reports,
    };
    const flags = sequences === undefined ? [] : ['--sequences', String(sequences)];
    // The report is what this test reads; the terminal lines would only be noise in a test run.
    const quiet = { out: () => undefined, err: () => undefined };
    const code = await main(['--base-url', server.url, ...flags], env, undefined, quiet);
    return { code, report: JSON.parse(readFileSync(join(reports, 'drift.json'), 'utf8')) as DriftReport };
  } finally {
    rmSync(reports, { recursive: true, force: true });
    await server.close();
  }
}

/** A divergence as the comparison below reads it. */
const key = (d: Divergence) =>
  JSON.stringify({
    at: `${d.scenario} #${d.step}`,
    differences: d.differences,
    assumptions: d.assumptions.map((a) => a.id),
  });

const THREAD_NOT_FOUND = '#/components/schemas/ThreadNotFoundError/properties/error_code';
const UNPROCESSABLE = '#/components/schemas/RunUnprocessableError/properties/error_code';

/** Per break: the divergences it must add to those of the correct server, exactly. */
const injected: Array<[BreakName, Array<{ at: string; differences: unknown[]; assumptions: string[] }>]> = [
  [
    'unknown-thread-wrong-status',
    [
      {
        at: 'a run on an unknown thread #1',
        differences: [{ aspect: 'status', target: '400', mock: '404' }],
        assumptions: [THREAD_NOT_FOUND],
      },
    ],
  ],
  // The mock's 404 thread_not_found puts "404 for thread_not_found" in play: it is a suspect.
  [
    'unknown-thread-wrong-code',
    [
      {
        at: 'a run on an unknown thread #1',
        differences: [{ aspect: 'error_code', target: 'not_found', mock: 'thread_not_found' }],
        // Another code at 404 also puts in play that each status's list of codes is closed.
        assumptions: ['error-code-sets', THREAD_NOT_FOUND],
      },
    ],
  ],
  [
    'run-wrong-content-type',
    [
      {
        at: 'an answered run, then a second run on the answered thread #3',
        differences: [{ aspect: 'content-type', target: 'text/plain', mock: 'application/json' }],
        assumptions: [],
      },
    ],
  ],
  [
    'streaming-not-enforced',
    [
      {
        at: 'a streamed run of a non-streaming assistant #3',
        differences: [
          { aspect: 'status', target: '200', mock: '422' },
          { aspect: 'error_code', mock: 'engine_does_not_support_streaming' },
          { aspect: 'content-type', target: 'application/x-ndjson', mock: 'application/json' },
          { aspect: 'shape', at: '/created_at', target: 'string' },
          { aspect: 'shape', at: '/delta', target: 'object' },
          { aspect: 'shape', at: '/detail', mock: 'string' },
          { aspect: 'shape', at: '/error_code', mock: 'string' },
          { aspect: 'shape', at: '/message_id', target: 'string' },
          { aspect: 'shape', at: '/thread_id', target: 'string' },
        ],
        assumptions: ['#/components/schemas/RunStreamChunk/properties/delta', 'error-code-sets', UNPROCESSABLE],
      },
    ],
  ],
];

test.describe('drift, the named scenarios', () => {
  let baseline: Set<string>;

  test("against the correct reference server, drift runs every named scenario and reports only the servers' own differences", async () => {
    const { code, report } = await driftAgainst([], 0);
    expect(report.scenarios.filter((s) => s.skipped)).toEqual([]);
    expect(report.scenarios.filter((s) => s.source === 'generated')).toEqual([]);
    expect(report.scenarios.length).toBeGreaterThan(0);
    // The named scenarios differ only where the docs leave the shape open (null or absent
    // optional fields of a message): never in a status or a code.
    expect(report.divergences.filter((d) => d.differences.some((x) => x.aspect !== 'shape'))).toEqual([]);
    expect(code).toBe(report.divergences.length === 0 ? 0 : 1);
    baseline = new Set(report.divergences.map(key));
  });

  for (const [name, want] of injected) {
    test(`names exactly the difference ${name} injects, with the assumptions behind it`, async () => {
      const { code, report } = await driftAgainst([name], 0);
      expect(code).toBe(1);
      const added = report.divergences.filter((d) => !baseline.has(key(d)));
      expect(added.map((d) => JSON.parse(key(d)) as unknown)).toEqual(want);
    });
  }
});

test.describe('drift, with its generated sequences', { tag: '@full' }, () => {
  let baseline: Set<string>;

  test(`against the correct reference server, drift runs every named scenario and ${GENERATED_DEFAULTS.count} generated sequences and reports only the servers' own differences`, async () => {
    const { code, report } = await driftAgainst([]);
    expect(report.scenarios.filter((s) => s.skipped)).toEqual([]);
    expect(report.scenarios.filter((s) => s.source === 'generated')).toHaveLength(GENERATED_DEFAULTS.count);
    // The two implementations differ where the docs leave the choice open: null or absent optional
    // fields of a message (shapes), and, in generated steps, which of the answers the docs allow
    // they give (a body under another content type: the mock refuses it, the reference server
    // reads it). A status or code difference is only ever of the second kind.
    const statusOrCode = report.divergences.filter((d) => d.differences.some((x) => x.aspect !== 'shape'));
    expect(statusOrCode.filter((d) => d.bothAllowed === undefined)).toEqual([]);
    expect(statusOrCode.every((d) => d.source === 'generated')).toBe(true);
    expect(code).toBe(report.divergences.length === 0 ? 0 : 1);
    baseline = new Set(report.divergences.map(key));
  });

  for (const [name, want] of injected) {
    test(`names exactly the difference ${name} injects, with the assumptions behind it, also in the generated sequences`, async () => {
      const { code, report } = await driftAgainst([name]);
      expect(code).toBe(1);
      const added = report.divergences.filter((d) => !baseline.has(key(d)));
      expect(added.filter((d) => d.source === 'named').map((d) => JSON.parse(key(d)) as unknown)).toEqual(want);
      // The generated sequences meet the break too (with knock-on differences later in a sequence):
      // at least once exactly as the named scenario does, and not as an answer the docs allow.
      const generated = added
        .filter((d) => d.source === 'generated' && d.bothAllowed === undefined)
        .map((d) => d.differences);
      expect(generated).toContainEqual(want[0]?.differences);
    });
  }
});

// One checker for both suites: the same non-conforming response, served on loopback, goes through
// the k6 path (load/lib/classify.ts, transformed as k6 loads it) and through the Playwright path
// (ApiClient, whose violations feed contract-report.json). Each broken promise must come out with
// the same check id, title, pointer, message and assumptions on both sides.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from '@playwright/test';
import { ApiClient, ContractViolationError } from '../../contracts/client/api-client.ts';
import { targetFromEnv } from '../../contracts/client/target.ts';
import { test } from '../support/base-test.ts';
import { useScratchReportDir } from '../support/scratch-report-dir.ts';
import { loadScript } from './support/k6-harness.ts';
import { runAnswer } from './support/run-answer.ts';

// What the client records stays out of the report of the run this test is part of.
useScratchReportDir(test, 'one-checker');

const THREAD = '1a2b3c4d-5678-4abc-8ef0-112233445566';
const JSON_TYPE = { 'content-type': 'application/json' };
const RUN = runAnswer(THREAD, { meta_data: { intent: 'question', legal_advice: 'no', type: 'lease' } });

type Served = [status: number, headers: Record<string, string>, body: string];
type Found = { check: string; title: string; pointer?: string; message: string; assumptions: string[] };

const broken: Array<[string, { given: Served; want: Array<Pick<Found, 'check' | 'pointer'>> }]> = [
  [
    'a run answer whose meta_data.legal_advice is not a boolean',
    {
      given: [200, JSON_TYPE, JSON.stringify(RUN)],
      want: [{ check: 'body-schema', pointer: '/meta_data/legal_advice' }],
    },
  ],
  [
    'a 429 without Retry-After',
    {
      given: [429, JSON_TYPE, JSON.stringify({ error_code: 'rate_limit_gateway', detail: 'slow down' })],
      want: [{ check: 'required-header', pointer: 'header:Retry-After' }],
    },
  ],
  [
    'an undocumented status',
    {
      given: [418, JSON_TYPE, JSON.stringify({ error_code: 'teapot', detail: 'no' })],
      want: [{ check: 'undocumented-status' }],
    },
  ],
];

for (const [name, { given, want }] of broken) {
  test(`${name}: k6 and Playwright name the same broken promise the same way`, async ({}, testInfo) => {
    const [status, headers, body] = given;
    const server = createServer((_req, res) => void res.writeHead(status, headers).end(body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Held to every statement (CONTRACT_STRICT=1): two of the three breaks contradict only an
    // assumption, which a live run would report as pending instead of throwing (decision 0070).
    const target = targetFromEnv({ BASE_URL: baseUrl, API_KEY: 'one-checker-key', CONTRACT_STRICT: '1' });
    try {
      // Playwright: the ApiClient checks every response and throws the violations it found.
      const client = new ApiClient(target, testInfo);
      const error = await client.call('createRun', { path: { thread_id: THREAD }, body: {} }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContractViolationError);
      const playwright = (error as ContractViolationError).violations as Found[];

      // k6: the classifier the scripts use, on the same response (a live target: values redacted, as ApiClient does).
      const { exports } = await loadScript('lib/classify.ts', {});
      const classify = exports.classify as (
        op: string,
        res: unknown,
        options: unknown,
      ) => { violations: Found[] | null };
      const k6 = classify(
        'createRun',
        { status, headers, body },
        { validate: true, strict: false, redactValues: true, nowMs: Date.now() },
      ).violations;

      expect(playwright.map(({ check, pointer }) => ({ check, pointer }))).toEqual(want);
      expect(k6).toEqual(playwright);
      expect(playwright.every((found) => found.title.length > 0)).toBe(true);
    } finally {
      server.close();
    }
  });
}

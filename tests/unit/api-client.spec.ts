import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from '@playwright/test';
import { ApiClient, ContractViolationError } from '../../contracts/client/api-client.ts';
import { targetFromEnv } from '../../contracts/client/target.ts';
import { historyPath, recordRun } from '../../contracts/ledger/assumption-history.ts';
import { targetName } from '../../contracts/lib/target-name.ts';
import { type Behaviour, startHostileApi } from '../selftest/hostile-api.ts';
import { test } from '../support/base-test.ts';
import { useScratchReportDir } from '../support/scratch-report-dir.ts';

// What the client records stays out of the report of the run this test is part of.
useScratchReportDir(test, 'api-client');

const THREAD = '1a2b3c4d-5678-4abc-8ef0-112233445566';
const KEY = 'live-key-for-unit-test';
const RATE_LIMITED = JSON.stringify({ error_code: 'rate_limit_gateway', detail: 'Rate limit exceeded' });
const NOT_FOUND = JSON.stringify({ error_code: 'thread_not_found', detail: 'Thread not found' });
/** The statement "404 for thread_not_found", read from the order the pages list errors in. */
const THREAD_NOT_FOUND_STATUS = '#/components/schemas/ThreadNotFoundError/properties/error_code';

/** A loopback API that answers from a script of [status, headers, body] and records what it got. */
async function scriptedApi(
  script: Array<[number, Record<string, string>, string]>,
): Promise<{ url: string; seen: IncomingMessage[]; server: Server }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    const [status, headers, body] = script[Math.min(seen.length - 1, script.length - 1)] ?? [500, {}, ''];
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/agents`, seen, server };
}

test.describe('ApiClient against a live target', () => {
  test('sends the key on the wire only, honours Retry-After on a 429 and retries', async ({}, testInfo) => {
    const api = await scriptedApi([
      [429, { 'retry-after': '2' }, RATE_LIMITED],
      [404, {}, NOT_FOUND],
    ]);
    const target = targetFromEnv({ BASE_URL: api.url, API_KEY: KEY });
    const slept: number[] = [];
    const clock = { now: () => Date.now(), sleep: async (ms: number) => void slept.push(ms) };
    try {
      const client = new ApiClient(target, testInfo, clock);
      const res = await client.call('getThread', { path: { thread_id: THREAD } });
      expect(res.status).toBe(404);
      expect(slept).toEqual([2_000]);
      expect(api.seen.map((r) => r.url)).toEqual([`/agents/v1/threads/${THREAD}`, `/agents/v1/threads/${THREAD}`]);
      expect(api.seen.map((r) => r.headers['api-key'])).toEqual([KEY, KEY]);
      expect(api.seen.some((r) => Object.keys(r.headers).some((h) => h.startsWith('x-agents-api-suite')))).toBe(false);
    } finally {
      api.server.close();
    }
  });

  test('throws a named violation, with a curl line that names no key, when a response breaks a documented promise', async ({}, testInfo) => {
    // The Error Handling guide: error_code is a string.
    const api = await scriptedApi([[404, {}, JSON.stringify({ error_code: 404, detail: 'x' })]]);
    const target = targetFromEnv({ BASE_URL: api.url, API_KEY: KEY });
    try {
      const client = new ApiClient(target, testInfo);
      const error = await client.call('getThread', { path: { thread_id: THREAD } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContractViolationError);
      const message = (error as Error).message;
      expect(message).toContain('Response violates schema at /error_code');
      expect(message).toContain(`curl -sS -i -X GET '${api.url}/v1/threads/${THREAD}' -H "api-key: $API_KEY"`);
      expect(message).not.toContain(KEY);
    } finally {
      api.server.close();
    }
  });

  test('holds a contradicted assumption pending on first contact: the call answers, and the contradiction is attached', async ({}, testInfo) => {
    // 400 for thread_not_found: the pages give the code, not its status (404 is our reading).
    const api = await scriptedApi([[400, {}, NOT_FOUND]]);
    try {
      const client = new ApiClient(targetFromEnv({ BASE_URL: api.url, API_KEY: KEY }), testInfo);
      const res = await client.call('getThread', { path: { thread_id: THREAD } });
      expect(res.status).toBe(400);
      const attached = testInfo.attachments.find((a) => a.name === 'assumptions contradicted');
      expect(JSON.parse(String(attached?.body)).violations).toMatchObject([
        { check: 'error-code', basis: 'assumed', assumptionIds: [THREAD_NOT_FOUND_STATUS] },
      ]);
    } finally {
      api.server.close();
    }
  });

  test('fails on a contradicted assumption with CONTRACT_STRICT=1, and when an earlier run confirmed it on this target', async ({}, testInfo) => {
    const strictApi = await scriptedApi([[400, {}, NOT_FOUND]]);
    const changedApi = await scriptedApi([[400, {}, NOT_FOUND]]);
    try {
      const strict = new ApiClient(
        targetFromEnv({ BASE_URL: strictApi.url, API_KEY: KEY, CONTRACT_STRICT: '1' }),
        testInfo,
      );
      await expect(strict.call('getThread', { path: { thread_id: THREAD } })).rejects.toThrow(ContractViolationError);
      const target = targetFromEnv({ BASE_URL: changedApi.url, API_KEY: KEY });
      recordRun(historyPath(process.env), targetName(target), {
        confirmed: [THREAD_NOT_FOUND_STATUS],
        contradicted: [],
      });
      const changed = new ApiClient(target, testInfo);
      await expect(changed.call('getThread', { path: { thread_id: THREAD } })).rejects.toThrow(
        /the API changed: an earlier run confirmed #\/components\/schemas\/ThreadNotFoundError/,
      );
    } finally {
      strictApi.server.close();
      changedApi.server.close();
    }
  });

  test('says the API gave no response instead of crashing when nothing listens', async ({}, testInfo) => {
    const target = targetFromEnv({ BASE_URL: 'http://127.0.0.1:9/agents', API_KEY: KEY });
    const client = new ApiClient(target, testInfo);
    await expect(client.call('listAssistants')).rejects.toThrow(
      /GET http:\/\/127\.0\.0\.1:9\/agents\/v1\/assistants got no response: connect ECONNREFUSED/,
    );
  });
});

test.describe('the bytes on the wire (issue 7, point 7)', () => {
  /** A loopback API that records the exact body bytes of each request. */
  async function recordingApi(): Promise<{ url: string; bodies: Buffer[]; server: Server }> {
    const bodies: Buffer[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks));
        res.writeHead(404, { 'content-type': 'application/json' }).end(NOT_FOUND);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/agents`, bodies, server };
  }

  test('sends a raw body that is not JSON as exactly those bytes, astral characters included', async ({}, testInfo) => {
    const api = await recordingApi();
    const target = targetFromEnv({ BASE_URL: api.url, API_KEY: KEY });
    try {
      const client = new ApiClient(target, testInfo);
      for (const raw of ['{"meta_data": {', 'not json at all 😀', '']) {
        await client.call('createRun', { path: { thread_id: THREAD }, rawBody: raw });
      }
      expect(api.bodies.map((b) => b.toString('utf8'))).toEqual(['{"meta_data": {', 'not json at all 😀', '']);
    } finally {
      api.server.close();
    }
  });
});

test.describe('ApiClient against a broken API (issue 23)', () => {
  const limits = { LIVE_REQUEST_TIMEOUT_MS: '400', LIVE_BODY_TIMEOUT_MS: '800', MAX_RESPONSE_BYTES: '65536' };
  const table: Array<[string, { behaviour: Behaviour; says: RegExp; violations?: string[] }]> = [
    [
      'an answer past its cap is the named check "Response too large", with the rest dropped',
      {
        behaviour: 'endless-json',
        says: /Response too large: Expected a body of at most 65536 bytes .*Raise MAX_RESPONSE_BYTES/,
        violations: ['response-too-large'],
      },
    ],
    [
      'a redirect is an answer (an undocumented status), and the key stays on its origin',
      { behaviour: 'redirect', says: /answered 307, breaking the contract/, violations: ['undocumented-status'] },
    ],
    [
      'a drip fails at the body deadline, naming the request and what was slow',
      {
        behaviour: 'drip',
        says: /^GET http:\S+\/v1\/threads\/\S+ answered 200, but its body did not end within 800 ms \(LIVE_BODY_TIMEOUT_MS\); \d+ bytes had arrived\nReproduce: curl /,
      },
    ],
    [
      'a Retry-After of a day is reported, not slept through',
      { behaviour: 'retry-after-day', says: /answered 429: the API asked to wait 86400 s \(Retry-After: 86400\)/ },
    ],
  ];
  for (const [name, { behaviour, says, violations }] of table) {
    test(name, async ({}, testInfo) => {
      const api = await startHostileApi({ getThread: behaviour });
      try {
        const client = new ApiClient(targetFromEnv({ BASE_URL: api.url, API_KEY: KEY, ...limits }), testInfo);
        const error = await client.call('getThread', { path: { thread_id: THREAD } }).catch((e: unknown) => e);
        expect((error as Error).message).toMatch(says);
        expect((error as Error).message).not.toContain(KEY);
        if (violations) expect((error as ContractViolationError).violations.map((v) => v.check)).toEqual(violations);
        expect([api.requestsAtOtherOrigin(), api.keysAtOtherOrigin]).toEqual([0, []]);
      } finally {
        await api.close();
      }
    });
  }
});

import { expect } from '@playwright/test';
import { curlLine } from '../../contracts/client/curl-line.ts';
import { targetFromEnv, withKeys, withoutKeys } from '../../contracts/client/target.ts';
import { test } from '../support/base-test.ts';

const table: Array<[string, { given: NodeJS.ProcessEnv; want: RegExp | Record<string, unknown> }]> = [
  [
    'defaults to the embedded mock on 4010',
    { given: {}, want: { live: false, baseURL: 'http://127.0.0.1:4010', faults: true } },
  ],
  ['follows MOCK_PORT', { given: { MOCK_PORT: '4999' }, want: { baseURL: 'http://127.0.0.1:4999' } }],
  [
    'goes live with BASE_URL and API_KEY, keeping the base path',
    {
      given: { BASE_URL: 'https://api.haufe.ai/agents/', API_KEY: 'k' },
      want: { live: true, baseURL: 'https://api.haufe.ai/agents', faults: false, pacing: { maxRps: 12, maxRpm: 48 } },
    },
  ],
  [
    'takes pacing from LIVE_MAX_RPS and LIVE_MAX_RPM',
    {
      given: { BASE_URL: 'http://127.0.0.1:1', API_KEY: 'k', LIVE_MAX_RPS: '2', LIVE_MAX_RPM: '30' },
      want: { pacing: { maxRps: 2, maxRpm: 30 } },
    },
  ],
  [
    'refuses BASE_URL without API_KEY, saying what to do',
    { given: { BASE_URL: 'https://x.test' }, want: /API_KEY is not.*Export API_KEY/ },
  ],
  [
    'refuses a BASE_URL that is not a URL',
    { given: { BASE_URL: 'api.haufe.ai', API_KEY: 'k' }, want: /Expected BASE_URL to be an absolute URL/ },
  ],
  [
    'refuses a pacing that is not a whole number',
    {
      given: { BASE_URL: 'http://x.test', API_KEY: 'k', LIVE_MAX_RPS: 'fast' },
      want: /Expected LIVE_MAX_RPS to be a whole number, 1 or more. Got "fast"/,
    },
  ],
  [
    'refuses a fractional pacing, which would round up',
    {
      given: { BASE_URL: 'http://x.test', API_KEY: 'k', LIVE_MAX_RPM: '2.5' },
      want: /Expected LIVE_MAX_RPM to be a whole number/,
    },
  ],
  [
    'refuses a key with a line ending, without printing it',
    {
      given: { BASE_URL: 'http://x.test', API_KEY: 'secret-key\r' },
      want: /^(?!.*secret-key).*Expected API_KEY to be printable characters/,
    },
  ],
  [
    'gives live tests and requests longer timeouts',
    {
      given: { BASE_URL: 'http://x.test', API_KEY: 'k' },
      want: { testTimeoutMs: 180_000, limits: { headersTimeoutMs: 60_000, bodyTimeoutMs: 120_000 } },
    },
  ],
  [
    'reads the deadlines and caps of every request, with defaults that fit the documented answers',
    {
      given: { LIVE_REQUEST_TIMEOUT_MS: '2000', LIVE_BODY_TIMEOUT_MS: '3000', MAX_NDJSON_LINE_BYTES: '4096' },
      want: {
        limits: {
          headersTimeoutMs: 2_000,
          bodyTimeoutMs: 3_000,
          maxBodyBytes: 16 * 1024 * 1024,
          maxLineBytes: 4_096,
          maxStreamBytes: 16 * 1024 * 1024,
        },
      },
    },
  ],
  [
    'lets a body deadline set alone bring the headers deadline down with it',
    { given: { LIVE_BODY_TIMEOUT_MS: '2500' }, want: { limits: { headersTimeoutMs: 2_500, bodyTimeoutMs: 2_500 } } },
  ],
  [
    'lets a headers deadline set alone bring the body deadline up with it',
    {
      given: { BASE_URL: 'http://x.test', API_KEY: 'k', LIVE_REQUEST_TIMEOUT_MS: '200000' },
      want: { limits: { headersTimeoutMs: 200_000, bodyTimeoutMs: 200_000 } },
    },
  ],
  [
    'refuses a body deadline shorter than the headers deadline, both set',
    {
      given: { LIVE_REQUEST_TIMEOUT_MS: '5000', LIVE_BODY_TIMEOUT_MS: '4000' },
      want: /Expected LIVE_BODY_TIMEOUT_MS \(4000\).*at least LIVE_REQUEST_TIMEOUT_MS \(5000\)/,
    },
  ],
  [
    'refuses a cap that is not a whole number, naming the setting',
    {
      given: { MAX_RESPONSE_BYTES: '1e3x' },
      want: /Expected MAX_RESPONSE_BYTES to be a whole number, 1 or more\. Got "1e3x"/,
    },
  ],
];

test.describe('targetFromEnv', () => {
  for (const [name, { given, want }] of table) {
    test(name, () => {
      if (want instanceof RegExp) expect(() => targetFromEnv(given)).toThrow(want);
      else expect(targetFromEnv(given)).toMatchObject(want);
    });
  }
});

test('a curl line names the key by its variable and never carries its value', () => {
  const line = curlLine(
    'POST',
    'http://127.0.0.1:4010/v1/threads/x/run',
    'API_KEY',
    { 'api-key': 'sk-secret-value', 'content-type': 'application/json' },
    '{}',
  );
  expect(line).toContain('"api-key: $API_KEY"');
  expect(line).not.toContain('sk-secret-value');
  expect(line).toContain("--data-binary '{}'");
});

test('the settings handed to Playwright hold no key; a worker adds them back from its environment', () => {
  const env = {
    BASE_URL: 'https://api.haufe.ai/agents',
    API_KEY: 'main-key-value',
    API_KEY_OTHER_TENANT: 'other-key-value',
  };
  const settings = withoutKeys(targetFromEnv(env));
  expect(JSON.stringify(settings)).not.toMatch(/main-key-value|other-key-value/);
  expect(withKeys(settings, env)).toEqual(targetFromEnv(env));
  expect(() => withKeys(settings, { BASE_URL: 'http://127.0.0.1:9', API_KEY: 'k' })).toThrow(
    /worker's BASE_URL \(http:\/\/127.0.0.1:9\) differs from the run's/,
  );
});

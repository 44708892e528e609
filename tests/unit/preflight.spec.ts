// The preflight tells the usual set-up mistakes apart with one call, against loopback servers.
import { spawn } from 'node:child_process';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import { runSettings } from '../../contracts/cli/run-settings.ts';
import { preflight } from '../../contracts/client/preflight.ts';
import { TargetConfigError, targetFromEnv } from '../../contracts/client/target.ts';
import { freePort } from '../../contracts/lib/free-port.ts';
import { type Behaviour, startHostileApi } from '../selftest/hostile-api.ts';
import { test } from '../support/base-test.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ASSISTANT = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  name: 'a',
  streaming: true,
  meta_data_response_schema: {},
  request_required_fields: {},
};

async function serve(listener: RequestListener): Promise<{ url: string; server: Server }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function json(status: number, body: unknown): RequestListener {
  return (_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const liveTarget = (baseURL: string, env: NodeJS.ProcessEnv = {}) =>
  targetFromEnv({ BASE_URL: baseURL, API_KEY: 'preflight-test-key', LIVE_REQUEST_TIMEOUT_MS: '5000', ...env });

const cases: Array<
  [string, { listener?: RequestListener; path?: string; env?: NodeJS.ProcessEnv; problem: string; says: RegExp }]
> = [
  [
    'an unreachable host (nothing listens on the port)',
    { problem: 'unreachable', says: /Could not reach .*ECONNREFUSED.*Check BASE_URL/ },
  ],
  [
    'a refused key (401)',
    {
      listener: json(401, { error_code: 'unauthorized', detail: 'Invalid or missing API key' }),
      problem: 'refused-key',
      says: /refused the key: GET .*\/v1\/assistants answered 401\. Check that API_KEY/,
    },
  ],
  [
    'a tenant with no assistant',
    { listener: json(200, []), problem: 'no-assistant', says: /tenant has no assistant.*empty list/ },
  ],
  [
    'an ASSISTANT_ID the tenant does not have',
    {
      listener: json(200, [ASSISTANT]),
      env: { ASSISTANT_ID: 'f0f0f0f0-0000-4000-8000-000000000000' },
      problem: 'no-assistant',
      says: /ASSISTANT_ID f0f0f0f0-.* is not among the 1 assistants/,
    },
  ],
  [
    'a wrong base path (404)',
    {
      listener: json(404, { detail: 'Not Found' }),
      problem: 'wrong-base-path',
      says: /does not look like the agents API: GET .*\/v1\/assistants answered 404\. BASE_URL must be the root/,
    },
  ],
  [
    'a wrong base path (an HTML page)',
    {
      listener: (_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>'),
      problem: 'wrong-base-path',
      says: /answered 200 without the JSON list of assistants \(text\/html\)/,
    },
  ],
  [
    'a server error',
    {
      listener: json(503, { error_code: 'internal_service_error', detail: 'x' }),
      problem: 'unexpected-answer',
      says: /answered 503 internal_service_error; expected a success \(2xx\)/,
    },
  ],
];

for (const [name, { listener, env, problem, says }] of cases) {
  test(`preflight names ${name}`, async () => {
    const served = listener ? await serve(listener) : undefined;
    try {
      const base = served?.url ?? `http://127.0.0.1:${freePort()}`;
      const result = await preflight(liveTarget(base, env));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problem).toBe(problem);
      expect(result.message).toMatch(says);
      expect(result.message).not.toContain('preflight-test-key');
    } finally {
      served?.server.close();
    }
  });
}

test('preflight passes a tenant with an assistant and sends the key as api-key', async () => {
  let key: string | undefined;
  const { url, server } = await serve((req, res) => {
    key = req.headers['api-key'] as string | undefined;
    json(200, [ASSISTANT])(req, res);
  });
  try {
    const result = await preflight(liveTarget(url));
    expect(result).toEqual({ ok: true, assistants: [ASSISTANT] });
    expect(key).toBe('preflight-test-key');
  } finally {
    server.close();
  }
});

test('preflight passes the list under any 2xx: the pages print no statuses', async () => {
  const { url, server } = await serve(json(203, [ASSISTANT]));
  try {
    expect(await preflight(liveTarget(url))).toEqual({ ok: true, assistants: [ASSISTANT] });
  } finally {
    server.close();
  }
});

test('preflight waits out a 429 for its Retry-After', async () => {
  let calls = 0;
  const { url, server } = await serve((req, res) =>
    ++calls === 1
      ? res.writeHead(429, { 'retry-after': '2', 'content-type': 'application/json' }).end('{}')
      : json(200, [ASSISTANT])(req, res),
  );
  const slept: number[] = [];
  try {
    const result = await preflight(liveTarget(url), { now: () => 0, sleep: async (ms) => void slept.push(ms) });
    expect(result.ok).toBe(true);
    expect(slept).toEqual([2_000]);
  } finally {
    server.close();
  }
});

/** Runs a command of the suite as a user would and collects what it printed. */
function runSuite(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) =>
          !/^(BASE_URL|API_KEY|API_KEY_OTHER_TENANT|ASSISTANT_ID|MOCK_PORT|TEST_WORKER_INDEX|TEST_PARALLEL_INDEX|PLAYWRIGHT_TEST)$/.test(
            k,
          ),
      ),
    );
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...clean, CI: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

// The same path as hostile-api.spec.ts's contract run against a reset, which `npm test` runs (with a
// bound on memory and time): here a refused connection, in `npm run test:full` (@full).
test('a contract run against an unreachable host stops before any test, with one message and no stack trace', {
  tag: '@full',
}, async () => {
  test.setTimeout(60_000);
  const base = `http://127.0.0.1:${freePort()}`;
  const { code, output } = await runSuite(['bin/agents-api-suite.js', 'contract', '--base-url', base], {
    API_KEY: 'preflight-test-key',
    REPORT_DIR: `${ROOT}reports/preflight-test`,
  });
  expect(code, output).toBe(2);
  expect(output).toContain(`Could not reach ${base}`);
  expect(output.match(/got no response/g), output).toHaveLength(1);
  expect(output, 'no test ran').not.toMatch(/passed|failed|✘/);
  expect(output, 'no stack trace').not.toMatch(/^\s+at /m);
  expect(output).not.toContain('preflight-test-key');
});

// One Playwright run shows how the config prints a settings mistake: its message alone, exit 2. A
// FUZZ_* mistake shows it, because the target's own settings pass first: the config reads every
// setting (runSettings), not only the target's. The target's mistakes are the same TargetConfigError,
// checked in process below (a second Playwright run cost about 1.3 CPU-s and proved the printing again).
test('a mistaken FUZZ_* setting prints its message without a stack trace', async () => {
  test.setTimeout(60_000);
  const { code, output } = await runSuite(
    [`${ROOT}node_modules/@playwright/test/cli.js`, 'test', '--project=contract'],
    { FUZZ_SEED: 'abc' },
  );
  expect(code, output).toBe(2);
  expect(output.trim()).toBe(
    'agents-api-suite: Expected FUZZ_SEED to be a 32-bit integer, as a report prints it. Got "abc".',
  );
});

test('BASE_URL without API_KEY is refused as a settings mistake, with what to do', () => {
  const settings = () => runSettings({ BASE_URL: 'http://127.0.0.1:1' });
  expect(settings).toThrow(TargetConfigError);
  expect(settings).toThrow(
    /^BASE_URL is set but API_KEY is not\. Export API_KEY=<your key> \(never pass it as a flag\) and run again\.$/,
  );
});

// Every way an exchange can fail becomes the preflight's one line naming the URL (issue 23).
const broken: Array<[Behaviour, { problem: string; says: RegExp }]> = [
  ['reset', { problem: 'unreachable', says: /^Could not reach \S+: GET \S+\/v1\/assistants got no response: / }],
  [
    'silent',
    {
      problem: 'unreachable',
      says: /^Could not reach .*got no response headers within 400 ms \(LIVE_REQUEST_TIMEOUT_MS\)/,
    },
  ],
  ['drip', { problem: 'broken-answer', says: /answered 200, but its body did not end within 800 ms/ }],
  ['http10-no-length', { problem: 'broken-answer', says: /answered 200, but its body did not end within 800 ms/ }],
  ['broken-chunking', { problem: 'broken-answer', says: /answered 200, but the body broke off after 0 bytes/ }],
  ['endless-json', { problem: 'broken-answer', says: /with more than 65536 bytes \(MAX_RESPONSE_BYTES\)/ }],
  [
    'redirect',
    {
      problem: 'wrong-base-path',
      says: /answered 307, a redirect to http:\/\/127\.0\.0\.2:\d+\/v1\/assistants; the suite follows none/,
    },
  ],
  ['retry-after-day', { problem: 'unexpected-answer', says: /answered 429: the API asked to wait 86400 s/ }],
];

for (const [behaviour, { problem, says }] of broken) {
  test(`preflight turns ${behaviour} into one line naming the URL`, async () => {
    const api = await startHostileApi({ listAssistants: behaviour });
    try {
      const result = await preflight(
        liveTarget(api.url, {
          LIVE_REQUEST_TIMEOUT_MS: '400',
          LIVE_BODY_TIMEOUT_MS: '800',
          MAX_RESPONSE_BYTES: '65536',
        }),
      );
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect([result.problem, result.message]).toEqual([problem, expect.stringMatching(says)]);
      expect(result.message).toContain(`${api.url}/v1/assistants`);
      expect(result.message).not.toMatch(/\n/);
      expect(result.message).not.toContain('preflight-test-key');
      expect(api.keysAtOtherOrigin).toEqual([]);
    } finally {
      await api.close();
    }
  });
}

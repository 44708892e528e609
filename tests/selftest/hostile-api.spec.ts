// Issue 23: a broken or hostile API cannot hang the suite, exhaust its memory or get the key. Each
// behaviour of hostile-api.ts is put in front of the reference server, and the suite is run as a
// user would: the contract suite in live mode (several behaviours per nested run, on operations
// that only the test of that operation calls, so each failure names its own cause), the preflight,
// drift and `npm run probe:stream`. Each run must end inside its bound, name the cause, stay under a
// memory bound (GNU time's peak resident set of the whole process tree), send no key to the other
// origin and leave no thread. Deadlines and caps are set short for the test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from '@playwright/test';
import type { OperationId } from '../../contracts/generated/validators.js';
import { TYPESCRIPT_NODE } from '../../contracts/lib/typescript-node.ts';
import { test } from '../support/base-test.ts';
import { runGeneratedAgainst } from './generated-in-process.ts';
import { type Behaviour, type HostileApi, type Switches, startHostileApi } from './hostile-api.ts';
import { type NestedRun, nestedEnv, readPeak, runContractSuite, spawnNode } from './nested-run.ts';
import { withRunSlot } from './run-slots.ts';

test.describe.configure({ mode: 'parallel' });

const ROOT = resolve(import.meta.dirname, '../..');
/** Short deadlines and small caps, so that every behaviour ends within seconds. */
const LIMITS = {
  LIVE_REQUEST_TIMEOUT_MS: '1500',
  LIVE_BODY_TIMEOUT_MS: '2500',
  MAX_RESPONSE_BYTES: String(1024 * 1024),
  MAX_STREAM_BYTES: String(1024 * 1024),
  MAX_NDJSON_LINE_BYTES: String(64 * 1024),
  RUN_MAX_SECONDS: '75',
};
/**
 * A run's bound: its deadline (RUN_MAX_SECONDS), plus the start and the reports around it (which
 * take their time on a loaded machine). Before issue 23 these runs did not end in 400 s.
 */
const BOUND_MS = (Number(LIMITS.RUN_MAX_SECONDS) + 15) * 1_000;
/**
 * The largest process of a run may hold this much. Measured with the caps: about 220 MiB for a
 * Playwright run, 90 MiB for drift and the probe; an answer read without a cap took 730 MB to
 * 1.4 GB (issue 23), and the probe without its stream cap passed 260 MiB within a 2.5 s deadline.
 */
const MEMORY_BOUND_KB = { playwright: 400 * 1024, command: 200 * 1024 };

/** What every run against a hostile API must show, whatever it found. */
async function expectContained(
  api: HostileApi,
  run: { durationMs: number; peakRssKb?: number; output: string },
  kind: keyof typeof MEMORY_BOUND_KB,
) {
  test.info().annotations.push({
    type: 'run',
    description: `${run.durationMs} ms, peak resident set ${Math.round((run.peakRssKb ?? 0) / 1024)} MiB`,
  });
  expect(run.durationMs, `ends inside its bound\n${run.output.slice(-3_000)}`).toBeLessThan(BOUND_MS);
  expect(run.peakRssKb, 'GNU time measured the run').toBeGreaterThan(0);
  expect(run.peakRssKb ?? 0, 'stays under the memory bound').toBeLessThan(MEMORY_BOUND_KB[kind]);
  expect(api.requestsAtOtherOrigin(), 'nothing reached the other origin').toBe(0);
  expect(api.keysAtOtherOrigin, 'no key reached the other origin').toEqual([]);
  expect(await api.threadsLeft(), 'no thread left behind').toBe(0);
  expect(run.output, 'the key is never printed').not.toContain(api.apiKey);
}

function failureOf(run: NestedRun, operationId: OperationId): string {
  const found = run.cases.find((c) => c.title.includes(`: ${operationId} (`));
  return `${found?.outcome ?? 'absent'}: ${found?.failure ?? ''}`;
}

async function suiteAgainst(switches: Switches, ops: OperationId[]): Promise<{ api: HostileApi; run: NestedRun }> {
  const api = await startHostileApi(switches);
  const run = await runContractSuite(
    { url: api.url, apiKey: api.apiKey, otherTenantApiKey: api.otherTenantApiKey, close: async () => {} },
    {
      grep: `Authentication on every operation.*: (${ops.join('|')}) \\(`,
      // Held to every statement: the causes named include assumptions (Retry-After is one), and
      // this test is about ending in time and naming the cause, not about which verdict is pending.
      env: { ...LIMITS, CONTRACT_STRICT: '1' },
      timeoutMs: BOUND_MS + 30_000,
      peakMemory: true,
    },
  );
  return { api, run };
}

/** What a test of an operation must say, and the named violation the report must hold for it. */
type Named = { failure: RegExp; violation?: { check: string; message: RegExp } };

// Operations that only their own test calls (the tests' set-up creates threads and messages and
// reads them back), so that each failure below is the named behaviour's and no other's. Each test
// sends its operation twice (no key, then an invalid key); a broken promise does not end the test,
// so operations whose first answer breaks one get a second behaviour for the second call.
const table: Array<[string, { switches: Switches; says: Partial<Record<OperationId, Named[]>> }]> = [
  [
    'endless bodies, a gzip bomb, a drip, silence, a redirect and absurd Retry-After values',
    {
      switches: {
        createRunStream: ['endless-ndjson', 'retry-after-word'],
        createRun: ['endless-json', 'retry-after-negative'],
        createChatCompletion: ['gzip-bomb', 'retry-after-far-date'],
        createChatCompletionStream: 'drip',
        getAssistant: 'silent',
        listThreads: 'redirect',
        deleteMessage: 'retry-after-day',
      },
      says: {
        createRunStream: [
          {
            failure: /Response too large/,
            violation: {
              check: 'response-too-large',
              message: /an NDJSON stream of at most 1048576 bytes.*MAX_STREAM_BYTES/,
            },
          },
          { failure: /Header violates schema/, violation: { check: 'header-schema', message: /Got "soon"/ } },
        ],
        createRun: [
          {
            failure: /Response too large/,
            violation: { check: 'response-too-large', message: /a body of at most 1048576 bytes.*MAX_RESPONSE_BYTES/ },
          },
          { failure: /Header violates schema/, violation: { check: 'header-schema', message: /Got "-5"/ } },
        ],
        createChatCompletion: [
          {
            failure: /Response too large/,
            violation: { check: 'response-too-large', message: /a body of at most 1048576 bytes/ },
          },
          {
            failure: /Header violates schema/,
            violation: { check: 'header-schema', message: /Got "Fri, 01 Jan 2100 00:00:00 GMT"/ },
          },
        ],
        createChatCompletionStream: [
          {
            failure:
              /POST \S+\/v1\/chat\/completions\/stream answered 200, but its body did not end within 2500 ms \(LIVE_BODY_TIMEOUT_MS\)/,
          },
        ],
        getAssistant: [
          {
            failure: /GET \S+\/v1\/assistants\/\S+ got no response headers within 1500 ms \(LIVE_REQUEST_TIMEOUT_MS\)/,
          },
        ],
        listThreads: [
          { failure: /Undocumented HTTP status code/, violation: { check: 'undocumented-status', message: /Got 307/ } },
        ],
        deleteMessage: [{ failure: /answered 429: the API asked to wait 86400 s/ }],
      },
    },
  ],
];

for (const [name, { switches, says }] of table) {
  // The slowest of these runs (each operation waits out its deadline): `npm run test:full`.
  test(`the contract suite against ${name}: each test ends in time and names its cause`, { tag: '@full' }, async () => {
    test.setTimeout(BOUND_MS * 2 + 30_000);
    const ops = Object.keys(says) as OperationId[];
    const { api, run } = await suiteAgainst(switches, ops);
    try {
      for (const op of ops) {
        for (const want of says[op] ?? []) {
          expect(failureOf(run, op), `${op}: ${switches[op]}`).toMatch(want.failure);
          if (!want.violation) continue;
          const { check, message } = want.violation;
          const found = run.violations.filter((v) => v.operationId === op && v.check === check);
          expect(found.map((v) => v.message).join('\n'), `${op}: the report names ${check}`).toMatch(message);
        }
      }
      expect(run.exitCode).toBe(1);
      await expectContained(api, run, 'playwright');
    } finally {
      await api.close();
    }
  });
}

/** Runs a command of the suite (`node args`) against the API, as a user would, under GNU time. */
async function command(api: HostileApi, args: string[], env: Record<string, string> = {}) {
  return withRunSlot(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agents-api-suite-hostile-'));
    const peakFile = join(dir, 'peak-rss');
    const started = Date.now();
    try {
      const child = spawnNode(
        args,
        {
          cwd: ROOT,
          env: nestedEnv({ BASE_URL: api.url, API_KEY: api.apiKey, REPORT_DIR: dir, ...LIMITS, ...env }),
        },
        peakFile,
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const timer = setTimeout(() => child.kill('SIGKILL'), BOUND_MS + 10_000);
      const exitCode = await new Promise<number | null>((done) => child.on('close', done));
      clearTimeout(timer);
      const peak = readPeak(peakFile);
      return { exitCode, output, durationMs: Date.now() - started, ...(peak === undefined ? {} : { peakRssKb: peak }) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

// Each behaviour's one line is checked in process (tests/unit/preflight.spec.ts); a command run shows
// the line reaching the user. `npm test` runs the contract command's and a redirect through drift
// (the key must not reach the other origin); `npm run test:full` (@full) the other drift runs too.
type PreflightCase = { switches: Switches; via: 'contract' | 'drift'; says: RegExp; tag?: '@full' };
const preflightCases: Array<[string, PreflightCase]> = [
  [
    'a reset on GET /v1/assistants',
    {
      switches: { listAssistants: 'reset' },
      via: 'contract',
      says: /Could not reach \S+: GET \S+\/v1\/assistants got no response: /,
    },
  ],
  [
    'HTTP/1.0 without a length that never closes',
    {
      switches: { listAssistants: 'http10-no-length' },
      via: 'drift',
      says: /GET \S+\/v1\/assistants answered 200, but its body did not end within 2500 ms \(LIVE_BODY_TIMEOUT_MS\)/,
      tag: '@full',
    },
  ],
  [
    'broken chunking',
    {
      switches: { listAssistants: 'broken-chunking' },
      via: 'drift',
      says: /GET \S+\/v1\/assistants answered 200, but the body broke off after 0 bytes: /,
      tag: '@full',
    },
  ],
  [
    'a redirect to another origin',
    {
      switches: { listAssistants: 'redirect' },
      via: 'drift',
      says: /GET \S+\/v1\/assistants answered 307, a redirect to http:\/\/127\.0\.0\.2:\d+\/v1\/assistants; the suite follows none/,
    },
  ],
];

for (const [name, { switches, via, says, tag }] of preflightCases) {
  test(`the preflight (${via}) turns ${name} into one line naming the URL, exit 2`, {
    tag: tag ? [tag] : [],
  }, async () => {
    test.setTimeout(BOUND_MS * 2);
    const api = await startHostileApi(switches);
    try {
      const args =
        via === 'contract'
          ? ['bin/agents-api-suite.js', 'contract']
          : ['bin/agents-api-suite.js', 'drift', '--sequences', '0'];
      const run = await command(api, args, { API_KEY_OTHER_TENANT: api.otherTenantApiKey });
      expect(run.exitCode, run.output).toBe(2);
      expect(run.output).toMatch(says);
      expect(run.output, 'one message, no stack trace').not.toMatch(/^\s+at /m);
      expect(run.output, 'no test ran').not.toMatch(/\d+ (passed|failed)/);
      await expectContained(api, run, via === 'contract' ? 'playwright' : 'command');
    } finally {
      await api.close();
    }
  });
}

test('drift against an API that never answers a step ends at the deadline, naming the step, exit 2', async () => {
  test.setTimeout(BOUND_MS * 2);
  const api = await startHostileApi({ createThread: 'silent' });
  try {
    const run = await command(api, ['bin/agents-api-suite.js', 'drift', '--sequences', '0']);
    expect(run.exitCode, run.output).toBe(2);
    expect(run.output).toMatch(
      /POST \S+\/v1\/threads on the target got no response headers within 1500 ms \(LIVE_REQUEST_TIMEOUT_MS\)/,
    );
    await expectContained(api, run, 'command');
  } finally {
    await api.close();
  }
});

test('npm run probe:stream against an endless stream, a drip and a redirect: each named, no key elsewhere', async () => {
  test.setTimeout(BOUND_MS * 2);
  const api = await startHostileApi({ createRunStream: ['endless-ndjson', 'drip', 'redirect'] });
  try {
    const run = await command(api, [
      ...TYPESCRIPT_NODE,
      'scripts/probe-stream.ts',
      '--count',
      '3',
      '--per-minute',
      '30',
      '--max-seconds',
      '30',
    ]);
    expect(run.exitCode, run.output).toBe(1);
    expect(run.output).toMatch(/stream 1\/3: 200/);
    expect(run.output).toMatch(
      /stream 2\/3 was cut off: POST \S+\/run\/stream \(createRunStream\) answered 200, but its body did not end within 2500 ms/,
    );
    expect(run.output).toMatch(
      /Response too large \[response-too-large\]: Expected an NDJSON stream of at most 1048576 bytes/,
    );
    expect(run.output).toMatch(/Undocumented HTTP status code.*Got 307/);
    await expectContained(api, run, 'command');
  } finally {
    await api.close();
  }
});

// Waits out a 12 s deadline on top of a nested run's start: `npm run test:full`.
test('a run whose every test waits out its deadlines stops at RUN_MAX_SECONDS and says what ran and what did not', {
  tag: '@full',
}, async () => {
  test.setTimeout(BOUND_MS * 2);
  // Every thread creation drips: each test that needs a thread waits out the body deadline.
  const api = await startHostileApi({ createThread: 'drip' });
  try {
    const run = await runContractSuite(
      { url: api.url, apiKey: api.apiKey, otherTenantApiKey: api.otherTenantApiKey, close: async () => {} },
      { env: { ...LIMITS, RUN_MAX_SECONDS: '12' }, timeoutMs: BOUND_MS, peakMemory: true },
    );
    expect(run.exitCode, run.output.slice(-3_000)).toBe(1);
    expect(run.output).toMatch(
      /agents-api-suite: the run stopped at its deadline \(12 s, RUN_MAX_SECONDS\): \d+ of \d+ tests ran \(\d+ passed, \d+ failed, \d+ cut off by a timeout or the deadline\), [1-9]\d* did not run\./,
    );
    expect(run.output).toMatch(/POST \S+\/v1\/threads answered 200, but its body did not end within 2500 ms/);
    await expectContained(api, run, 'playwright');
  } finally {
    await api.close();
  }
});

test('the generated tests name an endless body "Response too large" and a drip its deadline, not a budget to raise', async () => {
  const env = { LIVE_REQUEST_TIMEOUT_MS: '500', LIVE_BODY_TIMEOUT_MS: '1000', MAX_RESPONSE_BYTES: '65536' };
  /** The first finding or error of a few seeds against listMessages misbehaving so. */
  const first = async (behaviour: Behaviour): Promise<string> => {
    const api = await startHostileApi({ listMessages: behaviour });
    try {
      for (let seed = 1; seed <= 5; seed += 1) {
        const r = await runGeneratedAgainst(api, { seed, numRuns: 5, maxCommands: 12, endOnFailure: true, env });
        const found = r.failure ? `[${r.failure.check}] ${r.failure.message}` : r.error ? String(r.error) : '';
        if (found) {
          expect(await api.threadsLeft(), 'no thread left behind').toBe(0);
          return found;
        }
      }
      return 'no run listed messages';
    } finally {
      await api.close();
    }
  };
  expect(await first('endless-json')).toMatch(
    /^\[response-too-large\] listMessages answered 200, breaking the contract: Response too large: Expected a body of at most 65536 bytes/,
  );
  const drip = await first('drip');
  expect(drip).toMatch(
    /GET \S+\/v1\/threads\/\S+\/messages\S* answered 200, but its body did not end within 1000 ms \(LIVE_BODY_TIMEOUT_MS\)/,
  );
  expect(drip).not.toMatch(/FUZZ_MAX/);
});

// npm run probe:stream: times run/stream answers line by line (what k6 cannot), paced and bounded,
// every line checked by contracts/check. Traffic stays on 127.0.0.1: the mock in this process, or
// a scripted server that sends the headers at once and the lines later.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { transportLimits } from '../../contracts/client/transport-limits.ts';
import { build } from '../../contracts/mock/build.ts';
import { timeStream } from '../../load/probe/ndjson-stream.ts';
import { checkPlan, probeConfig } from '../../load/probe/stream-probe.ts';
import { type ProbeSummary, summarize } from '../../load/probe/stream-summary.ts';
import { main } from '../../scripts/probe-stream.ts';
import { test } from '../support/base-test.ts';

const THREAD = '1a2b3c4d-5678-4abc-8ef0-112233445566';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Runs the CLI with its output captured (stderr kept for assertions, stdout dropped). */
function quiet<T>(run: () => Promise<T>): Promise<{ value: T; stderr: string }> {
  const lines: string[] = [];
  const original = { error: console.error, log: console.log };
  console.error = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  console.log = () => {};
  const restore = (): void => {
    console.error = original.error;
    console.log = original.log;
  };
  return run().then(
    (value) => {
      restore();
      return { value, stderr: lines.join('\n') };
    },
    (error: unknown) => {
      restore();
      throw error;
    },
  );
}

test('against the mock with 200 ms of latency: every stream answers, no line arrives before the latency, every line keeps the contract', async () => {
  test.setTimeout(30_000);
  const mock = build({ latency: 200 });
  const url = await listen(mock);
  const out = mkdtempSync(join(tmpdir(), 'probe-'));
  try {
    const { value: code } = await quiet(() =>
      main(['--count', '3', '--per-minute', '50', '--max-seconds', '20', '--out-dir', out], {
        BASE_URL: url,
        API_KEY: 'mock-api-key',
      }),
    );
    expect(code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'stream-probe.json'), 'utf8')) as ProbeSummary;
    expect(summary).toMatchObject({
      streams: 3,
      statuses: { '200': 3 },
      refused: 0,
      cutShort: false,
      invalidLines: 0,
      violations: [],
    });
    for (const row of summary.perStream) {
      expect(row.firstLineMs).not.toBeNull();
      expect(row.firstLineMs ?? 0).toBeGreaterThanOrEqual(200);
      expect(row.headersMs).toBeLessThanOrEqual(row.firstLineMs ?? 0);
      expect(row.firstLineMs ?? 0).toBeLessThanOrEqual(row.lastLineMs ?? 0);
      expect(row.lines).toBeGreaterThan(1);
    }
    expect(summary.gapMs.count).toBe(summary.perStream.reduce((sum, row) => sum + row.lines - 1, 0));
    expect(readFileSync(join(out, 'stream-probe.txt'), 'utf8')).toMatch(
      /^stream probe against http:\/\/127\.0\.0\.1:\d+: 3 streams .*every line kept the contract\n/,
    );
    expect(readFileSync(join(out, 'stream-probe.svg'), 'utf8')).toContain('<svg');
    expect(
      readFileSync(join(out, 'stream-probe.txt'), 'utf8') + readFileSync(join(out, 'stream-probe.json'), 'utf8'),
    ).not.toContain('mock-api-key');
  } finally {
    mock.close();
    rmSync(out, { recursive: true, force: true });
  }
});

test('times the first line, not the headers: a server that sends headers at once and lines later', async () => {
  const line = (extra: Record<string, unknown>) =>
    `${JSON.stringify({ created_at: '2025-01-15T10:00:00.000000+00:00', delta: { content: 'a', role: 'assistant' }, message_id: THREAD, thread_id: THREAD, ...extra })}\n`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.flushHeaders();
    setTimeout(() => res.write(line({})), 150);
    // The second line breaks the chunk schema: the probe names it as it arrives.
    setTimeout(() => res.end(line({ thread_id: 42 })), 250);
  });
  const url = await listen(server);
  try {
    const timing = await timeStream({
      url: `${url}/v1/threads/${THREAD}/run/stream`,
      limits: transportLimits({}, false),
      body: '{}',
      redactValues: true,
    });
    expect(timing.status).toBe(200);
    expect(timing.lines).toBe(2);
    expect(timing.firstLineMs ?? 0).toBeGreaterThanOrEqual(150);
    expect(timing.headersMs).toBeLessThan(timing.firstLineMs ?? 0);
    expect(timing.gapsMs).toHaveLength(1);
    expect(timing.gapsMs[0] ?? 0).toBeGreaterThan(0);
    expect(timing.invalidLines).toEqual([1]);
    expect(timing.violations.map((v) => [v.check, v.pointer])).toEqual([['body-schema', '/1/thread_id']]);
  } finally {
    server.close();
  }
});

test('refuses a target that is not loopback unless LOAD_CONFIRM_TARGET names it, as the load scripts do', () => {
  expect(() => probeConfig({ BASE_URL: 'https://api.example.org/agents', API_KEY: 'k' })).toThrow(
    /Refusing to load-test https:\/\/api\.example\.org\/agents: .*set LOAD_CONFIRM_TARGET=api\.example\.org/,
  );
  expect(
    probeConfig({ BASE_URL: 'https://api.example.org/agents', API_KEY: 'k', LOAD_CONFIRM_TARGET: 'api.example.org' })
      .target.host,
  ).toBe('api.example.org');
  expect(() => probeConfig({})).toThrow(
    'API_KEY is not set. Against the mock: API_KEY=mock-api-key npm run probe:stream',
  );
});

const config = probeConfig({ API_KEY: 'k' });
const refused: Array<[string, { given: { count: number; perMinute: number; maxSeconds: number }; want: string }]> = [
  [
    'more than 100 streams',
    {
      given: { count: 101, perMinute: 10, maxSeconds: 60 },
      want: '--count must be a whole number from 1 to 100; got 101.',
    },
  ],
  [
    'a deadline past 600 s',
    {
      given: { count: 5, perMinute: 10, maxSeconds: 601 },
      want: '--max-seconds must be a whole number from 5 to 600; got 601.',
    },
  ],
  [
    'a pace at the answer budget',
    {
      given: { count: 5, perMinute: 60, maxSeconds: 60 },
      want: '--per-minute must be above 0 and below the documented 60 answers a minute; got 60.',
    },
  ],
];
for (const [name, { given, want }] of refused) {
  test(`refuses ${name}, saying what it takes`, () => {
    expect(() => checkPlan(given, config)).toThrow(want);
  });
}

test('the CLI explains a bad setting and exits 2, without a stack trace', async () => {
  const { value: code, stderr } = await quiet(() => main(['--count', 'many'], { API_KEY: 'k' }));
  expect(code).toBe(2);
  expect(stderr).toContain('probe:stream: Expected --count to be a number. Got "many".');
  expect(stderr).not.toContain('    at ');
});

test('summarizes a stream of 200,000 lines (a stream that ran into its cap) without overflowing the stack', () => {
  const gapsMs = Array.from({ length: 200_000 }, (_, i) => (i === 7 ? 9 : 0.01));
  const timing = {
    status: 200,
    headersMs: 1,
    firstLineMs: 2,
    lastLineMs: 3,
    totalMs: 4,
    lines: gapsMs.length + 1,
    gapsMs,
    invalidLines: [],
    violations: [],
    retryAfterSeconds: null,
  };
  const plan = { count: 1, perMinute: 10, maxSeconds: 60 };
  const summary = summarize({
    target: 'http://127.0.0.1:1',
    assistantId: 'a',
    plan,
    streams: [timing],
    refused: 0,
    cutShort: false,
  });
  expect(summary.perStream[0]?.maxGapMs).toBe(9);
});

import { type OperationId, operations } from '../../contracts/generated/validators.js';
import { seededRandom } from '../../contracts/lib/seeded-random.ts';
import { LatencyOptionsError, latencyModel } from '../../contracts/mock/limits/latency.ts';
import { call, DEFAULTS } from './helpers/mock-client.ts';
import { expect, test, type WorkerMock, workerMock } from './helpers/mock-test.ts';
import { startMock } from './helpers/start-mock.ts';

let mock: WorkerMock;
test.beforeAll(async () => {
  mock = await workerMock();
});

const ANY_ID = '3b241101-e2bb-4255-8caf-4136c566a962';

/** A concrete path for an operation; the ids need not exist, faults come before the lookup. */
function pathOf(op: OperationId): string {
  return operations[op].path.replace(/\{[^}]+\}/g, ANY_ID);
}

test.describe('Prefer fault injection', () => {
  for (const [op, spec] of Object.entries(operations) as Array<[OperationId, (typeof operations)[OperationId]]>) {
    test(`${op}: answers every documented error status and code on request`, async () => {
      for (const [status, response] of Object.entries(spec.responses)) {
        if (response.errorCodes.length === 0) continue;
        const byCode = await call(mock.url, spec.method, pathOf(op), { headers: { prefer: `code=${status}` } });
        expect(byCode.status, `Prefer: code=${status}`).toBe(Number(status));
        expect(byCode.problems, `Prefer: code=${status}`).toEqual([]);
        expect(byCode.json<{ error_code: string }>().error_code).toBe(response.errorCodes[0]);
        for (const code of response.errorCodes) {
          const byName = await call(mock.url, spec.method, pathOf(op), { headers: { prefer: `error=${code}` } });
          expect(byName.problems, `Prefer: error=${code}`).toEqual([]);
          expect(byName.json<{ error_code: string }>().error_code).toBe(code);
        }
      }
    });
  }

  test('a 429 by Prefer carries Retry-After and the x-ratelimit headers', async () => {
    const res = await call(mock.url, 'POST', pathOf('createRun'), { headers: { prefer: 'code=429' } });
    expect(res.problems).toEqual([]);
    expect([
      res.headers.get('retry-after'),
      res.headers.get('x-ratelimit-limit'),
      res.headers.get('x-ratelimit-remaining'),
      res.headers.get('x-ratelimit-reset'),
    ]).toEqual(['1', '15', '0', '1']);
  });

  test('reads the code among other preferences, and both code and error together', async () => {
    expect(
      (await call(mock.url, 'GET', '/v1/assistants', { headers: { prefer: 'return=minimal, code="500"; x=y' } }))
        .status,
    ).toBe(500);
    const both = await call(mock.url, 'POST', pathOf('createRun'), {
      headers: { prefer: 'code=400, error=bad_request' },
    });
    expect([both.status, both.json<{ error_code: string }>().error_code]).toEqual([400, 'bad_request']);
    const large = await call(mock.url, 'POST', pathOf('createRun'), {
      headers: { prefer: 'code=413, error=bad_request' },
    });
    expect(large.status, 'bad_request under its other documented status').toBe(413);
  });

  const invalid: Array<[string, string]> = [
    ['an undocumented status', 'code=418'],
    ['a status that is not a number', 'code=abc'],
    ['an unknown error code', 'error=nope'],
    ['a code documented elsewhere only', 'error=message_not_found'],
    ['a code under the wrong status', 'code=404, error=bad_request'],
  ];
  for (const [name, prefer] of invalid) {
    test(`refuses ${name} with 422 validation_error at header prefer`, async () => {
      const res = await call(mock.url, 'POST', pathOf('createRun'), { headers: { prefer } });
      expect(res.problems).toEqual([]);
      expect(res.status).toBe(422);
      expect(res.json()).toMatchObject({ error_code: 'validation_error', detail: [{ loc: ['header', 'prefer'] }] });
    });
  }

  test('ignores what it cannot honour where the operation documents no 422, and preferences it does not know', async () => {
    expect((await call(mock.url, 'GET', '/v1/assistants', { headers: { prefer: 'code=418' } })).status).toBe(200);
    expect((await call(mock.url, 'GET', '/v1/assistants', { headers: { prefer: 'return=minimal' } })).status).toBe(200);
    expect((await call(mock.url, 'GET', '/v1/assistants', { headers: { prefer: 'code=200' } })).status).toBe(200);
  });

  test('checks the key first: a fault needs a valid key', async () => {
    expect((await call(mock.url, 'GET', '/v1/assistants', { key: null, headers: { prefer: 'code=500' } })).status).toBe(
      401,
    );
  });
});

test.describe('configured faults', () => {
  const chat = { assistant_id: DEFAULTS.streamingAssistant, messages: [{ role: 'user', content: 'Frage' }] };

  test('a fault rate of 1 answers every answer-generating call with a documented 5xx, and nothing else', async () => {
    const faulty = await startMock({ rateLimit: false, faults: { rate: 1 } });
    try {
      const codes = new Set<string>();
      for (let i = 0; i < 40; i += 1) {
        const res = await call(faulty.url, 'POST', i % 2 ? '/v1/chat/completions' : '/v1/chat/completions/stream', {
          json: chat,
        });
        expect(res.problems).toEqual([]);
        expect(res.status).toBeGreaterThanOrEqual(500);
        codes.add(res.json<{ error_code: string }>().error_code);
      }
      expect([...codes].sort()).toEqual([
        'api_connection_error',
        'api_error',
        'api_timeout_error',
        'internal_server_error',
        'internal_service_error',
      ]);
      expect((await call(faulty.url, 'GET', '/v1/assistants')).status).toBe(200);
    } finally {
      await faulty.close();
    }
  });

  test('the same seed gives the same faults', async () => {
    const sequence = async (seed: number) => {
      const m = await startMock({ rateLimit: false, faults: { rate: 0.5 }, seed });
      try {
        const out: number[] = [];
        for (let i = 0; i < 30; i += 1)
          out.push((await call(m.url, 'POST', '/v1/chat/completions', { json: chat })).status);
        return out.join(',');
      } finally {
        await m.close();
      }
    };
    const [a, b, c] = [await sequence(7), await sequence(7), await sequence(8)];
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/200/);
    expect(a).toMatch(/50[03]/);
  });

  test('a run slower than the timeout answers api_timeout_error and stores nothing', async () => {
    const slow = await startMock({ rateLimit: false, latency: 30, faults: { timeoutMs: 5 } });
    try {
      const thread = (
        await call(slow.url, 'POST', '/v1/threads', { json: { assistant_id: DEFAULTS.streamingAssistant } })
      ).json<{ id: string }>();
      await call(slow.url, 'POST', `/v1/threads/${thread.id}/messages`, { json: { role: 'user', content: 'Frage' } });
      const res = await call(slow.url, 'POST', `/v1/threads/${thread.id}/run`, { json: {} });
      expect(res.problems).toEqual([]);
      expect([res.status, res.json<{ error_code: string }>().error_code]).toEqual([500, 'api_timeout_error']);
      const listed = (await call(slow.url, 'GET', `/v1/threads/${thread.id}/messages`)).json<{ items: unknown[] }>();
      expect(listed.items).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  test('refuses a fault rate outside 0..1', async () => {
    await expect(startMock({ faults: { rate: 2 } })).rejects.toThrow(/from 0 to 1. Got 2/);
  });
});

test.describe('latency model', () => {
  test('is zero by default and fixed when given a number', () => {
    expect(latencyModel(undefined, Math.random)()).toBe(0);
    expect(latencyModel(120, Math.random)()).toBe(120);
  });

  test('draws a seeded log-normal with the given p50 and p95', () => {
    const draw = latencyModel({ p50Ms: 800, p95Ms: 2500 }, seededRandom(42));
    const samples = Array.from({ length: 20_000 }, draw).sort((a, b) => a - b);
    expect(samples[10_000]).toBeGreaterThan(800 * 0.95);
    expect(samples[10_000]).toBeLessThan(800 * 1.05);
    expect(samples[19_000]).toBeGreaterThan(2500 * 0.93);
    expect(samples[19_000]).toBeLessThan(2500 * 1.07);
    const again = latencyModel({ p50Ms: 800, p95Ms: 2500 }, seededRandom(42));
    expect(again()).toBe(latencyModel({ p50Ms: 800, p95Ms: 2500 }, seededRandom(42))());
  });

  test('refuses p95 below p50 and negative latencies', () => {
    expect(() => latencyModel({ p50Ms: 900, p95Ms: 100 }, Math.random)).toThrow(LatencyOptionsError);
    expect(() => latencyModel(-1, Math.random)).toThrow(/0 ms or more. Got -1/);
  });
});

test.describe('unexpected failures', () => {
  test('become 500 api_error without internals, and the mock keeps serving', async () => {
    const failures: string[] = [];
    let calls = 0;
    const clock = {
      now: () => {
        calls += 1;
        if (calls === 1) throw new Error('secret internal detail');
        return Date.now();
      },
      sleep: async () => {},
    };
    const fragile = await startMock({
      clock,
      rateLimit: false,
      onInternalError: (e, op) => failures.push(`${op}: ${(e as Error).message}`),
    });
    try {
      const res = await call(fragile.url, 'POST', '/v1/threads', {
        json: { assistant_id: DEFAULTS.streamingAssistant },
      });
      expect(res.problems).toEqual([]);
      expect(res.status).toBe(500);
      expect(res.json<{ error_code: string }>().error_code).toBe('api_error');
      expect(res.body).not.toContain('secret');
      expect(failures).toEqual(['createThread: secret internal detail']);
      expect(
        (await call(fragile.url, 'POST', '/v1/threads', { json: { assistant_id: DEFAULTS.streamingAssistant } }))
          .status,
      ).toBe(201);
    } finally {
      await fragile.close();
    }
  });
});

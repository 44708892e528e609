// The one HTTP step runner of the generated tests and the drift report: exact body bytes, the key
// only on the wire, live pacing per budget, Retry-After honoured (not for an injected 429), and
// cleanup of every thread it created with the key that created it.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from '@playwright/test';
import { CreatedThreads } from '../../contracts/client/created-threads.ts';
import { HttpStepRunner, StepSendError } from '../../contracts/client/http-step-runner.ts';
import type { Pacer } from '../../contracts/client/pacer.ts';
import { BudgetSpent, RequestBudget } from '../../contracts/client/request-budget.ts';
import { transportLimits } from '../../contracts/client/transport-limits.ts';
import type { BudgetName } from '../../contracts/generated/rate-budgets.js';
import type { Clock } from '../../contracts/lib/clock.ts';
import { test } from '../support/base-test.ts';
import { virtualClock } from '../support/virtual-clock.ts';

type Seen = { method: string; url: string; key: string | undefined; type: string | undefined; bytes: Buffer };

/** A loopback server that records each request and answers with `answer`. */
async function recording(
  answer: (req: IncomingMessage, seen: Seen[]) => [number, Record<string, string>, string],
): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        key: req.headers['api-key'] as string | undefined,
        type: req.headers['content-type'],
        bytes: Buffer.concat(chunks),
      });
      const [status, headers, body] = answer(req, seen);
      res.writeHead(status, headers).end(body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

let open: Server | undefined;
test.afterEach(async () => {
  const server = open;
  open = undefined;
  if (!server) return;
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

const target = (baseURL: string, live = false) => ({
  baseURL,
  apiKey: 'key-main',
  otherTenantKey: 'key-other',
  live,
  limits: { ...transportLimits({}, false), headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 },
  pollPauseMs: 20,
});

test('sends the exact bytes of a body under its content type, the key only in api-key, and names keys as variables in the curl line', async () => {
  const server = await recording(() => [
    422,
    { 'content-type': 'application/json' },
    '{"error_code":"validation_error"}',
  ]);
  open = server.server;
  const runner = new HttpStepRunner(target(server.url));
  const text = '{"role": "user",\n "content":"Grüße \\u00e4",  "x":1.0}';
  const answer = await runner.send({
    operationId: 'createMessage',
    path: { thread_id: 'b1b1b1b1-0000-4000-8000-000000000001' },
    body: { text, contentType: 'text/plain' },
  });
  expect(server.seen[0]?.bytes.equals(Buffer.from(text, 'utf8'))).toBe(true);
  expect([server.seen[0]?.type, server.seen[0]?.key]).toEqual(['text/plain', 'key-main']);
  expect(answer.status).toBe(422);
  expect(answer.curl).toContain('-H "api-key: $API_KEY"');
  expect(answer.curl).not.toContain('key-main');
});

test("takes the pacer of each step's budget, and on a live target waits out a 429's Retry-After, except for an injected one", async () => {
  const server = await recording((req, seen) =>
    seen.filter((s) => s.url === req.url).length === 1
      ? [429, { 'retry-after': '2' }, '{}']
      : [200, { 'content-type': 'application/json' }, '{"cursor":null,"items":[]}'],
  );
  open = server.server;
  const budgets: BudgetName[] = [];
  const pacers = (budget: BudgetName) => ({ take: async () => void budgets.push(budget) }) as unknown as Pacer;
  const slept: number[] = [];
  const clock: Clock = { now: () => 0, sleep: async (ms) => void slept.push(ms) };
  const runner = new HttpStepRunner(target(server.url, true), { pacers, clock });
  const listed = await runner.send({
    operationId: 'listMessages',
    path: { thread_id: 'b1b1b1b1-0000-4000-8000-000000000002' },
  });
  expect([listed.status, slept]).toEqual([200, [2_000]]);
  const injected = await runner.send({
    operationId: 'createRun',
    path: { thread_id: 'b1b1b1b1-0000-4000-8000-000000000003' },
    body: { text: '{}' },
    prefer: 'status=429',
  });
  expect([injected.status, slept]).toEqual([429, [2_000]]);
  expect(budgets).toEqual(['other', 'other', 'answers']);
  const mock = new HttpStepRunner(target(server.url, false), { pacers, clock });
  expect(
    (await mock.send({ operationId: 'listMessages', path: { thread_id: 'b1b1b1b1-0000-4000-8000-000000000004' } }))
      .status,
    'not live: a 429 is the answer',
  ).toBe(429);
});

test('a step without an answer, or needing a key the runner lacks, is a StepSendError that names no key', async () => {
  const server = await recording(() => [200, {}, '']);
  const url = server.url;
  server.server.close();
  const runner = new HttpStepRunner({ ...target(url), otherTenantKey: undefined }, { name: 'target' });
  const offline = runner.send({ operationId: 'listAssistants' });
  await expect(offline).rejects.toThrow(StepSendError);
  await expect(offline).rejects.toThrow(
    /GET http:\/\/127\.0\.0\.1:\d+\/v1\/assistants on the target got no response: .*ECONNREFUSED.*\nReproduce: curl .*\$API_KEY/,
  );
  await expect(runner.send({ operationId: 'listAssistants', key: 'other' })).rejects.toThrow(
    /needs a second tenant's key \(API_KEY_OTHER_TENANT\), which the runner on the target was not given/,
  );
  await offline.catch((error: Error) => expect(error.message).not.toContain('key-main'));
});

test('cleanup deletes each thread the runner created with the key that created it, and forgets answer labels but not the fixed ones', async () => {
  const deletes: Array<[string, string | undefined]> = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST')
        return void res
          .writeHead(201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: randomUUID() }));
      deletes.push([req.url ?? '', req.headers['api-key'] as string | undefined]);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  try {
    const target = {
      baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      apiKey: 'key-main',
      otherTenantKey: 'key-other',
      live: false,
      limits: transportLimits({}, false),
      pollPauseMs: 20,
    };
    const runner = new HttpStepRunner(target, { labels: [['assistant', 'a-1']] });
    const created: string[] = [];
    for (const key of ['main', 'other', 'main'] as const) {
      const answer = await runner.send({
        operationId: 'createThread',
        body: { text: '{"assistant_id":"a-1"}' },
        key,
        ...(key === 'main' ? { label: `t${created.length}` } : {}),
      });
      created.push((JSON.parse(answer.body) as { id: string }).id);
    }
    expect(runner.idOf('t0')).toBe(created[0]);
    expect(await runner.cleanup()).toEqual([]);
    expect(deletes).toEqual([
      [`/v1/threads/${created[0]}`, 'key-main'],
      [`/v1/threads/${created[1]}`, 'key-other'],
      [`/v1/threads/${created[2]}`, 'key-main'],
    ]);
    expect([runner.idOf('t0'), runner.idOf('assistant')]).toEqual([undefined, 'a-1']);
    expect(await runner.cleanup(), 'a second cleanup has nothing left to delete').toEqual([]);
    expect(deletes).toHaveLength(3);
  } finally {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

test.describe('with a request budget', () => {
  const threadAnswer = (): [number, Record<string, string>, string] => [
    201,
    { 'content-type': 'application/json' },
    JSON.stringify({ id: randomUUID() }),
  ];

  test('refuses a step once the requests left only cover deleting the threads it created, and cleanup still deletes them', async () => {
    const server = await recording((req) => (req.method === 'POST' ? threadAnswer() : [204, {}, '']));
    open = server.server;
    const budget = new RequestBudget({ maxRequests: 5, maxMs: 60_000, cleanupMs: 10_000 }, virtualClock());
    const runner = new HttpStepRunner(target(server.url), { budget });
    const create = { operationId: 'createThread' as const, body: { text: '{}' } };
    await runner.send(create);
    await runner.send(create);
    // 2 sent + 2 deletes to keep: a third creation would need 2 + 1 + 3 = 6 > 5.
    await expect(runner.send(create)).rejects.toThrow(BudgetSpent);
    await expect(runner.send({ operationId: 'listThreads' })).rejects.toMatchObject({ reason: 'requests' });
    expect(await runner.cleanup()).toEqual([]);
    expect(server.seen.map((s) => s.method)).toEqual(['POST', 'POST', 'DELETE', 'DELETE']);
    expect(budget.use()).toMatchObject({ requests: 4, overBudget: 0, stopped: 'requests' });
  });

  test('a thread a step deleted is not deleted again by cleanup', async () => {
    const server = await recording((req) => (req.method === 'POST' ? threadAnswer() : [204, {}, '']));
    open = server.server;
    const threads = new CreatedThreads();
    const runner = new HttpStepRunner(target(server.url), { threads });
    const answer = await runner.send({ operationId: 'createThread', body: { text: '{}' }, label: 't1' });
    const id = JSON.parse(answer.body).id as string;
    expect(threads.list()).toEqual([{ id, key: 'main' }]);
    await runner.send({ operationId: 'deleteThread', path: { thread_id: { ref: 't1' } } });
    expect(threads.size).toBe(0);
    await runner.cleanup();
    expect(server.seen.filter((s) => s.method === 'DELETE')).toHaveLength(1);
  });

  test('at the deadline no step is sent and a slow answer is cut short, but a thread creation in flight completes', async () => {
    let release: (() => void) | undefined;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/v1/threads') {
          // Answers after the deadline: its thread must still be known, to be deleted.
          release = () =>
            res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: randomUUID() }));
          return;
        }
        if (req.method === 'DELETE') res.writeHead(204).end();
        // Anything else hangs: only the deadline ends it.
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    open = server;
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const budget = new RequestBudget({ maxRequests: 100, maxMs: 300, cleanupMs: 10_000 });
    const threads = new CreatedThreads();
    const runner = new HttpStepRunner(target(url), { budget, threads });
    const slow = runner.send({ operationId: 'listThreads' });
    await expect(slow).rejects.toMatchObject({ name: 'BudgetSpent', reason: 'time' });
    const creating = runner.send({ operationId: 'createThread', body: { text: '{}' } });
    await expect(creating).rejects.toMatchObject({ reason: 'time' });
    // A creation sent before the deadline, answered after it.
    const early = new HttpStepRunner(target(url), {
      budget: new RequestBudget({ maxRequests: 100, maxMs: 200, cleanupMs: 10_000 }),
      threads,
    });
    const inFlight = early.send({ operationId: 'createThread', body: { text: '{}' } });
    await new Promise((done) => setTimeout(done, 400));
    release?.();
    expect((await inFlight).status).toBe(201);
    expect(threads.size).toBe(1);
    expect(await early.cleanup()).toEqual([]);
    expect(threads.size).toBe(0);
  });
});

// The reference server on its own: it keeps the documented promises, each break really breaks
// the one promise it names (so that a nested suite run that passes it would be a suite gap), and
// each reading of an open point really changes what it answers, the standard ones nothing.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from '@playwright/test';
import { TYPESCRIPT_NODE } from '../../contracts/lib/typescript-node.ts';
import { test } from '../support/base-test.ts';
import { breakProbes } from './break-probes.ts';
import { readingProbes } from './reading-probes.ts';
import { callServer, firstAssistant, licensedAssistant, threadWith } from './reference-client.ts';
import { CliArgsError, parseCliArgs } from './reference-server/cli-args.ts';
import {
  breakNames,
  lenientReadings,
  type ReadingPoint,
  type Readings,
  type ReferenceServer,
  readingChoices,
  readingPoints,
  standardReadings,
  startReferenceServer,
  strictReadings,
} from './reference-server/index.ts';

const question = { role: 'user', content: 'Wie lang ist die Kündigungsfrist in der Probezeit?' };

test.describe('reference server: documented behaviour', () => {
  let server: ReferenceServer;
  test.beforeAll(async () => {
    server = await startReferenceServer();
  });
  test.afterAll(async () => {
    await server.close();
  });

  test('answers a run with the documented fields and stores it as the newest assistant message', async () => {
    const thread = await threadWith(server, [question]);
    const res = await callServer(server, 'POST', `/v1/threads/${thread}/run`, { body: {} });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    const answer = res.json as Record<string, unknown>;
    expect(Object.keys(answer).sort()).toEqual([
      'content',
      'created_at',
      'id',
      'meta_data',
      'role',
      'sources',
      'thread_id',
    ]);
    expect(answer).toMatchObject({ thread_id: thread, role: 'assistant', meta_data: { legal_advice: false } });
    expect(String(answer.created_at)).toMatch(/\.\d{6}Z$/);
    const history = (await callServer(server, 'GET', `/v1/threads/${thread}/messages`)).json as {
      items: Array<{ id: string; role: string }>;
    };
    expect(history.items.map((m) => m.role)).toEqual(['assistant', 'user']);
    expect(history.items[0]?.id).toBe(answer.id);
  });

  test('applies the run rules in the documented order', async () => {
    const licensed = await licensedAssistant(server);
    const empty = await threadWith(server, [], licensed.id);
    const run = (thread: string, body: unknown = {}) =>
      callServer(server, 'POST', `/v1/threads/${thread}/run`, { body });
    // Metadata is checked before the thread's messages.
    expect((await run(empty)).json).toMatchObject({ error_code: 'request_metadata_missing_or_incomplete' });
    expect((await run(empty, { meta_data: { user_data: { licence: 'L-1' } } })).json).toMatchObject({
      error_code: 'unprocessable_entity',
    });
    const answered = await threadWith(server, [question]);
    expect((await run(answered)).status).toBe(200);
    expect((await run(answered)).json).toMatchObject({ error_code: 'incorrect_stack_ending' });
    const stream = await callServer(
      server,
      'POST',
      `/v1/threads/${await threadWith(server, [question], licensed.id)}/run/stream`,
      { body: {} },
    );
    expect([stream.status, stream.json]).toMatchObject([422, { error_code: 'engine_does_not_support_streaming' }]);
  });

  test('answers a tool call when tools are configured, and text after the tool message', async () => {
    const thread = await threadWith(server, [{ role: 'user', content: 'Suche § 622 BGB.' }]);
    const tools = [{ type: 'function', function: { name: 'lookup_statute' } }];
    const first = await callServer(server, 'POST', `/v1/threads/${thread}/run`, { body: { tools } });
    const call = (
      first.json as {
        content: string;
        tool_calls: Array<{ id: string; function: { name: string; arguments: string } }>;
      }
    ).tool_calls[0];
    expect(call?.id).toMatch(/^call_[0-9a-f]{24}$/);
    expect(call?.function).toEqual({
      name: 'lookup_statute',
      arguments: JSON.stringify({ query: 'Suche § 622 BGB.' }),
    });
    const unanswered = await callServer(server, 'POST', `/v1/threads/${thread}/run`, { body: { tools } });
    expect(unanswered.json).toMatchObject({ error_code: 'bad_request' });
    const tool = await callServer(server, 'POST', `/v1/threads/${thread}/messages`, {
      body: { role: 'tool', content: 'zwei Wochen', tool_call_id: call?.id },
    });
    expect(tool.status).toBe(201);
    const final = await callServer(server, 'POST', `/v1/threads/${thread}/run`, { body: { tools } });
    expect((final.json as { content: string }).content.length).toBeGreaterThan(0);
  });

  test('answers the documented message rules', async () => {
    const thread = await threadWith(server, [question]);
    const add = (body: unknown) => callServer(server, 'POST', `/v1/threads/${thread}/messages`, { body });
    expect((await add({ role: 'user', content: '' })).json).toMatchObject({ error_code: 'message_content_empty' });
    expect((await add({ role: 'tool', content: 'x', tool_call_id: 'call_never' })).json).toMatchObject({
      error_code: 'tool_message_has_no_matching_tool_call',
    });
    expect((await add({ role: 'system', content: 'spät' })).json).toMatchObject({ error_code: 'bad_request' });
    expect((await add({ role: 'robot', content: 'x' })).json).toMatchObject({
      error_code: 'validation_error',
      detail: [{ loc: ['body', 'role'] }],
    });
  });

  test('answers validation errors as a detail list naming the location', async () => {
    const thread = await threadWith(server, [question]);
    const invalidJson = await callServer(server, 'POST', `/v1/threads/${thread}/run`, { rawBody: '{' });
    expect(invalidJson.json).toMatchObject({
      error_code: 'validation_error',
      detail: [{ loc: ['body'], type: 'json_invalid' }],
    });
    const wrongType = await callServer(server, 'POST', `/v1/threads/${thread}/run`, {
      body: { tools: [{ type: 'function' }] },
    });
    expect(wrongType.json).toMatchObject({ detail: [{ loc: ['body', 'tools', 0, 'function'], type: 'missing' }] });
    const badId = await callServer(server, 'POST', '/v1/threads/not-a-uuid/run', { body: {} });
    expect([badId.status, badId.json]).toMatchObject([422, { detail: [{ loc: ['path', 'thread_id'] }] }]);
    expect(
      (await callServer(server, 'POST', '/v1/threads/%E0%A4%A/run', { body: {} })).status,
      'a malformed escape is a validation error',
    ).toBe(422);
  });

  test('keeps tenants apart and enforces the key', async () => {
    const thread = await threadWith(server, [question]);
    expect(
      (await callServer(server, 'POST', `/v1/threads/${thread}/run`, { key: 'other', body: {} })).json,
    ).toMatchObject({ error_code: 'assistant_not_available' });
    expect((await callServer(server, 'GET', `/v1/threads/${thread}`, { key: 'other' })).status).toBe(404);
    const mine = ((await callServer(server, 'GET', '/v1/assistants')).json as Array<{ id: string }>).map((a) => a.id);
    const theirs = (
      (await callServer(server, 'GET', '/v1/assistants', { key: 'other' })).json as Array<{ id: string }>
    ).map((a) => a.id);
    expect(theirs).toHaveLength(1);
    expect(mine).not.toContain(theirs[0]);
    expect((await callServer(server, 'GET', '/v1/assistants', { key: 'none' })).json).toMatchObject({
      error_code: 'unauthorized',
    });
  });

  test('injects the documented faults that Prefer asks for, and refuses undocumented ones', async () => {
    const thread = await threadWith(server, [question]);
    const prefer = (value: string) =>
      callServer(server, 'POST', `/v1/threads/${thread}/run`, { body: {}, prefer: value });
    const limited = await prefer('code=429');
    expect([limited.status, limited.headers['retry-after'], limited.json]).toMatchObject([
      429,
      '1',
      { error_code: 'rate_limit_gateway' },
    ]);
    expect([(await prefer('code=503')).status, (await prefer('code=503')).json]).toMatchObject([
      503,
      { error_code: 'internal_service_error' },
    ]);
    expect((await prefer('error=api_timeout_error')).status).toBe(500);
    expect((await prefer('code=413, error=bad_request')).status).toBe(413);
    expect((await prefer('error=tenant_not_found')).json).toMatchObject({
      error_code: 'validation_error',
      detail: [{ loc: ['header', 'prefer'] }],
    });
    expect((await callServer(server, 'GET', `/v1/threads/${thread}`, { key: 'none', prefer: 'code=500' })).status).toBe(
      401,
    );
  });

  test('answers unknown routes 404 and wrong methods 405 with Allow', async () => {
    expect((await callServer(server, 'GET', '/v1/nowhere')).json).toMatchObject({ error_code: 'resource_not_found' });
    const wrong = await callServer(server, 'PUT', '/v1/threads');
    expect([wrong.status, wrong.headers.allow]).toEqual([405, 'GET, POST']);
    expect((await callServer(server, 'GET', `/v1/threads/${randomUUID()}`)).json).toMatchObject({
      error_code: 'thread_not_found',
    });
  });

  test('soft-deletes threads and pages lists with a cursor', async () => {
    const assistant = await firstAssistant(server);
    const userId = randomUUID();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await callServer(server, 'POST', '/v1/threads', {
        body: { assistant_id: assistant.id, user_id: userId },
      });
      ids.push((created.json as { id: string }).id);
    }
    const firstPage = (await callServer(server, 'GET', `/v1/threads?user_id=${userId}&limit=2`)).json as {
      cursor: string;
      items: Array<{ id: string }>;
    };
    expect(firstPage.items.map((t) => t.id)).toEqual([ids[2], ids[1]]);
    const secondPage = (
      await callServer(server, 'GET', `/v1/threads?user_id=${userId}&limit=2&cursor=${firstPage.cursor}`)
    ).json;
    expect(secondPage).toMatchObject({ cursor: null, items: [{ id: ids[0] }] });
    expect((await callServer(server, 'DELETE', `/v1/threads/${ids[0]}`)).status).toBe(204);
    expect((await callServer(server, 'GET', `/v1/threads/${ids[0]}`)).status).toBe(404);
    expect(
      (
        (await callServer(server, 'GET', `/v1/threads?user_id=${userId}&include_deleted=true`)).json as {
          items: unknown[];
        }
      ).items,
    ).toHaveLength(3);
  });
});

test.describe('reference server: each break breaks its promise', () => {
  for (const name of breakNames) {
    test(`${name} changes what the documented API answers`, async () => {
      const { probe, documented, rateLimit } = breakProbes[name];
      const correct = await startReferenceServer(rateLimit ? { rateLimit } : {});
      const broken = await startReferenceServer({ breaks: [name], ...(rateLimit ? { rateLimit } : {}) });
      try {
        expect(await probe(correct), 'the correct server keeps the promise').toEqual(documented);
        expect(await probe(broken), `the server with ${name} breaks it`).not.toEqual(documented);
      } finally {
        await Promise.all([correct.close(), broken.close()]);
      }
    });
  }
});

/** A fresh server with these readings, probed once. */
async function observe(point: ReadingPoint, readings: Partial<Readings> | undefined): Promise<string[]> {
  const server = await startReferenceServer(readings === undefined ? {} : { readings });
  try {
    return await readingProbes[point].probe(server);
  } finally {
    await server.close();
  }
}

test.describe('reference server: each reading changes its answers', () => {
  test.describe.configure({ mode: 'parallel' });
  for (const point of readingPoints) {
    const { base = {}, observed } = readingProbes[point] as {
      base?: Partial<Readings>;
      observed: Record<string, string[]>;
    };
    test(`${point}: every reading answers its own way`, async () => {
      const choices: readonly string[] = readingChoices[point];
      expect(Object.keys(observed).sort(), 'the probe table has a row per reading').toEqual([...choices].sort());
      const rows = new Set(choices.map((choice) => JSON.stringify(observed[choice])));
      expect(rows.size, 'no two readings answer alike').toBe(choices.length);
      for (const choice of choices)
        expect(await observe(point, { ...base, [point]: choice }), `${point}=${choice}`).toEqual(observed[choice]);
    });
  }

  test('the standard readings are the default, and answer as the server did before it had switches', async () => {
    for (const point of readingPoints) {
      const { base } = readingProbes[point];
      const standard = readingProbes[point].observed[standardReadings[point] as never] as string[];
      // Without options at all, or with the standard readings spelled out.
      expect(await observe(point, base), `${point} by default`).toEqual(standard);
      expect(await observe(point, { ...standardReadings, ...base }), `${point} spelled out`).toEqual(standard);
    }
  });

  test('takes a preset as it is: strict refuses an unnamed property, lenient creates with 200 and hides foreign threads', async () => {
    const strict = await startReferenceServer({ readings: strictReadings });
    const lenient = await startReferenceServer({ readings: lenientReadings });
    try {
      const thread = await threadWith(strict, [{ role: 'user', content: 'Frage' }]);
      expect(
        (await callServer(strict, 'POST', `/v1/threads/${thread}/run`, { body: { client_ref: 'x' } })).json,
      ).toMatchObject({
        error_code: 'validation_error',
        detail: [{ loc: ['body', 'client_ref'], type: 'extra_forbidden' }],
      });
      const created = await callServer(lenient, 'POST', '/v1/threads', {
        body: { assistant_id: (await firstAssistant(lenient)).id },
      });
      expect(created.status).toBe(200);
      const theirs = await callServer(lenient, 'POST', `/v1/threads/${(created.json as { id: string }).id}/run`, {
        key: 'other',
        body: {},
      });
      expect([theirs.status, theirs.json]).toMatchObject([404, { error_code: 'thread_not_found' }]);
    } finally {
      await Promise.all([strict.close(), lenient.close()]);
    }
  });

  test('the command line takes a preset and readings, and refuses a wrong one saying what it expected', async () => {
    expect(parseCliArgs(['--preset', 'strict', '--reading', 'nul=accept']).readings).toEqual({
      ...strictReadings,
      nul: 'accept',
    });
    expect(() => parseCliArgs(['--reading', 'nul=maybe'])).toThrow(/Expected --reading nul=<accept\|refuse>/);
    expect(() => parseCliArgs(['--reading', 'colour=red'])).toThrow(CliArgsError);
    expect(() => parseCliArgs(['--preset', 'loose'])).toThrow(/standard\|strict\|lenient/);
    const cli = resolve(import.meta.dirname, 'reference-server/cli.ts');
    const failed = await promisify(execFile)(process.execPath, [
      ...TYPESCRIPT_NODE,
      cli,
      '--reading',
      'nul=maybe',
    ]).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failed?.code, 'exit code').toBe(2);
    expect(failed?.stderr).toContain('Expected --reading nul=<accept|refuse>. Got "maybe"');
    expect(failed?.stderr, 'no stack trace').not.toMatch(/\n\s+at /);
  });
});

import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import { parse } from 'yaml';
import type { components } from '../../contracts/generated/api.ts';
import { DEFAULT_PAGE_LIMIT } from '../../contracts/mock/http/paging.ts';
import { MAX_BODY_BYTES } from '../../contracts/mock/http/read-body.ts';
import { test } from '../support/base-test.ts';
import { call, DEFAULTS } from './helpers/mock-client.ts';
import { startMock } from './helpers/start-mock.ts';

type Thread = components['schemas']['Thread'];
type Message = components['schemas']['Message'];
type Page<T> = { cursor: string | null; items: T[] };

const newThread = (url: string, extra: object = {}) =>
  call(url, 'POST', '/v1/threads', { json: { assistant_id: DEFAULTS.streamingAssistant, ...extra } }).then((r) =>
    r.json<Thread>(),
  );

test.describe('thread store', () => {
  test('forgets the least recently used thread past maxThreads', async () => {
    const mock = await startMock({ rateLimit: false, maxThreads: 3 });
    try {
      const [a, b, c] = [await newThread(mock.url), await newThread(mock.url), await newThread(mock.url)];
      expect((await call(mock.url, 'GET', `/v1/threads/${a.id}`)).status, 'touching a makes b the oldest').toBe(200);
      const d = await newThread(mock.url);
      expect((await call(mock.url, 'GET', `/v1/threads/${b.id}`)).status).toBe(404);
      for (const t of [a, c, d]) expect((await call(mock.url, 'GET', `/v1/threads/${t.id}`)).status).toBe(200);
    } finally {
      await mock.close();
    }
  });

  test('keeps the newest maxMessagesPerThread messages of a thread', async () => {
    const mock = await startMock({ rateLimit: false, maxMessagesPerThread: 4 });
    try {
      const t = await newThread(mock.url);
      for (let i = 1; i <= 6; i += 1)
        await call(mock.url, 'POST', `/v1/threads/${t.id}/messages`, { json: { role: 'user', content: `m${i}` } });
      const page = (await call(mock.url, 'GET', `/v1/threads/${t.id}/messages`)).json<Page<Message>>();
      expect(page.items.map((m) => m.content)).toEqual(['m6', 'm5', 'm4', 'm3']);
      expect((await call(mock.url, 'POST', `/v1/threads/${t.id}/run`, { json: {} })).status).toBe(200);
    } finally {
      await mock.close();
    }
  });

  test('pages threads newest first with a cursor, filters by user and hides deleted ones', async () => {
    const mock = await startMock({ rateLimit: false });
    try {
      const user = '9f0c5a2e-1b3d-4e6f-8a7b-0c1d2e3f4a5b';
      const made: Thread[] = [];
      for (let i = 0; i < 5; i += 1) made.push(await newThread(mock.url, i % 2 ? { user_id: user } : {}));
      await call(mock.url, 'DELETE', `/v1/threads/${made[4]?.id}`);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await call(mock.url, 'GET', `/v1/threads?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.problems).toEqual([]);
        const page = res.json<Page<Thread>>();
        seen.push(...page.items.map((t) => t.id));
        cursor = page.cursor;
      } while (cursor);
      expect(seen).toEqual(
        made
          .slice(0, 4)
          .reverse()
          .map((t) => t.id),
      );
      const all = (await call(mock.url, 'GET', '/v1/threads?include_deleted=true')).json<Page<Thread>>();
      expect(all.items).toHaveLength(5);
      const mine = (await call(mock.url, 'GET', `/v1/threads?user_id=${user}`)).json<Page<Thread>>();
      expect(mine.items.map((t) => t.id)).toEqual([made[3]?.id, made[1]?.id]);
      const upper = (await call(mock.url, 'GET', `/v1/threads?user_id=${user.toUpperCase()}`)).json<Page<Thread>>();
      expect(upper.items, 'user ids compare as uuids').toHaveLength(2);
    } finally {
      await mock.close();
    }
  });

  test('pages messages newest first, and deleting one changes the rules it fed', async () => {
    const mock = await startMock({ rateLimit: false });
    try {
      const t = await newThread(mock.url);
      const ids: string[] = [];
      for (let i = 1; i <= 5; i += 1)
        ids.push(
          (
            await call(mock.url, 'POST', `/v1/threads/${t.id}/messages`, { json: { role: 'user', content: `m${i}` } })
          ).json<Message>().id,
        );
      const first = (await call(mock.url, 'GET', `/v1/threads/${t.id}/messages?limit=3`)).json<Page<Message>>();
      const second = (await call(mock.url, 'GET', `/v1/threads/${t.id}/messages?limit=3&cursor=${first.cursor}`)).json<
        Page<Message>
      >();
      expect([...first.items, ...second.items].map((m) => m.content)).toEqual(['m5', 'm4', 'm3', 'm2', 'm1']);
      expect(second.cursor).toBeNull();
      for (const id of ids)
        expect((await call(mock.url, 'DELETE', `/v1/threads/${t.id}/messages/${id}`)).status).toBe(204);
      const run = await call(mock.url, 'POST', `/v1/threads/${t.id}/run`, { json: {} });
      // No message is left: Message Validation's list rule, 422.
      expect([run.status, run.json<{ error_code: string }>().error_code], 'no message is left').toEqual([
        422,
        'unprocessable_entity',
      ]);
    } finally {
      await mock.close();
    }
  });
});

test.describe('what the mock restates from the contract', () => {
  // Read when a test asks, not whenever Playwright lists the tests.
  const spec = () =>
    parse(readFileSync(new URL('../../contracts/openapi.yaml', import.meta.url), 'utf8')) as {
      components: {
        parameters: { Limit: { schema: { default: number } } };
        responses: { PayloadTooLarge: { 'x-assumed': string } };
      };
    };

  test('the default page size is the default of the Limit parameter', () => {
    expect(DEFAULT_PAGE_LIMIT).toBe(spec().components.parameters.Limit.schema.default);
  });

  test('the body limit is the 1 MiB the contract assumes', () => {
    expect(spec().components.responses.PayloadTooLarge['x-assumed']).toContain('1 MiB');
    expect(MAX_BODY_BYTES).toBe(1024 * 1024);
  });
});

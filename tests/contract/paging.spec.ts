// The documented paging and read-back cases, written by hand (issue 21; the generated tests draw
// the rest): List messages "ordered by creation date descending" with "cursor-based pagination",
// List threads filtered by `user_id` and `include_deleted` (default false), each page at most
// `limit` long, and a message read back as it was sent. The last cursor's form is open (decision
// 0071): null, absent, "" or a cursor whose page is empty all end a walk.
import { randomUUID } from 'node:crypto';
import { itemId, lastCursor, type Page, pagesDiffer } from '../../contracts/check/read-back.ts';
import { contentDiffers } from '../../contracts/check/read-back-content.ts';
import type { ApiClient } from '../../contracts/client/api-client.ts';
import type { components } from '../../contracts/generated/api.ts';
import { expect, test } from '../support/fixtures.ts';
import { expectSuccess } from '../support/promised-answers.ts';

type Message = components['schemas']['Message'];

/** Walks a listing's cursor from the first page; stops at the end, when `enough`, or after `maxPages`. */
async function walk(
  api: ApiClient,
  operationId: 'listMessages' | 'listThreads',
  request: { path?: { thread_id: string }; query: Record<string, string> },
  maxPages: number,
  enough: (pages: Page[]) => boolean = () => false,
): Promise<{ pages: Page[]; ended: boolean }> {
  const pages: Page[] = [];
  let cursor: string | undefined;
  while (pages.length < maxPages) {
    const query = cursor === undefined ? request.query : { ...request.query, cursor };
    const res = await api.call(operationId, { ...(request.path ? { path: request.path } : {}), query } as never);
    expectSuccess(res, `page ${pages.length + 1} of ${operationId} (${new URLSearchParams(query).toString()})`);
    const page = res.json<{ items: unknown[]; cursor?: unknown }>();
    pages.push({ items: page.items, cursor: page.cursor });
    if (lastCursor(page.cursor) || page.items.length === 0) return { pages, ended: true };
    if (enough(pages)) return { pages, ended: false };
    cursor = String(page.cursor);
  }
  return { pages, ended: false };
}

const ids = (pages: Page[]) => pages.flatMap((page) => page.items.map(itemId));

test.describe('Paging and read-back', () => {
  test('walks a thread of five messages with limit=2: every message once, newest first, no page over 2', async ({
    api,
    threads,
  }) => {
    const thread = await threads.create();
    const written: string[] = [];
    for (let n = 1; n <= 5; n++) {
      const added = await api.call('createMessage', {
        path: { thread_id: thread.id },
        body: { role: 'user', content: `Frage ${n}` },
      });
      expectSuccess(added, `adding message ${n}`);
      written.push(added.json<Message>().id);
    }
    const { pages, ended } = await walk(
      api,
      'listMessages',
      { path: { thread_id: thread.id }, query: { limit: '2' } },
      6,
    );
    expect(ended, `the walk ends within 6 pages (got pages of ${pages.map((p) => p.items.length).join(', ')})`).toBe(
      true,
    );
    expect(pagesDiffer(pages, 2), 'each page at most 2 long, no message twice').toBeUndefined();
    expect(ids(pages), 'every message once, newest first').toEqual([...written].reverse());
  });

  test('reads a message back exactly as sent: markup, quotes, combining marks, astral characters, 30,000 characters', async ({
    api,
    threads,
  }) => {
    const thread = await threads.create();
    const tricky = `<p class="q">Fristen & 'Kündigung'</p> Cafe\u0301 \u{1F600}\u{1D11E}`;
    // 30,000 characters of the Basic Multilingual Plane: one character is one UTF-16 unit, whatever "character" means.
    const long = `${'Kündigungsfrist '.repeat(1875)}`.slice(0, 30_000);
    const sent = [tricky, long];
    for (const content of sent) {
      const added = await api.call('createMessage', {
        path: { thread_id: thread.id },
        body: { role: 'user', content },
      });
      expectSuccess(added, `adding a message of ${content.length} characters`);
    }
    const { pages } = await walk(api, 'listMessages', { path: { thread_id: thread.id }, query: {} }, 3);
    const contents = pages.flatMap((page) => page.items as Message[]).map((m) => m.content);
    expect(contents).toHaveLength(2);
    expect(contentDiffers(long, contents[0]), 'the 30,000 characters read back').toBeUndefined();
    expect(contentDiffers(tricky, contents[1]), 'the markup and Unicode read back').toBeUndefined();
  });

  test("lists exactly a user's threads under user_id, walking limit=1, each once", async ({ api, threads }) => {
    const user = randomUUID();
    const mine = [];
    for (let n = 0; n < 3; n++) mine.push((await threads.create(undefined, { user_id: user })).id);
    const other = await threads.create(undefined, { user_id: randomUUID() });
    const { pages, ended } = await walk(api, 'listThreads', { query: { user_id: user, limit: '1' } }, 6);
    expect(ended, 'the walk ends within 6 pages').toBe(true);
    expect(pagesDiffer(pages, 1), 'each page at most 1 long, no thread twice').toBeUndefined();
    expect(ids(pages).sort(), "exactly the user's three threads").toEqual([...mine].sort());
    expect(ids(pages)).not.toContain(other.id);
  });

  test('lists a deleted thread only with include_deleted=true (default false)', async ({ api, threads }) => {
    const user = randomUUID();
    const thread = await threads.create(undefined, { user_id: user });
    expectSuccess(await api.call('deleteThread', { path: { thread_id: thread.id } }), 'deleting the thread');
    const queries: Array<Record<string, string>> = [{ user_id: user }, { user_id: user, include_deleted: 'false' }];
    for (const query of queries) {
      const { pages } = await walk(api, 'listThreads', { query }, 3);
      expect(ids(pages), `without include_deleted=true (${new URLSearchParams(query).toString()})`).not.toContain(
        thread.id,
      );
    }
    // Unfiltered: a deleted thread's user_id may be a placeholder (Data Deletion), which a user filter need not find.
    const found = (pages: Page[]) => ids(pages).includes(thread.id);
    const { pages, ended } = await walk(
      api,
      'listThreads',
      { query: { include_deleted: 'true', limit: '100' } },
      50,
      found,
    );
    expect(
      found(pages),
      ended
        ? 'the walk of every thread with include_deleted=true lists the deleted thread'
        : 'the deleted thread within 5,000 threads of the tenant (the walk stops there)',
    ).toBe(true);
  });
});

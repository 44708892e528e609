// The probes of the read-back and paging breaks (issue 21): what a read shows of what was
// written, observed the same way on the correct server and on the broken one.
import { randomUUID } from 'node:crypto';
import type { BreakProbe } from './break-probes.ts';
import { callServer, firstAssistant, threadWith } from './reference-client.ts';
import type { ReadBackBreak } from './reference-server/breaks.ts';
import type { ReferenceServer } from './reference-server/index.ts';

type Item = Record<string, unknown>;

async function messages(s: ReferenceServer, thread: string, query = ''): Promise<{ items: Item[]; cursor: unknown }> {
  return (await callServer(s, 'GET', `/v1/threads/${thread}/messages${query}`)).json as {
    items: Item[];
    cursor: unknown;
  };
}

async function thread(s: ReferenceServer, id: string): Promise<Item> {
  return (await callServer(s, 'GET', `/v1/threads/${id}`)).json as Item;
}

const users = async (s: ReferenceServer, query: string) =>
  ((await callServer(s, 'GET', `/v1/threads?${query}`)).json as { items: Item[] }).items.map((t) => t.id);

/** A thread of `user_id`, deleted when `deleted`. */
async function threadOf(s: ReferenceServer, user: string, deleted = false): Promise<string> {
  const created = await callServer(s, 'POST', '/v1/threads', {
    body: { assistant_id: (await firstAssistant(s)).id, user_id: user },
  });
  const id = (created.json as { id: string }).id;
  if (deleted) await callServer(s, 'DELETE', `/v1/threads/${id}`);
  return id;
}

const three = [1, 2, 3].map((n) => ({ role: 'user', content: `Frage ${n}` }));

/** The probes of the read-back and paging breaks. */
export const readBackProbes: Record<ReadBackBreak, BreakProbe> = {
  'generated-content-nfc-normalized': {
    probe: async (s) =>
      (await messages(s, await threadWith(s, [{ role: 'user', content: 'Cafe\u0301' }]))).items[0]?.content,
    documented: 'Cafe\u0301',
  },
  'generated-tool-arguments-reserialized': {
    probe: async (s) => {
      const call = {
        id: 'call_a',
        type: 'function',
        function: { name: 'lookup', arguments: '{"query":"BEM","page":1}' },
      };
      const id = await threadWith(s, [
        { role: 'user', content: 'Frage' },
        { role: 'assistant', content: '', tool_calls: [call] },
      ]);
      const calls = (await messages(s, id)).items[0]?.tool_calls as Array<{ function: { arguments: string } }>;
      return calls[0]?.function.arguments;
    },
    documented: '{"query":"BEM","page":1}',
  },
  'generated-last-updated-frozen': {
    probe: async (s) => {
      const id = await threadWith(s, []);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await callServer(s, 'POST', `/v1/threads/${id}/messages`, { body: { role: 'user', content: 'Frage' } });
      const read = await thread(s, id);
      return Date.parse(String(read.last_updated_at)) > Date.parse(String(read.created_at));
    },
    documented: true,
  },
  'generated-clock-hour-off': {
    probe: async (s) => {
      const created = Date.parse(
        String((await messages(s, await threadWith(s, three.slice(0, 1)))).items[0]?.created_at),
      );
      return Math.abs(created - Date.now()) < 60_000;
    },
    documented: true,
  },
  'generated-message-id-reused': {
    probe: async (s) => {
      const [a, b] = [await threadWith(s, three.slice(0, 1)), await threadWith(s, three.slice(0, 1))];
      return (await messages(s, a)).items[0]?.id === (await messages(s, b)).items[0]?.id;
    },
    documented: false,
  },
  'generated-limit-off-by-one': {
    probe: async (s) => (await messages(s, await threadWith(s, three), '?limit=2')).items.length,
    documented: 2,
  },
  'generated-cursor-repeats': {
    probe: async (s) => {
      const id = await threadWith(s, three);
      const first = await messages(s, id, '?limit=2');
      const second = await messages(s, id, `?limit=2&cursor=${String(first.cursor)}`);
      return [...first.items, ...second.items].map((m) => m.content);
    },
    documented: ['Frage 3', 'Frage 2', 'Frage 1'],
  },
  'generated-content-truncated': {
    probe: async (s) => {
      const read = await messages(s, await threadWith(s, [{ role: 'user', content: 'x'.repeat(12_000) }]));
      return String(read.items[0]?.content ?? '').length;
    },
    documented: 12_000,
  },
  'generated-content-html-escaped': {
    probe: async (s) =>
      (await messages(s, await threadWith(s, [{ role: 'user', content: 'a < b & "c"' }]))).items[0]?.content,
    documented: 'a < b & "c"',
  },
  'generated-astral-mangled': {
    probe: async (s) =>
      (await messages(s, await threadWith(s, [{ role: 'user', content: 'Danke \u{1F600}' }]))).items[0]?.content,
    documented: 'Danke \u{1F600}',
  },
  'generated-limit-ignored': {
    probe: async (s) => (await messages(s, await threadWith(s, three), '?limit=1')).items.length,
    documented: 1,
  },
  'generated-include-deleted-ignored': {
    probe: async (s) => {
      const user = randomUUID();
      const id = await threadOf(s, user, true);
      return (await users(s, 'include_deleted=true')).includes(id);
    },
    documented: true,
  },
  'generated-user-filter-ignored': {
    probe: async (s) => {
      await threadOf(s, randomUUID());
      return (await users(s, `user_id=${randomUUID()}`)).length;
    },
    documented: 0,
  },
};

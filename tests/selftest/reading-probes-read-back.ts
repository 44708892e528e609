// The probes of the read-back open points (decision 0071): how content is stored, how the last
// page ends a walk, and what a deleted thread's user shows.
import { randomUUID } from 'node:crypto';
import type { ReadingProbe } from './reading-probes-kit.ts';
import { callServer, firstAssistant, threadWith } from './reference-client.ts';

type Page = { items: Array<Record<string, unknown>>; cursor?: unknown };

/** The probes of the read-back points. */
export const readBackReadingProbes: {
  storedContent: ReadingProbe<'storedContent'>;
  lastCursor: ReadingProbe<'lastCursor'>;
  deletedUser: ReadingProbe<'deletedUser'>;
} = {
  storedContent: {
    probe: async (s) => {
      const thread = await threadWith(s, [{ role: 'user', content: '  Frage \n' }]);
      const page = (await callServer(s, 'GET', `/v1/threads/${thread}/messages`)).json as Page;
      return [JSON.stringify(page.items[0]?.content)];
    },
    observed: { 'as-sent': ['"  Frage \\n"'], stripped: ['"Frage"'] },
  },
  lastCursor: {
    probe: async (s) => {
      const thread = await threadWith(s, [{ role: 'user', content: 'Frage' }]);
      const page = (await callServer(s, 'GET', `/v1/threads/${thread}/messages?limit=1`)).json as Page;
      if (!('cursor' in page)) return ['no cursor'];
      if (page.cursor === null) return ['null'];
      const next = (await callServer(s, 'GET', `/v1/threads/${thread}/messages?limit=1&cursor=${String(page.cursor)}`))
        .json as Page;
      return [`a cursor to ${next.items.length} items`];
    },
    observed: { null: ['null'], absent: ['no cursor'], 'empty-page': ['a cursor to 0 items'] },
  },
  deletedUser: {
    probe: async (s) => {
      const user = randomUUID();
      const created = await callServer(s, 'POST', '/v1/threads', {
        body: { assistant_id: (await firstAssistant(s)).id, user_id: user },
      });
      const id = (created.json as { id: string }).id;
      await callServer(s, 'DELETE', `/v1/threads/${id}`);
      const all = (await callServer(s, 'GET', '/v1/threads?include_deleted=true')).json as Page;
      const mine = (await callServer(s, 'GET', `/v1/threads?include_deleted=true&user_id=${user}`)).json as Page;
      const shown = all.items.find((t) => t.id === id)?.user_id === user ? 'user kept' : 'placeholder';
      return [shown, `${mine.items.length} under the filter`];
    },
    observed: { original: ['user kept', '1 under the filter'], placeholder: ['placeholder', '0 under the filter'] },
  },
};

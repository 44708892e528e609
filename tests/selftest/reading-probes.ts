// For each open point, a probe and what it observes under each reading, so that a test can show
// every switch of the reference server really changes its answers (as break-probes.ts does for
// the breaks). The standard reading's row is what the server answered before it had switches.
import { randomUUID } from 'node:crypto';
import { add, outcome, question, type ReadingProbe, run, tools } from './reading-probes-kit.ts';
import { messageProbes } from './reading-probes-messages.ts';
import { readBackReadingProbes } from './reading-probes-read-back.ts';
import { callServer, firstAssistant, licensedAssistant, threadWith } from './reference-client.ts';
import type { ReadingPoint } from './reference-server/index.ts';

export { outcome, type ReadingProbe } from './reading-probes-kit.ts';

/** The probes, by point. */
export const readingProbes: { [P in ReadingPoint]: ReadingProbe<P> } = {
  ...messageProbes,
  ...readBackReadingProbes,
  toolChoice: {
    probe: async (s) => [
      await run(s, await threadWith(s, [question]), { tool_choice: 'auto' }),
      await run(s, await threadWith(s, [question]), {
        tools,
        tool_choice: { type: 'function', function: { name: 'other' } },
      }),
      await run(s, await threadWith(s, [question]), { tools: [], tool_choice: 'required' }),
      await run(s, await threadWith(s, [question]), { tools, tool_choice: 'required' }),
    ],
    observed: {
      accept: ['200', '200', '200', '200'],
      refuse: [
        '422 validation_error body.tool_choice',
        '422 validation_error body.tool_choice',
        '422 validation_error body.tool_choice',
        '200',
      ],
    },
  },
  toolNames: {
    probe: async (s) => {
      const named = (name: string) => [{ type: 'function', function: { name } }];
      // An assistant message follows a user message (Message Validation).
      const thread = await threadWith(s, [question]);
      return [
        await run(s, await threadWith(s, [question]), { tools: named('suche im gesetz') }),
        await run(s, await threadWith(s, [question]), { tools: named('lookup_2-b') }),
        await add(s, thread, {
          role: 'assistant',
          content: '',
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'Gesetz prüfen', arguments: '{}' } }],
        }),
      ];
    },
    observed: {
      any: ['200', '200', '201'],
      'chat-completions': [
        '422 validation_error body.tools.0.function.name',
        '200',
        '422 validation_error body.tool_calls.0.function.name',
      ],
    },
  },
  nul: {
    probe: async (s) => {
      const created = await callServer(s, 'POST', '/v1/threads', {
        body: { assistant_id: (await firstAssistant(s)).id, title: 'A\u0000B' },
      });
      return [
        await add(s, await threadWith(s, []), { role: 'user', content: 'Frage\u0000' }),
        outcome(created),
        await run(s, await threadWith(s, [question]), { meta_data: { note: 'x\u0000' } }),
        await add(s, await threadWith(s, []), { role: 'user', content: 'Frage\u001b' }),
      ];
    },
    observed: {
      accept: ['201', '201', '200', '201'],
      refuse: [
        '422 validation_error body.content',
        '422 validation_error body.title',
        '422 validation_error body.meta_data.note',
        '201',
      ],
    },
  },
  blankMetadata: {
    probe: async (s) => {
      const licensed = (await licensedAssistant(s)).id;
      const withLicence = async (licence: unknown) =>
        run(s, await threadWith(s, [question], licensed), { meta_data: { user_data: { licence } } });
      return [await withLicence(''), await withLicence('  '), await withLicence(undefined), await withLicence('L-1')];
    },
    observed: {
      'empty-only': [
        '422 request_metadata_missing_or_incomplete',
        '200',
        '422 request_metadata_missing_or_incomplete',
        '200',
      ],
      blank: [
        '422 request_metadata_missing_or_incomplete',
        '422 request_metadata_missing_or_incomplete',
        '422 request_metadata_missing_or_incomplete',
        '200',
      ],
      present: ['200', '200', '422 request_metadata_missing_or_incomplete', '200'],
    },
  },
  licenceType: {
    probe: async (s) => {
      const licensed = (await licensedAssistant(s)).id;
      const licence = { meta_data: { user_data: { licence: 42 } } };
      return [
        await run(s, await threadWith(s, [question], licensed), licence),
        await run(s, await threadWith(s, [question]), licence),
        await run(s, await threadWith(s, [question], licensed), { meta_data: { user_data: { licence: 'L-1' } } }),
      ];
    },
    observed: {
      refuse: [
        '422 validation_error body.meta_data.user_data.licence',
        '422 validation_error body.meta_data.user_data.licence',
        '200',
      ],
      present: ['200', '200', '200'],
      missing: ['422 request_metadata_missing_or_incomplete', '200', '200'],
    },
  },
  streamMetadata: {
    // The only assistant with required fields does not stream, which the documented order checks
    // first; in the reversed order the metadata comes before it.
    base: { ruleOrder: 'reversed' },
    probe: async (s) => [await run(s, await threadWith(s, [question], (await licensedAssistant(s)).id), {}, true)],
    observed: {
      enforce: ['422 request_metadata_missing_or_incomplete'],
      ignore: ['422 engine_does_not_support_streaming'],
    },
  },
  streamTools: {
    probe: async (s) => [
      await run(s, await threadWith(s, [question]), { tools }, true),
      await run(s, await threadWith(s, [question]), { tool_choice: 'none' }, true),
      await run(s, await threadWith(s, [question]), { tools }),
    ],
    observed: {
      accept: ['200', '200', '200'],
      refuse: ['422 validation_error body.tools', '422 validation_error body.tool_choice', '200'],
    },
  },
  wrongContentType: {
    probe: async (s) => {
      const thread = await threadWith(s, [question]);
      const send = async (contentType: string) =>
        outcome(
          await callServer(s, 'POST', `/v1/threads/${thread}/messages`, {
            body: { role: 'user', content: 'Und?' },
            contentType,
          }),
        );
      const runAs = async (contentType: string) =>
        outcome(
          await callServer(s, 'POST', `/v1/threads/${await threadWith(s, [question])}/run`, { body: {}, contentType }),
        );
      return [await send('text/plain'), await send('application/json; charset=utf-8'), await runAs('application/xml')];
    },
    observed: {
      read: ['201', '201', '200'],
      refuse: ['422 validation_error body', '201', '422 validation_error body'],
    },
  },
  ruleOrder: {
    probe: async (s) => {
      // No user message, no metadata, ending on nothing: three run rules broken at once.
      const empty = await threadWith(s, [], (await licensedAssistant(s)).id);
      // Empty content and a late system message: two message rules broken at once.
      return [await run(s, empty), await add(s, await threadWith(s, [question]), { role: 'system', content: '' })];
    },
    observed: {
      documented: ['422 request_metadata_missing_or_incomplete', '422 message_content_empty'],
      reversed: ['422 incorrect_stack_ending', '400 bad_request'],
    },
  },
  lookupOrder: {
    probe: async (s) => {
      const unknown = randomUUID();
      return [
        await run(s, unknown, { tools: 5 }),
        await run(s, unknown, {}, true),
        await add(s, unknown, { role: 'robot', content: 'x' }),
      ];
    },
    observed: {
      body: ['422 validation_error body.tools', '404 thread_not_found', '422 validation_error body.role'],
      thread: ['404 thread_not_found', '404 thread_not_found', '404 thread_not_found'],
    },
  },
  deletedCheck: {
    probe: async (s) => {
      const deleted = async (messages: unknown[]) => {
        const thread = await threadWith(s, messages);
        await callServer(s, 'DELETE', `/v1/threads/${thread}`);
        return thread;
      };
      return [
        await run(s, await deleted([question]), { tools: 5 }),
        await run(s, await deleted([])),
        await run(s, await deleted([question])),
        await add(s, await deleted([question]), { role: 'user', content: '' }),
        await add(s, await deleted([question]), { role: 'user', content: 'Noch da?' }),
        outcome(await callServer(s, 'GET', `/v1/threads/${await deleted([question])}`)),
      ];
    },
    observed: {
      // The body is validated before the thread is looked up (lookupOrder: body), deleted or not.
      first: [
        '422 validation_error body.tools',
        '404 thread_not_found',
        '404 thread_not_found',
        '404 thread_not_found',
        '404 thread_not_found',
        '404 thread_not_found',
      ],
      last: [
        '422 validation_error body.tools',
        '422 unprocessable_entity',
        '404 thread_not_found',
        '422 message_content_empty',
        '404 thread_not_found',
        '404 thread_not_found',
      ],
    },
  },
  foreignThread: {
    probe: async (s) => {
      const thread = await threadWith(s, [question]);
      return [
        outcome(await callServer(s, 'POST', `/v1/threads/${thread}/run`, { key: 'other', body: {} })),
        outcome(await callServer(s, 'POST', `/v1/threads/${thread}/run/stream`, { key: 'other', body: {} })),
        outcome(await callServer(s, 'GET', `/v1/threads/${thread}`, { key: 'other' })),
      ];
    },
    observed: {
      forbidden: ['403 assistant_not_available', '403 assistant_not_available', '404 thread_not_found'],
      'not-found': ['404 thread_not_found', '404 thread_not_found', '404 thread_not_found'],
    },
  },
  createdStatus: {
    probe: async (s) => {
      const created = await callServer(s, 'POST', '/v1/threads', {
        body: { assistant_id: (await firstAssistant(s)).id },
      });
      const thread = (created.json as { id: string }).id;
      return [outcome(created), await add(s, thread, question)];
    },
    observed: { '201': ['201', '201'], '200': ['200', '200'] },
  },
  deleteStatus: {
    probe: async (s) => {
      const thread = await threadWith(s, [question]);
      const message = (
        (await callServer(s, 'GET', `/v1/threads/${thread}/messages`)).json as { items: Array<{ id: string }> }
      ).items[0]?.id;
      const deletedMessage = await callServer(s, 'DELETE', `/v1/threads/${thread}/messages/${message}`);
      const deletedThread = await callServer(s, 'DELETE', `/v1/threads/${thread}`);
      return [deletedMessage, deletedThread].map(
        (res) => `${outcome(res)} ${res.text === '' ? 'empty' : 'with a body'}`,
      );
    },
    observed: { '204': ['204 empty', '204 empty'], '200': ['200 empty', '200 empty'] },
  },
};

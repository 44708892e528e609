import type { components } from '../../contracts/generated/api.ts';
import { expect, test } from '../support/fixtures.ts';

type RunResponse = components['schemas']['RunResponse'];
type Tool = components['schemas']['Tool'];

const LOOKUP: Tool = {
  type: 'function',
  function: {
    name: 'lookup_statute',
    description: 'Looks up a German statute by section',
    parameters: { type: 'object', properties: { query: { type: 'string' } } },
  },
};

test.describe('Create a run: tool calls', () => {
  test('completes a tool round trip: assistant tool call, then its tool message, then a run', async ({
    api,
    threads,
  }) => {
    const thread = await threads.withMessages([
      { role: 'user', content: 'Was sagt § 622 Abs. 3 BGB?' },
      {
        role: 'assistant',
        content: 'Ich schlage nach.',
        tool_calls: [
          {
            id: 'call_contract_1',
            type: 'function',
            function: { name: 'lookup_statute', arguments: '{"query":"§ 622 Abs. 3 BGB"}' },
          },
        ],
      },
      { role: 'tool', content: 'Probezeit: zwei Wochen Kündigungsfrist.', tool_call_id: 'call_contract_1' },
    ]);
    const res = await api.call('createRun', {
      path: { thread_id: thread.id },
      body: threads.runBody(undefined, { tools: [LOOKUP] }),
    });
    expect(res.status).toBe(200);
    const answer = res.json<RunResponse>();
    expect(answer.thread_id).toBe(thread.id);
    expect(answer.content.length, 'after the tool answered, the assistant answers in text').toBeGreaterThan(0);
  });

  test('answers with a tool call the thread can then satisfy when the run configures tools', { tag: '@mock' }, async ({
    api,
    threads,
  }) => {
    // The live model decides whether to call a tool; the mock's rule is deterministic.
    const thread = await threads.withMessages([{ role: 'user', content: 'Suche § 622 BGB.' }]);
    const res = await api.call('createRun', {
      path: { thread_id: thread.id },
      body: threads.runBody(undefined, { tools: [LOOKUP] }),
    });
    expect(res.status).toBe(200);
    const call = res.json<RunResponse>().tool_calls?.[0];
    expect(call?.function.name).toBe('lookup_statute');
    expect(JSON.parse(call?.function.arguments ?? 'null')).toEqual({ query: 'Suche § 622 BGB.' });

    const tool = await api.call('createMessage', {
      path: { thread_id: thread.id },
      body: { role: 'tool', content: '§ 622 BGB: Kündigungsfristen.', tool_call_id: call?.id ?? '' },
    });
    expect([200, 201]).toContain(tool.status);
    const final = await api.call('createRun', {
      path: { thread_id: thread.id },
      body: threads.runBody(undefined, { tools: [LOOKUP] }),
    });
    expect(final.status).toBe(200);
    expect(final.json<RunResponse>().content.length).toBeGreaterThan(0);
  });
});

import type { components } from '../../contracts/generated/api.ts';
import { expect, test } from '../support/fixtures.ts';
import { expectSuccess } from '../support/promised-answers.ts';

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
        // Message Validation: "content must be empty when tool_calls is present".
        role: 'assistant',
        content: '',
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
    expectSuccess(res, 'a run after the tool answered');
    const answer = res.json<RunResponse>();
    expect(answer.thread_id).toBe(thread.id);
    // Whether the model answers in text or calls a tool again is its own choice; either way the
    // answer keeps Message Validation's rule for assistant messages.
    if ((answer.tool_calls ?? []).length === 0)
      expect(answer.content.length, 'an assistant answer without tool_calls has content').toBeGreaterThan(0);
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
    expectSuccess(res, 'a run that configures tools');
    const call = res.json<RunResponse>().tool_calls?.[0];
    expect(call?.function.name).toBe('lookup_statute');
    expect(JSON.parse(call?.function.arguments ?? 'null')).toEqual({ query: 'Suche § 622 BGB.' });

    const tool = await api.call('createMessage', {
      path: { thread_id: thread.id },
      body: { role: 'tool', content: '§ 622 BGB: Kündigungsfristen.', tool_call_id: call?.id ?? '' },
    });
    expectSuccess(tool, 'the tool message answering the call');
    const final = await api.call('createRun', {
      path: { thread_id: thread.id },
      body: threads.runBody(undefined, { tools: [LOOKUP] }),
    });
    expectSuccess(final, 'the run after the tool answered');
    expect(final.json<RunResponse>().content.length).toBeGreaterThan(0);
  });
});

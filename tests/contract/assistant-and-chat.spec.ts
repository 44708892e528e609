// The success answers of Get an assistant and of chat completions (JSON and streamed), which no
// other contract test asked for: the operation coverage (tests/contract-coverage) found them unseen.
import { ndjsonLines } from '../../contracts/check/body-text.ts';
import type { components } from '../../contracts/generated/api.ts';
import { expect, test } from '../support/fixtures.ts';
import { expectSuccess } from '../support/promised-answers.ts';

type Assistant = components['schemas']['Assistant'];
type ChatCompletionResponse = components['schemas']['ChatCompletionResponse'];
type Chunk = components['schemas']['RunStreamChunk'];

const question = { role: 'user' as const, content: 'Wie lang ist die Kündigungsfrist in der Probezeit?' };

test.describe('Get an assistant', () => {
  test('answers each listed assistant by its id, as the list shows it', async ({ api, assistants }) => {
    for (const listed of assistants.all) {
      const res = await api.call('getAssistant', { path: { assistant_id: listed.id } });
      expectSuccess(res, `reading assistant ${listed.id}`);
      const one = res.json<Assistant>();
      expect(one.id).toBe(listed.id);
      expect(one.streaming, 'the same streaming flag as in the list').toBe(listed.streaming);
      expect(one.request_required_fields, 'the same required fields as in the list').toEqual(
        listed.request_required_fields,
      );
    }
  });
});

test.describe('Chat completions', () => {
  test('answers an assistant message, without a thread', async ({ api, assistants, threads }) => {
    const { meta_data } = threads.runBody();
    const res = await api.call('createChatCompletion', {
      body: { assistant_id: assistants.primary.id, messages: [question], ...(meta_data ? { meta_data } : {}) },
    });
    expectSuccess(res, 'a chat completion');
    expect(res.headers['content-type']).toMatch(/^application\/json\b/);
    const answer = res.json<ChatCompletionResponse>();
    expect(answer.role).toBe('assistant');
    expect(answer.content.trim().length + (answer.tool_calls?.length ?? 0), 'an answer with content').toBeGreaterThan(
      0,
    );
  });

  test('streamed: NDJSON chunks of one message that join into a non-empty answer', async ({
    api,
    assistants,
    threads,
  }) => {
    const streaming = assistants.primary.streaming ? assistants.primary : assistants.all.find((a) => a.streaming);
    test.skip(!streaming, 'the tenant has no streaming assistant');
    const { meta_data } = threads.runBody(streaming);
    const res = await api.call('createChatCompletionStream', {
      body: { assistant_id: streaming?.id, messages: [question], ...(meta_data ? { meta_data } : {}) },
    });
    expectSuccess(res, 'a streamed chat completion');
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson\b/);
    const chunks = ndjsonLines(res.text).map((line) => JSON.parse(line) as Chunk);
    expect(chunks.length).toBeGreaterThan(0);
    expect(new Set(chunks.map((c) => c.message_id)).size, 'one message_id for the whole answer').toBe(1);
    expect(
      chunks
        .map((c) => c.delta.content)
        .join('')
        .trim().length,
    ).toBeGreaterThan(0);
  });
});

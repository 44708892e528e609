import type { components } from '../../contracts/generated/api.ts';
import { expect, test } from '../support/fixtures.ts';

type Chunk = components['schemas']['RunStreamChunk'];

test.describe('Create a run, streamed', () => {
  test('streams NDJSON chunks that each conform and join into a non-empty answer', async ({ api, threads, assistants }) => {
    // The primary assistant (ASSISTANT_ID) when it streams, else the first that does.
    const streaming = assistants.primary.streaming ? assistants.primary : assistants.all.find((a) => a.streaming);
    test.skip(!streaming, 'the tenant has no streaming assistant');
    const thread = await threads.withMessages([{ role: 'user', content: 'Wie lang ist die Probezeit höchstens?' }], streaming);
    const res = await api.call('createRunStream', { path: { thread_id: thread.id }, body: threads.runBody(streaming) });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson\b/);
    const chunks = res.text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Chunk);
    expect(chunks.length).toBeGreaterThan(0);
    expect(new Set(chunks.map((c) => c.message_id)).size, 'one message_id for the whole answer').toBe(1);
    expect(chunks.every((c) => c.thread_id === thread.id), 'every chunk names the thread in the path').toBe(true);
    expect(chunks.map((c) => c.delta.content).join('').trim().length).toBeGreaterThan(0);
  });

  test('answers 422 engine_does_not_support_streaming for a non-streaming assistant', async ({ api, threads, assistants }) => {
    const assistant = assistants.nonStreaming;
    test.skip(!assistant, 'the tenant has no non-streaming assistant');
    const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }], assistant);
    const res = await api.call('createRunStream', { path: { thread_id: thread.id }, body: threads.runBody(assistant) });
    expect(res.status).toBe(422);
    expect(res.errorCode).toBe('engine_does_not_support_streaming');
  });
});

import { ndjsonLines } from '../../contracts/check/body-text.ts';
import { operationPath } from '../../contracts/check/operation-path.ts';
import type { components } from '../../contracts/generated/api.ts';
import { timeStream } from '../../load/probe/ndjson-stream.ts';
import { expect, test } from '../support/fixtures.ts';

type Chunk = components['schemas']['RunStreamChunk'];

test.describe('Create a run, streamed', () => {
  test('streams NDJSON chunks that each conform and join into a non-empty answer, and records the time to the first line', async ({
    api,
    threads,
    assistants,
    target,
  }) => {
    // The primary assistant (ASSISTANT_ID) when it streams, else the first that does.
    const streaming = assistants.primary.streaming ? assistants.primary : assistants.all.find((a) => a.streaming);
    test.skip(!streaming, 'the tenant has no streaming assistant');
    const thread = await threads.withMessages(
      [{ role: 'user', content: 'Wie lang ist die Probezeit höchstens?' }],
      streaming,
    );
    const res = await api.call('createRunStream', { path: { thread_id: thread.id }, body: threads.runBody(streaming) });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson\b/);
    const chunks = ndjsonLines(res.text).map((line) => JSON.parse(line) as Chunk);
    expect(chunks.length).toBeGreaterThan(0);
    expect(new Set(chunks.map((c) => c.message_id)).size, 'one message_id for the whole answer').toBe(1);
    expect(
      chunks.every((c) => c.thread_id === thread.id),
      'every chunk names the thread in the path',
    ).toBe(true);
    expect(
      chunks
        .map((c) => c.delta.content)
        .join('')
        .trim().length,
    ).toBeGreaterThan(0);

    // Time to the first NDJSON line, which the buffered answer above cannot show: one more question,
    // streamed line by line through the suite's transport (the key only on the wire, never in
    // Playwright) and checked by the same contract checker. Recorded, never asserted: speed is not a promise here.
    await api.call('createMessage', {
      path: { thread_id: thread.id },
      body: { role: 'user', content: 'Und die Kündigungsfrist?' },
    });
    const timing = await timeStream({
      url: `${target.baseURL}${operationPath('createRunStream', { thread_id: thread.id })}`,
      key: target.apiKey,
      limits: target.limits,
      body: JSON.stringify(threads.runBody(streaming)),
      redactValues: target.live,
      strict: target.strict,
    });
    const found = timing.violations.map((v) => `${v.title}${v.pointer ? ` at ${v.pointer}` : ''}: ${v.message}`);
    expect(found, 'the line-by-line stream keeps the contract').toEqual([]);
    expect(timing.status).toBe(200);
    const ms = (value: number | null): string => (value === null ? 'none' : `${Math.round(value * 10) / 10} ms`);
    test.info().annotations.push({
      type: 'time to first line',
      description: `${ms(timing.firstLineMs)} (headers ${ms(timing.headersMs)}, last line ${ms(timing.lastLineMs)}, ${timing.lines} lines)`,
    });
    const { headersMs, firstLineMs, lastLineMs, totalMs, lines, gapsMs } = timing;
    await test.info().attach('stream timing', {
      body: JSON.stringify({ headersMs, firstLineMs, lastLineMs, totalMs, lines, gapsMs }, null, 2),
      contentType: 'application/json',
    });
  });

  test('answers 422 engine_does_not_support_streaming for a non-streaming assistant', async ({
    api,
    threads,
    assistants,
  }) => {
    const assistant = assistants.nonStreaming;
    test.skip(!assistant, 'the tenant has no non-streaming assistant');
    const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }], assistant);
    const res = await api.call('createRunStream', { path: { thread_id: thread.id }, body: threads.runBody(assistant) });
    expect(res.status).toBe(422);
    expect(res.errorCode).toBe('engine_does_not_support_streaming');
  });
});

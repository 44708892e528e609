import { ndjsonLines } from '../../contracts/check/body-text.ts';
import { operationPath } from '../../contracts/check/operation-path.ts';
import { isSuccess } from '../../contracts/check/status-class.ts';
import type { components } from '../../contracts/generated/api.ts';
import { operations } from '../../contracts/generated/validators.js';
import { timeStream } from '../../load/probe/ndjson-stream.ts';
import { expect, test } from '../support/fixtures.ts';
import { expectRefusal, expectSuccess } from '../support/promised-answers.ts';

type Chunk = components['schemas']['RunStreamChunk'];

test.describe('Create a run, streamed', () => {
  test('streams NDJSON chunks that each conform and join into a non-empty answer, which the thread stores, and records the time to the first line', async ({
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
    expectSuccess(res, 'a run/stream of a thread ending on a user message');
    // The page says NDJSON; the pages' response tabs say application/json (the contract has both).
    const mediaType = res.headers['content-type']?.split(';')[0]?.trim();
    expect(
      operations.createRunStream.responses['200']?.contentTypes,
      'a content type the docs give run/stream',
    ).toContain(mediaType);
    const chunks = ndjsonLines(res.text).map((line) => JSON.parse(line) as Chunk);
    expect(chunks.length).toBeGreaterThan(0);
    expect(new Set(chunks.map((c) => c.message_id)).size, 'one message_id for the whole answer').toBe(1);
    expect(
      chunks.every((c) => c.thread_id === thread.id),
      'every chunk names the thread in the path',
    ).toBe(true);
    const joined = chunks.map((c) => c.delta.content).join('');
    expect(joined.trim().length).toBeGreaterThan(0);
    // The thread keeps the streamed answer as it keeps a plain run's: the newest message, an
    // assistant message holding the deltas joined (compared without a diff, which would print a
    // live answer into the reports).
    const listed = await api.call('listMessages', { path: { thread_id: thread.id } });
    expectSuccess(listed, 'listing the thread after the stream');
    const stored = listed.json<components['schemas']['MessagePage']>().items[0];
    expect(stored?.role, 'the streamed answer is stored as the newest message, an assistant message').toBe('assistant');
    expect(stored?.content === joined, "the stored answer holds the stream's deltas joined").toBe(true);

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
    expect(isSuccess(timing.status), `the line-by-line stream is answered with a 2xx. Got ${timing.status}.`).toBe(
      true,
    );
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

  test('refuses run/stream for a non-streaming assistant with engine_does_not_support_streaming', async ({
    api,
    threads,
    assistants,
  }) => {
    const assistant = assistants.nonStreaming;
    test.skip(!assistant, 'the tenant has no non-streaming assistant');
    const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }], assistant);
    const res = await api.call('createRunStream', { path: { thread_id: thread.id }, body: threads.runBody(assistant) });
    // Stream a run names the code; its status is a reading (the contract check reports it).
    expectRefusal(res, 'run/stream of an assistant that does not stream', {
      code: 'engine_does_not_support_streaming',
    });
  });
});

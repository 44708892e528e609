import type { components } from '../../contracts/generated/api.ts';
import { behaviourStatement } from '../../contracts/ledger/behaviour.ts';
import { compileAssistantSchema } from '../support/assistant-schema.ts';
import { expect, test } from '../support/fixtures.ts';
import { expectBehaviour, expectSuccess } from '../support/promised-answers.ts';

type RunResponse = components['schemas']['RunResponse'];

test.describe('Create a run: the answer', () => {
  test('answers with a conforming assistant message for a thread with a user message', async ({
    api,
    threads,
    assistants,
  }) => {
    const thread = await threads.withMessages([
      { role: 'user', content: 'Wie lang ist die Kündigungsfrist in der Probezeit?' },
    ]);
    const res = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() });

    expectSuccess(res, 'a run of a thread ending on a user message');
    expect(res.headers['content-type']).toMatch(/^application\/json\b/);
    const answer = res.json<RunResponse>();
    expect(answer.thread_id, 'thread_id must be the thread in the path').toBe(thread.id);
    expect(answer.role).toBe('assistant');
    // id (uuid) and created_at (date-time with zone) are checked by the contract already.
    expect(Number.isNaN(Date.parse(answer.created_at)), `created_at ${answer.created_at} parses with its zone`).toBe(
      false,
    );
    expect(answer.content.length, 'an answer without tools has text').toBeGreaterThan(0);
    // Each source's fields are the contract check's: which of them every source has is a reading.
    for (const source of answer.sources) expect(source.content.length).toBeGreaterThan(0);

    // meta_data also keeps the promise of the assistant's own schema, which only the API knows.
    const schema = compileAssistantSchema(assistants.primary.meta_data_response_schema);
    if (schema.contradictions.length > 0)
      test.info().annotations.push({
        type: 'docs contradiction',
        description: `meta_data_response_schema gives const and enum with no value in common at ${schema.contradictions.join(', ')}; those keywords are set aside, the rest holds`,
      });
    expect(
      schema.validate(answer.meta_data),
      `meta_data follows meta_data_response_schema: ${schema.errorsText()}`,
    ).toBe(true);
  });

  test('answers each turn of a multi-turn thread, with the run stored as the assistant turn', async ({
    api,
    threads,
    target,
  }) => {
    const thread = await threads.withMessages([
      { role: 'system', content: 'Antworte knapp.' },
      { role: 'user', content: 'Was regelt § 622 BGB?' },
    ]);
    const first = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() });
    expectSuccess(first, 'the first run');

    const follow = await api.call('createMessage', {
      path: { thread_id: thread.id },
      body: { role: 'user', content: 'Und für den Arbeitgeber?' },
    });
    expectSuccess(follow, 'the follow-up question');
    const second = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() });
    expectSuccess(second, 'the second run');
    const answer = second.json<RunResponse>();
    expect(answer.thread_id).toBe(thread.id);
    expect(answer.id).not.toBe(first.json<RunResponse>().id);

    const history = (await api.call('listMessages', { path: { thread_id: thread.id } })).json<
      components['schemas']['MessagePage']
    >();
    const roles = history.items.map((m) => m.role);
    expect(
      roles,
      'newest first: the second answer, the follow-up, the first answer, the question, the system message',
    ).toEqual(['assistant', 'user', 'assistant', 'user', 'system']);
    const stored = history.items[0];
    // That the stored answer keeps the run's id is our reading (x-assumed on createRun).
    expectBehaviour(target, {
      id: behaviourStatement('createRun'),
      agreed: stored?.id === answer.id,
      operationId: 'createRun',
      test: test.info().titlePath.slice(1).join(' > '),
      curl: second.curl,
      message: 'the newest message of the thread does not carry the id of the run',
    });
    // Compared without a diff: a diff would print live answers into the reports.
    expect(stored?.content === answer.content, 'the stored answer has the content of the run').toBe(true);
  });
});

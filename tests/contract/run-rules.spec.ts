import { expect, test } from '../support/fixtures.ts';

// Codes that would refuse a run for some other reason than the rule under test.
const NOT_A_RULE = [
  'incorrect_stack_ending',
  'request_metadata_missing_or_incomplete',
  'validation_error',
  'engine_does_not_support_streaming',
];
const TOOL_CALL = {
  id: 'call_rules_1',
  type: 'function' as const,
  function: { name: 'lookup_statute', arguments: '{}' },
};

test.describe('Create a run: the run rules', () => {
  test('refuses a thread without a user message with a 400 or 422', async ({ api, threads }) => {
    const thread = await threads.withMessages([{ role: 'system', content: 'Antworte knapp.' }]);
    const res = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() });
    expect([400, 422]).toContain(res.status);
    expect(
      NOT_A_RULE.filter((c) => c !== 'incorrect_stack_ending'),
      `refused for the rule, not for ${res.errorCode}`,
    ).not.toContain(res.errorCode);
  });

  test('refuses an empty thread with a 400 or 422', async ({ api, threads }) => {
    const thread = await threads.create();
    const res = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() });
    expect([400, 422]).toContain(res.status);
  });

  test('refuses an assistant tool call that has no tool message with a 400 or 422', async ({ api, threads }) => {
    // The thread ends on a user message, so the unanswered call is the only rule it breaks. An API
    // that reads "must be followed by" as "directly" refuses that user message already
    // (docs/decisions/0050): the rule is then enforced when the message is added.
    const thread = await threads.withMessages([
      { role: 'user', content: 'Was sagt § 622 BGB?' },
      { role: 'assistant', content: 'Ich schlage nach.', tool_calls: [TOOL_CALL] },
    ]);
    const next = await api.call('createMessage', {
      path: { thread_id: thread.id },
      body: { role: 'user', content: 'Und?' },
    });
    if (next.status === 400 || next.status === 422) {
      expect(NOT_A_RULE, `refused for the rule, not for ${next.errorCode}`).not.toContain(next.errorCode);
      return;
    }
    expect([200, 201], 'the user message is stored, or refused for the open call').toContain(next.status);
    const res = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() });
    expect([400, 422]).toContain(res.status);
    expect(NOT_A_RULE, `refused for the rule, not for ${res.errorCode}`).not.toContain(res.errorCode);
  });

  test('refuses a tool message without a matching tool call, at message creation or at run', async ({
    api,
    threads,
  }) => {
    const thread = await threads.withMessages([{ role: 'user', content: 'Was sagt § 622 BGB?' }]);
    const tool = await api.call('createMessage', {
      path: { thread_id: thread.id },
      body: { role: 'tool', content: 'Ergebnis', tool_call_id: 'call_that_never_was' },
    });
    if (tool.status === 400) {
      expect(tool.errorCode).toBe('tool_message_has_no_matching_tool_call');
      return;
    }
    // Accepted at creation: then the run must refuse the thread.
    expect([200, 201]).toContain(tool.status);
    const res = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() });
    expect([400, 422]).toContain(res.status);
  });

  test('answers 400 incorrect_stack_ending for a thread that ends on an assistant message', async ({
    api,
    threads,
  }) => {
    const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
    expect((await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() })).status).toBe(200);
    const again = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() });
    expect(again.status).toBe(400);
    expect(again.errorCode).toBe('incorrect_stack_ending');
  });

  test('answers 422 message_content_empty for a message with empty content', async ({ api, threads }) => {
    const thread = await threads.create();
    const res = await api.call('createMessage', {
      path: { thread_id: thread.id },
      body: { role: 'user', content: '' },
    });
    expect(res.status).toBe(422);
    expect(res.errorCode).toBe('message_content_empty');
  });
});

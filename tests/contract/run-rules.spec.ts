import { isRefusal } from '../../contracts/check/status-class.ts';
import { expect, test } from '../support/fixtures.ts';
import {
  answered,
  expectMessageRuleRefusal,
  expectRefusal,
  expectSuccess,
  isStackRuleRefusal,
} from '../support/promised-answers.ts';

// The rules of Create a run and Stream a run ("at least one user message", "an assistant message
// requesting tool calls must be followed by the corresponding tool messages", "for every tool
// message, a corresponding assistant message with the same tool_call_id must exist") and of
// Message Validation. The pages give most of them no status and no code: a refusal is what they
// promise, and the contract check reports the status and code an API chose. A rule may be kept
// when the message that breaks it is added or at the run (docs/decisions/0050).

// Codes that would name another cause than the thread: every run body carries the assistant's
// required metadata, and no run here is streamed.
const NOT_THE_THREAD = ['request_metadata_missing_or_incomplete', 'engine_does_not_support_streaming'];
// The same, for a thread that ends on a user or tool message, as the docs ask.
const NOT_THE_ENDING = [...NOT_THE_THREAD, 'incorrect_stack_ending'];
// Message Validation: "content must be empty when tool_calls is present".
const TOOL_CALL_MESSAGE = {
  role: 'assistant' as const,
  content: '',
  tool_calls: [
    { id: 'call_rules_1', type: 'function' as const, function: { name: 'lookup_statute', arguments: '{}' } },
  ],
};

test.describe('Create a run: the run rules', () => {
  test('refuses a thread without a user message', async ({ api, threads }) => {
    const thread = await threads.withMessages([{ role: 'system', content: 'Antworte knapp.' }]);
    const res = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() });
    // The thread also ends on a system message: incorrect_stack_ending names a rule it breaks too.
    expectRefusal(res, 'a run of a thread with only a system message', { notFor: NOT_THE_THREAD });
  });

  test('refuses an empty thread', async ({ api, threads }) => {
    const thread = await threads.create();
    const res = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() });
    expectRefusal(res, 'a run of a thread without messages', { notFor: NOT_THE_THREAD });
  });

  test('refuses an assistant tool call that has no tool message, when the next message is added or at the run', async ({
    api,
    threads,
  }) => {
    // The thread ends on a user message, so the unanswered call is the only rule it breaks. An API
    // that reads "must be followed by" as "directly" refuses that user message already: the rule
    // is then kept when the message is added.
    const thread = await threads.withMessages([{ role: 'user', content: 'Was sagt § 622 BGB?' }, TOOL_CALL_MESSAGE]);
    const next = await api.call('createMessage', {
      path: { thread_id: thread.id },
      body: { role: 'user', content: 'Und?' },
    });
    if (isRefusal(next.status)) {
      expectRefusal(next, 'a user message while a tool call is open', { notFor: NOT_THE_ENDING });
      return;
    }
    expectSuccess(next, 'the user message is stored, or refused for the open call');
    const res = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() });
    expectRefusal(res, 'a run with an unanswered tool call', { notFor: NOT_THE_ENDING });
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
    if (isRefusal(tool.status)) {
      // Create a message names the code for this case; its status is a reading.
      expectRefusal(tool, 'a tool message that answers no call', { code: 'tool_message_has_no_matching_tool_call' });
      return;
    }
    expectSuccess(tool, 'the tool message is stored, or refused');
    const res = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() });
    expectRefusal(res, 'a run with a tool message that answers no call', { notFor: NOT_THE_ENDING });
  });

  test('refuses a thread that ends on an assistant message', async ({ api, threads }) => {
    const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
    const first = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() });
    expectSuccess(first, 'the first run, of a thread ending on a user message');
    // The first run's answer is now the thread's last message.
    const again = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() });
    expect(
      isStackRuleRefusal(again, 'incorrect_stack_ending'),
      `Message Validation: "The last message must have role user or tool", a 422 (any body) or a refusal with incorrect_stack_ending, the code the newer chat page names. Got ${answered(again)}.`,
    ).toBe(true);
  });

  test('refuses a message with empty content with a 422, when it is added or at the run', async ({ api, threads }) => {
    const thread = await threads.create();
    const res = await api.call('createMessage', {
      path: { thread_id: thread.id },
      body: { role: 'user', content: '' },
    });
    if (!isRefusal(res.status)) {
      // Message Validation's rules hold for the stack a run answers, however it was built.
      expectSuccess(res, 'the empty message is stored, or refused');
      const run = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() });
      expectMessageRuleRefusal(run, 'a run of a thread whose only message is empty');
      return;
    }
    expectMessageRuleRefusal(res, 'a user message with empty content');
  });
});

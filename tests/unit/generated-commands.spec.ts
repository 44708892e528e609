// Each command of the generated tests on its own: when it applies, what it plans (the request and
// the answers the docs allow), what an accepted answer changes in the model, and how it names
// itself in a report. The draw that strings them together is pinned in generated-draw.spec.ts.
import { expect } from '@playwright/test';
import { storedAnswer } from '../../contracts/stateful/answers.ts';
import type { Body } from '../../contracts/stateful/bodies.ts';
import { AddMessage, type AddMessageData } from '../../contracts/stateful/commands/add-message.ts';
import { BadThreadId } from '../../contracts/stateful/commands/bad-thread-id.ts';
import { ChatThread } from '../../contracts/stateful/commands/chat-thread.ts';
import { type GeneratedCommand, MAX_THREADS } from '../../contracts/stateful/commands/command.ts';
import { CreateThread } from '../../contracts/stateful/commands/create-thread.ts';
import { DeleteMessage } from '../../contracts/stateful/commands/delete-message.ts';
import { DeleteThread } from '../../contracts/stateful/commands/delete-thread.ts';
import { ListMessages } from '../../contracts/stateful/commands/list-messages.ts';
import { OtherTenant } from '../../contracts/stateful/commands/other-tenant.ts';
import { Run } from '../../contracts/stateful/commands/run.ts';
import { Model, type World } from '../../contracts/stateful/model.ts';
import type { PlannedStep } from '../../contracts/stateful/planned-step.ts';
import { test } from '../support/base-test.ts';

const streaming = { id: '3f0c2a8e-5b1d-4c6e-9a7f-1b2c3d4e5f60', streaming: true, request_required_fields: {} };
const licensed = {
  id: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  streaming: false,
  request_required_fields: { __root__: ['user_data'], user_data: ['licence'] },
};

const valid = (value: Record<string, unknown> = {}): Body => ({ kind: 'valid', value });
const thread = (assistant = 0) => new CreateThread({ assistant, unknownAssistant: false, body: valid() });
const message = (data: Partial<AddMessageData> = {}) =>
  new AddMessage({ thread: 0, role: 'user', calls: [], body: valid({ content: 'Hello' }), ...data });
const call = (id: string) => ({ id, type: 'function' as const, function: { name: 'lookup', arguments: '{}' } });

let ids = 0;
/** Takes a command and the steps it plans after it, as if a target accepted what the model allows (with a fresh id). */
function take(model: Model, command: GeneratedCommand): PlannedStep {
  const planned = command.plan(model);
  let step: PlannedStep | undefined = planned;
  while (step) {
    if (step.verdict.mayAccept) step.onAccept(model, { id: `id-${++ids}` }, '{}');
    step = step.next?.(model);
  }
  return planned;
}

function model(given: Partial<World> = {}, ...commands: GeneratedCommand[]): Model {
  const out = new Model({
    assistants: [streaming, licensed],
    otherTenant: true,
    runCallsLeft: 10,
    planning: true,
    ...given,
  });
  for (const command of commands) take(out, command);
  return out;
}

const codes = (step: PlannedStep) => step.verdict.refusals.map((r) => `${r.status} ${r.code}`);
const sent = (step: PlannedStep) => JSON.parse(step.step.body?.text ?? 'null') as Record<string, unknown>;

test('create-thread: for the tenant assistant it picks, accepted; for an assistant of no tenant, refused', () => {
  const m = model();
  const mine = take(m, thread(1));
  expect(mine.step).toMatchObject({ operationId: 'createThread', label: 't1' });
  expect(sent(mine)).toEqual({ assistant_id: licensed.id });
  expect(mine.verdict).toEqual({ mayAccept: true, refusals: [] });
  expect(m.threads.map((t) => [t.label, t.id, t.assistant.id])).toEqual([['t1', `id-${ids}`, licensed.id]]);
  const stranger = new CreateThread({ assistant: 0, unknownAssistant: true, body: valid({ assistant_id: 'x' }) });
  const refused = stranger.plan(m);
  expect(sent(refused)).toEqual({ assistant_id: 'x' });
  // Not available to the tenant (the older page) or not found (the newer pages).
  expect([refused.verdict.mayAccept, codes(refused)]).toEqual([
    false,
    ['403 assistant_not_available', '404 assistant_not_found'],
  ]);
});

test(`create-thread: not taken once ${MAX_THREADS} threads are live`, () => {
  const full = model({}, thread(), thread(), thread());
  expect(thread().check(full)).toBe(false);
  take(full, new DeleteThread({ thread: 1 }));
  expect(thread().check(full)).toBe(true);
});

test('add-message: needs a thread; a user message on a live thread is accepted and stored', () => {
  expect(message().check(model())).toBe(false);
  const m = model({}, thread());
  const planned = take(m, message());
  expect(planned.step).toMatchObject({ operationId: 'createMessage', path: { thread_id: { ref: 't1' } }, label: 'm2' });
  expect(sent(planned)).toEqual({ content: 'Hello', role: 'user' });
  expect(planned.verdict.mayAccept).toBe(true);
  expect(m.threads[0]?.messages.map((x) => x.turn)).toEqual([{ role: 'user', content: 'Hello' }]);
});

test('add-message: a tool message for an open call goes to the thread that has one, and answers it', () => {
  const m = model({}, thread(), thread(), message({ thread: 1 }));
  const second = m.threads[1];
  take(
    m,
    message({
      thread: 1,
      role: 'assistant',
      calls: [call('c')],
      content: 'plain',
      body: valid({ content: 'Looking' }),
    }),
  );
  expect(second?.messages.at(-1)?.turn.content, 'a message that calls tools has empty content').toBe('');
  const written = second?.messages.at(-1)?.turn.tool_calls?.[0]?.id;
  expect(written, 'the call id is made unique to the sequence').toBe('c-1');
  const answer = take(m, message({ thread: 0, role: 'tool-open', body: valid({ content: '42', tool_call_id: 'x' }) }));
  expect(answer.step.path).toEqual({ thread_id: { ref: second?.label } });
  expect(sent(answer)).toMatchObject({ role: 'tool', tool_call_id: 'c-1' });
  expect(answer.verdict.mayAccept).toBe(true);
  expect(m.writtenCalls(second as NonNullable<typeof second>, false)).toEqual([]);
});

test('add-message: an assistant message whose calls are answered right away plans one tool message per call', () => {
  const m = model({}, thread(), message());
  const calls = [call('a'), call('b')];
  const first = message({
    role: 'assistant',
    calls,
    content: 'plain',
    body: valid({ content: 'x' }),
    replies: ['one', 'two'],
  }).plan(m);
  expect(sent(first)).toMatchObject({ content: '' });
  expect(first.verdict.mayAccept).toBe(true);
  first.onAccept(m, { id: 'assistant-id' }, '{}');
  const replies: unknown[] = [];
  const operations: string[] = [];
  for (let step = first.next?.(m); step; step = step.next?.(m)) {
    operations.push(step.step.operationId);
    if (step.step.operationId !== 'createMessage') break;
    replies.push(sent(step));
    step.onAccept(m, { id: `reply-${replies.length}` }, '{}');
  }
  expect(replies).toEqual([
    { role: 'tool', content: 'one', tool_call_id: 'a-1' },
    { role: 'tool', content: 'two', tool_call_id: 'b-2' },
  ]);
  // Then the calls and their answers are read back (issue 21).
  expect(operations).toEqual(['createMessage', 'createMessage', 'listMessages']);
});

test('run: a thread without a user message is refused (400 or 422, any code); with one it is accepted, then listed', () => {
  const m = model({}, thread());
  const bare = new Run({ thread: 0, stream: false, licence: undefined, body: { kind: 'none' } }).plan(m);
  expect(bare.verdict.mayAccept).toBe(false);
  expect(codes(bare)).toEqual(expect.arrayContaining(['400 *', '422 *']));
  // No body: an API may require one (the documented example sends {}), at 422.
  expect(codes(bare)).toContain('422 validation_error');
  take(m, message());
  const planned = new Run({ thread: 0, stream: true, licence: undefined, body: { kind: 'none' } }).plan(m);
  expect(planned.step).toMatchObject({ operationId: 'createRunStream', path: { thread_id: { ref: 't1' } } });
  expect(planned.verdict.mayAccept).toBe(true);
  planned.onAccept(m, undefined, '');
  expect(m.threads[0]?.messages.at(-1)?.turn.role).toBe('assistant');
  expect(planned.next?.(m)?.step).toEqual({ operationId: 'listMessages', path: { thread_id: { ref: 't1' } } });
});

test("run: the licence fills the assistant's required metadata; without it the run must be refused", () => {
  const m = model({}, thread(1), message());
  const run = (licence: string | undefined) => new Run({ thread: 0, stream: false, licence, body: valid() }).plan(m);
  const given = run('L-1');
  expect(sent(given)).toEqual({ meta_data: { user_data: { licence: 'L-1' } } });
  expect(given.verdict.mayAccept).toBe(true);
  const missing = run(undefined);
  expect([missing.verdict.mayAccept, codes(missing)]).toEqual([false, ['422 request_metadata_missing_or_incomplete']]);
});

test('run calls: each planned run spends one; once spent, no command that runs is taken, others still are', () => {
  const m = model({ runCallsLeft: 1 }, thread(), message());
  const run = new Run({ thread: 0, stream: false, licence: undefined, body: { kind: 'none' } });
  expect(run.check(m)).toBe(true);
  run.plan(m);
  expect(m.world.runCallsLeft).toBe(0);
  const badId = (op: 'createRun' | 'listMessages') =>
    new BadThreadId({ op, id: '00000000-0000-4000-8000-000000000001', valid: true, body: { kind: 'none' } });
  const other = (op: 'createRun' | 'createRunStream' | 'listMessages') =>
    new OtherTenant({ thread: 0, op, body: valid() });
  expect([run, badId('createRun'), other('createRun'), other('createRunStream')].map((c) => c.check(m))).toEqual([
    false,
    false,
    false,
    false,
  ]);
  expect(
    [badId('listMessages'), other('listMessages'), new ListMessages({ thread: 0 })].map((c) => c.check(m)),
  ).toEqual([true, true, true]);
});

test('delete-message: a held message is removed; an unknown id is message_not_found or thread_not_found; a malformed one a validation_error', () => {
  const m = model({}, thread(), message());
  const malformed = new DeleteMessage({ thread: 0, message: 0, unknownId: undefined, invalidId: 'not-a-uuid' }).plan(m);
  expect(malformed.step.path).toEqual({ thread_id: { ref: 't1' }, message_id: 'not-a-uuid' });
  expect(malformed.verdict).toMatchObject({ mayAccept: false, invalid: { kind: 'bad-format', field: ['message_id'] } });
  expect(codes(malformed)).toContain('422 validation_error');
  const unknown = new DeleteMessage({
    thread: 0,
    message: 0,
    unknownId: '00000000-0000-4000-8000-000000000002',
    invalidId: undefined,
  }).plan(m);
  expect([unknown.verdict.mayAccept, codes(unknown)]).toEqual([
    false,
    ['404 thread_not_found', '404 message_not_found'],
  ]);
  take(m, new DeleteMessage({ thread: 0, message: 0, unknownId: undefined, invalidId: undefined }));
  expect(m.threads[0]?.messages).toEqual([]);
});

test('delete-thread: accepted once; a step on the deleted thread must be refused (not found, or deactivated)', () => {
  const m = model({}, thread(), message());
  take(m, new DeleteThread({ thread: 0 }));
  expect(m.threads[0]?.deleted).toBe(true);
  const again = new DeleteThread({ thread: 0 }).plan(m);
  expect([again.verdict.mayAccept, codes(again)]).toEqual([
    false,
    ['404 thread_not_found', '400 thread_is_deactivated'],
  ]);
  const late = message().plan(m);
  expect(late.verdict.mayAccept).toBe(false);
  expect(codes(late)).toContain('404 thread_not_found');
});

test("other-tenant: only with the other tenant's key configured; refused, then a listing checks nothing changed", () => {
  const command = new OtherTenant({ thread: 0, op: 'createMessage', body: valid({ role: 'user', content: 'Hi' }) });
  expect(command.check(model({ otherTenant: false }, thread()))).toBe(false);
  // Against a target (not planning), where the listing's answer is compared with the model.
  const m = model({ planning: false }, thread());
  const planned = command.plan(m);
  expect(planned.step).toMatchObject({ operationId: 'createMessage', key: 'other' });
  expect(planned.verdict).toMatchObject({ mayAccept: false, tenant: true });
  expect(codes(planned)).toEqual(expect.arrayContaining(['404 thread_not_found', '422 validation_error']));
  const listing = planned.next?.(m);
  expect(listing?.step.key).toBeUndefined();
  expect(listing?.onAccept(m, { items: [] }, '')).toBeUndefined();
  expect(listing?.onAccept(m, { items: [{ id: 'someone-else' }] }, '')?.check).toBe('tenant-isolation');
});

test('each command names itself as the report, the shrunk path and the example database show it', () => {
  const cases: Array<[GeneratedCommand, string]> = [
    [thread(), 'create-thread(body=valid)'],
    [message({ thread: 2, role: 'tool-open', body: { kind: 'none' } }), 'add-message(thread 2, tool-open body=none)'],
    [
      message({ role: 'assistant', calls: [call('a')], replies: ['r'], body: { kind: 'not-json', text: '{' } }),
      'add-message(thread 0, assistant, 1 calls, answered body=not-json)',
    ],
    [
      new Run({
        thread: 1,
        stream: true,
        licence: 'L',
        body: { kind: 'invalid', invalid: { kind: 'wrong-type', field: ['tools', 0], value: {} } },
      }),
      'run/stream(thread 1, required metadata body=invalid(wrong-type@tools.0))',
    ],
    [new ListMessages({ thread: 4 }), 'list-messages(thread 4)'],
    [
      new DeleteMessage({ thread: 1, message: 2, unknownId: undefined, invalidId: undefined }),
      'delete-message(thread 1)',
    ],
    [new DeleteThread({ thread: 3 }), 'delete-thread(thread 3)'],
    [
      new BadThreadId({ op: 'createRun', id: 'x', valid: false, body: { kind: 'none' } }),
      'createRun(malformed thread id)',
    ],
    [new OtherTenant({ thread: 5, op: 'deleteThread', body: valid() }), 'other-tenant deleteThread(thread 5)'],
    [new ChatThread({ assistant: 1, question: 'q', licence: 'L', message: 'm' }), 'chat-thread(assistant 1)'],
    [message({ content: 'over-limit' }), 'add-message(thread 0, user, over-limit content body=valid)'],
  ];
  for (const [command, want] of cases) expect(String(command)).toBe(want);
});

test('answers: a run stores its JSON or NDJSON answer as an assistant message', () => {
  const call1 = call('call_1');
  expect(storedAnswer(JSON.stringify({ id: 'a1', content: '', tool_calls: [call1] }), false)).toEqual({
    id: 'a1',
    turn: { role: 'assistant', content: '', tool_calls: [call1], answer: true },
  });
  expect(storedAnswer(JSON.stringify({ id: 'a2', content: 'Hi', tool_calls: [] }), false).turn).toEqual({
    role: 'assistant',
    content: 'Hi',
    answer: true,
  });
  const ndjson = '{"message_id":"a3","delta":{"content":"Hel"}}\n\n{"message_id":"a3","delta":{"content":"lo"}}\n';
  expect(storedAnswer(ndjson, true)).toEqual({ id: 'a3', turn: { role: 'assistant', content: 'Hello', answer: true } });
  // A streamed tool call, in a line's delta (or beside it): the next run must see it unanswered.
  const called = `{"message_id":"a4","delta":{"content":"","tool_calls":[${JSON.stringify(call1)}]}}\n`;
  expect(storedAnswer(called, true).turn.tool_calls).toEqual([call1]);
});

test('add-message: content at the 30,000 characters is taken; one past it may be taken only if the run then refuses', () => {
  const m = model({}, thread(), message());
  const at = take(m, message({ content: 'at-limit' }));
  expect((sent(at).content as string).length).toBe(30_000);
  expect(at.verdict).toEqual({ mayAccept: true, refusals: [] });
  const over = take(m, message({ content: 'over-limit' }));
  expect((sent(over).content as string).length).toBe(30_001);
  // Message Validation may be enforced when the message is added (422, any code) or at the run.
  expect([over.verdict.mayAccept, codes(over)]).toEqual([true, ['422 *']]);
  const run = new Run({ thread: 0, stream: false, licence: undefined, body: valid() }).plan(m);
  expect(run.verdict.mayAccept, 'the stored stack breaks the length rule').toBe(false);
  expect(codes(run)).toContain('422 *');
});

test('add-message: a body that breaks an assumption only may be taken, and then the model holds it', () => {
  const m = model({}, thread(), message());
  // ToolCall's id has minLength 1 by assumption (the Chat Completions shape).
  const value = {
    role: 'assistant',
    content: '',
    tool_calls: [{ id: '', type: 'function', function: { name: 'f', arguments: '{}' } }],
  };
  const planned = take(
    m,
    message({
      role: 'assistant',
      body: { kind: 'invalid', invalid: { kind: 'too-short', field: ['tool_calls', 0, 'id'], value } },
    }),
  );
  expect(planned.verdict).toMatchObject({ mayAccept: true, invalid: { assumed: true } });
  expect(codes(planned)).toContain('422 validation_error');
  expect(m.threads[0]?.messages.at(-1)?.turn.tool_calls).toEqual(value.tool_calls);
  // Stored, the call has no id a tool message could name: open at the run, once the thread ends on
  // a user message again (a thread that ends on the assistant message breaks the documented
  // last-message rule, and that run must be refused).
  const run = () => new Run({ thread: 0, stream: false, licence: undefined, body: valid() }).plan(m);
  expect(run().verdict.mayAccept, 'the thread ends on the assistant message').toBe(false);
  take(m, message({ content: 'plain', text: 'Und?' }));
  expect(run().verdict.mayAccept).toBe(true);
  expect(run().verdict.refusals.map((r) => r.why)).toContain(
    'a stored tool call without an id of its own (its shape is assumed, so an API may have accepted it): an unanswerable call, or no call at all',
  );
  // A documented statement broken (the role's enum): refused, and nothing stored.
  const before = m.threads[0]?.messages.length;
  const role = { role: 'moderator', content: 'x' };
  const refused = take(
    m,
    message({ body: { kind: 'invalid', invalid: { kind: 'outside-enum', field: ['role'], value: role } } }),
  );
  expect(refused.verdict.mayAccept).toBe(false);
  expect(m.threads[0]?.messages.length).toBe(before);
});

test('chat-thread: a chat completion, then a message on the thread it answered with, which must be refused', () => {
  const m = model({ planning: false }, thread());
  const chat = new ChatThread({ assistant: 1, question: 'Frage', licence: 'L-1', message: 'Und?' });
  const planned = chat.plan(m);
  expect(planned.step.operationId).toBe('createChatCompletion');
  expect(sent(planned)).toEqual({
    assistant_id: licensed.id,
    messages: [{ role: 'user', content: 'Frage' }],
    meta_data: { user_data: { licence: 'L-1' } },
  });
  expect(planned.verdict).toEqual({ mayAccept: true, refusals: [] });
  // An answer without a thread (the older reading) leaves nothing to add to.
  planned.onAccept(m, { thread_id: null }, '{}');
  expect(planned.next?.(m)).toBeUndefined();
  planned.onAccept(m, { thread_id: 'chat-thread-1' }, '{}');
  const message = planned.next?.(m);
  expect(message?.step).toMatchObject({ operationId: 'createMessage', path: { thread_id: 'chat-thread-1' } });
  expect([message?.verdict.mayAccept, message && codes(message)]).toEqual([false, ['4xx *']]);
  expect(m.threads).toHaveLength(1);
});

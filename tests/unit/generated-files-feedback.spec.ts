// The generated tests' commands of the Feedback and Files pages on their own (issue 22): when each
// applies, what it plans (the request and the answers the docs allow), what an accepted answer
// changes in the model, and how it names itself. The draw is pinned in generated-draw.spec.ts.
import { expect } from '@playwright/test';
import { AddMessage } from '../../contracts/stateful/commands/add-message.ts';
import { AttachFile } from '../../contracts/stateful/commands/attach-file.ts';
import type { GeneratedCommand } from '../../contracts/stateful/commands/command.ts';
import { CreateThread } from '../../contracts/stateful/commands/create-thread.ts';
import { DeleteFeedback } from '../../contracts/stateful/commands/delete-feedback.ts';
import { DeleteFile } from '../../contracts/stateful/commands/delete-file.ts';
import { DeleteThread } from '../../contracts/stateful/commands/delete-thread.ts';
import { type FeedbackKind, GiveFeedback } from '../../contracts/stateful/commands/feedback.ts';
import { FeedbackReasons } from '../../contracts/stateful/commands/feedback-reasons.ts';
import { FileContent } from '../../contracts/stateful/commands/file-content.ts';
import { FileStatus, MAX_POLLS } from '../../contracts/stateful/commands/file-status.ts';
import { ListFiles } from '../../contracts/stateful/commands/list-files.ts';
import { Run } from '../../contracts/stateful/commands/run.ts';
import { UploadFile } from '../../contracts/stateful/commands/upload-file.ts';
import { Model } from '../../contracts/stateful/model.ts';
import type { PlannedStep } from '../../contracts/stateful/planned-step.ts';
import { filesOf, MAX_FILES } from '../../contracts/stateful/user-files.ts';
import { test } from '../support/base-test.ts';

const assistant = { id: '3f0c2a8e-5b1d-4c6e-9a7f-1b2c3d4e5f60', streaming: true, request_required_fields: {} };
const USER = '0b5e3c1a-2d4f-4a6b-8c7d-9e0f1a2b3c4d';
const OTHER = '1c6f4d2b-3e5a-4b7c-9d8e-0f1a2b3c4d5e';

let ids = 0;
/**
 * Takes a command and the steps it plans after it, as if a target accepted what the model allows
 * (with a fresh id; a status answer says `status`).
 */
/** Plans and accepts `command` as an API would answer it: every thread stored for `threadUser`. */
function take(
  model: Model,
  command: GeneratedCommand,
  status = 'PROCESSED',
  threadUser: string | null = USER,
): PlannedStep[] {
  const steps: PlannedStep[] = [];
  let step: PlannedStep | undefined = command.plan(model);
  while (step) {
    steps.push(step);
    if (step.verdict.mayAccept) {
      const id = `id-${++ids}`;
      const raw = step.step.operationId === 'createRun' ? JSON.stringify({ id, content: 'Drei Monate.' }) : '{}';
      step.onAccept(model, { id, processing_status: status, user_id: threadUser }, raw);
    }
    step = step.next?.(model);
  }
  return steps;
}

function model(planning = false): Model {
  return new Model({ assistants: [assistant], otherTenant: false, runCallsLeft: 10, planning });
}

const codes = (step: PlannedStep | undefined) => (step?.verdict.refusals ?? []).map((r) => `${r.status} ${r.code}`);
const sent = (step: PlannedStep | undefined) => JSON.parse(step?.step.body?.text ?? 'null') as Record<string, unknown>;

const thread = () => new CreateThread({ assistant: 0, unknownAssistant: false, body: { kind: 'valid', value: {} } });
const question = (role: 'user' | 'assistant' = 'user') =>
  new AddMessage({ thread: 0, role, calls: [], body: { kind: 'valid', value: { content: 'Frage' } } });
const answer = () => new Run({ thread: 0, stream: false, licence: undefined, body: { kind: 'valid', value: {} } });
const feedback = (kind: FeedbackKind, message: number, unknownId?: string) =>
  new GiveFeedback({ thread: 0, message, kind, comment: 'Zu allgemein.', unknownId });
const upload = (sameUser = false, newUser = USER) =>
  new UploadFile({ newUser, sameUser, file: 0, type: 'txt', text: 'Notice: three months.' });

/** A thread with a user message (index 0), the run's answer (1) and an assistant message the sequence wrote (2). */
function conversation(): Model {
  const m = model();
  for (const command of [thread(), question(), answer(), question('assistant')]) take(m, command);
  return m;
}

test.describe('feedback', () => {
  test("on a run's answer: accepted, the body as drawn, and the model holds it", () => {
    const m = conversation();
    const [step] = take(m, feedback('negative-with-comment', 1));
    expect(step?.step).toMatchObject({
      operationId: 'upsertFeedback',
      path: { thread_id: { ref: 't1' }, message_id: { ref: 'a3' } },
    });
    expect(sent(step)).toEqual({ feedback: 'negative', comment: 'Zu allgemein.' });
    expect(step?.verdict).toEqual({ mayAccept: true, refusals: [] });
    expect([...filesOf(m).feedback]).toEqual([['a3', 'negative']]);
  });

  const refused: Array<
    [string, { kind: FeedbackKind; message: number; unknownId?: string; want: string[]; accept: boolean }]
  > = [
    [
      'on a user message: refused, as invalid input or not found',
      {
        kind: 'positive',
        message: 0,
        want: ['400 invalid_input', '422 validation_error', '404 message_not_found'],
        accept: false,
      },
    ],
    [
      'positive with a comment: refused even on an answer',
      { kind: 'positive-with-comment', message: 1, want: ['400 invalid_input', '422 validation_error'], accept: false },
    ],
    [
      'on an assistant message the sequence wrote: the docs speak of answers, so either',
      {
        kind: 'positive',
        message: 2,
        want: ['400 invalid_input', '422 validation_error', '404 message_not_found'],
        accept: true,
      },
    ],
    [
      'on an id the thread does not hold: 404 message_not_found',
      {
        kind: 'negative',
        message: 1,
        unknownId: '9d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a',
        want: ['404 message_not_found'],
        accept: false,
      },
    ],
  ];
  for (const [name, { kind, message, unknownId, want, accept }] of refused)
    test(name, () => {
      const [step] = take(conversation(), feedback(kind, message, unknownId));
      expect(codes(step)).toEqual(want);
      expect(step?.verdict.mayAccept).toBe(accept);
    });

  test('on a deleted thread: the thread not found or deactivated, or the message not found', () => {
    const m = conversation();
    take(m, new DeleteThread({ thread: 0 }));
    const [step] = take(m, feedback('positive', 1));
    expect(codes(step)).toEqual(['404 thread_not_found', '400 thread_is_deactivated', '404 message_not_found']);
    expect(step?.verdict.mayAccept).toBe(false);
  });

  test('needs a thread with a message, unless it names an unknown id', () => {
    const m = model();
    take(m, thread());
    expect(feedback('positive', 0).check(m)).toBe(false);
    expect(feedback('positive', 0, '9d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a').check(m)).toBe(true);
  });

  test('deleting it: accepted where it is held and then forgotten; where none is held, done already or any refusal', () => {
    const m = conversation();
    take(m, feedback('positive', 1));
    const [held] = take(m, new DeleteFeedback({ thread: 0, message: 1, unknownId: undefined }));
    expect(held?.verdict).toEqual({ mayAccept: true, refusals: [] });
    expect(filesOf(m).feedback.size).toBe(0);
    const [again] = take(m, new DeleteFeedback({ thread: 0, message: 1, unknownId: undefined }));
    expect(again?.verdict.mayAccept).toBe(true);
    expect(codes(again), 'message_not_found, or any refusal under any code: the page says neither').toEqual([
      '404 message_not_found',
      '4xx *',
    ]);
  });

  test('the negative reasons: always answered', () => {
    const [step] = take(model(), new FeedbackReasons());
    expect(step?.step).toEqual({ operationId: 'listNegativeFeedbackReasons' });
    expect(step?.verdict).toEqual({ mayAccept: true, refusals: [] });
  });
});

test.describe('files', () => {
  test('an upload: a URL for the user, the bytes to the storage origin, then the status after a pause', () => {
    const m = model();
    const [issued, poll] = take(m, upload());
    expect(issued?.step).toEqual({
      operationId: 'getUploadUrl',
      query: { filename: 'agents-api-suite-generated-f1.txt', persist: 'false' },
      headers: { 'user-id': USER },
      label: 'f1',
      upload: { contentType: 'text/plain', text: 'Notice: three months.' },
    });
    expect(poll?.step).toEqual({
      operationId: 'getFileStatus',
      path: { file_id: { ref: 'f1' } },
      headers: { 'user-id': USER },
      pause: true,
    });
    expect(filesOf(m).files).toEqual([
      { label: 'f1', user: USER, name: 'agents-api-suite-generated-f1.txt', state: 'processed', deleted: false },
    ]);
  });

  test(`the status is polled until processing is done, at most ${MAX_POLLS} times`, () => {
    const polls = (status: string) =>
      take(model(), upload(), status).filter((s) => s.step.operationId === 'getFileStatus').length;
    expect(polls('PROCESSED')).toBe(1);
    expect(polls('PROCESSING')).toBe(MAX_POLLS);
    // Planning without a target (drift) knows no answer: one poll.
    expect(take(model(true), upload()).map((s) => s.step.operationId)).toEqual(['getUploadUrl', 'getFileStatus']);
  });

  test(`a later upload may be for the same user; none past ${MAX_FILES} files`, () => {
    const m = model();
    take(m, upload());
    take(m, upload(true, OTHER));
    expect(filesOf(m).files.map((f) => f.user)).toEqual([USER, USER]);
    take(m, upload(false, OTHER));
    expect(upload().check(m)).toBe(false);
  });

  test("another user asking for a file's status is refused: not found or forbidden", () => {
    const m = model();
    take(m, upload());
    const [step] = take(m, new FileStatus({ file: 0, otherUser: OTHER }));
    expect(step?.step.headers).toEqual({ 'user-id': OTHER });
    expect(codes(step)).toEqual(['404 attachment_document_does_not_exist', '403 attachment_access_forbidden']);
    expect(step?.verdict.mayAccept).toBe(false);
  });

  test('attached to a user message: the file id by a placeholder, accepted, and stored as the user message', () => {
    const m = model();
    for (const command of [thread(), question(), upload()]) take(m, command);
    const [step] = take(m, new AttachFile({ thread: 0, file: 0, content: 'Was steht drin?', otherUser: undefined }));
    expect(sent(step)).toEqual({
      role: 'user',
      content: 'Was steht drin?',
      attachments: [{ file_id: 'file:f3', user_id: USER }],
    });
    expect(step?.step.bodyRefs).toEqual({ 'file:f3': 'f3' });
    expect(step?.verdict).toEqual({ mayAccept: true, refusals: [] });
    expect(m.threads[0]?.messages.map((x) => x.turn.role)).toEqual(['user', 'user']);
  });

  test("in a thread stored for another end user, or for none, the file's refusals are allowed too (the docs leave it open)", () => {
    for (const threadUser of [OTHER, null]) {
      const m = model();
      take(m, thread(), 'PROCESSED', threadUser);
      take(m, upload());
      const [step] = take(m, new AttachFile({ thread: 0, file: 0, content: 'Frage', otherUser: undefined }));
      expect(step?.verdict.mayAccept).toBe(true);
      expect(codes(step)).toEqual(['404 attachment_document_does_not_exist', '403 attachment_access_forbidden']);
    }
  });

  test('the same file twice in a thread breaks "unique across the thread": 422', () => {
    const m = model();
    for (const command of [thread(), upload()]) take(m, command);
    const attach = new AttachFile({ thread: 0, file: 0, content: 'Noch einmal', otherUser: undefined });
    take(m, attach);
    const [again] = take(m, attach);
    expect(codes(again)).toEqual(['422 attachment_not_unique', '422 validation_error']);
    expect(again?.verdict.mayAccept).toBe(false);
  });

  test("a file still processing may be refused with 409 conflict; another user's or a deleted one must be refused", () => {
    const m = model();
    take(m, thread());
    take(m, upload(), 'PROCESSING');
    const [processing] = take(m, new AttachFile({ thread: 0, file: 0, content: 'Frage', otherUser: undefined }));
    expect(processing?.verdict.mayAccept).toBe(true);
    expect(codes(processing)).toEqual(['409 conflict']);

    const other = model();
    for (const command of [thread(), upload()]) take(other, command);
    const [foreign] = take(other, new AttachFile({ thread: 0, file: 0, content: 'Frage', otherUser: OTHER }));
    expect(codes(foreign)).toEqual(['404 attachment_document_does_not_exist', '403 attachment_access_forbidden']);
    expect(foreign?.verdict.mayAccept).toBe(false);
    take(other, new DeleteFile({ file: 0 }));
    const [deleted] = take(other, new AttachFile({ thread: 0, file: 0, content: 'Frage', otherUser: undefined }));
    expect(deleted?.verdict.mayAccept).toBe(false);
    expect(codes(deleted)).toContain('404 attachment_document_does_not_exist');
  });

  test('its text: accepted once processed, 409 conflict allowed before; deleting: once, then not found', () => {
    const m = model();
    take(m, upload(), 'PROCESSING');
    const [early] = take(m, new FileContent({ file: 0 }));
    expect(early?.step).toEqual({
      operationId: 'getFileContent',
      path: { file_id: { ref: 'f1' } },
      headers: { 'user-id': USER },
    });
    expect(codes(early)).toEqual(['409 conflict']);
    expect(early?.verdict.mayAccept).toBe(true);
    const [late] = take(m, new FileContent({ file: 0 }));
    expect(late?.verdict).toEqual({ mayAccept: true, refusals: [] });
    const [removed] = take(m, new DeleteFile({ file: 0 }));
    expect(removed?.verdict).toEqual({ mayAccept: true, refusals: [] });
    const [twice] = take(m, new DeleteFile({ file: 0 }));
    expect(codes(twice)).toEqual(['404 attachment_document_does_not_exist', '403 attachment_access_forbidden']);
    const [gone] = take(m, new FileContent({ file: 0 }));
    expect(gone?.verdict.mayAccept).toBe(false);
  });

  test("the files of a user: of one of the sequence's files, or a new user; page 1 of up to 100", () => {
    const fresh = model();
    const [none] = take(fresh, new ListFiles({ file: 0, newUser: OTHER }));
    expect(none?.step).toEqual({
      operationId: 'listFiles',
      query: { page: '1', limit: '100' },
      headers: { 'user-id': OTHER },
    });
    const m = model();
    take(m, upload());
    const [own] = take(m, new ListFiles({ file: 0, newUser: OTHER }));
    expect(own?.step.headers).toEqual({ 'user-id': USER });
  });

  test('commands on a file are taken only once the sequence has one', () => {
    const m = model();
    for (const command of [
      new FileStatus({ file: 0, otherUser: undefined }),
      new FileContent({ file: 0 }),
      new DeleteFile({ file: 0 }),
      new AttachFile({ thread: 0, file: 0, content: 'x', otherUser: undefined }),
    ])
      expect(command.check(m), command.toString()).toBe(false);
  });
});

test('each command names itself as the report, the shrunk path and the example database show it', () => {
  expect(
    [
      feedback('positive-with-comment', 1),
      feedback('negative', 0, '9d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a'),
      new DeleteFeedback({ thread: 1, message: 2, unknownId: undefined }),
      new FeedbackReasons(),
      upload(),
      upload(true),
      new FileStatus({ file: 1, otherUser: OTHER }),
      new AttachFile({ thread: 0, file: 2, content: 'x', otherUser: undefined }),
      new FileContent({ file: 0 }),
      new ListFiles({ file: 0, newUser: OTHER }),
      new DeleteFile({ file: 1 }),
    ].map(String),
  ).toEqual([
    'feedback(thread 0, message 1, positive-with-comment)',
    'feedback(thread 0, unknown message, negative)',
    'delete-feedback(thread 1, message 2)',
    'feedback-reasons',
    'upload-file(new user, txt)',
    'upload-file(user of file 0, txt)',
    'file-status(file 1, as another user)',
    'attach-file(thread 0, file 2)',
    'file-content(file 0)',
    'list-files(user of file 0)',
    'delete-file(file 1)',
  ]);
});

// The rules around files: the `user-id` header every files call needs, and the attachment rules
// of Message Validation (at most one attachment per user message, each unique across the thread;
// every violation is a 422). Where the docs do not say when a rule is checked, a refusal when the
// message is added and one at the run are both right.

import { operationIds, pathParams } from '../../contracts/check/operation-path.ts';
import { isSuccess } from '../../contracts/check/status-class.ts';
import { namesUser, USER_HEADER } from '../../contracts/check/tenant-scope.ts';
import type { ApiClient, ApiResult } from '../../contracts/client/api-client.ts';
import type { ThreadFactory } from '../support/fixtures.ts';
import { answered, expectRefusal, expectSuccess } from '../support/promised-answers.ts';
import { locsOf } from '../support/refusal-reading.ts';
import { expect, test } from '../support/user-files.ts';

type Attachment = { file_id: string; user_id?: string };

/**
 * Adds a user message with these attachments to a new thread that already holds `first` (when
 * given); returns the refusal, when the message or the run after it was refused.
 */
async function attachAndRun(
  api: ApiClient,
  threads: ThreadFactory,
  userId: string,
  attachments: Attachment[][],
): Promise<{ refusal?: ApiResult; at: string }> {
  const thread = await threads.create(undefined, { user_id: userId });
  for (const [i, list] of attachments.entries()) {
    const res = await api.call('createMessage', {
      path: { thread_id: thread.id },
      body: { role: 'user', content: `Frage ${i + 1} zu meiner Datei`, attachments: list },
    });
    if (res.status >= 400) return { refusal: res, at: `message ${i + 1}` };
    expectSuccess(res, `message ${i + 1}`);
  }
  const run = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() });
  return isSuccess(run.status) ? { at: 'the run' } : { refusal: run, at: 'the run' };
}

test.describe('Files: the user-id header', () => {
  for (const operationId of operationIds.filter(namesUser)) {
    test(`refuses a call without the user-id header, naming it: ${operationId}`, async ({ api, files }) => {
      // A file of ours where the path names one: the missing header is the only thing wrong.
      const file = pathParams(operationId).includes('file_id') ? await files.upload() : undefined;
      const res = await api.call(operationId, {
        ...(file ? { path: { file_id: file.fileId } } : {}),
        ...(operationId === 'getUploadUrl' ? { query: { filename: 'agents-api-suite.txt', persist: false } } : {}),
      });
      // Missing the header is the only thing wrong: a refusal of the key says something else.
      expectRefusal(res, `${operationId} without ${USER_HEADER}`, { notFor: ['unauthorized'] });
      const locs = locsOf(res);
      if (locs.length > 0)
        expect(
          locs.some((loc) => loc.includes(USER_HEADER)),
          `locs: ${locs.join(' | ')}`,
        ).toBe(true);
    });
  }
});

test.describe('Message Validation: attachments', () => {
  test('refuses the same file attached twice in a thread with a 422', async ({ api, files, threads }) => {
    const file = await files.upload();
    const same = { file_id: file.fileId, user_id: file.userId };
    const { refusal, at } = await attachAndRun(api, threads, file.userId, [[same], [same]]);
    expect(refusal?.status, `the second attachment of the file, refused at ${at}`).toBe(422);
  });

  test('refuses two attachments on one user message with a 422', async ({ api, files, threads }) => {
    const first = await files.upload();
    const second = await files.upload({ userId: first.userId });
    const { refusal, at } = await attachAndRun(api, threads, first.userId, [
      [
        { file_id: first.fileId, user_id: first.userId },
        { file_id: second.fileId, user_id: second.userId },
      ],
    ]);
    expect(refusal?.status, `two attachments on one message, refused at ${at}`).toBe(422);
  });

  test('accepts one attachment on each of two user messages of a thread', async ({ api, files, threads }) => {
    const first = await files.upload();
    const second = await files.upload({ userId: first.userId });
    const { refusal, at } = await attachAndRun(api, threads, first.userId, [
      [{ file_id: first.fileId, user_id: first.userId }],
      [{ file_id: second.fileId, user_id: second.userId }],
    ]);
    expect(refusal && answered(refusal), `two files, one a message: refused at ${at}`).toBeUndefined();
  });
});

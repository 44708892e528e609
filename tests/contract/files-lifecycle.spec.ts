// The file lifecycle of "Use Your Own Documents" end to end: an upload URL, the PUT to the
// storage origin (with no api-key: tests/unit/file-upload-origins.spec.ts checks the bytes each
// origin receives), the status until processing is done, the user's list, the extracted text, an
// attachment on a user message, a run, and the delete.
import type { components } from '../../contracts/generated/api.ts';
import { expectSuccess } from '../support/promised-answers.ts';
import { asUser, expect, processingStatusOf, test } from '../support/user-files.ts';

type UploadUrl = components['schemas']['UploadUrl'];
type FileList = components['schemas']['FileList'];
type Message = components['schemas']['Message'];

test.describe('Files: the lifecycle', () => {
  test('answers an upload URL with a file_id and the file limits of the guide', async ({ api }) => {
    const res = await api.call('getUploadUrl', {
      query: { filename: 'agents-api-suite-limits.txt', persist: false },
      headers: asUser('agents-api-suite-limits'),
    });
    expectSuccess(res, 'requesting an upload URL');
    const url = res.json<UploadUrl>();
    expect(['http:', 'https:'], 'file_url is where the file is PUT').toContain(new URL(url.file_url).protocol);
    // "Maximum file size: 10 MB" and the five supported types of the guide.
    expect(url.file_limits.max_size).toBe(10 * 1024 * 1024);
    expect(url.file_limits.allowed_types).toEqual(
      expect.arrayContaining([
        'application/pdf',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'text/csv',
        'text/plain',
      ]),
    );
    expect(url.expires_in, 'expires_in is seconds from now').toBeGreaterThan(0);
  });

  test('uploads, processes, lists, reads, attaches, runs on and deletes a file', async ({ api, files, threads }) => {
    const file = await files.upload();
    expect(file.status, 'processing ends in PROCESSED for a plain text file').toBe('PROCESSED');

    const listed = await api.call('listFiles', { headers: asUser(file.userId) });
    expectSuccess(listed, 'listing the files');
    const page = listed.json<FileList>();
    expect(
      page.files.find((f) => f.file_id === file.fileId)?.file_name,
      "the user's list holds the file under its name",
    ).toBe(file.fileName);
    expect(page.page, 'pages are 1-based').toBe(1);
    expect(page.total).toBeGreaterThanOrEqual(page.files.length);

    const text = await api.call('getFileContent', { path: { file_id: file.fileId }, headers: asUser(file.userId) });
    expectSuccess(text, 'reading the text of a file');
    expect(text.headers['content-type'], 'the extracted text is text/plain').toMatch(/^text\/plain\b/);
    expect(text.text.includes(file.secrets[2]?.value ?? '?'), 'the text of a .txt file is its content').toBe(true);

    const thread = await threads.create(undefined, { user_id: file.userId });
    const added = await api.call('createMessage', {
      path: { thread_id: thread.id },
      body: {
        role: 'user',
        content: 'Was steht in meiner Datei?',
        attachments: [{ file_id: file.fileId, user_id: file.userId }],
      },
    });
    expectSuccess(added, 'a processed file is attached to a user message');
    expect(added.json<Message>().role).toBe('user');
    const run = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() });
    expectSuccess(run, 'the run answers a thread with an attachment');

    const deleted = await api.call('deleteFile', { path: { file_id: file.fileId }, headers: asUser(file.userId) });
    expectSuccess(deleted, 'deleting the file');
    const after = await api.call('getFileStatus', { path: { file_id: file.fileId }, headers: asUser(file.userId) });
    expect(after.status, 'a deleted file has no status any more').toBeGreaterThanOrEqual(400);
    const relisted = await api.call('listFiles', { headers: asUser(file.userId) });
    expect(
      relisted.json<FileList>().files.some((f) => f.file_id === file.fileId),
      'a deleted file is gone from the list',
    ).toBe(false);
  });

  test('reports the status as processing until it is done, with its steps and warnings', async ({ api, files }) => {
    const file = await files.upload({ wait: false });
    const res = await api.call('getFileStatus', { path: { file_id: file.fileId }, headers: asUser(file.userId) });
    expectSuccess(res, 'reading the status of a file');
    expect(typeof processingStatusOf(res.json()), 'processing_status (or processingStatus) is named').toBe('string');
    expect(await files.waitUntilProcessed(file)).toBe('PROCESSED');
  });

  test('answers 1-based pages of at most limit files, with the total of the user', async ({ api, files }) => {
    // A new user: the two files are all there are.
    const first = await files.upload();
    const second = await files.upload({ userId: first.userId });
    const pages = [];
    for (const page of [1, 2]) {
      const res = await api.call('listFiles', { query: { page, limit: 1 }, headers: asUser(first.userId) });
      expectSuccess(res, `listing page ${page} of the files`);
      pages.push(res.json<FileList>());
    }
    expect(pages.map((p) => [p.page, p.limit, p.files.length, p.total])).toEqual([
      [1, 1, 1, 2],
      [2, 1, 1, 2],
    ]);
    expect(pages.flatMap((p) => p.files.map((f) => f.file_id)).sort(), 'the two pages hold the two files').toEqual(
      [first.fileId, second.fileId].sort(),
    );
  });
});

// Files of an end user for the contract tests (Use Your Own Documents): an upload URL, the PUT to
// the storage origin (contracts/client/file-upload.ts: no key goes there), and polling the status
// until processing is done. The `files` fixture deletes every file a test uploaded, also when the
// test fails, with the user that owns it.
import { randomUUID } from 'node:crypto';
import type { Secret } from '../../contracts/check/auth-checks.ts';
import { isSuccess } from '../../contracts/check/status-class.ts';
import type { ApiClient } from '../../contracts/client/api-client.ts';
import { FILE_BUSY, FILE_GONE, says } from '../../contracts/client/clean-up-answers.ts';
import { uploadFile } from '../../contracts/client/file-upload.ts';
import type { components } from '../../contracts/generated/api.ts';
import { test as base, expect } from './fixtures.ts';
import { expectSuccess } from './promised-answers.ts';

type UploadUrl = components['schemas']['UploadUrl'];

/** A file the test uploaded: its ids, name and text, and the values no other caller may see. */
export interface UserFile {
  fileId: string;
  userId: string;
  fileName: string;
  text: string;
  /** The processing status the last poll saw (PROCESSED when the file may be attached). */
  status: string | undefined;
  secrets: Secret[];
}

/** Uploads files for a test and deletes them afterwards. */
export interface FileFactory {
  /** Uploads a text file for `userId` (a new user by default) and waits until processing is done. */
  upload(options?: { userId?: string; text?: string; wait?: boolean }): Promise<UserFile>;
  /** Polls the status until it is no longer PROCESSING, or the poll deadline passes; returns the last one. */
  waitUntilProcessed(file: Pick<UserFile, 'fileId' | 'userId'>): Promise<string | undefined>;
}

/** The status of a status body: the example's processing_status, or the prose's processingStatus. */
export function processingStatusOf(body: unknown): string | undefined {
  const b = (body ?? {}) as { processing_status?: unknown; processingStatus?: unknown };
  const status = b.processing_status ?? b.processingStatus;
  return typeof status === 'string' ? status : undefined;
}

/** The `user-id` header of a user. */
export function asUser(userId: string): Record<string, string> {
  return { 'user-id': userId };
}

async function waitUntilProcessed(
  api: ApiClient,
  file: Pick<UserFile, 'fileId' | 'userId'>,
  deadlineMs: number,
): Promise<string | undefined> {
  const until = Date.now() + deadlineMs;
  let pause = 50;
  for (;;) {
    const res = await api.call('getFileStatus', { path: { file_id: file.fileId }, headers: asUser(file.userId) });
    expectSuccess(res, `polling the status of file ${file.fileId}`);
    const status = processingStatusOf(res.json());
    if (status !== 'PROCESSING' || Date.now() + pause > until) return status;
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 2_000);
  }
}

/** Playwright's test with the contract fixtures and `files`. */
export const test = base.extend<{ files: FileFactory }>({
  files: async ({ api, target }, use) => {
    const uploaded: Array<{ fileId: string; userId: string }> = [];
    // A live API may take a while to scan and extract: the poll ends well inside the test's timeout.
    const deadlineMs = target.live ? 90_000 : 10_000;
    const factory: FileFactory = {
      async upload(options = {}) {
        const userId = options.userId ?? randomUUID();
        const marker = randomUUID();
        const fileName = `agents-api-suite-${marker}.txt`;
        const text =
          options.text ?? `agents-api-suite private file ${marker}\nKündigungsfrist in der Probezeit: zwei Wochen.\n`;
        // persist=false: should the delete below fail, the API removes the file after 24 hours.
        const signed = await api.call('getUploadUrl', {
          query: { filename: fileName, persist: false },
          headers: asUser(userId),
        });
        expectSuccess(signed, 'requesting an upload URL');
        const url = signed.json<UploadUrl>();
        uploaded.push({ fileId: url.file_id, userId });
        const put = await uploadFile(url.file_url, Buffer.from(text, 'utf8'), 'text/plain', {
          limits: target.limits,
          live: target.live,
        });
        expect(put.status, `the PUT to the storage origin (${put.curl})`).toBeGreaterThanOrEqual(200);
        expect(put.status, `the PUT to the storage origin (${put.curl})`).toBeLessThan(300);
        const file: UserFile = {
          fileId: url.file_id,
          userId,
          fileName,
          text,
          status: undefined,
          secrets: [
            { label: 'the file id', value: url.file_id },
            { label: 'the file name', value: fileName },
            { label: 'the file text', value: `agents-api-suite private file ${marker}` },
          ],
        };
        if (options.wait !== false) file.status = await waitUntilProcessed(api, file, deadlineMs);
        return file;
      },
      waitUntilProcessed: (file) => waitUntilProcessed(api, file, deadlineMs),
    };
    await use(factory);
    const failures: string[] = [];
    for (const { fileId, userId } of uploaded) {
      try {
        const remove = () => api.call('deleteFile', { path: { file_id: fileId }, headers: asUser(userId) });
        let res = await remove();
        // Still being processed: wait until it is done, then delete it again.
        if (says(res.status, res.errorCode, FILE_BUSY)) {
          await waitUntilProcessed(api, { fileId, userId }, deadlineMs);
          res = await remove();
        }
        // The test deleted it already: 404, or the code the page names for a file that is not there.
        if (!isSuccess(res.status) && !says(res.status, res.errorCode, FILE_GONE))
          failures.push(`file ${fileId}: ${res.status}${res.errorCode ? ` ${res.errorCode}` : ''}`);
      } catch (error) {
        failures.push(`file ${fileId}: ${(error as Error).message}`);
      }
    }
    expect(failures, 'deleting the files this test uploaded').toEqual([]);
  },
});

export { expect };

// The generated tests' file steps through the one StepRunner (issue 22): an upload URL's file_id is
// a label, its bytes go to the storage origin with no key (a tap in front of each origin keeps what
// it received), a body names the file by a placeholder the runner fills in, a poll pauses, a
// refused upload stops the step, and cleanup() deletes the files the steps uploaded, as their user.
import { expect } from '@playwright/test';
import { HttpStepRunner, StepSendError } from '../../contracts/client/http-step-runner.ts';
import { targetFromEnv } from '../../contracts/client/target.ts';
import { test } from '../support/base-test.ts';
import { startTappedMock } from './helpers/tcp-tap.ts';

const KEY = `step-runner-canary-${process.pid}-7e31`;
const USER = { 'user-id': 'step-runner-files-user' };

async function setUp(refusingStorage = false) {
  // A storage that refuses every upload: its tap forwards to the API, which has no such route.
  const { apiTap, storageTap, close } = await startTappedMock(KEY, refusingStorage ? 'api' : 'storage');
  const target = targetFromEnv({
    BASE_URL: apiTap.url,
    API_KEY: KEY,
    LIVE_MAX_RPS: '1000',
    LIVE_MAX_RPM: '100000',
    POLL_PAUSE_MS: '150',
  });
  const sleeps: number[] = [];
  const clock = {
    now: () => Date.now(),
    sleep: (ms: number) => {
      sleeps.push(ms);
      return new Promise<void>((resolve) => setTimeout(resolve, ms));
    },
  };
  const runner = new HttpStepRunner(target, { clock });
  return {
    runner,
    sleeps,
    apiTap,
    storageTap,
    close,
  };
}

test('uploads to the storage origin with no key, labels the file_id, fills a body placeholder, pauses a poll, and cleanup deletes the file as its user', async () => {
  const s = await setUp();
  try {
    const issued = await s.runner.send({
      operationId: 'getUploadUrl',
      query: { filename: 'runner.txt', persist: 'false' },
      headers: USER,
      label: 'f1',
      upload: { contentType: 'text/plain', text: 'Inhalt aus dem Runner' },
    });
    expect(issued.status).toBe(200);
    expect(issued.upload?.status).toBe(200);
    expect(issued.upload?.origin).toBe(s.storageTap.url);
    const fileId = (JSON.parse(issued.body) as { file_id: string }).file_id;
    expect(s.runner.idOf('f1'), 'the label holds the file_id').toBe(fileId);
    expect(issued.curl.split('\n')[1], 'the curl lines end with the upload, without its signed query').toMatch(
      /^curl .*-X PUT '.*\/uploads\/[^?']*\?<signed query>'.*# the signed query is in file_url$/,
    );

    const polled = await s.runner.send({
      operationId: 'getFileStatus',
      path: { file_id: { ref: 'f1' } },
      headers: USER,
      pause: true,
    });
    expect(s.sleeps, "the poll paused first, the target's pause (POLL_PAUSE_MS)").toContain(150);
    expect(JSON.parse(polled.body)).toMatchObject({ processing_status: 'PROCESSED' });

    const assistants = await s.runner.send({ operationId: 'listAssistants' });
    const [assistant] = JSON.parse(assistants.body) as Array<{ id: string }>;
    await s.runner.send({
      operationId: 'createThread',
      body: { text: JSON.stringify({ assistant_id: assistant?.id }) },
      label: 't',
    });
    const body = {
      role: 'user',
      content: 'Was steht drin?',
      attachments: [{ file_id: 'file:f1', user_id: USER['user-id'] }],
    };
    const attached = await s.runner.send({
      operationId: 'createMessage',
      path: { thread_id: { ref: 't' } },
      body: { text: JSON.stringify(body) },
      bodyRefs: { 'file:f1': 'f1' },
    });
    expect(attached.status, attached.body).toBe(201);
    expect(attached.body.includes(fileId), 'the placeholder was sent as the file id').toBe(true);
    expect(attached.body.includes('file:f1')).toBe(false);

    const toStorage = s.storageTap.received();
    expect(toStorage.startsWith('PUT /uploads/'), 'the storage received the upload').toBe(true);
    expect(toStorage.includes('Inhalt aus dem Runner'), 'with the bytes of the file').toBe(true);
    expect(toStorage.includes(KEY), 'the storage origin never received the key').toBe(false);
    expect(/^api-key:/im.test(toStorage), 'nor an api-key header of any value').toBe(false);
    const apiRequests = s.apiTap
      .received()
      .split(/\r\n\r\n/)
      .filter((part) => /^(GET|PUT|POST|DELETE) /m.test(part));
    for (const head of apiRequests) expect(head.toLowerCase().includes(`api-key: ${KEY}`.toLowerCase())).toBe(true);
    expect(
      apiRequests.some((head) => head.startsWith('PUT ')),
      'the upload never went to the API',
    ).toBe(false);

    expect(await s.runner.cleanup()).toEqual([]);
    const after = await s.runner.send({ operationId: 'getFileStatus', path: { file_id: fileId }, headers: USER });
    expect(after.status, 'cleanup deleted the file, as its user').toBe(404);
    expect(s.apiTap.received()).toContain(`DELETE /v1/files/${fileId}`);
  } finally {
    await s.close();
  }
});

test('a refused upload stops the step with the storage status and a curl line that holds no key', async () => {
  const s = await setUp(true);
  try {
    const error = await s.runner
      .send({
        operationId: 'getUploadUrl',
        query: { filename: 'refused.txt', persist: 'false' },
        headers: USER,
        upload: { contentType: 'text/plain', text: 'x' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepSendError);
    const message = (error as Error).message;
    expect(message).toMatch(/^The storage origin answered 40\d to the upload to http:\/\/127\.0\.0\.1:\d+\/uploads\//);
    expect(message).toContain('Reproduce: curl');
    expect(message.includes(KEY)).toBe(false);
    // The file was issued: cleanup deletes it (404 for a file never uploaded is fine).
    expect(await s.runner.cleanup()).toEqual([]);
  } finally {
    await s.close();
  }
});

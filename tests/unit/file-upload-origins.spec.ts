// The file lifecycle sends the key to the API's origin only: a tap in front of each origin (the
// API, and the storage origin that upload URLs name) records the bytes it receives, and the key is
// in every request to the API and in none to the storage.

import { expect } from '@playwright/test';
import { ApiClient } from '../../contracts/client/api-client.ts';
import { uploadFile } from '../../contracts/client/file-upload.ts';
import { targetFromEnv } from '../../contracts/client/target.ts';
import type { components } from '../../contracts/generated/api.ts';
import { storageOriginOf } from '../../contracts/mock/build.ts';
import { test } from '../support/base-test.ts';
import { useScratchReportDir } from '../support/scratch-report-dir.ts';
import { startTappedMock } from './helpers/tcp-tap.ts';

type UploadUrl = components['schemas']['UploadUrl'];

useScratchReportDir(test, 'file-upload-origins');

const KEY = `origin-canary-${process.pid}-41c2`;

test('the lifecycle sends the key to the API origin only, never to the storage origin of the upload URL', async ({}, testInfo) => {
  const { mock, apiTap, storageTap, close } = await startTappedMock(KEY);
  try {
    // Upload URLs name the tap; the tap forwards to the storage listener's own address.
    expect(storageOriginOf(mock)).toBe(storageTap.url);
    const target = targetFromEnv({ BASE_URL: apiTap.url, API_KEY: KEY, LIVE_MAX_RPS: '1000', LIVE_MAX_RPM: '100000' });
    const api = new ApiClient(target, testInfo);
    const user = { 'user-id': 'origin-test-user' };
    const signed = await api.call('getUploadUrl', { query: { filename: 'origins.txt' }, headers: user });
    const url = signed.json<UploadUrl>();
    expect(new URL(url.file_url).origin, 'the upload URL names the storage origin').toBe(storageTap.url);
    const put = await uploadFile(url.file_url, Buffer.from('Inhalt der Datei', 'utf8'), 'text/plain', {
      limits: target.limits,
      live: target.live,
    });
    expect(put.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await api.call('getFileStatus', { path: { file_id: url.file_id }, headers: user })).status).toBe(200);
    expect((await api.call('getFileContent', { path: { file_id: url.file_id }, headers: user })).text).toBe(
      'Inhalt der Datei',
    );

    const toApi = apiTap.received();
    const toStorage = storageTap.received();
    // Every request to the API carries the key; none to the storage does, in any header or the URL.
    const apiRequests = toApi.split(/\r\n\r\n/).filter((part) => /^(GET|PUT|POST|DELETE) /m.test(part));
    expect(apiRequests.length).toBeGreaterThanOrEqual(3);
    for (const head of apiRequests) expect(head.toLowerCase().includes(`api-key: ${KEY}`.toLowerCase())).toBe(true);
    expect(toStorage.startsWith('PUT /uploads/'), 'the storage received the upload').toBe(true);
    expect(toStorage.includes('Inhalt der Datei'), 'with the bytes of the file').toBe(true);
    expect(toStorage.includes(KEY), 'the storage origin never received the key').toBe(false);
    expect(/^api-key:/im.test(toStorage), 'nor an api-key header of any value').toBe(false);
  } finally {
    await close();
  }
});

// The file lifecycle sends the key to the API's origin only: a tap in front of each origin (the
// API, and the storage origin that upload URLs name) records the bytes it receives, and the key is
// in every request to the API and in none to the storage.

import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { expect, test } from '@playwright/test';
import { ApiClient } from '../../contracts/client/api-client.ts';
import { uploadFile } from '../../contracts/client/file-upload.ts';
import { targetFromEnv } from '../../contracts/client/target.ts';
import type { components } from '../../contracts/generated/api.ts';
import { build, storageListenerOf, storageOriginOf } from '../../contracts/mock/build.ts';
import { DEFAULT_CONFIG_URL, type MockConfig } from '../../contracts/mock/config/mock-config.ts';
import { useScratchReportDir } from '../support/scratch-report-dir.ts';

type UploadUrl = components['schemas']['UploadUrl'];

useScratchReportDir(test, 'file-upload-origins');

const KEY = `origin-canary-${process.pid}-41c2`;

/** A TCP tap: forwards every connection to `upstream()` and keeps every byte the client sent. */
async function tap(upstream: () => string): Promise<{ url: string; received: () => string; close(): Promise<void> }> {
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const { hostname, port } = new URL(upstream());
    const origin = connect(Number(port), hostname);
    sockets.add(client).add(origin);
    client.on('data', (chunk: Buffer) => chunks.push(chunk));
    client.pipe(origin).pipe(client);
    client.on('error', () => origin.destroy());
    origin.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => Buffer.concat(chunks).toString('latin1'),
    // The client's kept-alive connections would hold close() open: they end with the test.
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

test('the lifecycle sends the key to the API origin only, never to the storage origin of the upload URL', async ({}, testInfo) => {
  const config = JSON.parse(readFileSync(DEFAULT_CONFIG_URL, 'utf8')) as MockConfig;
  const [main] = config.tenants;
  if (!main) throw new Error('Expected the default mock config to have a tenant.');
  main.keys = [KEY];
  let storageUpstream = '';
  const storageTap = await tap(() => storageUpstream);
  const mock = build({ config, rateLimit: false, storage: { publicOrigin: storageTap.url } });
  await new Promise<void>((resolve) => mock.listen(0, '127.0.0.1', resolve));
  const mockUrl = `http://127.0.0.1:${(mock.address() as AddressInfo).port}`;
  const apiTap = await tap(() => mockUrl);
  try {
    // Upload URLs name the tap; the tap forwards to the storage listener's own address.
    expect(storageOriginOf(mock)).toBe(storageTap.url);
    await expect.poll(() => storageListenerOf(mock)).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    storageUpstream = storageListenerOf(mock) ?? '';
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
    await apiTap.close();
    await storageTap.close();
    await new Promise<void>((resolve) => {
      mock.close(() => resolve());
      mock.closeAllConnections();
    });
  }
});

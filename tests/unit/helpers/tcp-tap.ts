// A TCP tap in front of an origin: it forwards every connection and keeps every byte the client
// sent, so that a test can say what reached which origin (the key to the API only); and the mock
// behind a tap for its API and one for its storage origin.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { build, storageListenerOf } from '../../../contracts/mock/build.ts';
import { DEFAULT_CONFIG_URL, type MockConfig } from '../../../contracts/mock/config/mock-config.ts';

/** A TCP tap: forwards every connection to `upstream()` and keeps every byte the client sent. */
export async function tap(
  upstream: () => string,
): Promise<{ url: string; received: () => string; close(): Promise<void> }> {
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

/** The mock behind two taps: one in front of the API, one in front of the storage origin its upload URLs name. */
export interface TappedMock {
  mock: ReturnType<typeof build>;
  apiTap: Tap;
  storageTap: Tap;
  close(): Promise<void>;
}

type Tap = Awaited<ReturnType<typeof tap>>;

/**
 * Starts the mock with `key` as its main tenant's key, its upload URLs naming the storage tap.
 * `storage: 'api'` makes the storage tap forward to the API instead, a storage that refuses every
 * upload (the API has no such route).
 */
export async function startTappedMock(key: string, storage: 'storage' | 'api' = 'storage'): Promise<TappedMock> {
  const config = JSON.parse(readFileSync(DEFAULT_CONFIG_URL, 'utf8')) as MockConfig;
  const [main] = config.tenants;
  if (!main) throw new Error('Expected the default mock config to have a tenant.');
  main.keys = [key];
  let storageUpstream = '';
  const storageTap = await tap(() => storageUpstream);
  const mock = build({ config, rateLimit: false, storage: { publicOrigin: storageTap.url } });
  await new Promise<void>((resolve) => mock.listen(0, '127.0.0.1', resolve));
  const mockUrl = `http://127.0.0.1:${(mock.address() as AddressInfo).port}`;
  const apiTap = await tap(() => mockUrl);
  // The storage listener starts beside the API: its address is known once it listens.
  for (let waited = 0; storageListenerOf(mock) === undefined && waited < 5_000; waited += 10)
    await new Promise((resolve) => setTimeout(resolve, 10));
  storageUpstream = storage === 'api' ? mockUrl : (storageListenerOf(mock) ?? '');
  return {
    mock,
    apiTap,
    storageTap,
    close: async () => {
      await apiTap.close();
      await storageTap.close();
      await new Promise<void>((resolve) => {
        mock.close(() => resolve());
        mock.closeAllConnections();
      });
    },
  };
}

// build(options) returns the mock as an http.Server that is not listening (fastify's split):
// tests listen on port 0, the CLI on 4010, the bench in a child process.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { operations } from '../generated/validators.js';
import { seededRandom } from '../lib/seeded-random.ts';
import type { MockState } from './handlers/call.ts';
import { handlers } from './handlers/index.ts';
import { FaultInjector } from './http/faults.ts';
import { requestListener } from './http/pipeline.ts';
import { Router } from './http/router.ts';
import { latencyModel } from './limits/latency.ts';
import { RateLimiter } from './limits/rate-limiter.ts';
import { type MockOptions, type ResolvedOptions, resolveOptions } from './options.ts';
import { storageListener } from './storage/storage-server.ts';
import { UploadUrls } from './storage/upload-urls.ts';
import { FeedbackStore } from './store/feedback-store.ts';
import { FileStore } from './store/file-store.ts';
import { ThreadStore } from './store/thread-store.ts';

export type { MockOptions } from './options.ts';

/** The answer to a request line Node could not parse: still a JSON error body, then the socket closes. */
function onClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const body = JSON.stringify({
    error_code: 'bad_request',
    detail: tooLarge ? 'Request headers too large.' : 'Malformed HTTP request.',
  });
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** The storage side of each mock server: what its upload URLs name, and where its listener listens. */
const storages = new WeakMap<Server, { uploads: UploadUrls; listening?: string }>();

/** Where a mock's upload URLs point: its storage listener, or the public origin it was given. */
export function storageOriginOf(server: Server): string | undefined {
  return storages.get(server)?.uploads.origin;
}

/** Where a mock's storage listener itself listens, once it does (behind a public origin, that origin's upstream). */
export function storageListenerOf(server: Server): string | undefined {
  return storages.get(server)?.listening;
}

/**
 * The storage origin beside the API: a second listener, as a bucket is, on the API's address. It
 * listens when the API does and closes with it, so that build()'s one server is still all a caller
 * starts and stops.
 */
function attachStorage(server: Server, state: MockState, resolved: ResolvedOptions): void {
  const storage = createServer(storageListener(state.files, state.uploads, resolved.clock));
  const side: { uploads: UploadUrls; listening?: string } = { uploads: state.uploads };
  storages.set(server, side);
  // Upload URLs name no origin while the listener is down: GET /v1/files/signed-url says so (503).
  storage.on('error', (error) => resolved.onInternalError(error));
  server.on('listening', () => {
    const { address, family } = server.address() as AddressInfo;
    storage.listen(resolved.storage.port, address, () => {
      const { port } = storage.address() as AddressInfo;
      side.listening = `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
      state.uploads.origin ??= side.listening;
    });
  });
  server.on('close', () => {
    storage.close();
    storage.closeAllConnections();
  });
}

/** A server for already resolved options (the CLI resolves them once to print them too). */
export function createMockServer(resolved: ResolvedOptions): Server {
  const state: MockState = {
    tenants: resolved.tenants,
    store: new ThreadStore(resolved),
    clock: resolved.clock,
    files: new FileStore({ maxFiles: resolved.maxThreads, processingMs: resolved.fileProcessingMs }),
    feedback: new FeedbackStore(resolved.maxThreads),
    uploads: new UploadUrls(resolved.storage.publicOrigin),
  };
  // Separate streams, so that the latency sequence does not depend on how often faults are drawn.
  const latencyRandom = seededRandom(resolved.seed);
  const faultRandom = seededRandom(resolved.seed ^ 0x9e3779b9);
  const server = createServer(
    { keepAliveTimeout: 65_000 },
    requestListener({
      state,
      router: new Router(operations),
      handlers,
      limiter: resolved.rateLimit ? new RateLimiter(resolved.rateLimit, resolved.clock) : undefined,
      faults: new FaultInjector(resolved.faults, faultRandom, resolved.nominalLimits),
      latency: latencyModel(resolved.latency, latencyRandom),
      onInternalError: resolved.onInternalError,
    }),
  );
  server.on('clientError', onClientError);
  attachStorage(server, state, resolved);
  return server;
}

/** The mock agents API as an http.Server, not listening. Throws on bad options, saying what to fix. */
export function build(options: MockOptions = {}): Server {
  return createMockServer(resolveOptions(options));
}

// Entry point: starts the API server and its storage origin (for signed upload URLs).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppState } from './context.ts';
import { createDispatcher } from './dispatcher.ts';
import { FeedbackStore } from './feedback-store.ts';
import { FileStore } from './file-store.ts';
import { MessageStore } from './message-store.ts';
import { RateLimiter } from './rate-limiter.ts';
import { createStorageHandler, UploadSigner } from './storage-server.ts';
import { ThreadStore } from './thread-store.ts';

export interface JudgeOptions {
  host?: string;
  port?: number;
  rateLimits?: boolean;
  storagePort?: number;
}
export interface RunningJudge {
  url: string;
  storageUrl: string;
  close(): Promise<void>;
}

function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
    });
  });
}

function shut(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startJudge(options: JudgeOptions = {}): Promise<RunningJudge> {
  const host = options.host ?? '127.0.0.1';
  const signer = new UploadSigner();
  const files = new FileStore();
  const app: AppState = {
    threads: new ThreadStore(),
    messages: new MessageStore(),
    feedback: new FeedbackStore(),
    files,
    uploadUrl: (fileId, expiresAtMs) => signer.url(fileId, expiresAtMs),
  };
  const storage = createServer(createStorageHandler(files, signer));
  const api = createServer(createDispatcher(app, new RateLimiter(options.rateLimits ?? true)));
  // Abandoned clients must not hold the process open forever.
  for (const server of [storage, api]) {
    server.requestTimeout = 30_000;
    server.headersTimeout = 10_000;
  }
  signer.origin = await listen(storage, host, options.storagePort ?? 0);
  let url: string;
  try {
    url = await listen(api, host, options.port ?? 0);
  } catch (error) {
    await shut(storage);
    throw error;
  }
  return {
    url,
    storageUrl: signer.origin,
    close: async () => {
      await Promise.all([shut(api), shut(storage)]);
    },
  };
}

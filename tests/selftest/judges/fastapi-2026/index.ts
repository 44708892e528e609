// Entry point: starts the API origin and the storage origin (both on 127.0.0.1 only).
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiHandler } from './app.ts';
import { assistantRoutes } from './assistants.ts';
import type { Route, Urls } from './context.ts';
import { feedbackRoutes } from './feedback.ts';
import { fileRoutes } from './files.ts';
import { RateLimiter } from './rateLimit.ts';
import { runRoutes } from './runs.ts';
import { createStorageHandler } from './storage.ts';
import { Store } from './store.ts';
import { threadRoutes } from './threads.ts';

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

// Static paths before parametrised ones (FastAPI matches in declaration order).
const ROUTES: Route[] = [...assistantRoutes, ...threadRoutes, ...runRoutes, ...feedbackRoutes, ...fileRoutes];

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startJudge(options: JudgeOptions = {}): Promise<RunningJudge> {
  // Loopback only: "localhost" means 127.0.0.1, anything else is refused.
  const host = options.host === undefined || options.host === 'localhost' ? '127.0.0.1' : options.host;
  if (host !== '127.0.0.1') throw new Error('the judge listens on 127.0.0.1 only');
  const store = new Store();
  const secret = randomBytes(32);
  const urls: Urls = { api: '', storage: '' };
  const limiter = options.rateLimits === false ? null : new RateLimiter();
  const api = createServer(createApiHandler({ store, limiter, urls: () => urls, routes: ROUTES, secret }));
  const storage = createServer(createStorageHandler(store, secret));
  // A slow or silent client must not keep a request open forever.
  for (const s of [api, storage]) {
    s.requestTimeout = 30_000;
    s.headersTimeout = 10_000;
  }
  urls.storage = `http://${host}:${await listen(storage, options.storagePort ?? 0, host)}`;
  try {
    urls.api = `http://${host}:${await listen(api, options.port ?? 0, host)}`;
  } catch (e) {
    await close(storage);
    throw e;
  }
  return {
    url: urls.api,
    storageUrl: urls.storage,
    close: async () => {
      await Promise.all([close(api), close(storage)]);
    },
  };
}

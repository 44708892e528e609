// An independent implementation of the documented agents API, written from the docs (not from the
// mock), that the self-test runs the contract suite against, correct and with one promise broken.
import type { AddressInfo } from 'node:net';
import { buildReferenceServer } from './app.ts';
import type { BreakName } from './breaks.ts';
import type { RateLimitOptions } from './rate-limits.ts';
import type { Readings } from './readings.ts';
import { type DocumentAsk, documentHandler, type ServedDocument } from './served-document.ts';
import { referenceKeys } from './store.ts';

export { type BreakName, breakNames, breakPromises } from './breaks.ts';
export type { RateLimitOptions } from './rate-limits.ts';
export {
  lenientReadings,
  type ReadingPoint,
  type Readings,
  readingChoices,
  readingPoints,
  readingPresets,
  standardReadings,
  strictReadings,
} from './readings.ts';
export type { DocumentAsk, ServedDocument } from './served-document.ts';
export { referenceKeys } from './store.ts';

/** A listening reference server. */
export interface ReferenceServer {
  url: string;
  /** The main tenant's key (two assistants) and another tenant's (one of its own). */
  apiKey: string;
  otherTenantApiKey: string;
  close(): Promise<void>;
}

/**
 * Starts the reference server on 127.0.0.1 on a free port (or `port`: the same target again, as an
 * API that changed between two runs), with the given breaks and readings (default: standard), and
 * with `rateLimit` its documented rate limits (on its clock: a faster one makes short windows), and
 * with `served` its own OpenAPI document at a path.
 */
export async function startReferenceServer(
  options: {
    breaks?: BreakName[];
    readings?: Partial<Readings>;
    port?: number;
    rateLimit?: RateLimitOptions;
    served?: ServedDocument;
  } = {},
): Promise<
  ReferenceServer & { /** The asks for its own OpenAPI document (none unless `served`). */ asked: DocumentAsk[] }
> {
  const asked: DocumentAsk[] = [];
  const server = buildReferenceServer(
    new Set(options.breaks ?? []),
    options.readings ?? {},
    options.rateLimit,
    options.served && documentHandler(options.served, asked),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey: referenceKeys.main,
    otherTenantApiKey: referenceKeys.otherTenant,
    asked,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

// A small HTTP client for the mock's tests: every call returns what contractProblems() reads,
// with the key of the main tenant unless told otherwise.
import type { Violation } from '../../../contracts/check/check-names.ts';
import { contractProblems, type SeenResponse } from './contract-check.ts';

/** The default config's keys and assistants (contracts/mock/config/default.json). */
export const DEFAULTS = {
  key: 'mock-api-key',
  otherTenantKey: 'mock-api-key-other-tenant',
  streamingAssistant: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  licenceAssistant: '16fd2706-8baf-433b-82eb-8c7fada847da',
  otherTenantAssistant: '2f1c5e0b-8d4a-4b6e-9c3f-7a1d2e3f4a5b',
} as const;

/** A response, its parsed body, and its contract problems. */
export interface Called extends SeenResponse {
  json<T = unknown>(): T;
  problems: Violation[];
}

export interface CallInit {
  /** The api-key; null sends none. Default: the main tenant's. */
  key?: string | null;
  /** Sent as JSON with Content-Type application/json. */
  json?: unknown;
  /** Sent as is. */
  body?: string;
  headers?: Record<string, string>;
}

/** Calls the mock at `url`. */
export async function call(url: string, method: string, path: string, init: CallInit = {}): Promise<Called> {
  const headers: Record<string, string> = { ...init.headers };
  const key = init.key === undefined ? DEFAULTS.key : init.key;
  if (key !== null) headers['api-key'] = key;
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  const seen: SeenResponse = {
    method,
    path: path.split('?')[0] ?? path,
    status: res.status,
    headers: res.headers,
    body: text,
  };
  return { ...seen, problems: contractProblems(seen), json: <T>() => JSON.parse(text) as T };
}

// Checks one response of the mock against the contract with the one contract checker
// (contracts/check/): the mock's tests, the Playwright suite and the k6 scripts name a broken
// promise the same way. This file only finds the operation a request line belongs to.

import type { Violation } from '../../../contracts/check/check-names.ts';
import { checkResponse, checkUnrouted } from '../../../contracts/check/check-response.ts';
import { operations } from '../../../contracts/generated/validators.js';
import { Router } from '../../../contracts/mock/http/router.ts';

const router = new Router(operations);

/** A response as a test saw it. */
export interface SeenResponse {
  method: string;
  /** The path without the query. */
  path: string;
  status: number;
  headers: Headers;
  body: string;
}

/** Everything about the response that breaks the contract; empty when it keeps it. */
export function contractProblems(seen: SeenResponse): Violation[] {
  const match = router.match(seen.method, seen.path);
  const response = { status: seen.status, headers: Object.fromEntries(seen.headers), body: seen.body };
  if (match.kind === 'operation') return checkResponse({ operationId: match.op, ...response });
  return checkUnrouted(response, match.kind === 'no-route' ? 404 : 405, `${seen.method} ${seen.path}`);
}

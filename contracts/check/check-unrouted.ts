import type { IndexedResponse } from '../generated/validators.js';
import { type Violation, violation } from './check-names.ts';
import { type CheckOptions, checkAgainst, type ResponseSnapshot } from './check-response.ts';

/** What the contract promises outside its operations (decision 0004): the generic error envelope. */
const UNROUTED: Record<404 | 405, IndexedResponse> = {
  404: {
    contentTypes: ['application/json'],
    validator: 'GenericError',
    ndjson: false,
    errorCodes: [],
    headers: [],
    assumptions: [],
  },
  // HTTP itself (RFC 9110, 15.5.6) requires Allow on a 405.
  405: {
    contentTypes: ['application/json'],
    validator: 'GenericError',
    ndjson: false,
    errorCodes: [],
    headers: [{ name: 'Allow', required: true }],
    assumptions: [],
  },
};

/**
 * Checks the answer to a request that matches no operation: 404 for an unknown path, 405 for a
 * known path with another method, each with the generic error envelope.
 */
export function checkUnrouted(
  response: Omit<ResponseSnapshot, 'operationId'>,
  want: 404 | 405,
  where: string,
  options: CheckOptions = {},
): Violation[] {
  if (response.status !== want) {
    const reason = want === 404 ? 'no operation has this path' : 'the path has no operation for this method';
    return [
      violation('undocumented-status', `Expected ${where} to answer ${want}: ${reason}. Got ${response.status}.`, []),
    ];
  }
  return checkAgainst(UNROUTED[want], response, options);
}

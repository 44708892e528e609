// Page cursors are opaque to clients; inside they hold the sequence number to continue below,
// which stays valid when threads or messages are added or removed between pages.
import { ApiError } from './api-error.ts';
import { issue } from './validation-issues.ts';

/**
 * The page size when `limit` is absent. It restates the `default` of the Limit parameter in
 * contracts/openapi.yaml, which the generated index does not carry; a unit test holds the two equal.
 */
export const DEFAULT_PAGE_LIMIT = 100;

/** The cursor that continues below `seq`. */
export function encodeCursor(seq: number | null): string | null {
  return seq === null ? null : Buffer.from(`p${seq}`).toString('base64url');
}

/** The sequence number in a cursor; a cursor this mock did not issue is a validation error. */
export function decodeCursor(cursor: unknown): number | undefined {
  if (cursor === undefined) return undefined;
  const text =
    typeof cursor === 'string' && /^[A-Za-z0-9_-]{1,24}$/.test(cursor)
      ? Buffer.from(cursor, 'base64url').toString('latin1')
      : '';
  const match = /^p(\d{1,15})$/.exec(text);
  if (!match) {
    throw new ApiError('validation_error', [
      issue(
        ['query', 'cursor'],
        'Expected a cursor from a previous page. Got one this server did not issue; omit it to start from the first page.',
        'value_error',
      ),
    ]);
  }
  return Number(match[1]);
}

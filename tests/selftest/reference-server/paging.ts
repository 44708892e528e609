// Cursor paging and the query parameters that list endpoints share.
import type { BreakName } from './breaks.ts';
import { invalid, type ValidationIssue } from './http-io.ts';
import { pageEnd } from './read-back-breaks.ts';
import type { Readings } from './readings.ts';

/** Reads `limit` (1..100, default 100) and `cursor`; answers the page bounds or throws validation_error. */
export function pageParams(query: URLSearchParams, extra: ValidationIssue[] = []): { limit: number; offset: number } {
  const issues = [...extra];
  let limit = 100;
  const rawLimit = query.get('limit');
  if (rawLimit !== null) {
    if (!/^-?\d+$/.test(rawLimit))
      issues.push({ loc: ['query', 'limit'], message: 'Input should be a valid integer', type: 'int_parsing' });
    else {
      limit = Number(rawLimit);
      if (limit < 1)
        issues.push({
          loc: ['query', 'limit'],
          message: 'Input should be greater than or equal to 1',
          type: 'greater_than_equal',
        });
      if (limit > 100)
        issues.push({
          loc: ['query', 'limit'],
          message: 'Input should be less than or equal to 100',
          type: 'less_than_equal',
        });
    }
  }
  let offset = 0;
  const cursor = query.get('cursor');
  if (cursor !== null) {
    const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!match?.[1])
      issues.push({
        loc: ['query', 'cursor'],
        message: 'Input should be a cursor from an earlier page',
        type: 'value_error',
      });
    else offset = Number(match[1]);
  }
  if (issues.length > 0) invalid(issues);
  return { limit, offset };
}

/** One page of items and the cursor of the next page (on the last: as the lastCursor reading says). */
export function page<T>(
  items: T[],
  bounds: { limit: number; offset: number },
  breaks: ReadonlySet<BreakName> = new Set(),
  last: Readings['lastCursor'] = 'null',
): { cursor?: string | null; items: T[] } {
  const { end, next } = pageEnd(bounds.offset, bounds.limit, breaks);
  const slice = items.slice(bounds.offset, end);
  const cursor = (at: number) => Buffer.from(`offset:${at}`).toString('base64url');
  // The last page: a null cursor, none, or (a full last page) one more cursor whose page is empty.
  if (next >= items.length) {
    if (last === 'absent') return { items: slice };
    if (last === 'empty-page' && slice.length > 0 && slice.length === bounds.limit)
      return { cursor: cursor(next), items: slice };
    return { cursor: null, items: slice };
  }
  return { cursor: cursor(next), items: slice };
}

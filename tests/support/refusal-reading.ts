// How the tests of the newer operations read a refusal where the docs name the rule but not the
// status: any 400 or 422, in any documented body; a validation body's `loc`s, in either the older
// pages' shape or FastAPI's.
import type { ApiResult } from '../../contracts/client/api-client.ts';

/** The statuses a request refused for its content may get (the pages print none). */
export const CONTENT_REFUSALS = [400, 422];

/** The `loc`s of a validation body (`{detail: [{loc}]}`, with or without error_code), joined with dots. */
export function locsOf(res: ApiResult): string[] {
  let detail: unknown;
  try {
    detail = (res.json() as { detail?: unknown } | null)?.detail;
  } catch {
    return [];
  }
  if (!Array.isArray(detail)) return [];
  return detail.flatMap((issue) => {
    const loc = (issue as { loc?: unknown } | null)?.loc;
    return Array.isArray(loc) ? [loc.map(String).join('.')] : [];
  });
}

/** "400 invalid_input" or "422". */
export function answered(res: ApiResult): string {
  return `${res.status}${res.errorCode ? ` ${res.errorCode}` : ''}`;
}

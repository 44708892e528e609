// How the tests of the newer operations read a validation body's `loc`s, in either the older pages'
// shape or FastAPI's. Whether an answer is a refusal at all is promised-answers.ts's to say: any
// 4xx but 429, since the pages print no statuses.
import type { ApiResult } from '../../contracts/client/api-client.ts';

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

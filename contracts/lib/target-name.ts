/**
 * A target's name in the files a run keeps between runs (the example database, the assumption
 * history): `mock`, or the origin and path of BASE_URL. No key, no query, nothing of the tenant's data.
 */
export function targetName(target: { live: boolean; baseURL: string }): string {
  if (!target.live) return 'mock';
  const url = new URL(target.baseURL);
  return `${url.origin}${url.pathname}`;
}

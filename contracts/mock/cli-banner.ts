// What `npm run mock` prints at start: the URL first (scripts parse that line), then what a
// person needs to call it: keys, assistants, limits, latency and faults.
import type { ResolvedOptions } from './options.ts';

function latencyText(resolved: ResolvedOptions): string {
  const l = resolved.latency;
  if (l === 0) return 'none';
  return typeof l === 'number' ? `${l} ms` : `log-normal, p50 ${l.p50Ms} ms, p95 ${l.p95Ms} ms (seed ${resolved.seed})`;
}

/** The URL line alone. */
export function urlLine(url: string): string {
  return `Mock agents API listening on ${url}`;
}

/** The lines after the URL. */
export function bannerLines(resolved: ResolvedOptions): string[] {
  const lines = ['Keys (send as the api-key header):'];
  for (const tenant of resolved.tenants.tenants) {
    for (const key of tenant.keys)
      lines.push(`  ${key.padEnd(28)} tenant ${tenant.id}, ${tenant.assistants.length} assistant(s)`);
  }
  lines.push('Assistants:');
  for (const tenant of resolved.tenants.tenants) {
    for (const a of tenant.assistants) {
      const required = Object.entries(a.request_required_fields)
        .filter(([object]) => object !== '__root__')
        .flatMap(([object, names]) => names.map((n) => `${object}.${n}`));
      const needs = required.length > 0 ? `requires meta_data ${required.join(', ')}` : 'no required fields';
      lines.push(`  ${a.id}  ${a.name} (${tenant.id}; ${a.streaming ? 'streaming' : 'not streaming'}; ${needs})`);
    }
  }
  const limits = resolved.rateLimit;
  lines.push(
    limits
      ? `Rate limits per tenant: answers ${limits.answers.perSecond}/s and ${limits.answers.perMinute}/min, other ${limits.other.perSecond}/s and ${limits.other.perMinute}/min (--no-rate-limit switches them off)`
      : 'Rate limits: off',
  );
  lines.push(`Run latency: ${latencyText(resolved)}`);
  const { rate, timeoutMs } = resolved.faults;
  const configured = [rate ? `fault rate ${rate}` : '', timeoutMs ? `timeout after ${timeoutMs} ms` : '']
    .filter(Boolean)
    .join(', ');
  lines.push(
    `Faults: per request with Prefer: code=503 or Prefer: error=api_timeout_error${configured ? `; ${configured}` : ''}`,
  );
  lines.push('Stop with Ctrl+C.');
  return lines;
}

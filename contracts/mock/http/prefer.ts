// Per-request fault injection with the Prefer header, as Prism does: `code=503` answers the
// first documented error of that status, `error=api_timeout_error` answers that code with its
// documented status. Only what the contract documents for the operation can be injected, so an
// injected fault is still a contract-valid answer.
import type { OperationId, IndexedOperation as OperationSpec } from '../../generated/validators.js';
import { statusOf } from './api-error.ts';

/** What the Prefer header asks for. */
export type Preference =
  | { kind: 'none' }
  | { kind: 'fault'; status: number; code: string; raw: string }
  | { kind: 'invalid'; message: string };

function preferences(header: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of header.split(',')) {
    const [token] = part.split(';');
    const eq = token?.indexOf('=') ?? -1;
    if (!token || eq < 0) continue;
    const name = token.slice(0, eq).trim().toLowerCase();
    const value = token
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (!found.has(name)) found.set(name, value);
  }
  return found;
}

const NONE: Preference = { kind: 'none' };

/**
 * Reads the `code` and `error` preferences. Any other preference is ignored, as RFC 7240 asks
 * of a server that does not support it.
 */
export function readPreference(op: OperationId, spec: OperationSpec, header: string | undefined): Preference {
  if (header === undefined || header === '') return NONE;
  const prefs = preferences(header);
  const code = prefs.get('code');
  const error = prefs.get('error');
  if (code === undefined && error === undefined) return NONE;
  const documented = Object.entries(spec.responses)
    .map(([status, r]) => `${status}${r.errorCodes.length ? ` (${r.errorCodes.join(', ')})` : ''}`)
    .join('; ');
  const raw = [code !== undefined ? `code=${code}` : '', error !== undefined ? `error=${error}` : '']
    .filter(Boolean)
    .join(', ');
  if (error !== undefined) {
    const wanted = code === undefined ? undefined : Number(code);
    const status = statusOf(op, error, wanted);
    if (status === undefined) {
      return {
        kind: 'invalid',
        message: `Expected Prefer to name an error ${op} documents. Got ${raw}. Documented: ${documented}.`,
      };
    }
    return { kind: 'fault', status, code: error, raw };
  }
  const response = /^[1-5]\d\d$/.test(code ?? '') ? spec.responses[code as string] : undefined;
  if (!response)
    return {
      kind: 'invalid',
      message: `Expected Prefer code= to be a status ${op} documents. Got ${raw}. Documented: ${documented}.`,
    };
  const first = response.errorCodes[0];
  // A documented success status is what the mock answers anyway; it is not a fault.
  if (first === undefined) return NONE;
  return { kind: 'fault', status: Number(code), code: first, raw };
}

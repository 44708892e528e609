// First contact with the API's own OpenAPI document: a FastAPI service (the reference pages are
// rendered from one) serves it at /openapi.json unless that is switched off, and no copy is stored
// anywhere else. The preflight asks for it below BASE_URL and at the root of its host (a gateway's
// prefix may or may not be in front of it), and at OPENAPI_PATH when the user names one: every
// address is on the API's own origin, so the key goes nowhere else. What it serves is compared
// with contracts/openapi.yaml (contracts/openapi-diff/); what it does not serve is said in a line.
import { compareDocuments } from '../openapi-diff/compare-documents.ts';
import type { ServedComparison } from '../openapi-diff/served-report.ts';
import { loadSpec } from '../spec-document.ts';
import type { Target } from './target.ts';
import { exchange, TransportError } from './transport.ts';

/** The addresses asked, in order: OPENAPI_PATH (below BASE_URL, then at the root), then /openapi.json. */
export function openApiAddresses(target: Pick<Target, 'baseURL' | 'openApiPath'>): string[] {
  const base = new URL(target.baseURL);
  const out: string[] = [];
  for (const path of [target.openApiPath, '/openapi.json']) {
    if (path === undefined) continue;
    out.push(`${target.baseURL}${path}`);
    if (base.pathname !== '/' && base.pathname !== '') out.push(`${base.origin}${path}`);
  }
  return [...new Set(out)];
}

function isOpenApi(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const doc = value as { openapi?: unknown; swagger?: unknown; paths?: unknown };
  return (
    (typeof doc.openapi === 'string' || typeof doc.swagger === 'string') &&
    typeof doc.paths === 'object' &&
    doc.paths !== null
  );
}

/** Asks each address once (no retry past the 429 policy) and compares the first OpenAPI document served. */
export async function firstContact(target: Target): Promise<ServedComparison> {
  const tried: Array<{ url: string; answer: string }> = [];
  for (const url of openApiAddresses(target)) {
    let answer: string;
    try {
      const { answer: wire } = await exchange(
        { method: 'GET', url, headers: { accept: 'application/json' }, key: target.apiKey },
        { limits: target.limits, live: target.live },
      );
      if (wire.status === 200 && !wire.tooLarge) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(wire.body);
        } catch {
          parsed = undefined;
        }
        if (isOpenApi(parsed)) {
          const info = (parsed.info ?? {}) as { title?: unknown; version?: unknown };
          return {
            served: true,
            url,
            ...(typeof info.title === 'string' ? { title: info.title } : {}),
            ...(typeof info.version === 'string' ? { version: info.version } : {}),
            findings: compareDocuments(await loadSpec(), parsed),
          };
        }
        answer = '200 without an OpenAPI JSON document';
      } else
        answer = wire.tooLarge ? `${wire.status}, larger than ${wire.tooLarge.limitBytes} bytes` : String(wire.status);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      answer = error.failure === 'headers-timeout' ? 'no answer in time' : 'no answer';
    }
    tried.push({ url, answer });
  }
  return { served: false, tried };
}

import type { IndexedOperation, IndexedResponse, OperationId } from '../generated/validators.js';
import { operations, validators } from '../generated/validators.js';
import type { Assumption } from '../operation-spec.ts';
import { assumptionsAt } from './assumptions.ts';
import { checkBody, parseJson } from './body-checks.ts';
import { type Violation, violation } from './check-names.ts';

/** A response as any HTTP client sees it; header names in any case. */
export interface ResponseSnapshot {
  operationId: OperationId;
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
  /** Set when the answer passed a size cap of the client: `body` holds only what came before it. */
  tooLarge?: TooLarge;
}

/** Which cap an answer passed, and the setting that moves it. */
export interface TooLarge {
  part: 'body' | 'line' | 'stream';
  limitBytes: number;
  setting: string;
}

const PART = { body: 'a body', line: 'an NDJSON line', stream: 'an NDJSON stream' } as const;

/** The answer is larger than the client reads: its cut-off body cannot be judged further. */
function tooLargeViolation(op: IndexedOperation, status: string, cap: TooLarge): Violation {
  return violation(
    'response-too-large',
    `Expected ${PART[cap.part]} of at most ${cap.limitBytes} bytes from ${op.method} ${op.path} (${status}). Got more; the rest was dropped unread. Raise ${cap.setting} if the answer is meant to be this large.`,
    [],
  );
}

/** Options of a check. */
export interface CheckOptions {
  /** Report fields the contract does not name (CONTRACT_STRICT=1); additive changes pass otherwise. */
  strict?: boolean;
  /** Name the type of a wrong value instead of quoting it: live thread content stays out of reports. */
  redactValues?: boolean;
}

function lowerCaseHeaders(headers: ResponseSnapshot['headers']): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out.set(name.toLowerCase(), value);
  return out;
}

/** Where else the operation documents an error code: the assumptions behind its status are suspects. */
function assumptionsForCode(op: IndexedOperation, body: string): Assumption[] {
  const parsed = parseJson(body);
  const code = parsed.ok ? (parsed.value as { error_code?: unknown } | null)?.error_code : undefined;
  if (typeof code !== 'string') return [];
  return Object.values(op.responses).flatMap((r) =>
    r.errorCodes.includes(code) ? assumptionsAt(r, { pointer: '/error_code' }) : [],
  );
}

/**
 * Checks one response against the contract of its operation and returns every broken promise,
 * each named (see CHECK_TITLES). An empty list means the response keeps the contract.
 */
export function checkResponse(response: ResponseSnapshot, options: CheckOptions = {}): Violation[] {
  const op: IndexedOperation = operations[response.operationId];
  const status = String(response.status);
  const spec = op.responses[status];
  const cut = response.tooLarge === undefined ? [] : [tooLargeViolation(op, status, response.tooLarge)];
  if (spec === undefined) {
    const message = `Expected ${op.method} ${op.path} to answer one of ${Object.keys(op.responses).join(', ')}. Got ${status}.`;
    return [violation('undocumented-status', message, assumptionsForCode(op, response.body)), ...cut];
  }
  if (cut.length > 0) return cut;
  return checkAgainst(spec, response, options, assumptionsForCode(op, response.body));
}

/**
 * Checks a response against one documented response: Content-Type, headers, body and error
 * code. `codeElsewhere` are the assumptions behind the status where a wrong code *is* documented.
 */
export function checkAgainst(
  spec: IndexedResponse,
  response: Omit<ResponseSnapshot, 'operationId'>,
  options: CheckOptions,
  codeElsewhere: Assumption[] = [],
): Violation[] {
  const status = String(response.status);
  const headers = lowerCaseHeaders(response.headers);
  const out: Violation[] = [];
  const contentType = headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (spec.contentTypes.length > 0 && (contentType === undefined || !spec.contentTypes.includes(contentType))) {
    const message = `Expected Content-Type ${spec.contentTypes.join(' or ')} for ${status}. Got ${contentType ?? 'none'}.`;
    out.push(violation('content-type', message, assumptionsAt(spec, { body: true }), 'header:content-type'));
  }
  for (const header of spec.headers) {
    const value = headers.get(header.name.toLowerCase());
    if (value === undefined) {
      if (header.required)
        out.push(
          violation(
            'required-header',
            `Expected header ${header.name} on ${status}. Got none.`,
            assumptionsAt(spec, { header: header.name }),
            `header:${header.name}`,
          ),
        );
      continue;
    }
    const validate = header.validator === undefined ? undefined : validators[header.validator];
    if (validate && !validate(value)) {
      const message = `Expected header ${header.name} to satisfy its schema (${validate.errors?.[0]?.message ?? 'invalid'}). Got ${JSON.stringify(value)}.`;
      out.push(
        violation('header-schema', message, assumptionsAt(spec, { header: header.name }), `header:${header.name}`),
      );
    }
  }
  const seen = new Set<string>();
  for (const found of checkBody(spec, response.body, options)) {
    // Two schema paths can break at the same place for the same reason (closed objects under allOf).
    const key = `${found.check} ${found.pointer ?? ''} ${found.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // A code the operation documents under another status: that status's assumptions are suspects too.
    if (found.check !== 'error-code') {
      out.push(found);
      continue;
    }
    const elsewhere = codeElsewhere.filter((a) => !found.assumptionIds.includes(a.id));
    out.push({
      ...found,
      assumptions: [...found.assumptions, ...elsewhere.map((a) => a.text)],
      assumptionIds: [...found.assumptionIds, ...elsewhere.map((a) => a.id)],
    });
  }
  return out;
}

import { operations } from '../generated/validators.js';
import type { Assumption, OperationSpec, ResponseSpec } from '../operation-spec.ts';
import { errorCodeOf, ndjsonLines, parseJson } from './body-text.ts';
import type { ResponseSnapshot } from './check-response.ts';
import type { Violation } from './named-check.ts';
import { RESPONSE_CHECKS } from './response-checks.ts';
import { theOneSuccess } from './status-class.ts';

/** What one response says about the `x-assumed` statements of the contract, by id. */
export interface AssumptionEvidence {
  /** The statements whose promise this response put to the test. */
  exercised: string[];
  /** Those of them that one of its violations broke. */
  contradicted: string[];
}

/** What the caller knows besides the response. */
export interface EvidenceOptions {
  /** The response body already parsed as one JSON value, to spare a second parse (ignored for NDJSON). */
  parsed?: ReturnType<typeof parseJson>;
  /** The request body that was sent, for statements about what a request may carry. */
  request?: string;
}

/** The parsed JSON values of a body: one, or one per NDJSON line; nothing when it is not JSON. */
function bodyValues(spec: ResponseSpec | undefined, text: string, parsed?: ReturnType<typeof parseJson>): unknown[] {
  if (parsed !== undefined && !spec?.ndjson) return parsed.ok ? [parsed.value] : [];
  const lines = spec?.ndjson ? ndjsonLines(text) : [text];
  return lines.flatMap((line) => {
    const parsed = parseJson(line);
    return parsed.ok ? [parsed.value] : [];
  });
}

/** Whether any of these values has something at `at`, where a `*` step is any array item. */
function present(values: unknown[], at: string): boolean {
  const steps = at.split('/').slice(1);
  const walk = (value: unknown, i: number): boolean => {
    if (i === steps.length) return value !== undefined;
    if (value === null || typeof value !== 'object') return false;
    const step = steps[i] ?? '';
    if (step === '*') return Array.isArray(value) && value.some((item) => walk(item, i + 1));
    return !Array.isArray(value) && walk((value as Record<string, unknown>)[step], i + 1);
  };
  return values.some((value) => walk(value, 0));
}

/**
 * Statements that tie error codes to a status: a response carrying one of those codes exercises
 * the statement when it came with that status (it agrees), or with a status that does not
 * document the code at all (it disagrees). A code answered under another status that documents
 * it too (bad_request under 400 and 413) exercises only that status's statements.
 */
function codeStatements(op: OperationSpec, status: string, code: string): Assumption[] {
  const documentedHere = op.responses[status]?.errorCodes.includes(code) === true;
  return Object.entries(op.responses).flatMap(([at, spec]) =>
    spec.assumptions.filter((a) => a.codes?.includes(code) === true && (at === status || !documentedHere)),
  );
}

/** The statements of the response's own status that this response exercised (those not about a code). */
function ownStatements(
  spec: ResponseSpec,
  headers: Map<string, string>,
  values: unknown[],
  text: string,
): Assumption[] {
  return spec.assumptions.filter((a) => {
    if (a.codes !== undefined) return false;
    if (a.scope === 'status') return true;
    if (a.scope === 'body') return text.trim() !== '';
    if (a.scope.startsWith('header:')) {
      // A required header is promised on every such response; an optional one only when it is there.
      const name = a.scope.slice('header:'.length);
      return headers.has(name) || spec.headers.some((h) => h.required && h.name.toLowerCase() === name);
    }
    if (a.scope.startsWith('field:')) return present(values, a.at ?? `/${a.scope.slice('field:'.length)}`);
    return false;
  });
}

/** Whether a violation of this check can break a statement of this scope (a schema error says nothing about a status). */
export function canContradict(check: string, scope: string): boolean {
  return RESPONSE_CHECKS.some((c) => c.id === check && c.contradicts(scope));
}

/**
 * Which `x-assumed` statements one response exercised and which it contradicted (see
 * docs/decisions/0040-assumption-ledger.md): a statement is exercised only by a response that
 * tested its exact promise, and contradicted only when a violation of that response cites it
 * and is of a kind that can break it.
 */
export function assumptionEvidence(
  response: ResponseSnapshot,
  violations: Violation[],
  sent: EvidenceOptions = {},
): AssumptionEvidence {
  const op: OperationSpec = operations[response.operationId];
  const status = String(response.status);
  // A success under an undocumented 2xx is judged as the documented answer (status-class.ts), and so is its evidence.
  const spec = op.responses[status] ?? theOneSuccess(op.responses, response.status);
  const values = bodyValues(spec, response.body, sent.parsed);
  const headers = new Map(
    Object.entries(response.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name.toLowerCase(), value]],
    ),
  );
  const code = response.status >= 400 ? errorCodeOf(values[0]) : undefined;
  const exercised = new Map<string, Assumption>();
  for (const a of code === undefined ? [] : codeStatements(op, status, code)) exercised.set(a.id, a);
  for (const a of spec === undefined ? [] : ownStatements(spec, headers, values, response.body)) exercised.set(a.id, a);
  // What a request may carry: an accepted request that carried it agrees (a refusal is named by the test that sent it).
  const statements = op.requestBody?.assumptions ?? [];
  if (statements.length > 0 && response.status >= 200 && response.status < 300 && sent.request !== undefined) {
    const request = parseJson(sent.request);
    for (const a of statements) if (request.ok && present([request.value], a.at ?? '')) exercised.set(a.id, a);
  }
  const contradicted = [...exercised.values()]
    .filter((a) => violations.some((v) => v.assumptionIds.includes(a.id) && canContradict(v.check, a.scope)))
    .map((a) => a.id);
  return { exercised: [...exercised.keys()], contradicted };
}

// Checks one response of the mock against the contract, by the operation index and the
// generated validators. Each problem names the promise that broke, in the manner of
// Schemathesis' checks, so a failing test says what is wrong without a debugger.
import type { ResponseSpec } from '../../contracts/operation-spec.ts';
import { operations, validators, type ValidatorName } from '../../contracts/generated/validators.js';
import { Router } from '../http/router.ts';

const router = new Router(operations);

/** A response as a test saw it. */
export interface SeenResponse {
  method: string;
  /** The path without the query. */
  path: string;
  status: number;
  headers: Headers;
  body: string;
}

function validatorProblems(name: string, value: unknown, what: string): string[] {
  const validate = validators[name as ValidatorName];
  if (validate(value)) return [];
  return [`Response violates schema: ${what} fails ${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`];
}

function bodyProblems(spec: ResponseSpec, seen: SeenResponse): string[] {
  if (!spec.validator) return seen.body === '' ? [] : [`Undocumented body: status ${seen.status} documents an empty body, got ${seen.body.length} bytes`];
  const type = seen.headers.get('content-type') ?? '';
  if (!spec.contentTypes.some((t) => type.startsWith(t))) return [`Undocumented content type: expected ${spec.contentTypes.join(' or ')}, got "${type}"`];
  const documents: unknown[] = [];
  try {
    if (spec.ndjson) for (const line of seen.body.split('\n').filter((l) => l !== '')) documents.push(JSON.parse(line));
    else documents.push(JSON.parse(seen.body));
  } catch {
    return [`Malformed body: not JSON: ${seen.body.slice(0, 120)}`];
  }
  if (spec.ndjson && documents.length === 0) return ['Malformed body: an NDJSON stream without a line'];
  const problems = documents.flatMap((doc, i) => validatorProblems(spec.validator as string, doc, spec.ndjson ? `line ${i + 1}` : 'the body'));
  const code = (documents[0] as { error_code?: unknown } | undefined)?.error_code;
  if (spec.errorCodes.length > 0 && !spec.errorCodes.includes(String(code))) {
    problems.push(`Undocumented error code: ${String(code)} is not among ${spec.errorCodes.join(', ')} for status ${seen.status}`);
  }
  return problems;
}

/** Everything about the response that breaks the contract; empty when it keeps it. */
export function contractProblems(seen: SeenResponse): string[] {
  const match = router.match(seen.method, seen.path);
  if (match.kind !== 'operation') {
    const want = match.kind === 'no-route' ? 404 : 405;
    let body: unknown;
    try {
      body = JSON.parse(seen.body);
    } catch {
      return [`Malformed body: not JSON: ${seen.body.slice(0, 120)}`];
    }
    const problems = seen.status === want ? validatorProblems('GenericError', body, 'the body') : [`Wrong status: ${seen.method} ${seen.path} is not an operation, expected ${want}, got ${seen.status}`];
    if (want === 405 && !seen.headers.get('allow')) problems.push('Missing header: a 405 must carry Allow');
    return problems;
  }
  const spec = operations[match.op].responses[String(seen.status)];
  if (!spec) return [`Undocumented HTTP status code: ${match.op} does not document ${seen.status}`];
  const problems = bodyProblems(spec, seen);
  for (const h of spec.headers) {
    const value = seen.headers.get(h.name);
    if (value === null) {
      if (h.required) problems.push(`Missing header: ${h.name} is required on ${seen.status}`);
    } else if (h.validator) problems.push(...validatorProblems(h.validator, value, `header ${h.name}`));
  }
  return problems;
}

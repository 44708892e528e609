// Classifies one response against the operation index and, when asked, checks it against the
// precompiled validators. Each kind of violation has a fixed title (after Schemathesis), so a
// failed check says which promise broke. This is the load-side twin of contracts/check/: it reads
// `operations[op].responses[status]` and runs the validator named there, and nothing more.
import { closedValidators, operations, validators } from '../../contracts/generated/validators.js';
import type { OperationId } from '../../contracts/generated/validators.js';
import type { Validator } from '../../contracts/operation-spec.ts';
import { headerValue, retryAfterSeconds } from './headers.ts';

/** What a response means for a load test. */
export type Outcome = 'success' | 'rate_limited' | 'client_error' | 'server_error' | 'transport_error';

/** Titles of the contract checks. */
export const VIOLATION = {
  status: 'Undocumented HTTP status code',
  contentType: 'Undocumented Content-Type',
  json: 'Response body is not valid JSON',
  schema: 'Response violates schema',
  errorCode: 'Undocumented error_code',
  missingHeader: 'Missing required header',
  header: 'Header violates schema',
} as const;

/** One broken promise of the contract. */
export interface Violation {
  check: string;
  detail: string;
}

/** A response as the scripts count it. */
export interface Classification {
  op: OperationId;
  status: number;
  outcome: Outcome;
  /** `error_code` of an error body; null when there is none. */
  errorCode: string | null;
  /** The contract lists this status for the operation. */
  documented: boolean;
  /** For a 429: whether Retry-After came, and its value in seconds. */
  retryAfter: { present: boolean; seconds: number | null } | null;
  /** Null when the response was not checked against the contract (sampling). */
  violations: Violation[] | null;
}

/** The part of a k6 response the classifier reads. */
export interface ResponseLike {
  status: number;
  headers: { [name: string]: string };
  body: string | null;
}

function outcomeOf(status: number): Outcome {
  if (status === 0) return 'transport_error';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'client_error';
  return 'success';
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function errorCodeOf(body: string): string | null {
  const parsed = parseJson(body);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return null;
  const code = (parsed.value as { error_code?: unknown }).error_code;
  return typeof code === 'string' ? code : null;
}

function firstError(validator: Validator): string {
  const error = validator.errors?.[0];
  return error === undefined ? 'invalid' : `${error.instancePath || '/'} ${error.message ?? error.keyword}`;
}

function validatorNamed(name: string, strict: boolean): Validator | undefined {
  const table = (strict ? closedValidators : validators) as unknown as Record<string, Validator | undefined>;
  return table[name] ?? (validators as unknown as Record<string, Validator | undefined>)[name];
}

function checkBody(body: string, spec: { validator?: string; ndjson: boolean }, strict: boolean): Violation[] {
  if (spec.validator === undefined) return [];
  const validator = validatorNamed(spec.validator, strict);
  if (validator === undefined) return [{ check: VIOLATION.schema, detail: `no validator named ${spec.validator}` }];
  const documents = spec.ndjson ? body.split('\n').filter((line) => line.trim() !== '') : [body];
  if (spec.ndjson && documents.length === 0) return [{ check: VIOLATION.schema, detail: 'empty stream' }];
  for (let index = 0; index < documents.length; index += 1) {
    const parsed = parseJson(documents[index] ?? '');
    const where = spec.ndjson ? ` (line ${index + 1})` : '';
    if (!parsed.ok) return [{ check: VIOLATION.json, detail: `body${where} is not JSON` }];
    if (!validator(parsed.value)) return [{ check: VIOLATION.schema, detail: `${firstError(validator)}${where}` }];
  }
  return [];
}

function checkContract(op: OperationId, res: ResponseLike, errorCode: string | null, strict: boolean): Violation[] {
  const spec = operations[op].responses[String(res.status)];
  if (spec === undefined) {
    return [{ check: VIOLATION.status, detail: `${res.status} is not documented for ${op}` }];
  }
  const violations: Violation[] = [];
  const body = res.body ?? '';
  const contentType = (headerValue(res.headers, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (spec.contentTypes.length > 0 && !spec.contentTypes.includes(contentType)) {
    violations.push({ check: VIOLATION.contentType, detail: `"${contentType}" is not one of ${spec.contentTypes.join(', ')}` });
  }
  violations.push(...checkBody(body, spec, strict));
  if (spec.errorCodes.length > 0 && (errorCode === null || !spec.errorCodes.includes(errorCode))) {
    violations.push({ check: VIOLATION.errorCode, detail: `${errorCode ?? 'no error_code'} is not one of ${spec.errorCodes.join(', ')}` });
  }
  for (const header of spec.headers) {
    const value = headerValue(res.headers, header.name);
    if (value === undefined) {
      if (header.required) violations.push({ check: VIOLATION.missingHeader, detail: `${header.name} is required on ${res.status}` });
      continue;
    }
    const validator = header.validator === undefined ? undefined : validatorNamed(header.validator, false);
    if (validator !== undefined && !validator(value)) {
      violations.push({ check: VIOLATION.header, detail: `${header.name}: "${value}" ${firstError(validator)}` });
    }
  }
  return violations;
}

/** Classifies a response; `validate` also checks it against the contract. */
export function classify(
  op: OperationId,
  res: ResponseLike,
  options: { validate: boolean; strict: boolean; nowMs: number },
): Classification {
  const outcome = outcomeOf(res.status);
  const errorCode = res.status >= 400 ? errorCodeOf(res.body ?? '') : null;
  const retryAfterHeader = res.status === 429 ? headerValue(res.headers, 'retry-after') : undefined;
  return {
    op,
    status: res.status,
    outcome,
    errorCode,
    documented: operations[op].responses[String(res.status)] !== undefined,
    retryAfter:
      res.status === 429
        ? { present: retryAfterHeader !== undefined, seconds: retryAfterSeconds(retryAfterHeader, options.nowMs) }
        : null,
    violations: options.validate && outcome !== 'transport_error' ? checkContract(op, res, errorCode, options.strict) : null,
  };
}

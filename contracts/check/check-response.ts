// Runs the response checks (response-checks.ts) on one response: every client that receives a
// response calls these, so a broken promise has one id, title and pointer in every report.
import type { IndexedOperation, IndexedResponse, OperationId } from '../generated/validators.js';
import { operations } from '../generated/validators.js';
import type { Assumption } from '../operation-spec.ts';
import { errorCodeOfText, ndjsonLines, parseJson } from './body-text.ts';
import { type BrokenPromise, type NamedCheck, type Violation, violation } from './named-check.ts';
import {
  assumptionsForCode,
  bodySchema,
  type CheckOptions,
  codeBasis,
  contentType,
  errorCode,
  headerSchema,
  type ResponseCheckId,
  requiredHeader,
  responseTooLarge,
  type TooLarge,
  undocumentedStatus,
  unknownField,
} from './response-checks.ts';
import { theOneSuccess } from './status-class.ts';

export type { TooLarge } from './response-checks.ts';

/** A response as any HTTP client sees it; header names in any case. */
export interface ResponseSnapshot {
  operationId: OperationId;
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
  /** Set when the answer passed a size cap of the client: `body` holds only what came before it. */
  tooLarge?: TooLarge;
}

/** Names what a check found broken. */
function named<Id extends ResponseCheckId>(check: NamedCheck<Id>, found: BrokenPromise[]): Violation<Id>[] {
  return found.map((broken) => violation(check, broken));
}

/**
 * Checks the body of a response against the schema of its documented status. `codeElsewhere`:
 * the assumptions behind the statuses where the operation documents a wrong error_code.
 */
export function checkBody(
  spec: IndexedResponse,
  text: string,
  options: CheckOptions,
  codeElsewhere: Assumption[] = [],
  basisOfCode: 'documented' | 'assumed' = 'assumed',
): Violation<ResponseCheckId>[] {
  if (spec.validator === undefined) return named(bodySchema, bodySchema.judgeEmpty(spec, text));
  const lines = spec.ndjson ? ndjsonLines(text) : [text];
  const none = spec.ndjson ? bodySchema.judgeLines(spec, lines) : [];
  if (none.length > 0) return named(bodySchema, none);
  return lines.flatMap((line, i): Violation<ResponseCheckId>[] => {
    const at = spec.ndjson ? i : undefined;
    // A text/plain body is its own value (the schema says `type: string`); everything else is JSON.
    const parsed: ReturnType<typeof parseJson> = spec.text ? { ok: true, value: line } : parseJson(line);
    if (!parsed.ok) return named(bodySchema, bodySchema.judgeJson(spec, line, parsed, options, at));
    const prefix = at === undefined ? '' : `/${at}`;
    return [
      ...named(errorCode, errorCode.judge(spec, parsed.value, prefix, codeElsewhere, basisOfCode)),
      ...named(bodySchema, bodySchema.judge(spec, parsed.value, options, prefix)),
      ...named(unknownField, unknownField.judge(spec, parsed.value, options, prefix)),
    ];
  });
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
  basisOfCode: 'documented' | 'assumed' = 'assumed',
): Violation<ResponseCheckId>[] {
  const status = String(response.status);
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(response.headers))
    if (value !== undefined) headers.set(name.toLowerCase(), value);
  const out: Violation<ResponseCheckId>[] = named(contentType, contentType.judge(spec, status, headers));
  for (const header of spec.headers) {
    const value = headers.get(header.name.toLowerCase());
    out.push(...named(requiredHeader, requiredHeader.judge(spec, status, header, value)));
    out.push(...named(headerSchema, headerSchema.judge(spec, header, value)));
  }
  const seen = new Set<string>();
  for (const found of checkBody(spec, response.body, options, codeElsewhere, basisOfCode)) {
    // Two schema paths can break at the same place for the same reason (closed objects under allOf).
    const key = `${found.check} ${found.pointer ?? ''} ${found.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(found);
  }
  return out;
}

/**
 * Checks one response against the contract of its operation and returns every broken promise,
 * each named by its check. An empty list means the response keeps the contract.
 */
export function checkResponse(response: ResponseSnapshot, options: CheckOptions = {}): Violation<ResponseCheckId>[] {
  const op: IndexedOperation = operations[response.operationId];
  const spec = op.responses[String(response.status)];
  const cut = named(responseTooLarge, responseTooLarge.judge(op, response.status, response.tooLarge));
  if (spec === undefined) {
    const undocumented = [
      ...named(undocumentedStatus, undocumentedStatus.judge(op, response.status, response.body)),
      ...cut,
    ];
    const success = cut.length === 0 ? theOneSuccess(op.responses, response.status) : undefined;
    return success === undefined ? undocumented : [...undocumented, ...checkAgainst(success, response, options)];
  }
  if (cut.length > 0) return cut;
  const code = errorCodeOfText(response.body);
  return checkAgainst(spec, response, options, assumptionsForCode(op, code), codeBasis(op, code));
}

/** What the contract promises outside its operations (decision 0004): the generic error envelope. */
const UNROUTED: Record<404 | 405, IndexedResponse> = {
  404: {
    contentTypes: ['application/json'],
    validator: 'GenericError',
    ndjson: false,
    errorCodes: [],
    headers: [],
    assumptions: [],
  },
  // HTTP itself (RFC 9110, 15.5.6) requires Allow on a 405.
  405: {
    contentTypes: ['application/json'],
    validator: 'GenericError',
    ndjson: false,
    errorCodes: [],
    headers: [{ name: 'Allow', required: true }],
    assumptions: [],
  },
};

/**
 * Checks the answer to a request that matches no operation: 404 for an unknown path, 405 for a
 * known path with another method, each with the generic error envelope.
 */
export function checkUnrouted(
  response: Omit<ResponseSnapshot, 'operationId'>,
  want: 404 | 405,
  where: string,
  options: CheckOptions = {},
): Violation<ResponseCheckId>[] {
  if (response.status !== want)
    return named(undocumentedStatus, undocumentedStatus.judgeUnrouted(response.status, want, where));
  return checkAgainst(UNROUTED[want], response, options);
}

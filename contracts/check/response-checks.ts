// The response checks: each promise one response makes is a check here, with its id, title and
// judges; check-response.ts runs them on a response for every client (the Playwright client, the
// generated tests, drift, the stream probe and k6). k6 loads this file through load/contracts: no
// Node module, no package, nothing newer than ES2020. A new response check is an entry here, in
// RESPONSE_CHECKS, and a call in check-response.ts where its judge applies.
import type { IndexedOperation, IndexedResponse } from '../generated/validators.js';
import { closedValidators, validators } from '../generated/validators.js';
import type { Assumption, Validator } from '../operation-spec.ts';
import { assumptionsAt } from './assumptions.ts';
import { errorCodeOf, parseJson } from './body-text.ts';
import type { BrokenPromise, NamedCheck } from './named-check.ts';

/** Options of a check. */
export interface CheckOptions {
  /** Report fields the contract does not name (CONTRACT_STRICT=1); additive changes pass otherwise. */
  strict?: boolean;
  /** Name the type of a wrong value instead of quoting it: live thread content stays out of reports. */
  redactValues?: boolean;
}

/** A response check: its judges return what broke, and `contradicts` says which `x-assumed` scopes a breach can refute. */
interface ResponseCheck extends NamedCheck {
  contradicts(scope: string): boolean;
}

type AjvError = NonNullable<Validator['errors']>[number];
type HeaderSpec = IndexedResponse['headers'][number];

function pointerOf(error: AjvError): string {
  const missing = error.params.missingProperty;
  const extra = error.params.unevaluatedProperty;
  const leaf = typeof missing === 'string' ? missing : typeof extra === 'string' ? extra : undefined;
  // RFC 6901 escaping, as AJV's instancePath already has it.
  return leaf === undefined
    ? error.instancePath || '/'
    : `${error.instancePath}/${leaf.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function valueAt(body: unknown, pointer: string): unknown {
  let node = body;
  for (const key of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function describe(error: AjvError, value: unknown, redact: boolean): string {
  // For a missing field the value at the path is its parent object: nothing worth quoting.
  if (error.keyword === 'required') return `Expected the field to be present: ${error.message ?? 'required'}.`;
  const shown = redact
    ? `a value of type ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`
    : JSON.stringify(value)?.slice(0, 120);
  const got = value === undefined ? '' : ` Got ${shown}.`;
  return `Expected the value to satisfy "${error.keyword}": ${error.message ?? 'invalid'}.${got}`;
}

/** Where the operation documents a body's error code: the assumptions behind those statuses are suspects. */
export function assumptionsForCode(op: IndexedOperation, body: string): Assumption[] {
  const parsed = parseJson(body);
  const code = parsed.ok ? errorCodeOf(parsed.value) : undefined;
  if (code === undefined) return [];
  return Object.values(op.responses).flatMap((r) =>
    r.errorCodes.includes(code) ? assumptionsAt(r, { pointer: '/error_code' }) : [],
  );
}

/** Whether a body's error_code is one its status does not document. */
function codeNotAllowed(spec: IndexedResponse, value: unknown): boolean {
  const code = errorCodeOf(value);
  return spec.errorCodes.length > 0 && code !== undefined && !spec.errorCodes.includes(code);
}

const aboutStatus = (scope: string) => scope === 'status' || scope === 'field:error_code';
const aboutHeaders = (scope: string) => scope.startsWith('header:');

/** The status is one the operation documents. */
export const undocumentedStatus = {
  id: 'undocumented-status',
  title: 'Undocumented HTTP status code',
  contradicts: aboutStatus,
  /** An operation answers one of the statuses it documents. */
  judge(op: IndexedOperation, status: number, body: string): BrokenPromise[] {
    if (op.responses[String(status)] !== undefined) return [];
    const message = `Expected ${op.method} ${op.path} to answer one of ${Object.keys(op.responses).join(', ')}. Got ${status}.`;
    return [{ message, assumptions: assumptionsForCode(op, body) }];
  },
  /** A request outside every operation is answered 404 (no operation has its path) or 405 (none has its method). */
  judgeUnrouted(status: number, want: 404 | 405, where: string): BrokenPromise[] {
    if (status === want) return [];
    const reason = want === 404 ? 'no operation has this path' : 'the path has no operation for this method';
    return [{ message: `Expected ${where} to answer ${want}: ${reason}. Got ${status}.`, assumptions: [] }];
  },
} as const;

/** Which size cap of the client an answer passed, and the setting that moves it. */
export interface TooLarge {
  part: 'body' | 'line' | 'stream';
  limitBytes: number;
  setting: string;
}

const PART = { body: 'a body', line: 'an NDJSON line', stream: 'an NDJSON stream' } as const;

/**
 * The answer fits the client's size caps (issue 23): past a cap it is a finding, not an
 * out-of-memory; the client drops the rest unread (contracts/client/transport.ts), so the cut-off
 * body is not judged further.
 */
export const responseTooLarge = {
  id: 'response-too-large',
  title: 'Response too large',
  contradicts: () => false,
  /** An answer the client read to its end passes; one cut at a cap is named with the cap and its setting. */
  judge(op: IndexedOperation, status: number, cap: TooLarge | undefined): BrokenPromise[] {
    if (cap === undefined) return [];
    const message = `Expected ${PART[cap.part]} of at most ${cap.limitBytes} bytes from ${op.method} ${op.path} (${status}). Got more; the rest was dropped unread. Raise ${cap.setting} if the answer is meant to be this large.`;
    return [{ message, assumptions: [] }];
  },
} as const;

/** The Content-Type is one the status documents. */
export const contentType = {
  id: 'content-type',
  title: 'Content-Type not documented for this status',
  contradicts: (scope: string) => scope === 'body',
  /** The media type (parameters aside) is one the status documents. */
  judge(spec: IndexedResponse, status: string, headers: Map<string, string>): BrokenPromise[] {
    const type = headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (spec.contentTypes.length === 0 || (type !== undefined && spec.contentTypes.includes(type))) return [];
    const message = `Expected Content-Type ${spec.contentTypes.join(' or ')} for ${status}. Got ${type ?? 'none'}.`;
    return [{ message, assumptions: assumptionsAt(spec, { body: true }), pointer: 'header:content-type' }];
  },
} as const;

/** Every header the status requires is there. */
export const requiredHeader = {
  id: 'required-header',
  title: 'Required header missing',
  contradicts: aboutHeaders,
  /** A header the status requires is there. */
  judge(spec: IndexedResponse, status: string, header: HeaderSpec, value: string | undefined): BrokenPromise[] {
    if (value !== undefined || !header.required) return [];
    const place = { assumptions: assumptionsAt(spec, { header: header.name }), pointer: `header:${header.name}` };
    return [{ message: `Expected header ${header.name} on ${status}. Got none.`, ...place }];
  },
} as const;

/** Every documented header satisfies its schema. */
export const headerSchema = {
  id: 'header-schema',
  title: 'Header violates schema',
  contradicts: aboutHeaders,
  /** A header that is there satisfies its schema. */
  judge(spec: IndexedResponse, header: HeaderSpec, value: string | undefined): BrokenPromise[] {
    const validate = header.validator === undefined ? undefined : validators[header.validator];
    if (value === undefined || !validate || validate(value)) return [];
    const message = `Expected header ${header.name} to satisfy its schema (${validate.errors?.[0]?.message ?? 'invalid'}). Got ${JSON.stringify(value)}.`;
    return [{ message, assumptions: assumptionsAt(spec, { header: header.name }), pointer: `header:${header.name}` }];
  },
} as const;

/** Scopes a schema breach can refute: the body and its fields, except error_code (the status's own). */
const aboutBody = (scope: string) => scope === 'body' || (scope.startsWith('field:') && scope !== 'field:error_code');

/** The body satisfies the status's schema (each line, for NDJSON). */
export const bodySchema = {
  id: 'body-schema',
  title: 'Response violates schema',
  contradicts: aboutBody,
  /** A status without a body schema has an empty body. */
  judgeEmpty(spec: IndexedResponse, text: string): BrokenPromise[] {
    if (text.trim() === '') return [];
    return [
      {
        message: `Expected an empty body. Got ${text.length} bytes.`,
        assumptions: assumptionsAt(spec, { body: true }),
        pointer: '/',
      },
    ];
  },
  /** An NDJSON body has at least one line. */
  judgeLines(spec: IndexedResponse, lines: string[]): BrokenPromise[] {
    if (lines.length > 0) return [];
    const message = 'Expected at least one NDJSON line. Got an empty body.';
    return [{ message, assumptions: assumptionsAt(spec, { body: true }), pointer: '/' }];
  },
  /** The body (`line` undefined) or an NDJSON line is JSON: `parsed` is its parse. */
  judgeJson(
    spec: IndexedResponse,
    text: string,
    parsed: ReturnType<typeof parseJson>,
    options: CheckOptions,
    line?: number,
  ): BrokenPromise[] {
    if (parsed.ok) return [];
    const got = options.redactValues ? `${text.length} characters` : JSON.stringify(text.slice(0, 80));
    const message =
      line === undefined ? `Expected a JSON body. Got ${got}.` : `Expected line ${line + 1} to be JSON. Got ${got}.`;
    return [
      { message, assumptions: assumptionsAt(spec, { body: true }), pointer: line === undefined ? '/' : `/${line}` },
    ];
  },
  /** A JSON value satisfies the status's schema; `prefix` places an NDJSON line under `/<line>`. */
  judge(spec: IndexedResponse, value: unknown, options: CheckOptions, prefix: string): BrokenPromise[] {
    if (spec.validator === undefined) return [];
    const validate = validators[spec.validator];
    if (validate(value)) return [];
    // A wrong error_code is error-code's alone; the schema errors it causes (the enum, and the
    // oneOf branches it no longer matches) would only repeat it.
    const codeBroken = codeNotAllowed(spec, value);
    return (validate.errors ?? [])
      .filter(
        (e) =>
          !codeBroken || (e.instancePath !== '/error_code' && e.keyword !== 'oneOf' && e.keyword !== 'discriminator'),
      )
      .map((error) => {
        const pointer = pointerOf(error);
        return {
          message: describe(error, valueAt(value, error.instancePath), options.redactValues === true),
          assumptions: assumptionsAt(spec, { pointer }),
          pointer: `${prefix}${pointer === '/' && prefix ? '' : pointer}`,
        };
      });
  },
} as const;

/** An error body's error_code is one its status allows. */
export const errorCode = {
  id: 'error-code',
  title: 'Error code not allowed for this status',
  contradicts: aboutStatus,
  /**
   * An error body's error_code is one its status documents. `elsewhere`: the assumptions behind
   * the statuses where the operation documents the code, suspects too.
   */
  judge(spec: IndexedResponse, value: unknown, prefix: string, elsewhere: Assumption[] = []): BrokenPromise[] {
    if (!codeNotAllowed(spec, value)) return [];
    const message = `Expected error_code to be one of ${spec.errorCodes.join(', ')}. Got "${String(errorCodeOf(value))}".`;
    const own = assumptionsAt(spec, { pointer: '/error_code' });
    const assumptions = [...own, ...elsewhere.filter((a) => !own.some((o) => o.id === a.id))];
    return [{ message, assumptions, pointer: `${prefix}/error_code` }];
  },
} as const;

/** With CONTRACT_STRICT=1, the body holds only fields the contract names. */
export const unknownField = {
  id: 'unknown-field',
  title: 'Field not named by the contract',
  contradicts: aboutBody,
  /** With CONTRACT_STRICT=1: a JSON value holds only the fields the contract names. */
  judge(spec: IndexedResponse, value: unknown, options: CheckOptions, prefix: string): BrokenPromise[] {
    const closed = spec.validator === undefined ? undefined : closedValidators[spec.validator];
    if (options.strict !== true || !closed || closed(value)) return [];
    return (closed.errors ?? [])
      .filter((error) => error.keyword === 'unevaluatedProperties')
      .map((error) => ({
        message: `Expected only the fields the contract names. Got "${String(error.params.unevaluatedProperty)}" (reported because CONTRACT_STRICT=1).`,
        assumptions: assumptionsAt(spec, { pointer: pointerOf(error) }),
        pointer: `${prefix}${pointerOf(error)}`,
      }));
  },
} as const;

/** The response family, in the order a report lists a response's violations. */
export const RESPONSE_CHECKS = [
  undocumentedStatus,
  responseTooLarge,
  contentType,
  requiredHeader,
  headerSchema,
  errorCode,
  bodySchema,
  unknownField,
] as const satisfies readonly ResponseCheck[];

/** The id of a response check. */
export type ResponseCheckId = (typeof RESPONSE_CHECKS)[number]['id'];

// The response checks: each promise one response makes is a check here, with its id, title and
// judges; check-response.ts runs them on a response for every client (the Playwright client, the
// generated tests, drift, the stream probe and k6). k6 loads this file through load/contracts: no
// Node module, no package, nothing newer than ES2020. A new response check is an entry here, in
// RESPONSE_CHECKS, and a call in check-response.ts where its judge applies.
import type { IndexedOperation, IndexedResponse } from '../generated/validators.js';
import { closedValidators, documentedValidators, validators } from '../generated/validators.js';
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

/**
 * The errors worth naming: an anyOf's own error says only that no branch fit, and is dropped when
 * the branches say why (two bodies documented side by side, such as the older 422 and FastAPI's);
 * each place and keyword is named once.
 */
function schemaErrors(errors: AjvError[]): AjvError[] {
  const specific = errors.filter((e) => e.keyword !== 'anyOf');
  const kept = specific.length > 0 ? specific : errors;
  const seen = new Set<string>();
  return kept.filter((e) => {
    const key = `${pointerOf(e)} ${e.keyword} ${e.message ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
export function assumptionsForCode(op: IndexedOperation, code: string | undefined): Assumption[] {
  if (code === undefined) return [];
  // The statements about the code's status: a status read for it (its codes name it), or the
  // response's own status statement; not that the response's list of codes is closed.
  return Object.values(op.responses).flatMap((r) =>
    r.errorCodes.includes(code)
      ? assumptionsAt(r, { pointer: '/error_code' }).filter((a) =>
          a.codes === undefined ? a.scope === 'status' : a.codes.includes(code),
        )
      : [],
  );
}

/**
 * Whose word a code under a status it does not have breaks (docs/decisions/0070): the docs', when
 * the operation gives the code only statuses that a page states (the guides' 401, 429, 422...);
 * else only our reading: a status read from the order of a page's examples, or a code the pages
 * never list for the operation (that the lists are closed is an assumption).
 */
export function codeBasis(op: IndexedOperation, code: string | undefined): 'documented' | 'assumed' {
  if (code === undefined) return 'assumed';
  const at = Object.values(op.responses).filter((r) => r.errorCodes.includes(code));
  if (at.length === 0) return 'assumed';
  return at.some((r) => r.assumedStatusCodes?.includes(code) === true) ? 'assumed' : 'documented';
}

/** A body in one of the documented error shapes: `{error_code, detail}`, FastAPI's `{detail}`, or the gateway's `{message}`. */
export function isErrorShape(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const body = value as { error_code?: unknown; detail?: unknown; message?: unknown };
  return typeof body.error_code === 'string' || body.detail !== undefined || typeof body.message === 'string';
}

/** Whether a body's error_code is one its status does not document. */
function codeNotAllowed(spec: IndexedResponse, value: unknown): boolean {
  const code = errorCodeOf(value);
  return spec.errorCodes.length > 0 && code !== undefined && !spec.errorCodes.includes(code);
}

const aboutStatus = (scope: string) => scope === 'status' || scope === 'field:error_code';

/** A header statement is assumed when the header itself is (x-assumed on it): the docs name no header of a 429. */
function headerAssumed(assumptions: Assumption[], header: HeaderSpec): boolean {
  return assumptions.some((a) => a.scope === `header:${header.name.toLowerCase()}`);
}
const aboutHeaders = (scope: string) => scope.startsWith('header:');

/** The status is one the operation documents. */
export const undocumentedStatus = {
  id: 'undocumented-status',
  title: 'Undocumented HTTP status code',
  contradicts: aboutStatus,
  /**
   * An operation answers one of the statuses it documents. The pages print no statuses, so most
   * are readings: a redirect breaks the docs (they document answers, never a redirect), and so
   * does a code with a stated status under another one; any other status breaks our reading only.
   */
  judge(op: IndexedOperation, status: number, body: string): BrokenPromise[] {
    if (op.responses[String(status)] !== undefined) return [];
    const message = `Expected ${op.method} ${op.path} to answer one of ${Object.keys(op.responses).join(', ')}. Got ${status}.`;
    const parsed = parseJson(body);
    const code = parsed.ok ? errorCodeOf(parsed.value) : undefined;
    const redirect = status >= 300 && status < 400;
    const assumed = !redirect && (status < 400 ? status >= 200 : codeBasis(op, code) === 'assumed');
    const out: BrokenPromise[] = [{ message, assumptions: assumptionsForCode(op, code), assumed }];
    // Whatever the status, the Error Handling guide promises an error body every client can read.
    if (status >= 400 && !(parsed.ok && isErrorShape(parsed.value)))
      out.push({
        message: `Expected an error body ({"error_code", "detail"}, FastAPI's {"detail"} or {"message"}) with ${status}. Got ${parsed.ok ? 'another JSON value' : 'no JSON'}.`,
        assumptions: [],
        pointer: '/',
      });
    return out;
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
    const assumptions = assumptionsAt(spec, { header: header.name });
    const place = { assumptions, pointer: `header:${header.name}`, assumed: headerAssumed(assumptions, header) };
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
    const assumptions = assumptionsAt(spec, { header: header.name });
    return [{ message, assumptions, pointer: `header:${header.name}`, assumed: headerAssumed(assumptions, header) }];
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
    // A code this status lists is right: what other branches say of it (their enums, the "any other
    // code" envelope's `not`) only tells which branch the body is not.
    const code = errorCodeOf(value);
    const listed = code !== undefined && spec.errorCodes.includes(code);
    const relevant = (errors: AjvError[]) =>
      schemaErrors(errors).filter(
        (e) =>
          !(listed && e.instancePath === '/error_code' && ['enum', 'not', 'const'].includes(e.keyword)) &&
          (!codeBroken ||
            (e.instancePath !== '/error_code' &&
              !['oneOf', 'anyOf', 'discriminator'].includes(e.keyword) &&
              !e.schemaPath.includes('anyOf'))),
      );
    // What the documented-only schema refuses breaks the docs; what only the whole one refuses
    // breaks an assumption (docs/decisions/0070).
    const documented = documentedValidators[spec.validator];
    const docErrors = documented(value) ? [] : relevant(documented.errors ?? []);
    // A code the status does not list, in an envelope the docs allow: error-code names it, and
    // whatever the listed codes' branches say of the rest only says that the body is none of them.
    if (codeBroken && docErrors.length === 0) return [];
    const key = (e: AjvError) => `${pointerOf(e)} ${e.keyword}`;
    const byDocs = new Set(docErrors.map(key));
    const full = relevant(validate.errors ?? []);
    const errors = [...docErrors, ...full.filter((e) => !byDocs.has(key(e)))];
    return errors.map((error) => {
      const pointer = pointerOf(error);
      return {
        message: describe(error, valueAt(value, error.instancePath), options.redactValues === true),
        assumptions: assumptionsAt(spec, { pointer }),
        pointer: `${prefix}${pointer === '/' && prefix ? '' : pointer}`,
        assumed: !byDocs.has(key(error)),
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
  judge(
    spec: IndexedResponse,
    value: unknown,
    prefix: string,
    elsewhere: Assumption[] = [],
    basis: 'documented' | 'assumed' = 'assumed',
  ): BrokenPromise[] {
    if (!codeNotAllowed(spec, value)) return [];
    const message = `Expected error_code to be one of ${spec.errorCodes.join(', ')}. Got "${String(errorCodeOf(value))}".`;
    // A code the operation gives another status: that status's reading is the suspect. A code it
    // never names: that this status's list of codes is closed (`error-code-sets`).
    const assumptions =
      elsewhere.length > 0
        ? elsewhere
        : assumptionsAt(spec, { pointer: '/error_code' }).filter(
            (a) => a.scope === 'field:error_code' && a.codes === undefined,
          );
    return [{ message, assumptions, pointer: `${prefix}/error_code`, assumed: basis === 'assumed' }];
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
        // That an object holds no other field is our reading: the docs show examples, not closed objects.
        assumed: true,
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

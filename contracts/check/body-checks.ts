import type { IndexedResponse, ResponseValidatorName } from '../generated/validators.js';
import { closedValidators, validators } from '../generated/validators.js';
import type { Validator } from '../operation-spec.ts';
import { assumptionsAt } from './assumptions.ts';
import { type Violation, violation } from './check-names.ts';

/** See CheckOptions. */
export interface BodyOptions {
  strict?: boolean;
  redactValues?: boolean;
}

type AjvError = NonNullable<Validator['errors']>[number];

function pointerOf(error: AjvError): string {
  const missing = error.params.missingProperty;
  const extra = error.params.unevaluatedProperty;
  const leaf = typeof missing === 'string' ? missing : typeof extra === 'string' ? extra : undefined;
  // RFC 6901 escaping, as AJV's instancePath already has it.
  return leaf === undefined
    ? error.instancePath || '/'
    : `${error.instancePath}/${leaf.replace(/~/g, '~0').replace(/\//g, '~1')}`;
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

function valueAt(body: unknown, pointer: string): unknown {
  let node = body;
  for (const key of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Schema violations of one parsed JSON value; `prefix` places NDJSON lines under `/<line>`. */
function schemaViolations(
  spec: IndexedResponse,
  name: ResponseValidatorName,
  body: unknown,
  options: BodyOptions,
  prefix: string,
): Violation[] {
  const validate = validators[name];
  const out: Violation[] = [];
  const errorCode = (body as { error_code?: unknown } | null)?.error_code;
  const codeNotAllowed =
    spec.errorCodes.length > 0 && typeof errorCode === 'string' && !spec.errorCodes.includes(errorCode);
  if (codeNotAllowed) {
    const message = `Expected error_code to be one of ${spec.errorCodes.join(', ')}. Got "${String(errorCode)}".`;
    out.push(violation('error-code', message, assumptionsAt(spec, { pointer: '/error_code' }), `${prefix}/error_code`));
  }
  if (!validate(body)) {
    for (const error of validate.errors ?? []) {
      // A wrong error_code is reported once, by its own check; the schema errors it causes
      // (the enum, and the oneOf branches it no longer matches) would only repeat it.
      if (
        codeNotAllowed &&
        (error.instancePath === '/error_code' || error.keyword === 'oneOf' || error.keyword === 'discriminator')
      )
        continue;
      const pointer = pointerOf(error);
      const message = describe(error, valueAt(body, error.instancePath), options.redactValues === true);
      out.push(
        violation(
          'body-schema',
          message,
          assumptionsAt(spec, { pointer }),
          `${prefix}${pointer === '/' && prefix ? '' : pointer}`,
        ),
      );
    }
  }
  if (options.strict === true) {
    const closed = closedValidators[name];
    if (closed && !closed(body)) {
      for (const error of closed.errors ?? []) {
        if (error.keyword !== 'unevaluatedProperties') continue;
        const message = `Expected only the fields the contract names. Got "${String(error.params.unevaluatedProperty)}" (reported because CONTRACT_STRICT=1).`;
        out.push(
          violation(
            'unknown-field',
            message,
            assumptionsAt(spec, { pointer: pointerOf(error) }),
            `${prefix}${pointerOf(error)}`,
          ),
        );
      }
    }
  }
  return out;
}

/** Checks the body of a response against the schema of its documented status. */
export function checkBody(spec: IndexedResponse, text: string, options: BodyOptions): Violation[] {
  if (spec.validator === undefined) {
    return text.trim() === ''
      ? []
      : [
          violation(
            'body-schema',
            `Expected an empty body. Got ${text.length} bytes.`,
            assumptionsAt(spec, { body: true }),
            '/',
          ),
        ];
  }
  const name = spec.validator;
  if (spec.ndjson) {
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0)
      return [
        violation(
          'body-schema',
          'Expected at least one NDJSON line. Got an empty body.',
          assumptionsAt(spec, { body: true }),
          '/',
        ),
      ];
    return lines.flatMap((line, i) => {
      const parsed = parseJson(line);
      if (!parsed.ok)
        return [
          violation(
            'body-schema',
            `Expected line ${i + 1} to be JSON. Got ${options.redactValues ? `${line.length} characters` : JSON.stringify(line.slice(0, 80))}.`,
            assumptionsAt(spec, { body: true }),
            `/${i}`,
          ),
        ];
      return schemaViolations(spec, name, parsed.value, options, `/${i}`);
    });
  }
  const parsed = parseJson(text);
  if (!parsed.ok)
    return [
      violation(
        'body-schema',
        `Expected a JSON body. Got ${options.redactValues ? `${text.length} characters` : JSON.stringify(text.slice(0, 80))}.`,
        assumptionsAt(spec, { body: true }),
        '/',
      ),
    ];
  return schemaViolations(spec, name, parsed.value, options, '');
}

/** JSON.parse without throwing: a body that is not JSON is a finding, not a crash. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

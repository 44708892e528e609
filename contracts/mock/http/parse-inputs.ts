// Path, query and body, checked with the contract's generated validators (never a hand-written
// schema). Each failure is the documented 422 validation_error with FastAPI-style locations.
import type { IncomingHttpHeaders } from 'node:http';
import type { IndexedOperation as OperationSpec } from '../../generated/validators.js';
import { paramValidators, validators } from '../../generated/validators.js';
import { validationError } from './api-error.ts';
import { issue, issuesOf } from './validation-issues.ts';

/** Validated path parameters; the router made the object for this request, so it is coerced in place. */
export function parsePath(spec: OperationSpec, params: Record<string, unknown>): Record<string, unknown> {
  if (!spec.pathValidator) return params;
  const validate = paramValidators[spec.pathValidator];
  if (!validate(params)) throw validationError(issuesOf('path', validate.errors));
  return params;
}

/** Validated query parameters; a repeated name arrives as a list, which a scalar refuses. */
export function parseQuery(spec: OperationSpec, search: string): Record<string, unknown> {
  if (!spec.queryValidator || search === '') return {};
  const values: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    const seen = values[name];
    if (seen === undefined) values[name] = value;
    else values[name] = Array.isArray(seen) ? [...(seen as string[]), value] : [seen, value];
  }
  const validate = paramValidators[spec.queryValidator];
  if (!validate(values)) throw validationError(issuesOf('query', validate.errors));
  return values;
}

/**
 * The request's headers, validated against the operation's header parameters (`user-id`); the
 * validator names only those, so the other headers pass as they are.
 */
export function parseHeaders(spec: OperationSpec, headers: IncomingHttpHeaders): Record<string, unknown> {
  if (!spec.headerValidator) return {};
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) if (typeof value === 'string') values[name] = value;
  const validate = paramValidators[spec.headerValidator];
  if (!validate(values)) throw validationError(issuesOf('header', validate.errors));
  return values;
}

function isJsonType(contentType: string): boolean {
  if (contentType === 'application/json') return true;
  const media = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || (media.startsWith('application/') && media.endsWith('+json'));
}

/**
 * The validated body, or undefined for an optional body that was not sent. Like FastAPI, a body
 * without Content-Type is read as JSON (k6 sends none unless told); a non-JSON type is refused.
 */
export function parseBody(spec: OperationSpec, raw: string, contentType: string | undefined): unknown {
  const body = spec.requestBody;
  if (!body) return undefined;
  if (raw.trim() === '') {
    if (!body.required) return undefined;
    throw validationError([issue(['body'], 'Field required: send a JSON body.', 'missing')]);
  }
  if (contentType !== undefined && !isJsonType(contentType)) {
    throw validationError([
      issue(
        ['header', 'content-type'],
        `Expected Content-Type application/json. Got ${contentType.slice(0, 80)}. Send the body as JSON with that header.`,
        'content_type',
      ),
    ]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw validationError([
      issue(
        ['body'],
        `Expected a JSON body. Got text that does not parse: ${(error as Error).message.slice(0, 120)}`,
        'json_invalid',
      ),
    ]);
  }
  const validate = validators[body.validator];
  if (!validate(parsed)) throw validationError(issuesOf('body', validate.errors));
  return parsed;
}

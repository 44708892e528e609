// Request bodies of the generated steps, from the contract's schemas: valid ones, ones that break
// exactly one thing (knowing which field), text that is not JSON, and valid JSON under a content
// type the contract does not document.
import fc from 'fast-check';
import { type InvalidValue, invalidValue } from '../arbitraries/invalid-values.ts';
import { bodySchema, pathParamSchema } from '../arbitraries/schema-node.ts';
import { validValue } from '../arbitraries/valid-values.ts';
import type { OperationId } from '../generated/validators.js';
import { operations, validators } from '../generated/validators.js';
import { openBodyPoints } from './open-body-points.ts';

/** A body as a step sends it. */
export type Body =
  | { kind: 'none' }
  | { kind: 'valid'; value: Record<string, unknown> }
  | { kind: 'invalid'; invalid: InvalidValue }
  | { kind: 'not-json'; text: string }
  | { kind: 'wrong-content-type'; value: Record<string, unknown>; contentType: string };

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the value only gives a field whose type the docs leave open another type: a body the
 * docs allow, whose open point (field-type-open) the model judges like any other.
 */
function retypedOpenField(op: OperationId, invalid: InvalidValue): boolean {
  if (invalid.kind !== 'wrong-type') return false;
  const at = invalid.field.join('\u0000');
  return openBodyPoints(op, invalid.value).some(
    (p) => p.rule === 'field-type-open' && (p.field ?? []).join('\u0000') === at,
  );
}

/** Valid bodies of an operation's request schema. */
export function validBody(op: OperationId): fc.Arbitrary<Record<string, unknown>> {
  return validValue(bodySchema(op)) as fc.Arbitrary<Record<string, unknown>>;
}

/** Every kind of body for an operation, mostly valid ones. */
export function anyBody(op: OperationId): fc.Arbitrary<Body> {
  const spec = operations[op].requestBody;
  if (!spec) throw new Error(`${op} takes no body.`);
  const validate = validators[spec.validator];
  const valid = validBody(op);
  // Text that is not JSON: a valid body cut short, or JSON with a mistake in it.
  const notJson = fc.oneof(
    fc.tuple(valid, fc.nat()).map(([value, n]) => {
      const text = JSON.stringify(value);
      return text.slice(0, 1 + (n % Math.max(1, text.length - 1)));
    }),
    fc.constantFrom("{'role': 'user'}", '{"a": 1,}', '{"meta_data": {', 'not json', '{"x": NaN}', '[1, 2'),
  );
  const kinds: Array<fc.WeightedArbitrary<Body>> = [
    { weight: 10, arbitrary: valid.map((value): Body => ({ kind: 'valid', value })) },
    {
      weight: 3,
      arbitrary: invalidValue(bodySchema(op), (v) => validate(v), { nullBody: spec.required }).map(
        (invalid): Body =>
          retypedOpenField(op, invalid)
            ? { kind: 'valid', value: invalid.value as Record<string, unknown> }
            : { kind: 'invalid', invalid },
      ),
    },
    {
      weight: 1,
      arbitrary: notJson
        .filter((text) => text.trim() !== '' && !parses(text))
        .map((text): Body => ({ kind: 'not-json', text })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml'))
        .map(([value, contentType]): Body => ({ kind: 'wrong-content-type', value, contentType })),
    },
  ];
  if (!spec.required) kinds.push({ weight: 2, arbitrary: fc.constant<Body>({ kind: 'none' }) });
  return fc.oneof(...kinds);
}

/** Path ids that break the parameter's schema (a uuid that is not one), as URL-safe text. */
export function invalidPathId(op: OperationId, name: string): fc.Arbitrary<string> {
  const schema = pathParamSchema(op, name);
  return invalidValue(schema, () => false)
    .map((invalid) => invalid.value)
    .filter((value): value is string => typeof value === 'string' && value !== '' && /^[\w-]+$/.test(value));
}

/**
 * The body with its JSON value reshaped (a command sets ids and fields the model chose); an
 * invalid one only by `keepBreak`, which must leave its break as it is; other kinds as they are.
 */
export function shapeBody(
  body: Body,
  shape: (value: Record<string, unknown>) => Record<string, unknown>,
  keepBreak?: (value: Record<string, unknown>) => Record<string, unknown>,
): Body {
  if (body.kind === 'valid') return { kind: 'valid', value: shape(body.value) };
  if (body.kind === 'wrong-content-type') return { ...body, value: shape(body.value) };
  const value = body.kind === 'invalid' ? body.invalid.value : undefined;
  if (body.kind === 'invalid' && keepBreak && typeof value === 'object' && value !== null && !Array.isArray(value))
    return { kind: 'invalid', invalid: { ...body.invalid, value: keepBreak(value as Record<string, unknown>) } };
  return body;
}

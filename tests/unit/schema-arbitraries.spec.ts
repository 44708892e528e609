import { expect } from '@playwright/test';
import fc from 'fast-check';
import { type BreakKind, invalidValue } from '../../contracts/arbitraries/invalid-values.ts';
import { bodySchema, resolve } from '../../contracts/arbitraries/schema-node.ts';
import { validValue } from '../../contracts/arbitraries/valid-values.ts';
import { operationIds } from '../../contracts/check/operation-path.ts';
import { type OperationId, operations, validators } from '../../contracts/generated/validators.js';
import { test } from '../support/base-test.ts';

const withBodies = operationIds.filter((op) => operations[op].requestBody);
const validatorOf = (op: OperationId) => {
  const name = operations[op].requestBody?.validator;
  if (name === undefined) throw new Error(`${op} takes no body.`);
  return validators[name];
};

test.describe('arbitraries from the contract schemas', () => {
  for (const op of withBodies) {
    test(`every generated valid ${op} body passes the contract's validator, every invalid one fails it`, () => {
      const validate = validatorOf(op);
      // The samples that break the rule, asserted once: Playwright's expect costs a reported step
      // each (a time quadratic in the steps of a test), and the failure then lists every sample.
      const refused = fc
        .sample(validValue(bodySchema(op)), { numRuns: 300, seed: 1 })
        .filter((value) => !validate(value))
        .map((value) => `${JSON.stringify(value).slice(0, 300)} ${JSON.stringify(validate.errors)}`);
      expect(refused, 'valid bodies the validator refuses').toEqual([]);
      const invalid = fc.sample(
        invalidValue(bodySchema(op), (v) => validate(v)),
        { numRuns: 300, seed: 2 },
      );
      expect(invalid).toHaveLength(300);
      const accepted = invalid
        .filter(({ value }) => validate(value))
        .map(({ value }) => JSON.stringify(value).slice(0, 300));
      expect(accepted, 'invalid bodies the validator accepts').toEqual([]);
      expect(
        invalid.filter(({ field }) => !Array.isArray(field)).map(({ value }) => JSON.stringify(value).slice(0, 300)),
        'invalid bodies without the field they break',
      ).toEqual([]);
    });
  }

  test('valid message bodies reach every role, astral, combining and control characters, blank, empty and long content, extra fields and empty lists', () => {
    const samples = fc.sample(validValue(bodySchema('createMessage')), { numRuns: 3_000, seed: 3 }) as Array<
      Record<string, unknown>
    >;
    const contents = samples.map((s) => String(s.content));
    const reached = {
      roles: new Set(samples.map((s) => s.role)).size,
      astral: contents.some((c) => /[\u{10000}-\u{10FFFF}]/u.test(c)),
      combining: contents.some((c) => /[\u0300-\u036f\u20dd\u0489]/.test(c)),
      control: contents.some((c) => /[\u0000-\u001f]/.test(c)),
      blank: contents.some((c) => c !== '' && c.trim() === ''),
      empty: contents.includes(''),
      long: contents.some((c) => c.length > 200),
      extra: samples.some((s) =>
        Object.keys(s).some((k) => !['role', 'content', 'tool_calls', 'tool_call_id'].includes(k)),
      ),
      emptyList: samples.some((s) => Array.isArray(s.tool_calls) && s.tool_calls.length === 0),
      absent: samples.some((s) => !('tool_calls' in s)),
    };
    expect(reached).toEqual({
      roles: 4,
      astral: true,
      combining: true,
      control: true,
      blank: true,
      empty: true,
      long: true,
      extra: true,
      emptyList: true,
      absent: true,
    });
  });

  test('invalid bodies reach every kind of break, each naming the field it broke', () => {
    const kinds = new Set<BreakKind>();
    const misnamed: string[] = [];
    for (const op of withBodies) {
      for (const invalid of fc.sample(
        invalidValue(bodySchema(op), (v) => validatorOf(op)(v)),
        { numRuns: 800, seed: 4 },
      )) {
        kinds.add(invalid.kind);
        if (
          (invalid.kind === 'not-an-object' && invalid.field.length > 0) ||
          (invalid.kind === 'missing-required' && invalid.field.length === 0)
        )
          misnamed.push(`${op} ${invalid.kind}: field ${JSON.stringify(invalid.field)}`);
      }
    }
    // A whole body has no field; a missing one has its name.
    expect(misnamed).toEqual([]);
    expect([...kinds].sort()).toEqual([
      'bad-format',
      'missing-required',
      'not-an-object',
      'outside-enum',
      'too-few-items',
      'too-short',
      'wrong-type',
    ]);
  });

  test('an optional body is never broken by null (a server may read it as absent)', () => {
    const samples = fc.sample(
      invalidValue(bodySchema('createRun'), (v) => validatorOf('createRun')(v), { nullBody: false }),
      { numRuns: 500, seed: 5 },
    );
    expect(samples.some((s) => s.value === null)).toBe(false);
  });

  test('refuses a schema keyword it does not understand, naming it', () => {
    expect(() => resolve({ type: 'string', pattern: '^a' })).toThrow(
      'Schema keyword "pattern" is not supported by contracts/arbitraries',
    );
  });
});

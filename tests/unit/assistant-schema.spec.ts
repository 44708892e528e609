import { expect } from '@playwright/test';
import { compileAssistantSchema, withoutContradictions } from '../support/assistant-schema.ts';
import { test } from '../support/base-test.ts';

// The shape of the docs' own example (Get an assistant): `type` has a const and an enum with no
// value in common, and the run example answers with the enum's value.
const documented = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    type: {
      const: 'lgagentmetadatamodel',
      default: 'lgagentmetadatamodel',
      enum: ['53aa66b7-b874-407f-967c-3a959c919d62'],
      type: 'string',
    },
    legal_advice: { type: 'boolean' },
    intent: { type: 'string' },
  },
  required: ['legal_advice', 'intent'],
};

test('a const and an enum that share no value are set aside, and named', () => {
  const schema = compileAssistantSchema(documented);
  expect(schema.contradictions).toEqual(['/properties/type']);
  expect(schema.validate({ type: '53aa66b7-b874-407f-967c-3a959c919d62', legal_advice: false, intent: 'x' })).toBe(
    true,
  );
});

test('every other keyword still holds where a contradiction was set aside', () => {
  const schema = compileAssistantSchema(documented);
  expect(schema.validate({ type: '53aa66b7-b874-407f-967c-3a959c919d62', intent: 'x' })).toBe(false);
  expect(schema.errorsText()).toMatch(/legal_advice/);
  expect(schema.validate({ type: 5, legal_advice: false, intent: 'x' })).toBe(false);
});

test('a const inside its enum, or either alone, is a promise and kept', () => {
  const agreeing = {
    properties: { type: { const: 'a', enum: ['a', 'b'] }, kind: { const: 'k' }, tier: { enum: ['x'] } },
  };
  expect(withoutContradictions(agreeing).found).toEqual([]);
  const schema = compileAssistantSchema(agreeing);
  expect(schema.validate({ type: 'b' })).toBe(false);
  expect(schema.validate({ kind: 'other' })).toBe(false);
  expect(schema.validate({ tier: 'y' })).toBe(false);
  expect(schema.validate({ type: 'a', kind: 'k', tier: 'x' })).toBe(true);
});

test('contradictions are found at any depth, with escaped pointers', () => {
  const nested = { items: [{ properties: { 'a/b': { const: 1, enum: [2] } } }] };
  expect(withoutContradictions(nested).found).toEqual(['/items/0/properties/a~1b']);
});

// Every statement of the contract says where it comes from: a page of the docs, or an assumption
// with its reason (docs/decisions/0070-provenance-and-verdicts.md). Only documented statements
// make a red build, so a statement with neither would be judged by nobody's word.
import { expect } from '@playwright/test';
import {
  type Basis,
  citedPages,
  contractStatements,
  docsCatalog,
  documentedOnly,
  schemaStatements,
} from '../../contracts/provenance.ts';
import { loadSpec } from '../../contracts/spec-document.ts';
import { test } from '../support/base-test.ts';

const kindOf = (basis: Basis) => (basis.documented ? 'documented' : 'missing' in basis ? 'missing' : 'assumed');

test('every statement of the contract names a page of the docs or the reason it is assumed', async () => {
  const statements = contractStatements(await loadSpec());
  expect(statements.length).toBeGreaterThan(300);
  const missing = statements.filter((s) => kindOf(s.basis) === 'missing').map((s) => `${s.pointer} (${s.what})`);
  expect(missing).toEqual([]);
  // Both kinds are there: the contract is neither all docs nor all guesses.
  expect(statements.filter((s) => kindOf(s.basis) === 'assumed').length).toBeGreaterThan(10);
});

test('every page a statement cites is in the x-docs catalog, and every page of the catalog is cited', async () => {
  const doc = await loadSpec();
  const catalog = docsCatalog(doc);
  const cited = citedPages(doc);
  expect(cited.filter(({ page }) => catalog[page] === undefined)).toEqual([]);
  const used = new Set(cited.map(({ page }) => page));
  expect(Object.keys(catalog).filter((page) => !used.has(page))).toEqual([]);
  for (const page of Object.values(catalog)) expect(page.url).toMatch(/^https:\/\/docs\.haufe\.ai\//);
});

test.describe('how provenance is read', () => {
  const doc: Basis = { documented: true, pages: ['p'] };
  const cases: Array<[string, { schema: unknown; want: Record<string, string> }]> = [
    [
      'a node inherits its parent until it says otherwise',
      {
        schema: { 'x-source': ['p'], type: 'object', properties: { a: { type: 'string' } } },
        want: { '#/type': 'documented', '#/properties/a/type': 'documented' },
      },
    ],
    [
      'an assumed node assumes its whole subtree',
      {
        schema: { 'x-assumed': 'r', type: 'object', properties: { a: { type: 'string', minLength: 1 } } },
        want: { '#/type': 'assumed', '#/properties/a/type': 'assumed', '#/properties/a/minLength': 'assumed' },
      },
    ],
    [
      'x-assumed-keywords narrows the assumption to those keywords',
      {
        schema: {
          'x-source': ['p'],
          'x-assumed': 'r',
          'x-assumed-keywords': ['pattern'],
          type: 'string',
          pattern: 'x',
        },
        want: { '#/type': 'documented', '#/pattern': 'assumed' },
      },
    ],
    [
      'x-assumed-required narrows it to some required fields',
      {
        schema: { 'x-source': ['p'], 'x-assumed': 'r', 'x-assumed-required': ['b'], required: ['a', 'b'] },
        want: { '#/required a': 'documented', '#/required b': 'assumed' },
      },
    ],
    [
      'a documented node inside an assumed one is documented again',
      {
        schema: { 'x-assumed': 'r', type: 'object', properties: { a: { 'x-source': ['p'], type: 'string' } } },
        want: { '#/type': 'assumed', '#/properties/a/type': 'documented' },
      },
    ],
    [
      'a component under $defs inherits nothing',
      { schema: { 'x-source': ['p'], $defs: { C: { type: 'string' } } }, want: { '#/$defs/C/type': 'missing' } },
    ],
  ];
  for (const [name, { schema, want }] of cases) {
    test(name, () => {
      const got = Object.fromEntries(
        schemaStatements(schema, '#').map((s) => [
          `${s.pointer}/${s.keyword}${s.field ? ` ${s.field}` : ''}`,
          kindOf(s.basis),
        ]),
      );
      for (const [key, value] of Object.entries(want)) expect({ key, value: got[key] }).toEqual({ key, value });
    });
  }

  test('the documented-only schema keeps documented statements and drops assumed ones', () => {
    const schema = {
      'x-source': ['p'],
      type: 'object',
      required: ['id', 'meta'],
      'x-assumed': 'meta is always there',
      'x-assumed-required': ['meta'],
      properties: {
        id: { type: 'string' },
        stamp: {
          'x-assumed': 'microseconds',
          'x-assumed-keywords': ['pattern'],
          type: 'string',
          pattern: '\\.\\d{6}Z$',
        },
        calls: { 'x-assumed': 'Chat Completions shape', type: 'array', items: { $ref: 'urn:x#/$defs/ToolCall' } },
      },
    };
    expect(documentedOnly(schema, '#', doc)).toEqual({
      'x-source': ['p'],
      type: 'object',
      required: ['id'],
      'x-assumed': 'meta is always there',
      'x-assumed-required': ['meta'],
      properties: {
        id: { type: 'string' },
        stamp: { 'x-assumed': 'microseconds', 'x-assumed-keywords': ['pattern'], type: 'string' },
        calls: { 'x-assumed': 'Chat Completions shape', items: {} },
      },
    });
  });

  test('a discriminator goes with its oneOf', () => {
    const schema = { 'x-assumed': 'r', oneOf: [{ type: 'object' }], discriminator: { propertyName: 'error_code' } };
    expect(documentedOnly(schema, '#', doc)).toEqual({ 'x-assumed': 'r' });
  });

  test('a documented oneOf reads as anyOf, without its discriminator: branches whose codes are assumed may overlap', () => {
    const schema = { oneOf: [{ type: 'object' }, { type: 'object' }], discriminator: { propertyName: 'error_code' } };
    expect(documentedOnly(schema, '#', doc)).toEqual({ anyOf: [{ type: 'object' }, { type: 'object' }] });
  });
});

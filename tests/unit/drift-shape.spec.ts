// Body shapes compare field paths and JSON types, never values.
import { expect } from '@playwright/test';
import { bodyShape, shapeDifferences } from '../../contracts/drift/body-shape.ts';
import { test } from '../support/base-test.ts';

const shapes: Array<[string, { given: [string, boolean]; want: Record<string, string> }]> = [
  [
    'an object with nested fields and a list',
    {
      given: ['{"a":"x","b":{"c":1.5},"d":[{"e":null}]}', false],
      want: {
        '': 'object',
        '/a': 'string',
        '/b': 'object',
        '/b/c': 'number',
        '/d': 'array',
        '/d/[]': 'object',
        '/d/[]/e': 'null',
      },
    },
  ],
  [
    'NDJSON lines merge, types that vary are joined',
    { given: ['{"a":"x"}\n{"a":null,"b":true}\n', true], want: { '': 'object', '/a': 'null|string', '/b': 'boolean' } },
  ],
  ['an empty body', { given: ['  ', false], want: { '': '<empty>' } }],
  ['a body that is not JSON', { given: ['<html>', false], want: { '': '<not JSON>' } }],
  ['slashes in keys are escaped', { given: ['{"a/b":1}', false], want: { '': 'object', '/a~1b': 'number' } }],
];

for (const [name, { given, want }] of shapes) {
  test(`shape of ${name}`, () => expect(bodyShape(...given)).toEqual(want));
}

test('the shape holds no value', () => {
  expect(JSON.stringify(bodyShape('{"content":"Geheimnis","n":42}', false))).not.toMatch(/Geheimnis|42/);
});

const diffs: Array<[string, { a: string; b: string; want: Array<{ path: string; a?: string; b?: string }> }]> = [
  ['the same shape with other values', { a: '{"a":"x","n":1}', b: '{"a":"y","n":2.5}', want: [] }],
  [
    'a field only one side has',
    { a: '{"a":"x","extra":true}', b: '{"a":"y"}', want: [{ path: '/extra', a: 'boolean' }] },
  ],
  ['a retyped field', { a: '{"a":"x"}', b: '{"a":null}', want: [{ path: '/a', a: 'string', b: 'null' }] }],
  [
    'a missing object is named once, not with each of its fields',
    { a: '{"m":{"x":1,"y":2}}', b: '{}', want: [{ path: '/m', a: 'object' }] },
  ],
  ['an empty list says nothing about its items', { a: '{"s":[]}', b: '{"s":[{"c":"x"}]}', want: [] }],
  [
    'items of both lists are compared',
    { a: '{"s":[{"c":"x"}]}', b: '{"s":[{"c":1}]}', want: [{ path: '/s/[]/c', a: 'string', b: 'number' }] },
  ],
  [
    'a body that is no longer JSON is named at the root only',
    { a: 'oops', b: '{"a":1}', want: [{ path: '', a: '<not JSON>', b: 'object' }] },
  ],
];

for (const [name, { a, b, want }] of diffs) {
  test(`differences: ${name}`, () => expect(shapeDifferences(bodyShape(a, false), bodyShape(b, false))).toEqual(want));
}

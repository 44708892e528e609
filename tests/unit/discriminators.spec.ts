// The contract as other OpenAPI tools read it. Every discriminator carries its mapping, so that a
// tool other than AJV reads error_code as a value and not as the name of a schema (without a
// mapping, OpenAPI takes the schema's name: a peer tool sent error_code "ValidationError"); AJV
// refuses the mapping and reads the same one from the branches' enums
// (scripts/generate/schema-bundle.ts), so the two must agree. And the document passes a validator
// of the OpenAPI 3.1 schema that is not Redocly's (npm run lint runs Redocly).

import { expect } from '@playwright/test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { isNode, loadSpec, type Node, resolvePointer } from '../../contracts/spec-document.ts';
import { test } from '../support/base-test.ts';

/** Every node with a discriminator, with where it is. */
function discriminated(node: unknown, pointer: string, out: Array<{ pointer: string; node: Node }>): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      discriminated(item, `${pointer}/${i}`, out);
    });
    return;
  }
  if (!isNode(node)) return;
  if (isNode(node.discriminator)) out.push({ pointer, node });
  for (const [key, value] of Object.entries(node)) discriminated(value, `${pointer}/${key}`, out);
}

test('every discriminator maps exactly the codes of its branches, each to the branch that has it', async () => {
  const doc = await loadSpec();
  const found: Array<{ pointer: string; node: Node }> = [];
  discriminated(doc, '#', found);
  expect(found.length).toBeGreaterThanOrEqual(4);
  for (const { pointer, node } of found) {
    const discriminator = node.discriminator as { propertyName: string; mapping?: Record<string, string> };
    const branches = (node.oneOf as Array<{ $ref: string }>).map((b) => b.$ref);
    const want: Record<string, string> = {};
    for (const ref of branches) {
      const schema = resolvePointer(doc, ref) as { properties: Record<string, { enum: string[] }> };
      for (const code of schema.properties[discriminator.propertyName]?.enum ?? []) want[code] = ref;
    }
    expect({ pointer, mapping: discriminator.mapping }).toEqual({ pointer, mapping: want });
  }
});

test('the document is valid OpenAPI 3.1 to a second validator, the official schema of the specification', async () => {
  const result = await new Validator().validate(await loadSpec());
  expect(result).toEqual({ valid: true });
});

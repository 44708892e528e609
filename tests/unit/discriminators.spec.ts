// Every discriminator of the contract carries its mapping, so that OpenAPI tools other than AJV read
// error_code as a value and not as the name of a schema; AJV refuses the mapping and reads the same
// one from the branches' enums (scripts/generate/schema-bundle.ts), so the two must agree.
import { expect, test } from '@playwright/test';
import { isNode, loadSpec, type Node, resolvePointer } from '../../contracts/spec-document.ts';

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

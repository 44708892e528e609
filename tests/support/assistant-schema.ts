// The assistant's own meta_data_response_schema, which only the API knows, compiled at run time.
// The docs' own example gives `type` a `const` and an `enum` that share no value (and its run
// example answers with the enum's value): a schema no answer can satisfy is a contradiction of
// the docs, not a promise, so those two keywords are set aside where they disagree and the test
// says so, and every other keyword still holds.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** A compiled schema, and where its `const` and `enum` disagree (JSON pointers into it). */
export interface AssistantSchema {
  validate: ValidateFunction;
  errorsText(): string;
  contradictions: string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A copy of `node` without the `const`/`enum` pairs that share no value, with their pointers. */
export function withoutContradictions(
  node: Json,
  pointer = '',
  found: string[] = [],
): { schema: Json; found: string[] } {
  if (Array.isArray(node)) {
    return { schema: node.map((item, i) => withoutContradictions(item, `${pointer}/${i}`, found).schema), found };
  }
  if (node === null || typeof node !== 'object') return { schema: node, found };
  const copy: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    copy[key] = withoutContradictions(
      value,
      `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`,
      found,
    ).schema;
  }
  const options = copy.enum;
  if ('const' in copy && Array.isArray(options) && !options.some((option) => sameJson(option, copy.const))) {
    found.push(pointer === '' ? '/' : pointer);
    delete copy.const;
    delete copy.enum;
  }
  return { schema: copy, found };
}

/** Compiles the assistant's schema; a draft-07 `$schema` is dropped (Ajv2020 knows its keywords). */
export function compileAssistantSchema(schema: Record<string, unknown>): AssistantSchema {
  const { $schema: _dialect, ...rest } = schema;
  const { schema: usable, found } = withoutContradictions(rest as Json);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  try {
    const validate = ajv.compile(usable as object);
    return { validate, errorsText: () => ajv.errorsText(validate.errors), contradictions: found };
  } catch (error) {
    throw new Error(
      `The assistant's meta_data_response_schema does not compile as JSON Schema: ${(error as Error).message}. Check GET /v1/assistants.`,
    );
  }
}

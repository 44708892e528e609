import type { components } from '../generated/api.ts';
import { requiresField, satisfyingMetaData } from '../request-meta-data.ts';

type Assistant = components['schemas']['Assistant'];
type RequestMetaData = components['schemas']['RequestMetaData'];

const PLACEHOLDER = 'agents-api-suite';

/**
 * Request metadata that satisfies an assistant's `request_required_fields`
 * (`{"__root__": ["user_data"], "user_data": ["licence"]}` -> `{user_data: {licence: "..."}}`).
 * RUN_META_DATA (JSON) replaces it where a live assistant needs real values.
 */
export function requiredMetaData(
  assistant: Assistant,
  env: NodeJS.ProcessEnv = process.env,
): RequestMetaData | undefined {
  if (env.RUN_META_DATA) {
    try {
      return JSON.parse(env.RUN_META_DATA) as RequestMetaData;
    } catch {
      throw new Error(
        `Expected RUN_META_DATA to be JSON such as {"user_data":{"licence":"..."}}. Got ${env.RUN_META_DATA.length} characters that do not parse.`,
      );
    }
  }
  return satisfyingMetaData(assistant.request_required_fields, PLACEHOLDER) as RequestMetaData | undefined;
}

/** Whether an assistant asks for `<object>.<field>` in the request metadata. */
export function requires(assistant: Assistant, object: string, field: string): boolean {
  return requiresField(assistant.request_required_fields, object, field);
}

// Request Metadata Validation: meta_data carries end-user context; its structure is fixed
// ({user_data: {licence}}), and each assistant names required fields in
// request_required_fields, e.g. {"__root__": ["user_data"], "user_data": ["licence"]}.
import type { Assistant } from './catalog.ts';
import { nullable, obj, opt, type Schema, str } from './schema.ts';

export interface MetaDataInput {
  user_data?: { licence?: string | null } | null;
}

export const metaDataSchema: Schema = nullable(
  obj({
    user_data: opt(nullable(obj({ licence: opt(nullable(str())) }))),
  }),
);

/** True when a field the assistant requires is missing or null ("missing or null" → 422). */
export function lacksRequiredMetadata(assistant: Assistant, meta: MetaDataInput | null | undefined): boolean {
  for (const [path, fields] of Object.entries(assistant.requestRequiredFields)) {
    const holder: unknown = path === '__root__' ? meta : (meta as Record<string, unknown> | null | undefined)?.[path];
    for (const field of fields) {
      const value =
        typeof holder === 'object' && holder !== null ? (holder as Record<string, unknown>)[field] : undefined;
      if (value === undefined || value === null) return true;
    }
  }
  return false;
}

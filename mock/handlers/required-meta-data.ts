// An assistant's request_required_fields names what a run request's meta_data must carry:
// `{"__root__": ["user_data"], "user_data": ["licence"]}` asks for meta_data.user_data.licence.
import type { components } from '../../contracts/generated/api.ts';
import { ApiError } from '../http/api-error.ts';

type Assistant = components['schemas']['Assistant'];

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** The dotted names of the required fields the metadata lacks, in the order the assistant lists them. */
export function missingFields(assistant: Assistant, metaData: unknown): string[] {
  const fields = assistant.request_required_fields;
  const root = (typeof metaData === 'object' && metaData !== null ? metaData : {}) as Record<string, unknown>;
  const missing: string[] = [];
  for (const name of fields.__root__ ?? []) {
    if (!present(root[name])) missing.push(name);
  }
  for (const [object, names] of Object.entries(fields)) {
    if (object === '__root__') continue;
    const nested = root[object];
    const record = (typeof nested === 'object' && nested !== null ? nested : {}) as Record<string, unknown>;
    for (const name of names) if (!present(record[name])) missing.push(`${object}.${name}`);
  }
  return missing;
}

/** Throws the documented 422 when the request lacks a field the assistant requires. */
export function requireMetaData(assistant: Assistant, metaData: unknown): void {
  const missing = missingFields(assistant, metaData);
  if (missing.length > 0) {
    throw new ApiError(
      'request_metadata_missing_or_incomplete',
      `Request metadata is missing or incomplete: ${missing.join(', ')}. Send them in meta_data, for example {"meta_data": {"user_data": {"licence": "..."}}}.`,
    );
  }
}

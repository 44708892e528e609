// The documented 422 for a run or chat request that lacks a field the assistant requires. Which
// fields are missing is read by the one shared helper (contracts/request-meta-data.ts); the mock
// counts "" as missing (docs/decisions/0002).
import type { components } from '../../generated/api.ts';
import { missingRequiredFields } from '../../request-meta-data.ts';
import { ApiError } from '../http/api-error.ts';

type Assistant = components['schemas']['Assistant'];

/** Throws the documented 422 when the request lacks a field the assistant requires. */
export function requireMetaData(assistant: Assistant, metaData: unknown): void {
  const missing = missingRequiredFields(assistant.request_required_fields, metaData);
  if (missing.length > 0) {
    throw new ApiError(
      'request_metadata_missing_or_incomplete',
      `Request metadata is missing or incomplete: ${missing.join(', ')}. Send them in meta_data, for example {"meta_data": {"user_data": {"licence": "..."}}}.`,
    );
  }
}

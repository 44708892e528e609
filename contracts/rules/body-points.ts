// The catalog entries of the points the docs leave open on any request body (rule-catalog.ts
// joins them), read from the body and the request schema by contracts/stateful/open-body-points.ts.
// Where the docs are silent, a body reads as the FastAPI service the pages come from would read
// it, and a strict API that refuses it is correct too. No Node imports (k6-safe).
import type { Rule } from './catalog-entry.ts';

export const BODY_POINTS = {
  'unnamed-property': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error'],
    mock: 'accepts',
    when: 'body',
    says: 'the docs do not say whether properties they do not name are ignored or refused (in meta_data too: it "currently supports" user_data.licence)',
  },
  'field-type-open': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error'],
    mock: 'refuses',
    when: 'body',
    says: 'the docs name the field without a type (user_data.licence): another type may be refused, accepted, or count as missing (metadata-blank)',
  },
  'tool-name-pattern': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error'],
    mock: 'accepts',
    when: 'body',
    says: 'the docs give tool names no pattern; Chat Completions, whose shape we assume, allows ^[a-zA-Z0-9_-]{1,64}$ only',
  },
  'tool-name-duplicate': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error'],
    mock: 'accepts',
    when: 'body',
    says: 'two tools of one request with the same name (Chat Completions-shaped APIs may refuse it)',
  },
  'empty-list': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error'],
    mock: 'accepts',
    when: 'body',
    says: 'the docs do not say whether an empty tools or tool_calls list is allowed (Chat Completions refuses it)',
  },
  'nul-character': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error', 'bad_request'],
    mock: 'accepts',
    when: 'body',
    says: 'a string with U+0000, which many stores (PostgreSQL text) cannot hold, may be refused',
  },
  'broken-unicode': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error', 'bad_request'],
    mock: 'accepts',
    when: 'body',
    says: 'a lone surrogate in a string other than message content (Message Validation rejects broken Unicode in content only)',
  },
  'null-optional': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error'],
    mock: 'refuses',
    when: 'body',
    says: 'null for an optional field: absent to a FastAPI service (its default), a wrong type to a strict API',
  },
  'lax-conversion': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error'],
    mock: 'refuses',
    when: 'body',
    says: 'a value pydantic\'s lax mode converts (a numeric string or a boolean for a number, 0, 1 or "yes" for a boolean): taken by a FastAPI service, refused by a strict API',
  },
  'body-absent': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error'],
    mock: 'accepts',
    when: 'body',
    says: 'a run without a body: the contract makes it optional, the documented example sends {}',
  },
  'content-type-not-json': {
    code: 'validation_error',
    reading: 'open',
    codes: ['validation_error'],
    mock: 'refuses',
    when: 'body',
    says: 'the contract describes application/json bodies; the docs do not say that another type must be refused',
  },
} as const satisfies Record<string, Rule>;

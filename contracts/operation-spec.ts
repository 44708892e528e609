// The shape of the operation index that `npm run generate` derives from openapi.yaml and
// exports from contracts/generated/validators.js. Types only: k6 and Node both read it.

/** An `x-assumed` statement and what it covers: `status`, `body`, `header:<name>` or `field:<property>`. */
export interface Assumption {
  scope: string;
  /** "pointer: reason". */
  text: string;
}

/** One documented response of an operation, as the checker and the mock read it. */
export interface ResponseSpec {
  contentTypes: string[];
  /** Export name of the body validator; absent when the body is empty. */
  validator?: string;
  /** The body is NDJSON and the validator applies to each line. */
  ndjson: boolean;
  /** The error codes this status allows (empty for success responses). */
  errorCodes: string[];
  headers: Array<{ name: string; required: boolean; validator?: string }>;
  /** `x-assumed` statements this response depends on. */
  assumptions: Assumption[];
}

/** One operation of the contract. */
export interface OperationSpec {
  operationId: string;
  method: string;
  path: string;
  /** Rate-limit budget: the answer-generating endpoints share one. */
  budget: 'answers' | 'other';
  requestBody?: { required: boolean; validator: string };
  pathValidator?: string;
  queryValidator?: string;
  responses: Record<string, ResponseSpec>;
}

/** A compiled validator: a boolean answer, details in `.errors` (AJV's convention). */
export interface Validator {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; schemaPath: string; keyword: string; params: Record<string, unknown>; message?: string }> | null;
}

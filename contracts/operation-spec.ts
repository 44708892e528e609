// The shape of the operation index that `npm run generate` derives from openapi.yaml and
// exports from contracts/generated/validators.js. Types only: k6 and Node both read it.
// The names are type parameters so that the generated declarations can fill in their literal
// unions (no casts where a name is looked up), while the generator itself builds plain strings.

/** The kinds of names the index uses; the generated `IndexNames` narrows each to its literals. */
export interface NameKinds {
  operation: string;
  /** Body and header validators (`validators`). */
  validator: string;
  /** Response body validators (also in `closedValidators`). */
  response: string;
  /** Path and query validators (`paramValidators`). */
  param: string;
  budget: string;
}

/** An `x-assumed` statement and what it covers: `status`, `body`, `header:<name>`, `field:<property>`, `request` or `operation`. */
export interface Assumption {
  /** Stable id: the JSON pointer of the node that carries `x-assumed`, or its `x-assumed-id`. */
  id: string;
  scope: string;
  /** "pointer: reason". */
  text: string;
  /** The one-line reason, as written in the spec. */
  reason: string;
  /**
   * The error codes whose status the statement assumes (`x-assumed-codes`, else the enum of the
   * `error_code` it sits on, else the codes of the error response it sits on). Absent: not about a code.
   */
  codes?: string[];
  /** For a field statement: the field's place in the body (in each NDJSON line), `*` for any array item. */
  at?: string;
}

/** One documented response of an operation, as the checker and the mock read it. */
export interface ResponseSpec<N extends NameKinds = NameKinds> {
  contentTypes: string[];
  /** Export name of the body validator; absent when the body is empty. */
  validator?: N['response'];
  /** The body is NDJSON and the validator applies to each line. */
  ndjson: boolean;
  /** The body is text (text/plain): the validator applies to the text itself, not to a JSON value. */
  text?: boolean;
  /** The error codes this status allows (empty for success responses). */
  errorCodes: string[];
  headers: Array<{ name: string; required: boolean; validator?: N['validator'] }>;
  /** `x-assumed` statements this response depends on. */
  assumptions: Assumption[];
  /** The status itself is assumed (docs/decisions/0070): an answer of another status breaks no documented promise by that alone. */
  statusAssumed?: boolean;
  /** The error codes of this response whose status is assumed: the same code under another status is an assumption contradicted. */
  assumedStatusCodes?: string[];
}

/** One operation of the contract. */
export interface OperationSpec<N extends NameKinds = NameKinds> {
  operationId: N['operation'];
  method: string;
  path: string;
  /** Rate-limit budget (`x-rate-limit-budget`): the answer-generating endpoints share one. */
  budget: N['budget'];
  /** `assumptions`: statements about what the request may carry (scope `request`, with `at`). */
  requestBody?: { required: boolean; validator: N['validator']; assumptions?: Assumption[] };
  pathValidator?: N['param'];
  queryValidator?: N['param'];
  /** Header parameters (`user-id`), by lower-case name. */
  headerValidator?: N['param'];
  responses: Record<string, ResponseSpec<N>>;
  /** `x-assumed` statements about the operation's behaviour (scope `operation`): no single response shows them. */
  assumptions?: Assumption[];
}

/** One documented rate budget: two windows, both enforced at once. */
export interface RateBudget {
  perSecond: number;
  perMinute: number;
  description?: string;
}

/** A compiled validator: a boolean answer, details in `.errors` (AJV's convention). */
export interface Validator {
  (data: unknown): boolean;
  errors?: Array<{
    instancePath: string;
    schemaPath: string;
    keyword: string;
    params: Record<string, unknown>;
    message?: string;
  }> | null;
}

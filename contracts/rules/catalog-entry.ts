// What one entry of the rule catalog says (rule-catalog.ts joins the entries): the answers the
// docs allow for a broken rule, whether they demand one, and what the mock answers. No Node
// imports (k6-safe).

/**
 * Statuses at which a refusal with any error code counts: a rule whose docs name no code, or not
 * only one (Message Validation answers every violation 422 and names no code).
 */
export interface AnyCode {
  /** The statuses, or every 4xx status. */
  statuses: readonly number[] | '4xx';
  /** A page prints the status for the rule (Message Validation's 422); else the statuses are our reading. */
  documented: boolean;
}

/** Message Validation: "All violations return an HTTP 422 Unprocessable Entity", with no code. */
export const MESSAGE_VALIDATION: AnyCode = { statuses: [422], documented: true };

/** A rule the docs give neither a code nor a status: the guide's 400 (bad request) or 422 (unprocessable), any code. */
export const GENERIC: AnyCode = { statuses: [400, 422], documented: false };

/** A refusal the docs give no status or code, only its meaning ("Cannot add messages ..."): any 4xx. */
export const ANY_REFUSAL: AnyCode = { statuses: '4xx', documented: false };

/** One rule: the code the mock answers, whether the docs make it a promise, and the answers they allow. */
export interface Rule {
  /** What the mock answers when it enforces the rule (a code of `codes`, or one the contract lists for the operation). */
  code: string;
  /**
   * The status the mock answers `code` with, where the contract lists it under two (the newer
   * pages' 422 beside the older 400); else the one status the contract gives it.
   */
  mockStatus?: number;
  /**
   * `documented`: a request that breaks it must be refused (a `stack` rule: when the message is
   * added, or at the run). `open`: the docs leave it to the API (refuse, or accept).
   */
  reading: 'documented' | 'open';
  /** Error codes the docs allow for it; the status of each comes from the operation index. */
  codes: readonly string[];
  /** Statuses at which any code refuses it too. */
  anyCode?: AnyCode;
  /** Whether the mock refuses a request that breaks it (documented rules: always). */
  mock: 'refuses' | 'accepts';
  /**
   * When a correct API may answer it: when the message is added, at the run, on any body, or
   * (`stack`, a Message Validation rule) either when the message is added or at the run, since
   * the page validates "message stacks ... built server-side by attaching messages to a thread".
   */
  when: 'add' | 'run' | 'stack' | 'body';
  /** The rule in words, for reports. */
  says: string;
}

// What a hand-written test may hold an answer to: what the docs promise, never our reading of what
// they leave open (docs/decisions/0070). The reference pages print no statuses, so a success is any
// 2xx and a refusal any 4xx but 429; a code is asserted where a page names it for the case; a
// Message Validation rule is a 422 with any body; a validation error is either documented body.
// Which status and code an API chose is the contract check's to judge: it fails a test on a broken
// documented promise and reports a contradicted assumption as such (contract-report.json lists it
// under assumptionsContradicted).
import { expect } from '@playwright/test';
import { parseJson } from '../../contracts/check/body-text.ts';
import { isRefusal, isSuccess } from '../../contracts/check/status-class.ts';
import { type ApiResult, strictnessOf } from '../../contracts/client/api-client.ts';
import type { Target } from '../../contracts/client/target.ts';
import { validators } from '../../contracts/generated/validators.js';
import { type BehaviourRecord, recordBehaviour } from '../../contracts/ledger/behaviour.ts';

/** "422 message_content_empty", or the status alone. */
export function answered(res: Pick<ApiResult, 'status' | 'errorCode'>): string {
  return `${res.status}${res.errorCode ? ` ${res.errorCode}` : ''}`;
}

/** The request was served: any 2xx. */
export function expectSuccess(res: ApiResult, what: string): void {
  expect(isSuccess(res.status), `${what}: expected a success (a 2xx). Got ${answered(res)}.`).toBe(true);
}

/** How a refusal must name its cause, where the docs say. */
export interface RefusalOptions {
  /** The code a page names for this case. */
  code?: string;
  /** Codes that would name another cause than the one under test (the request avoids each). */
  notFor?: readonly string[];
}

/** The request was refused: any 4xx but 429, with the code a page names, and not for another cause. */
export function expectRefusal(res: ApiResult, what: string, options: RefusalOptions = {}): void {
  expect(isRefusal(res.status), `${what}: expected a refusal (a 4xx but 429). Got ${answered(res)}.`).toBe(true);
  if (options.code !== undefined)
    expect(res.errorCode, `${what}: expected the code the docs name, ${options.code}. Got ${answered(res)}.`).toBe(
      options.code,
    );
  if (options.notFor !== undefined)
    expect(options.notFor, `${what}: refused for this, not for ${res.errorCode}`).not.toContain(res.errorCode);
}

/** Message Validation: "All violations return an HTTP 422 Unprocessable Entity", with any body. */
export function expectMessageRuleRefusal(res: ApiResult, what: string): void {
  expect(res.status, `${what}: Message Validation answers every violation with 422. Got ${answered(res)}.`).toBe(422);
}

/**
 * Whether the answer is a refusal of a message stack rule: Message Validation's 422 with any body,
 * or any refusal with `code`, the code a page names for the rule (its status is a reading).
 */
export function isStackRuleRefusal(res: ApiResult, code: string): boolean {
  return res.status === 422 || (isRefusal(res.status) && res.errorCode === code);
}

/**
 * The `loc` of each issue of a validation error, joined with dots ("body.meta_data"). The body must
 * be one of the two documented ones: `{"error_code":"validation_error","detail":[{loc,message,type}]}`
 * (the older pages) or FastAPI's `{"detail":[{loc,msg,type}]}` (the newer ones). Only the shape is
 * named when it is neither: a live body stays out of reports.
 */
export function validationLocs(res: ApiResult, what: string): string[] {
  const parsed = parseJson(res.text);
  const body = parsed.ok ? parsed.value : undefined;
  const validate = validators.response_ValidationFailed;
  expect(
    validate(body),
    `${what}: expected a validation error body, {"error_code":"validation_error","detail":[{loc,message,type}]} or FastAPI's {"detail":[{loc,msg,type}]}. Got ${answered(res)} with ${parsed.ok ? 'another JSON body' : 'no JSON'}.`,
  ).toBe(true);
  const detail = (body as { detail: Array<{ loc: Array<string | number> }> }).detail;
  expect(detail.length, `${what}: the validation error lists at least one issue`).toBeGreaterThan(0);
  return detail.map((issue) => issue.loc.join('.'));
}

/**
 * What a test saw of a behaviour statement (`x-assumed` on an operation) goes to the assumption
 * ledger, which names a disagreement. Like a contradicted assumption of one response, it fails the
 * test only where the run holds the API to its assumptions: the embedded mock, CONTRACT_STRICT=1,
 * or a target on which an earlier run confirmed the statement (docs/decisions/0070).
 */
export function expectBehaviour(target: Pick<Target, 'live' | 'strict' | 'baseURL'>, seen: BehaviourRecord): void {
  recordBehaviour(seen);
  const held = strictnessOf(target);
  if (held.strict || held.confirmed.has(seen.id)) expect(seen.agreed, seen.message).toBe(true);
}

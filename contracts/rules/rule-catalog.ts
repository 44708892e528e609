// The documented rules of threads, messages and runs, and every point the docs leave open, each
// with the answers the docs allow. The mock answers the first broken rule it enforces (`mock`);
// the generated tests' model accepts any answer of any broken rule, so a correct API that checks
// the rules in another order, or reads an open point the other way, passes. The entries are in
// message-rules.ts, run-rules.ts and body-points.ts; the open points are listed with their
// readings in docs/decisions/0050-open-readings.md (a unit test keeps the two in step).
// No Node imports (k6-safe).
import { statusOf } from '../error-status.ts';
import type { OperationId } from '../generated/validators.js';
import { operations } from '../generated/validators.js';
import { BODY_POINTS } from './body-points.ts';
import type { Rule } from './catalog-entry.ts';
import { MESSAGE_RULES } from './message-rules.ts';
import { RUN_RULES } from './run-rules.ts';

export type { AnyCode, Rule } from './catalog-entry.ts';

/** A Chat Completions function name: what an API that keeps to that shape allows (catalog: tool-name-pattern). */
export const CHAT_COMPLETIONS_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Every rule, in catalog order: the message rules, the run rules, the open points of any body. */
export const RULES = { ...MESSAGE_RULES, ...RUN_RULES, ...BODY_POINTS } as const;

/** The id of a rule. */
export type RuleId = keyof typeof RULES;

/** Every rule id, in catalog order. */
export const ruleIds = Object.keys(RULES) as RuleId[];

/** A broken rule, with a detail for people. */
export interface RuleBreak {
  rule: RuleId;
  /** The code the mock answers (the catalog's, or the one the mock answers at the run). */
  code: string;
  /** The status the mock answers it with, where the contract lists the code under two (the catalog's `mockStatus`). */
  status?: number;
  detail: string;
  /** The field a validation_error refusal of it names (below the body), when it is about one field. */
  field?: Array<string | number>;
  /**
   * A Message Validation rule broken by a message being added: the API may accept it and refuse
   * the run instead (it validates the stack then), so the add-time verdict does not demand a refusal.
   */
  deferrable?: true;
}

/** An answer the docs allow for a refusal: a status (`4xx`: any refusal) and the code allowed with it (none: any code). */
export interface AllowedAnswer {
  status: number | '4xx';
  code?: string;
  /** The status is our reading, not a page's: the right code under another 4xx contradicts an assumption only. */
  statusRead: boolean;
}

/** The 4xx statuses an operation documents. */
function clientErrorStatuses(op: OperationId): number[] {
  return Object.keys(operations[op].responses)
    .map(Number)
    .filter((status) => status >= 400 && status < 500);
}

/** Whether the contract reads the status of `code` at `status` on this operation (x-assumed-status). */
function statusIsRead(op: OperationId, status: number, code: string): boolean {
  const response = operations[op].responses[String(status)];
  return response?.assumedStatusCodes?.includes(code) === true || response?.statusAssumed === true;
}

/** The answers the contract allows on this operation for a broken rule. */
export function allowedAnswers(op: OperationId, rule: RuleId): AllowedAnswer[] {
  const entry: Rule = RULES[rule];
  const out: AllowedAnswer[] = [];
  for (const code of entry.codes) {
    const status = statusOf(op, code);
    if (status !== undefined) out.push({ status, code, statusRead: statusIsRead(op, status, code) });
  }
  const any = entry.anyCode;
  if (any?.statuses === '4xx') out.push({ status: '4xx', statusRead: !any.documented });
  else if (any) {
    const documented = clientErrorStatuses(op);
    for (const status of any.statuses.filter((s) => documented.includes(s)))
      out.push({ status, statusRead: !any.documented });
  }
  return out;
}

/** Whether the mock refuses a request that breaks this rule. */
export function mockRefuses(rule: RuleId): boolean {
  return RULES[rule].mock === 'refuses';
}

/** Whether a rule is one of the Message Validation page's, answered 422 whatever its code. */
export function isMessageValidation(rule: RuleId): boolean {
  const entry: Rule = RULES[rule];
  return entry.anyCode?.statuses !== '4xx' && entry.anyCode?.documented === true;
}

/** A broken rule with its catalog code (or `code`, what the mock answers it with in this place). */
export function broken(rule: RuleId, detail: string, field?: Array<string | number>, code?: string): RuleBreak {
  const entry: Rule = RULES[rule];
  const out: RuleBreak = { rule, code: code ?? entry.code, detail };
  if (code === undefined && entry.mockStatus !== undefined) out.status = entry.mockStatus;
  if (field !== undefined) out.field = field;
  return out;
}
